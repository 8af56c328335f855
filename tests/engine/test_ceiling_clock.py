"""The ceiling's clock (SPEC §5): 12 months, the extension, the two clock rules, months already used.

Story: Amina, 35, single, no children, on kontanthjælp in match group 4, offered a job at 110 DKK/hour
(2005 rules). Working 15 h/week she is eligible in every month she works while her clock is below the
limit; at 15 h/week her baseline EMTR is 0.925 (EXAMPLES case A), so she gets a supplement whenever she
is eligible, and none otherwise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from taxben import calc
from taxben.rules import find_scenario

AMINA = {"adults": [{"age": 35, "hourly_wage": 110, "hours_per_week": 15, "match_group": 4}]}


def months_with_supplement(table, scenario_name):
    rows = table[(table.scenario == scenario_name) & (table.adult == 0)]
    return [int(m) for m in rows.month_index[rows.ceiling_supplement_m > 0.5]]


def scenario_with(tmp_path: Path, **ceiling) -> Path:
    spec = yaml.safe_load(find_scenario("ceiling70_mg45").read_text())
    spec["name"] = "ceiling70_test"
    spec["ceiling"].update(ceiling)
    path = tmp_path / "ceiling70_test.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    return path


def test_supplement_in_months_1_to_12_then_back_to_baseline():
    table = calc.household(AMINA, start="2005-01", months=24, scenario="ceiling70_mg45")
    assert months_with_supplement(table, "ceiling70_mg45") == list(range(12))
    reform = table[table.scenario == "ceiling70_mg45"].reset_index(drop=True)
    base = table[table.scenario == "baseline"].reset_index(drop=True)
    # the clock counts the working months up to the limit of 12 and then stands still
    assert list(reform.ceiling_clock) == list(range(1, 13)) + [12] * 12
    # months 13-24: the reform equals the baseline to the krone
    late = slice(12, 24)
    np.testing.assert_allclose(reform.household_disposable_income_m[late], base.household_disposable_income_m[late], atol=1e-9)
    # the cliff after month 12 (2005-12) is the whole supplement: under the ceiling 15 h/week must
    # gain at least 0.30 × 15 × 476.67 = 2,145 DKK over 0 hours; the baseline gains 537 (issue 5's
    # sentence for case A), so the supplement is 2,145 − 537 = 1,608 DKK
    assert reform.ceiling_supplement_m[11] == pytest.approx(1608, abs=1)
    assert reform.household_disposable_income_m[11] - base.household_disposable_income_m[11] == pytest.approx(1608, abs=1)


def test_extension_keeps_the_supplement_through_month_24():
    amina = {"adults": [{**AMINA["adults"][0], "extension_granted": True}]}
    table = calc.household(amina, start="2005-01", months=30, scenario="ceiling70_mg45")
    assert months_with_supplement(table, "ceiling70_mg45") == list(range(24))


def test_no_extension_scenario_ignores_the_granted_extension():
    amina = {"adults": [{**AMINA["adults"][0], "extension_granted": True}]}
    table = calc.household(amina, start="2005-01", months=24, scenario="ceiling70_mg45_no_extension")
    assert months_with_supplement(table, "ceiling70_mg45_no_extension") == list(range(12))


# Amina works months 0-3, stops in months 4-7 and restarts from month 8.
STOP_AND_RESTART = [[15.0] * 4 + [0.0] * 4 + [15.0] * 16]


def test_working_months_clock_counts_only_months_worked():
    table = calc.household(AMINA, start="2005-01", months=24, scenario="ceiling70_mg45", hours_by_month=STOP_AND_RESTART)
    # 4 working months, 4 idle, then 8 more working months exhaust the 12
    assert months_with_supplement(table, "ceiling70_mg45") == [0, 1, 2, 3] + list(range(8, 16))


def test_calendar_months_clock_runs_from_the_first_working_month(tmp_path):
    scenario = scenario_with(tmp_path, clock="calendar_months")
    table = calc.household(AMINA, start="2005-01", months=24, scenario=scenario, hours_by_month=STOP_AND_RESTART)
    # the clock runs through the idle months 4-7 and expires after month 11
    assert months_with_supplement(table, "ceiling70_test") == [0, 1, 2, 3, 8, 9, 10, 11]


def test_ceiling_months_used_before_the_start_are_honoured():
    amina = {"adults": [{**AMINA["adults"][0], "ceiling_months_used": 10}]}
    table = calc.household(amina, start="2005-01", months=6, scenario="ceiling70_mg45")
    assert months_with_supplement(table, "ceiling70_mg45") == [0, 1]


def test_match_group_3_is_not_eligible_and_equals_baseline():
    person = {"adults": [{**AMINA["adults"][0], "match_group": 3}]}
    table = calc.household(person, start="2005-01", months=3, scenario="ceiling70_mg45")
    reform = table[table.scenario == "ceiling70_mg45"].reset_index(drop=True)
    base = table[table.scenario == "baseline"].reset_index(drop=True)
    assert reform.ceiling_supplement_m.sum() == 0
    np.testing.assert_allclose(reform.household_disposable_income_m, base.household_disposable_income_m, atol=1e-9)
    np.testing.assert_allclose(reform.emtr, base.emtr, atol=1e-12)
