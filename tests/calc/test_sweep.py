"""``taxben.calc.sweep`` builds one household per hour level; each must be exactly the household
``taxben.calc.household`` computes with those hours (same engine, same other adult)."""

from __future__ import annotations

import pandas as pd
import pytest

from taxben import calc
from taxben.kernels.fields import OUT_COLUMNS

# A couple both on kontanthjælp in match group 4 with two children and 4,500 kr. rent (2026 rules): the
# partner works 10 h at 120 kr., the person 110 kr. an hour.
COUPLE = calc.Household(adults=[calc.Adult(age=35, hourly_wage=110.0, match_group=4, hours_per_week=15),
                                calc.Adult(age=41, hourly_wage=120.0, match_group=4, hours_per_week=10)],
                        n_children=2, rent_monthly=4500)


@pytest.mark.parametrize("who", [0, 1])
def test_every_hour_level_is_the_household_at_those_hours(who):
    sweep = calc.sweep(COUPLE, hours=[0, 7, 23, 37], who=who, start="2026-01", months=3)
    for hours in (0, 7, 23, 37):
        adults = [a.model_copy() for a in COUPLE.adults]
        adults[who] = adults[who].model_copy(update={"hours_per_week": float(hours)})
        table = calc.household(COUPLE.model_copy(update={"adults": adults}), start="2026-01", months=3)
        expected = table[table["adult"] == who].reset_index(drop=True)
        got = sweep[sweep["hours_per_week"] == hours].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[["scenario", "month_index", "month", *OUT_COLUMNS]],
                                      expected[["scenario", "month_index", "month", *OUT_COLUMNS]])
