"""A fresh process running the default ``taxben run`` (built-in population, 2005-01, 24 months,
ceiling70_mg45), timed from outside. Cold: an empty NUMBA_CACHE_DIR per round (every kernel compiles);
warm: a cache dir filled by an earlier run (kernels load). The developer's ``__pycache__`` is never used."""

from __future__ import annotations

from benchlib import median_seconds

from taxben.benchmarking import run_default


def test_cold_start_cold_cache(benchmark, tmp_path):
    benchmark.group = "cold start"
    caches = iter(range(100))

    def fresh_cache():
        cache = tmp_path / f"numba-cache-{next(caches)}"
        cache.mkdir()
        return (cache,), {}

    benchmark.pedantic(run_default, setup=fresh_cache, rounds=2)
    benchmark.extra_info["numba_cache"] = "cold (empty NUMBA_CACHE_DIR)"


def test_cold_start_warm_cache(benchmark, tmp_path):
    benchmark.group = "cold start"
    cache = tmp_path / "numba-cache"
    cache.mkdir()
    run_default(cache)  # fills the cache
    benchmark.pedantic(run_default, args=(cache,), rounds=3)
    benchmark.extra_info["numba_cache"] = "warm"
    median = median_seconds(benchmark)
    if median:
        benchmark.extra_info["target_s"] = 3.0
