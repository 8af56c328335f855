"""Compiled rows: every value at its layout index, schedules padded, horizons and estimated values."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from taxben.params import layout as L
from taxben.params.compile import (
    compile_ceiling, compile_horizon, compile_params, estimated_values, horizon_months, rules_hash,
)
from taxben.rules import CeilingSpec, CoverageError, default_rules_dir, resolve


def test_values_sit_at_their_layout_index(rules):
    row = compile_params(resolve(rules, "2005-03"))
    assert row.shape == (L.N_PARAMS,) and row.dtype == np.float64
    assert row[L.KH_RATE_FULL_PROVIDER_M] == 11397
    assert row[L.KH_RATE_YOUNG_HOME_M] == 2668
    assert row[L.AM_RATE] == 0.08
    assert row[L.CAP_SINGLE_PROVIDER_M] == 14218
    assert row[L.BS_INCOME_THRESHOLD_Y] == 108600
    assert row[L.TAX_CEILING_APPLIES] == 1.0 and row[L.SS_APPLIES] == 0.0
    assert row[L.KH_EARNINGS_DEDUCTION_SYSTEM] == L.EARNINGS_DEDUCTION_HOURLY
    assert math.isnan(row[L.KH_MONTHLY_DISREGARD_FULL_M]) and math.isnan(row[L.KH_RATE_MINIMUM_M])


def test_every_scalar_matches_its_resolved_value(rules):
    for month in ("2005-03", "2026-03"):
        params = resolve(rules, month)
        row = compile_params(params)
        for name, kind in L.SCALARS:
            value, got = params.values[name], row[L.SCALAR_INDEX[name]]
            if value is None:
                assert math.isnan(got), name
            elif kind == "enum":
                assert got == L.ENUMS[name][value], name
            else:
                assert got == float(value), name


def test_schedules_are_counted_and_padded(rules):
    row = compile_params(resolve(rules, "2005-03"))
    assert row[L.TAX_BRACKETS_N] == 2
    assert list(row[L.TAX_BRACKETS_THRESHOLD_Y:L.TAX_BRACKETS_THRESHOLD_Y + 4]) == [259500, 311500, math.inf, math.inf]
    assert list(row[L.TAX_BRACKETS_RATE:L.TAX_BRACKETS_RATE + 4]) == [0.06, 0.15, 0.0, 0.0]
    assert row[L.ATP_BANDS_N] == 4
    assert list(row[L.ATP_BANDS_AMOUNT_M:L.ATP_BANDS_AMOUNT_M + 4]) == [0, 24.85, 49.70, 74.55]
    row26 = compile_params(resolve(rules, "2026-03"))
    assert row26[L.TAX_BRACKETS_N] == 3 and row26[L.TAX_BRACKETS_THRESHOLD_Y + 3] == math.inf
    assert row26[L.KH_EARNINGS_DEDUCTION_SYSTEM] == L.EARNINGS_DEDUCTION_MONTHLY
    assert math.isnan(row26[L.KH_HOURLY_DISREGARD]) and math.isnan(row26[L.TAX_CEILING_RATE])


def test_schedule_rows_are_sorted_by_threshold(rules):
    params = resolve(rules, "2005-03")
    params.values["atp.employee_bands"] = [(117.0, 74.55), (0.0, 0.0), (78.0, 49.7), (39.0, 24.85)]
    row = compile_params(params)
    assert list(row[L.ATP_BANDS_THRESHOLD_HOURS_M:L.ATP_BANDS_THRESHOLD_HOURS_M + 4]) == [0, 39, 78, 117]
    assert list(row[L.ATP_BANDS_AMOUNT_M:L.ATP_BANDS_AMOUNT_M + 4]) == [0, 24.85, 49.7, 74.55]


def test_horizon_crosses_the_year_boundary(rules):
    months, P = compile_horizon(rules, "2005-01", 24)
    assert P.shape == (24, L.N_PARAMS) and months[0] == "2005-01" and months[-1] == "2006-12"
    assert P[11, L.KH_RATE_FULL_PROVIDER_M] == 11397 and P[12, L.KH_RATE_FULL_PROVIDER_M] == 11625
    assert P[11, L.PERSONFRADRAG_Y] == 37600 and P[12, L.PERSONFRADRAG_Y] == 38500


def test_horizon_leaving_coverage_is_an_error(rules):
    with pytest.raises(CoverageError, match="2008-01"):
        compile_horizon(rules, "2007-06", 12)


def test_horizon_months():
    assert horizon_months("2026-11", 3) == ["2026-11", "2026-12", "2027-01"]
    with pytest.raises(ValueError):
        horizon_months("2026-01", 0)


def test_ceiling_row():
    row = compile_ceiling(CeilingSpec(enabled=True, rate=0.6, eligible_match_groups=[4, 5], duration_months=12,
                                      extension_months=0, clock="calendar_months", grid_hours=0.5))
    assert row.shape == (L.N_CEILING,)
    assert row[L.CEILING_ENABLED] == 1 and row[L.CEILING_RATE] == 0.6
    assert row[L.CEILING_DURATION_MONTHS] == 12 and row[L.CEILING_EXTENSION_MONTHS] == 0
    assert row[L.CEILING_CLOCK] == L.CLOCK_CALENDAR_MONTHS and row[L.CEILING_GRID_HOURS] == 0.5
    assert list(row[L.CEILING_GROUP_1:L.CEILING_GROUP_1 + 5]) == [0, 0, 0, 1, 1]


def test_estimated_values_of_a_run(rules):
    months, _ = compile_horizon(rules, "2005-07", 12)
    est = estimated_values(rules, months)
    by_name = {}
    for e in est:
        by_name.setdefault(e["name"], []).append(e)
    hourly = by_name["kontanthjaelp.hourly_disregard"]
    assert [(e["from"], e["to"], e["value"]) for e in hourly] == [("2005-07", "2005-12", 12.0), ("2006-01", "2006-06", 12.24)]
    assert "uprated" in hourly[1]["method"]
    assert "kontanthjaelp.rate_full_provider_m" in by_name  # uprated in 2006
    assert all(e["method"] for e in est)
    assert "tax.am_rate" not in by_name


def test_every_covered_month_compiles(rules):
    from taxben.rules import covered_months

    nullable = {n for n, p in rules.parameters.items() if p.nullable}
    for month in covered_months(rules):
        row = compile_params(resolve(rules, month))
        for name, _ in L.SCALARS:
            assert name in nullable or not math.isnan(row[L.SCALAR_INDEX[name]]), (month, name)


def test_rules_hash_changes_with_the_files(tmp_path):
    copy = tmp_path / "dk"
    shutil.copytree(default_rules_dir(), copy)
    assert rules_hash(copy) == rules_hash(default_rules_dir())
    (copy / "atp.yaml").write_text((copy / "atp.yaml").read_text() + "\n# touched\n")
    assert rules_hash(copy) != rules_hash(default_rules_dir())
