"""Population throughput of the numba engine and of the numpy reference, in person-months per second.

Workloads (``taxben.benchmarking``), each 24 months from 2005-01 on a synthetic 2005 population:

* ``baseline``: the baseline rules (no ceiling) with EMTR + PTR;
* ``ceiling70``: ``ceiling70_mg45``, i.e. baseline budget + 70 % ceiling envelope + EMTR + PTR;
* ``ceiling70_eligible``: the same on households with a ceiling-eligible adult only (the envelope walk).

Engine and reference take identical inputs, so their rates at the same size give the speed ratio that the
CI guard (benches/speed_guard.py) protects.
"""

from __future__ import annotations

import statistics

import pytest
from benchlib import discard, median_seconds

from taxben.benchmarking import (MONTHS, eligible_person_months, engine_call, measure_engine, person_months,
                                  reference_call)

WORKLOADS = ["baseline", "ceiling70", "ceiling70_eligible"]
ENGINE_SIZES = [
    pytest.param(10_000, id="10k"),
    pytest.param(100_000, id="100k"),
    pytest.param(1_000_000, id="1M", marks=pytest.mark.large),
]
ENGINE_ROUNDS = {10_000: 15, 100_000: 7, 1_000_000: 3}
REFERENCE_SIZES = [
    pytest.param(10_000, id="10k"),
    pytest.param(100_000, id="100k", marks=pytest.mark.large),
]


def _record(benchmark, workload: str, adults: int, eligible: int | None = None) -> None:
    median, total = median_seconds(benchmark), person_months(workload, adults)
    benchmark.extra_info.update(adults=total // MONTHS, months=MONTHS, person_months=total)
    if median:
        benchmark.extra_info["person_months_per_s"] = round(total / median)
        if eligible is not None:
            benchmark.extra_info["eligible_person_months"] = eligible
            benchmark.extra_info["eligible_person_months_per_s"] = round(eligible / median)


@pytest.mark.parametrize("adults", ENGINE_SIZES)
@pytest.mark.parametrize("workload", WORKLOADS)
def test_engine(benchmark, workload, adults):
    benchmark.group = f"engine {workload}"
    eligible = eligible_person_months(workload, adults)  # also the first (untimed) call of this size
    benchmark.pedantic(discard(engine_call(workload, adults)), rounds=ENGINE_ROUNDS[adults], warmup_rounds=1)
    _record(benchmark, workload, adults, eligible)


@pytest.mark.parametrize("adults", REFERENCE_SIZES)
@pytest.mark.parametrize("workload", WORKLOADS)
def test_reference(benchmark, workload, adults):
    """The reference on the engine's inputs; ``ratio`` in extra_info is engine speed / reference speed, the
    engine timed in this test on the same inputs (median of 5)."""
    benchmark.group = f"reference {workload}"
    benchmark.pedantic(discard(reference_call(workload, adults)), rounds=3, warmup_rounds=1)
    _record(benchmark, workload, adults)
    median = median_seconds(benchmark)
    if median:
        engine = statistics.median(measure_engine(workload, adults, rounds=5))
        benchmark.extra_info["engine_median_s"] = engine
        benchmark.extra_info["ratio"] = round(median / engine, 2)


@pytest.mark.parametrize("algorithm", ["fast", "grid_walk"])
def test_ceiling_envelope(benchmark, algorithm):
    """The ceiling envelope alone on the eligible-only population (10,000 adults, one month, every query
    the driver asks): one budget per linear stretch (``fast``) against one per lattice point (SPEC §5's
    ``grid_walk``). Both give the same supplements (tests/engine/test_envelope.py)."""
    benchmark.group = "ceiling envelope"
    call = engine_call("envelope", 10_000) if algorithm == "fast" else reference_call("envelope", 10_000)
    benchmark.pedantic(discard(call), rounds=7, warmup_rounds=1)
