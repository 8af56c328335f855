"""The engine's input arrays: households must arrive as contiguous runs of one or two adults."""

from __future__ import annotations

import pandas as pd
import pytest

from taxben.kernels import fields as F
from taxben.simulate import population_arrays


def _adults(household_ids):
    n = len(household_ids)
    return pd.DataFrame({
        "household_id": household_ids, "age": [40] * n, "lives_with_parents": [False] * n,
        "receives_kontanthjaelp": [True] * n, "match_group": pd.array([4] * n, dtype="Int64"),
        "hourly_wage": [120.0] * n, "other_income_monthly": [0.0] * n, "months_on_benefit": [3] * n,
        "hours_per_week": [10.0] * n, "n_children": [0] * n, "rent_monthly": [4000.0] * n,
    })


def test_a_couple_and_two_singles_give_three_households_starting_at_rows_0_2_3():
    arrays = population_arrays(_adults([7, 7, 3, 9]))
    assert list(arrays.household_start) == [0, 2, 3, 4]
    assert list(arrays.households["n_adults"]) == [2, 1, 1]


def test_a_household_split_by_another_is_refused():
    # household 7's adults are rows 0 and 2: three runs (7, 3, 7) but only two distinct ids
    with pytest.raises(ValueError, match="contiguous"):
        population_arrays(_adults([7, 3, 7]))


def test_three_adults_in_one_household_are_refused():
    with pytest.raises(ValueError, match="one or two adults"):
        population_arrays(_adults([5, 5, 5]))


def test_integer_boolean_and_nullable_columns_give_the_same_arrays_as_floats():
    # Aase (a couple with Bo) and Cai (single, no match group) as a reader gives them: integers, booleans and
    # a nullable match group; and as the same numbers in float columns (missing match group: 0, SPEC §3).
    # The engine's input must not depend on the column types (they are read without a float copy).
    typed = pd.DataFrame({
        "household_id": [1, 1, 2], "age": [29, 41, 57], "lives_with_parents": [True, False, False],
        "receives_kontanthjaelp": [True, True, False], "match_group": pd.array([4, 5, None], dtype="Int64"),
        "hourly_wage": [118.5, 131.0, 160.25], "other_income_monthly": [0, 250, 0], "months_on_benefit": [13, 2, 0],
        "ceiling_months_used": [3, 0, 0], "extension_granted": [False, True, False],
        "hours_per_week": [12, 0, 37], "n_children": [2, 2, 0], "rent_monthly": [6100, 6100, 4800],
    })
    as_floats = pd.DataFrame({
        "household_id": [1, 1, 2], "age": [29.0, 41.0, 57.0], "lives_with_parents": [1.0, 0.0, 0.0],
        "receives_kontanthjaelp": [1.0, 1.0, 0.0], "match_group": [4.0, 5.0, 0.0],
        "hourly_wage": [118.5, 131.0, 160.25], "other_income_monthly": [0.0, 250.0, 0.0],
        "months_on_benefit": [13.0, 2.0, 0.0], "ceiling_months_used": [3.0, 0.0, 0.0],
        "extension_granted": [0.0, 1.0, 0.0], "hours_per_week": [12.0, 0.0, 37.0], "n_children": [2.0, 2.0, 0.0],
        "rent_monthly": [6100.0, 6100.0, 4800.0],
    })
    got, want = population_arrays(typed), population_arrays(as_floats)
    assert got.person.dtype == want.person.dtype == "float64"
    assert (got.person == want.person).all()
    assert (got.hours == want.hours).all()
    assert got.households.tobytes() == want.households.tobytes()
    assert got.person[:, F.MATCH_GROUP].tolist() == [4.0, 5.0, 0.0]


def test_every_input_lands_in_its_own_record_field():
    # Dorte (29, at home, recipient, match group 4, 118.50 DKK/h, 250 DKK other income, 13 months on help,
    # 3 ceiling months used, extension granted, rate category given) and Erik (41, no match group), a
    # couple with three children in given age bands and 6,100 DKK rent; then Frida alone. The records are
    # written in one transposing copy of gathered columns: each value must come out under its own name.
    frame = pd.DataFrame({
        "household_id": [1, 1, 2], "age": [29, 41, 57], "lives_with_parents": [True, False, False],
        "receives_kontanthjaelp": [True, True, False], "match_group": pd.array([4, None, 5], dtype="Int64"),
        "hourly_wage": [118.5, 131.0, 160.25], "other_income_monthly": [250.0, 0.0, 75.0],
        "rate_category": ["young_home", "", ""], "months_on_benefit": [13, 2, 0],
        "ceiling_months_used": [3, 0, 1], "extension_granted": [True, False, False],
        "hours_per_week": [12.0, 0.0, 37.0], "n_children": [3, 3, 0], "rent_monthly": [6100.0, 6100.0, 4800.0],
        "n_children_0_2": [1, 1, 0], "n_children_3_6": [0, 0, 0], "n_children_7_14": [2, 2, 0],
        "n_children_15_17": [0, 0, 0],
    })
    arrays = population_arrays(frame)
    people = F.person_records(arrays.person)
    assert people["age"].tolist() == [29.0, 41.0, 57.0]
    assert people["lives_with_parents"].tolist() == [1.0, 0.0, 0.0]
    assert people["receives_kontanthjaelp"].tolist() == [1.0, 1.0, 0.0]
    assert people["match_group"].tolist() == [4.0, 0.0, 5.0]
    assert people["hourly_wage"].tolist() == [118.5, 131.0, 160.25]
    assert people["other_income_m"].tolist() == [250.0, 0.0, 75.0]
    assert people["rate_category"].tolist() == [float(F.RATE_CATEGORIES["young_home"]), float(F.CAT_DERIVE),
                                                float(F.CAT_DERIVE)]
    assert people["months_on_benefit"].tolist() == [13.0, 2.0, 0.0]
    assert people["ceiling_months_used"].tolist() == [3.0, 0.0, 1.0]
    assert people["extension_granted"].tolist() == [1.0, 0.0, 0.0]
    assert arrays.hours[:, 0].tolist() == [12.0, 0.0, 37.0]
    households = arrays.households
    assert households["start"].tolist() == [0.0, 2.0] and households["n_adults"].tolist() == [2.0, 1.0]
    assert households["n_children"].tolist() == [3.0, 0.0] and households["rent_m"].tolist() == [6100.0, 4800.0]
    assert households["n_children_0_2"].tolist() == [1.0, 0.0]
    assert households["n_children_3_6"].tolist() == [0.0, 0.0]
    assert households["n_children_7_14"].tolist() == [2.0, 0.0]
    assert households["n_children_15_17"].tolist() == [0.0, 0.0]
    assert not arrays.child_ages_assumed
