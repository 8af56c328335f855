"""Behavioural run against the static run (issue 15: within 4x at 1M adults × 24 months).

Both are the whole ``run_population`` (person_months.parquet, summary, report) on the synthetic 2005
population, baseline + ceiling70_mg45, 24 months from 2005-01; the behavioural run adds
``--behaviour central`` (all three variants: the band). 100,000 adults by default, 1M with --large.
The ratio is the figure in docs/performance.md.
"""

from __future__ import annotations

import pytest

from taxben.behaviour.spec import load_behaviour
from taxben.population.synth import synthesize
from taxben.run.population_run import run_population

SIZES = [100_000, pytest.param(1_000_000, marks=pytest.mark.large)]


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n // 1000}k")
def population(request):
    return synthesize(2005, request.param, seed=2005)


@pytest.mark.parametrize("behaviour", [None, "central"], ids=["static", "behaviour"])
def test_population_run(benchmark, population, behaviour, tmp_path):
    spec = load_behaviour(behaviour) if behaviour else None

    def run():
        run_population(population, out_dir=tmp_path / "out", scenarios=["ceiling70_mg45"], start="2005-01",
                       months=24, behaviour=spec)

    benchmark.pedantic(run, rounds=1, iterations=1, warmup_rounds=0)
