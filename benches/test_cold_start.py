"""Fresh ``taxben`` processes timed from outside (issue 13: with a warm numba cache the default ``taxben run``
under 1.5 s, ``taxben household`` under 1 s; docs/performance.md, "Cold start").

* ``run``: the default run (built-in population of 2,000 adults, 2005-01, 24 months, baseline and
  ceiling70_mg45, all four outputs written);
* ``household``: ``taxben household --hours 20 --match-group 4``;
* ``household_file``: ``taxben household --file couple.yaml`` (EXAMPLES case C's couple).

Cold: an empty NUMBA_CACHE_DIR per round (every kernel compiles); warm: a cache dir filled by an earlier
process (kernels load). The developer's ``__pycache__`` is never used. Nothing is asserted: the target is
written into ``extra_info`` beside the times."""

from __future__ import annotations

import pytest

from taxben.benchmarking import COLD_START_COMMANDS, command_seconds, run_default

TARGET_S = {"run": 1.5, "household": 1.0, "household_file": 1.0}


def test_cold_start_cold_cache(benchmark, tmp_path):
    benchmark.group = "cold start"
    caches = iter(range(100))

    def fresh_cache():
        cache = tmp_path / f"numba-cache-{next(caches)}"
        cache.mkdir()
        return (cache,), {}

    benchmark.pedantic(run_default, setup=fresh_cache, rounds=2)
    benchmark.extra_info["numba_cache"] = "cold (empty NUMBA_CACHE_DIR)"


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("numba-cache")
    for name in COLD_START_COMMANDS:  # fills the cache with every kernel these commands load
        command_seconds(name, cache)
    return cache


@pytest.mark.parametrize("name", list(COLD_START_COMMANDS))
def test_cold_start_warm_cache(benchmark, warm_cache, name):
    benchmark.group = "cold start, warm numba cache"
    benchmark.pedantic(command_seconds, args=(name, warm_cache), rounds=5)
    benchmark.extra_info["numba_cache"] = "warm"
    benchmark.extra_info["command"] = "taxben " + " ".join(COLD_START_COMMANDS[name])
    benchmark.extra_info["target_s"] = TARGET_S[name]
