"""The response to a scenario: the checks issue 15 asks for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxben.behaviour.model import BehaviourModel
from taxben.behaviour.spec import load_behaviour
from taxben.rules.paths import default_scenarios_dir
from taxben.run.population_run import run_population

from .conftest import HORIZON, behaviour_file, uniform


def run(frame, tmp_path, spec, scenarios=("ceiling70_mg45",), months=HORIZON):
    return run_population(frame, out_dir=tmp_path / "out", scenarios=list(scenarios), start="2005-01", months=months,
                          behaviour=spec, chunk_persons=1000)


def test_elasticity_zero_gives_exactly_the_static_result(small_population, tmp_path):
    spec = load_behaviour(behaviour_file(tmp_path, "zero", uniform(0.0)))
    result = run(small_population, tmp_path, spec)
    s = result.summary
    assert (s["employment_change_persons"] == 0).all()
    assert (s["hours_change"] == 0).all()
    assert (s["fiscal_cost_after_behaviour_dkk_y"] == s["fiscal_cost_dkk_y"]).all()
    pm = pd.read_parquet(result.out_dir / "person_months.parquet")
    base = pm[pm.scenario == "baseline"].reset_index(drop=True)
    reform = pm[pm.scenario == "ceiling70_mg45"].reset_index(drop=True)
    assert (base["p_work"].to_numpy() == reform["p_work"].to_numpy()).all()
    assert (reform["behaviour_fiscal_change"] == 0).all()


def test_baseline_against_itself_gives_zero_change(small_population, tmp_path):
    # the baseline under another name: the same rules, the ceiling off
    again = yaml.safe_load((default_scenarios_dir() / "baseline.yaml").read_text(encoding="utf-8"))
    again["name"] = "baseline_again"
    path = tmp_path / "baseline_again.yaml"
    path.write_text(yaml.safe_dump(again, allow_unicode=True), encoding="utf-8")
    result = run(small_population, tmp_path, load_behaviour("high"), scenarios=[path])
    s = result.summary
    for column in ["employment_change_persons", "hours_change", "earnings_change_dkk_y",
                   "employment_change_persons_low", "employment_change_persons_high"]:
        assert (s[column] == 0).all(), column
    assert (s["fiscal_cost_after_behaviour_dkk_y"] == 0).all()


def test_person_months_gain_p_work_and_expected_hours_not_the_internal_columns(small_population, tmp_path):
    result = run(small_population, tmp_path, load_behaviour("central"), months=3)
    pm = pd.read_parquet(result.out_dir / "person_months.parquet")
    assert {"p_work", "expected_hours", "expected_earnings", "behaviour_fiscal_change"} <= set(pm.columns)
    assert not [c for c in pm.columns if c.startswith("_")]
    assert pm["p_work"].between(0, 1).all()
    # non-recipients keep their hours: p_work is 0 or 1 and the expected hours are the observed ones
    others = pm[~pm.receives_kontanthjaelp]
    assert set(others["p_work"].unique()) <= {0.0, 1.0}
    assert (others["expected_hours"] == others["hours_per_week"]).all()


def employment_response(model: BehaviourModel, prepared, variant: str) -> np.ndarray:
    """Change in weighted persons working per month, match groups 4 and 5 together, under the ceiling."""
    frame = model.frame
    from taxben.run.population_run import simulate_chunk
    from taxben.simulate import indicator_settings

    pms = list(simulate_chunk(frame, prepared, indicator_settings(), model.hours_all, model, (0, len(frame))))
    reform = pms[1]
    in_45 = reform["match_group"].isin([4, 5]).to_numpy()
    change = reform[f"_d_work_{variant}"].to_numpy() * reform["weight"].to_numpy()
    return np.bincount(reform["month_index"].to_numpy()[in_45], weights=change[in_45], minlength=model.months)


@pytest.fixture(scope="module")
def tiny(small_population):
    return small_population.iloc[:600].reset_index(drop=True)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(low=st.floats(0.0, 0.5), step=st.floats(0.01, 0.5))
def test_a_higher_elasticity_never_gives_a_smaller_employment_response(tiny, prepared, tmp_path_factory, low, step):
    path = behaviour_file(tmp_path_factory.mktemp("e"), "pair", uniform(low), high=uniform(low + step))
    model = BehaviourModel(load_behaviour(path), tiny, prepared[0], None, chunk_persons=1000)
    smaller = employment_response(model, prepared, "central")
    larger = employment_response(model, prepared, "high")
    assert (smaller >= -1e-9).all()
    assert (larger >= smaller - 1e-9).all()
