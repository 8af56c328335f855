"""The engine's input arrays: households must arrive as contiguous runs of one or two adults."""

from __future__ import annotations

import pandas as pd
import pytest

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
