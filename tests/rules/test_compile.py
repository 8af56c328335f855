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
from taxben.rules.schema import ENUMS, MAX_SCHEDULE_ROWS, SCALARS, SCHEDULES


def records(P):
    return L.rules_records(np.atleast_2d(P))


def test_values_sit_in_their_record_fields(rules):
    row = compile_params(resolve(rules, "2005-03"))
    assert row.shape == (L.N_PARAMS,) and row.dtype == np.float64
    r = records(row)[0]
    assert r["kontanthjaelp"]["rate_full_provider_m"] == 11397
    assert r["kontanthjaelp"]["rate_young_home_m"] == 2668
    assert r["tax"]["am_rate"] == 0.08
    assert r["benefit_cap"]["single_provider_m"] == 14218
    assert r["boligsikring"]["income_threshold_y"] == 108600
    assert r["tax"]["tax_ceiling_applies"] == 1.0 and r["saerlig_stoette"]["applies"] == 0.0
    assert r["kontanthjaelp"]["earnings_deduction_system"] == L.EARNINGS_DEDUCTION_HOURLY
    assert math.isnan(r["kontanthjaelp"]["monthly_disregard_full_m"]) and math.isnan(r["kontanthjaelp"]["rate_minimum_m"])


def test_records_are_generated_from_the_schema():
    """One record area per rule-file prefix, one float64 field per parameter, a count and two padded
    arrays per schedule: the flat row and the records are the same bytes."""
    assert list(L.AREA_DTYPES) == ["tax", "kontanthjaelp", "benefit_cap", "boligsikring", "saerlig_stoette", "atp", "child_benefit"]
    n_fields = len(SCALARS) + sum(1 + 2 * MAX_SCHEDULE_ROWS for _ in SCHEDULES)
    assert L.N_PARAMS == n_fields
    assert sorted(L.SCALAR_INDEX.values()) == sorted(set(L.SCALAR_INDEX.values()))  # no two share a slot
    row = np.arange(L.N_PARAMS, dtype=np.float64)
    r = records(row)[0]
    for name, slot in L.SCALAR_INDEX.items():
        area, field = name.split(".")
        assert r[area][field] == slot, name


def test_every_scalar_matches_its_resolved_value(rules):
    for month in ("2005-03", "2026-03"):
        params = resolve(rules, month)
        row = compile_params(params)
        for name, kind in SCALARS:
            value, got = params.values[name], row[L.SCALAR_INDEX[name]]
            if value is None:
                assert math.isnan(got), name
            elif kind == "enum":
                assert got == ENUMS[name][value], name
            else:
                assert got == float(value), name


def test_schedules_are_counted_and_padded(rules):
    r = records(compile_params(resolve(rules, "2005-03")))[0]
    assert r["tax"]["state_brackets_n"] == 2
    assert list(r["tax"]["state_brackets_threshold_y"]) == [259500, 311500, math.inf, math.inf]
    assert list(r["tax"]["state_brackets_rate"]) == [0.06, 0.15, 0.0, 0.0]
    assert r["atp"]["employee_bands_n"] == 4
    assert list(r["atp"]["employee_bands_amount_m"]) == [0, 24.85, 49.70, 74.55]
    r26 = records(compile_params(resolve(rules, "2026-03")))[0]
    assert r26["tax"]["state_brackets_n"] == 3 and r26["tax"]["state_brackets_threshold_y"][3] == math.inf
    assert r26["kontanthjaelp"]["earnings_deduction_system"] == L.EARNINGS_DEDUCTION_MONTHLY
    assert math.isnan(r26["kontanthjaelp"]["hourly_disregard"]) and math.isnan(r26["tax"]["tax_ceiling_rate"])


def test_schedule_rows_are_sorted_by_threshold(rules):
    params = resolve(rules, "2005-03")
    params.values["atp.employee_bands"] = [(117.0, 74.55), (0.0, 0.0), (78.0, 49.7), (39.0, 24.85)]
    atp = records(compile_params(params))[0]["atp"]
    assert list(atp["employee_bands_threshold_hours_m"]) == [0, 39, 78, 117]
    assert list(atp["employee_bands_amount_m"]) == [0, 24.85, 49.7, 74.55]


def test_horizon_crosses_the_year_boundary(rules):
    months, P = compile_horizon(rules, "2005-01", 24)
    assert P.shape == (24, L.N_PARAMS) and months[0] == "2005-01" and months[-1] == "2006-12"
    R = records(P)
    assert R[11]["kontanthjaelp"]["rate_full_provider_m"] == 11397 and R[12]["kontanthjaelp"]["rate_full_provider_m"] == 11625
    assert R[11]["tax"]["personfradrag_y"] == 37600 and R[12]["tax"]["personfradrag_y"] == 38500


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
    c = L.ceiling_records(row)[0]
    assert c["enabled"] == 1 and c["rate"] == 0.6
    assert c["duration_months"] == 12 and c["extension_months"] == 0
    assert c["clock"] == L.CLOCK_CALENDAR_MONTHS and c["grid_hours"] == 0.5
    assert list(c["eligible_match_group"]) == [0, 0, 0, 1, 1]


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
        for name, _ in SCALARS:
            assert name in nullable or not math.isnan(row[L.SCALAR_INDEX[name]]), (month, name)


def test_rules_hash_changes_with_the_files(tmp_path):
    copy = tmp_path / "dk"
    shutil.copytree(default_rules_dir(), copy)
    assert rules_hash(copy) == rules_hash(default_rules_dir())
    (copy / "atp.yaml").write_text((copy / "atp.yaml").read_text() + "\n# touched\n")
    assert rules_hash(copy) != rules_hash(default_rules_dir())
