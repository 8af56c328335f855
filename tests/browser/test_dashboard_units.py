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
from taxben import calc  # noqa: E402
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
    # EXAMPLES case A: 537 kr. more at 15 h today, 2,145 kr. under the ceiling (12 months). "Then": the gain in
    # month 13 (January 2006, projected amounts), D(15 h) - D(0 h) of that month from calc.household.
    hh = {"adults": [{"age": 35, "hourly_wage": 110.0, "match_group": 4, "hours_per_week": 15}]}
    at15 = calc.household(hh, start="2005-01", months=13)
    at0 = calc.household({"adults": [{**hh["adults"][0], "hours_per_week": 0}]}, start="2005-01", months=13)

    def d(table):
        return float(table[(table["scenario"] == "ceiling70_mg45") & (table["month_index"] == 12)][
            "household_disposable_income_m"].iloc[0])

    then = round(d(at15) - d(at0))
    assert then != 537  # the month-13 rules differ from January 2005's
    assert sentence(result, Tr("en")) == ("Working 15 hours a week gives 537 kr more a month today; under the "
                                         f"ceiling 2,145 kr more for 12 months, then {then} kr (month 13*).")
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
    text = months_csv(result, Tr("da")).getvalue().decode("utf-8-sig")
    lines = text.splitlines()
    table = lines[lines.index("") + 1:]
    assert table[0].startswith("Regler;Voksen;Måned nr.;Måned (år-md.);Timer pr. uge;")
    assert len(table) == 1 + 2 * result.months  # header + baseline and scenario, every month
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
    for column in ("persons_baseline", "mean_emtr_scenario", "fiscal_cost_dkk_y", "winners"):
        assert total[column] == pytest.approx(row[column], rel=1e-9, abs=1e-6)


# --- issue 14: the pieces behind the browser tests ---------------------------------------------------------

def test_csv_cells_round_for_their_kind_and_never_write_minus_zero():
    from dashboards.components.case_export import csv_number

    assert csv_number(2803.8500000000004, "kr", "da") == "2803,85"  # the engine's float, in kroner and øre
    assert csv_number(2803.8500000000004, "kr", "en") == "2803.85"
    assert csv_number(0.9249113636, "pct", "da") == "92,49"  # a rate, in per cent
    assert csv_number(-0.0, "pct", "da") == "0,00" and csv_number(-0.001, "kr", "da") == "0,00"
    assert csv_number(float("nan"), "pct", "da") == ""  # EMTR at wage 0: undefined, an empty cell
    assert csv_number(15.0, "hours", "da") == "15" and csv_number(12.5, "hours", "da") == "12,50"
    assert csv_number(1.0, "flag", "da") == "1"


def test_every_rule_of_the_population_checker_is_said_in_danish():
    from dashboards.components.violations import violation_rule

    bad = default_frame().head(30).copy()
    bad.loc[2, "age"] = 4
    bad.loc[3, "hours_per_week"] = -1
    bad["weight"] = bad["weight"].astype(object)
    bad.loc[4, "weight"] = "heavy"
    bad.loc[5, "person_id"] = bad.loc[6, "person_id"]
    bad.loc[7, "match_group"] = None
    bad = bad.drop(columns=["rent_monthly"])
    with pytest.raises(PopulationError) as info:
        read_upload("pop.csv", bad.to_csv(index=False).encode())
    rules = {v.rule for v in info.value.violations}
    assert len(rules) >= 4
    for rule in rules:
        danish = violation_rule(rule, Tr("da"))
        assert danish != rule, f"not translated: {rule!r}"
    assert violation_rule("out of range: must be in [18, 120]", Tr("da")) == \
        "uden for intervallet: skal være mellem 18 og 120"
    assert violation_rule("a rule nobody wrote yet", Tr("da")) == "a rule nobody wrote yet"  # shown, not hidden


def test_results_folders_open_only_under_the_root(tmp_path):
    from dashboards.components.analyst_data import open_folder, result_folders

    root = (tmp_path / "runs").resolve()
    run = root / "2026" / "run-a"
    run.mkdir(parents=True)
    (run / "summary.csv").write_text("scenario,dimension,group,fiscal_cost_dkk_y,mean_emtr_baseline\n"
                                     "ceiling70_mg45,all,all,1.0,0.5\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "summary.csv").write_text("scenario\n", encoding="utf-8")
    (root / "escape").symlink_to(outside, target_is_directory=True)
    assert result_folders(root) == ["2026/run-a"]  # the symlink out of the root is not listed
    assert open_folder("2026/run-a", root).source == "2026/run-a"
    for name in ("../elsewhere", str(outside), "escape", "", "2026"):
        with pytest.raises(DataError) as info:
            open_folder(name, root)
        assert info.value.key == "err_folder_not_listed"


def test_no_results_root_means_no_folder(monkeypatch):
    from dashboards.components.analyst_data import RESULTS_ROOT_ENV, open_folder, results_root

    monkeypatch.delenv(RESULTS_ROOT_ENV, raising=False)
    assert results_root() is None
    with pytest.raises(DataError) as info:
        open_folder("anything")
    assert info.value.key == "err_no_results_root"


def test_upload_input_passes_on_only_files_within_the_limit():
    import base64

    from dashboards.components.upload import SizeLimitedFileInput

    seen = []
    box = SizeLimitedFileInput(on_file=lambda n, d: seen.append(("file", n, d)),
                               on_too_large=lambda n, s: seen.append(("too_large", n, s)), max_bytes=10)
    box._handle_msg({"kind": "too_large", "name": "big.csv", "size": 22 * 1024 * 1024})  # the browser's check
    box._handle_msg({"kind": "file", "name": "a.csv", "size": 3, "data": base64.b64encode(b"a,b").decode()})
    box._handle_msg({"kind": "file", "name": "liar.csv", "size": 3, "data": base64.b64encode(b"x" * 11).decode()})
    assert seen == [("too_large", "big.csv", 22 * 1024 * 1024), ("file", "a.csv", b"a,b"), ("too_large", "liar.csv", 11)]


def test_an_hours_change_reuses_the_sweep_and_agrees_with_a_fresh_run():
    from dataclasses import replace

    from dashboards.components.case_model import CaseEngine

    engine = CaseEngine()
    first = engine.run(CaseInputs(rent_monthly=3000, couple=True, spouse_hours_per_week=10))
    moved = engine.run(replace(first.inputs, hours_per_week=22))
    assert moved.cube is first.cube and moved.seconds["sweep"] == 0.0  # no new sweep for an hours change
    fresh = run_case(moved.inputs)
    assert fresh.cube is not moved.cube
    for column in ("household_disposable_income_m_scen", "supplement_0", "supplement_1", "after_rent_scen"):
        assert moved.months_view()[column].tolist() == pytest.approx(fresh.months_view()[column].tolist())
    # the per-adult supplements are calc.household's own columns at 22 h
    table = calc.household(moved.inputs.to_household(), start="2005-01", months=moved.months)
    partner = table[(table["scenario"] == "ceiling70_mg45") & (table["adult"] == 1)]
    assert moved.months_view()["supplement_1"].tolist() == pytest.approx(partner["ceiling_supplement_m"].tolist())


def test_gains_rows_are_calc_gains_table():
    result = run_case(CaseInputs(hours_per_week=17, rent_monthly=3000, start="2026-01"))
    wanted = [5, 10, 15, 17, 20, 25, 30, 37]
    table = calc.gains_table(result.sweep, month_index=0, hours=wanted)
    wide = result.gains_wide()
    assert wide["hours"].tolist() == wanted  # the usual hours and the chosen 17 h
    for side, name in (("base", "baseline"), ("scen", "ceiling70_mg45")):
        part = table[table["scenario"] == name]
        assert wide[f"gain_{side}"].tolist() == pytest.approx(part["gain_dkk_month"].tolist())
        assert wide[f"emtr_{side}"].tolist() == pytest.approx(part["emtr"].tolist())
        assert wide[f"ptr_{side}"].tolist() == pytest.approx(part["ptr"].tolist())
