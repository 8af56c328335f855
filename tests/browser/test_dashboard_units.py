"""Fast checks of the dashboard building blocks without a browser (run in the normal test suite too)."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dashboards.components.analyst_data import (ALL, DataError, default_frame, filtered_summary,  # noqa: E402
                                                 read_upload, run_on_frame)
from dashboards.components.case_export import months_csv, print_sheet  # noqa: E402
from dashboards.components.case_model import CaseInputs, field_errors, run_case  # noqa: E402
from dashboards.components.i18n import LANGUAGES, Tr, catalogue  # noqa: E402
from dashboards.components.sentence import sentence  # noqa: E402
from taxben.population import PopulationError  # noqa: E402


def test_every_label_used_in_the_code_has_both_languages():
    keys = set(catalogue())
    used = set()
    for path in (REPO / "dashboards").rglob("*.py"):
        if path.name == "i18n.py":
            continue
        used |= set(re.findall(r'\btr\("([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert used - keys == set()
    assert all(set(v) == set(LANGUAGES) for v in catalogue().values())


def test_sentence_for_examples_case_a_2005():
    result = run_case(CaseInputs())  # single, 35, 110 kr/h, 15 h, match group 4, January 2005
    assert sentence(result, Tr("en")) == ("Working 15 hours a week gives 537 kr more a month today; under the "
                                         "ceiling 2,145 kr more for 12 months, then 537 kr.")
    assert sentence(result, Tr("da")).startswith("At arbejde 15 timer om ugen giver 537 kr. mere")
    assert result.supplement_months() == (12, 12)
    assert run_case(CaseInputs(extension_granted=True)).supplement_months() == (24, 24)


def test_invalid_household_maps_to_the_form_fields():
    with pytest.raises(Exception) as info:
        run_case(CaseInputs(age=12, couple=True, spouse_hours_per_week=80))
    errors = field_errors(info.value)
    assert set(errors) == {"age", "spouse_hours_per_week"}


def test_exports_hold_the_engine_tables():
    result = run_case(CaseInputs(start="2026-01"))
    csv = months_csv(result).getvalue()
    assert csv.splitlines()[0].startswith("scenario,adult,month_index,month,")
    assert len(csv.splitlines()) == 1 + 2 * result.months
    html = print_sheet(result, Tr("da"), "Med loft 70 %")
    assert sentence(result, Tr("da")) in html and "<svg" in html and "<script" not in html


def _upload_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("taxben-upload-*")}


def test_upload_validation_reports_every_violation():
    before = _upload_dirs()
    bad = default_frame().head(30).copy()
    bad.loc[2, "age"] = 4
    bad.loc[7, "hours_per_week"] = 99
    with pytest.raises(PopulationError) as info:
        read_upload("pop.csv", bad.to_csv(index=False).encode())
    assert {v.column for v in info.value.violations} >= {"age", "hours_per_week"}
    with pytest.raises(DataError):
        read_upload("pop.xlsx", b"not a population")
    assert _upload_dirs() <= before  # the upload's temporary copy is gone


def test_filtered_summary_uses_the_run_summary_code():
    frame = default_frame()
    small = frame[frame["household_id"].isin(frame["household_id"].unique()[:200])]
    before = {p.name for p in Path(tempfile.gettempdir()).glob("taxben-run-*")}
    results = run_on_frame(small, scenario="ceiling70_mg45", start="2005-01", months=3, source="test")
    assert {p.name for p in Path(tempfile.gettempdir()).glob("taxben-run-*")} <= before  # run folder deleted
    assert results.person_months is not None  # kept in memory instead
    whole = filtered_summary(results, "ceiling70_mg45", ALL, ALL)
    mg4 = filtered_summary(results, "ceiling70_mg45", "4", ALL)
    row = whole[(whole["dimension"] == "match_group") & (whole["group"] == "4")].iloc[0]
    total = mg4[mg4["dimension"] == "all"].iloc[0]
    for column in ("persons_baseline", "mean_emtr_scenario", "fiscal_cost_per_year", "winners"):
        assert total[column] == pytest.approx(row[column], rel=1e-9, abs=1e-6)
