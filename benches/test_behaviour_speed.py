"""Behavioural run against the static run (issue 15: within 4x at 1M adults × 24 months).

Both are the whole ``run_population`` (person_months.parquet, summary, report) on the synthetic 2005
population, baseline + ceiling70_mg45, 24 months from 2005-01; the behavioural run adds
``--behaviour central`` (all three variants: the band). 100,000 adults by default, 1M with --large.

The guarded figure is a ratio measured in the same process, never an absolute time: static and
behavioural runs alternate (ROUNDS pairs after an untimed warm-up of both on a small population) and the
ratio of the medians of their CPU times is asserted to be at most 4. CPU time is the process's user +
system time over all threads (getrusage), with numba limited to one thread while measuring: then CPU
time is the work done, whatever the load of the shared machine (with two threads, an OpenMP thread
waiting at the end of each parallel region spins and is charged CPU time; the behavioural run has far
more, shorter parallel regions, so its CPU time would be inflated more than the static run's). With one
thread the ratio is an upper bound of the quiet two-thread wall ratio: the static run is mostly pandas
and Parquet, single-threaded anyway. extra_info records both runs' user, system and wall times, the
ratios, and the load average; docs/performance.md has the figures.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

import numba
import pytest

from taxben.behaviour.spec import load_behaviour
from taxben.population.synth import synthesize
from taxben.run.population_run import run_population

SIZES = [pytest.param(100_000, id="100k"), pytest.param(1_000_000, id="1M", marks=pytest.mark.large)]
ROUNDS = {100_000: 3, 1_000_000: 1}
TARGET = 4.0


def _usage() -> tuple[float, float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime, time.perf_counter()


def _measured(run) -> dict:
    user, system, wall = _usage()
    run()
    user2, system2, wall2 = _usage()
    return {"user": user2 - user, "system": system2 - system, "cpu": user2 - user + system2 - system,
            "wall": wall2 - wall}


@pytest.mark.parametrize("adults", SIZES)
def test_behavioural_run_within_4x_of_the_static_run(benchmark, adults, tmp_path):
    population = synthesize(2005, adults, seed=2005)
    spec = load_behaviour("central")

    def run(frame, behaviour):
        def call():
            run_population(frame, out_dir=tmp_path / "out", scenarios=["ceiling70_mg45"], start="2005-01",
                           months=24, behaviour=behaviour, overwrite=True)
        return call

    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        warm = population.iloc[:4000]
        run(warm, spec)()
        run(warm, None)()
        static, behavioural = [], []
        load = [os.getloadavg()[0]]

        def pair():
            static.append(_measured(run(population, None)))
            behavioural.append(_measured(run(population, spec)))
            load.append(os.getloadavg()[0])

        benchmark.pedantic(pair, rounds=ROUNDS[adults], iterations=1, warmup_rounds=0)
    finally:
        numba.set_num_threads(threads)

    def median(runs, what):
        return statistics.median(r[what] for r in runs)

    ratio = {what: median(behavioural, what) / median(static, what) for what in ("cpu", "user", "wall")}
    benchmark.extra_info.update(
        adults=adults, months=24, numba_threads=1, rounds=ROUNDS[adults], load_average=load,
        static={what: round(median(static, what), 2) for what in ("user", "system", "cpu", "wall")},
        behavioural={what: round(median(behavioural, what), 2) for what in ("user", "system", "cpu", "wall")},
        ratio_cpu=round(ratio["cpu"], 2), ratio_user=round(ratio["user"], 2), ratio_wall=round(ratio["wall"], 2))
    print(f"\n{adults} adults × 24 months, 1 numba thread, load {load}: static {benchmark.extra_info['static']}, "
          f"behavioural {benchmark.extra_info['behavioural']}; CPU ratio {ratio['cpu']:.2f} "
          f"(user {ratio['user']:.2f}, wall {ratio['wall']:.2f})")
    assert ratio["cpu"] <= TARGET
