"""The single-household calculator without pandas: ``Household.columns()`` feeds the engine exactly what a
population frame of the same adults feeds it, and ``household_outputs`` gives the worked example's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from taxben import calc
from taxben.kernels import fields as F
from taxben.kernels.fields import out_records
from taxben.population.errors import PopulationError
from taxben.simulate import population_arrays
from taxben.simulate.scenario import check_rate_categories, prepare_run

# Jens (40, 120 kr./h, 15 h a week, match group 4, 12 months on help, rate category given) and Sanne (38,
# not on help, so no match group), three children by age band, rent 6,500 kr.
JENS_AND_SANNE = calc.Household(
    adults=[calc.Adult(age=40, hourly_wage=120.0, hours_per_week=15, match_group=4, months_on_benefit=12,
                       rate_category="full_provider"),
            calc.Adult(age=38, hourly_wage=150.0, hours_per_week=30, receives_kontanthjaelp=False,
                       match_group=None, other_income_monthly=500.0)],
    n_children=3, rent_monthly=6500.0, n_children_0_2=1, n_children_3_6=0, n_children_7_14=2, n_children_15_17=0)


@pytest.mark.parametrize("household", [JENS_AND_SANNE, calc.Household()], ids=["couple", "default single"])
def test_columns_give_the_engine_what_a_population_frame_gives_it(household):
    from_columns = population_arrays(household.columns())
    from_frame = population_arrays(household.to_frame())
    np.testing.assert_array_equal(from_columns.person, from_frame.person)
    np.testing.assert_array_equal(from_columns.hours, from_frame.hours)
    assert from_columns.households.tobytes() == from_frame.households.tobytes()
    assert from_columns.child_ages_assumed == from_frame.child_ages_assumed


def test_sanne_without_a_match_group_enters_the_engine_as_group_0():
    person = population_arrays(JENS_AND_SANNE.columns()).person
    assert person[:, F.MATCH_GROUP].tolist() == [4.0, 0.0]  # Jens 4, Sanne none


def test_a_rate_not_in_force_is_refused_from_columns_as_from_a_frame():
    # mindstesats ('minimum') does not exist under the 2005 rules (PARAMETERS.md): both adults named
    both = calc.Household(adults=[calc.Adult(rate_category="minimum"), calc.Adult(age=40, rate_category="minimum")])
    prepared = prepare_run(["ceiling70_mg45"], "2005-01", 3)
    messages = []
    for population in (both.columns(), both.to_frame()):
        with pytest.raises(PopulationError) as refused:
            check_rate_categories(population, prepared)
        messages.append(str(refused.value))
    assert messages[0] == messages[1]
    assert "'minimum' is not in force under the rules of 2005-01..2005-03" in messages[0]
    assert "person_id 10, 11" in messages[0]


def test_case_a_at_10_hours_from_the_arrays():
    # EXAMPLES.md 2005, case A: single 35, 110 kr./h, 10 h a week: D = 6,823; the 70 % ceiling adds 1,072
    case_a = {"adults": [{"age": 35, "hourly_wage": 110.0, "hours_per_week": 10, "match_group": 4}]}
    result = calc.household_outputs(case_a, start="2005-01", months=1)
    assert result.scenarios == ("baseline", "ceiling70_mg45") and result.months == ("2005-01",)
    baseline, ceiling = (out_records(out)[0, 0] for out in result.outs)  # adult 1, 2005-01
    assert baseline["household_disposable_income_m"] == pytest.approx(6823, abs=1)
    assert ceiling["household_ceiling_supplement_m"] == pytest.approx(1072, abs=1)
    assert ceiling["household_disposable_income_m"] == pytest.approx(6823 + 1072, abs=1)


def test_the_sweep_arrays_hold_the_swept_adults_rows_in_hour_order():
    # adult 2 (Sanne) swept over 0, 20 and 37 hours: her own rows, hour level by hour level
    result = calc.sweep_outputs(JENS_AND_SANNE, hours=[0, 20, 37], who=1, start="2005-01", months=2)
    for out in result.outs:
        assert out.shape[:2] == (3, 2) and out.flags.c_contiguous
        assert out_records(out)["hours_per_week"][:, 0].tolist() == [0.0, 20.0, 37.0]


def test_a_household_split_by_another_is_refused_from_columns_too():
    # the calculator's path checks contiguity without pandas: household 7's adults are rows 0 and 2
    columns = {name: np.repeat(values[:1], 3) for name, values in calc.Household().columns().items()}
    columns["household_id"] = np.array([7, 3, 7])
    with pytest.raises(ValueError, match="contiguous"):
        population_arrays(columns)
    columns["household_id"] = np.array([7, 7, 3])  # a couple, then a single: fine
    assert population_arrays(columns).households["n_adults"].tolist() == [2, 1]
