"""``taxben run --behaviour ... --lang ...`` end to end on the built-in population."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from taxben.cli.main import app


def test_run_with_behaviour_in_danish(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", "--behaviour", "central", "--lang", "da", "--months", "14",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "static and after behaviour" in result.output and "+working" in result.output
    summary = pd.read_csv(out / "summary.csv")
    for column in ["employment_change_persons", "hours_change", "fiscal_cost_after_behaviour_dkk_y",
                   "employment_change_persons_low", "employment_change_persons_high"]:
        assert column in summary
    total = summary[(summary.dimension == "all")].iloc[0]
    assert total["employment_change_persons_low"] <= total["employment_change_persons"] <= total["employment_change_persons_high"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in report
    assert "Statisk og efter adfærd" in report and "Offentlige udgifter" in report
    # the charts' titles and labels, in the page's JSON as written (tests/browser/test_report.py draws them)
    assert "Måned for måned" in report and "flere i arbejde (central)" in report and "decil" in report


def test_report_without_behaviour_has_the_month_and_decile_charts_in_english(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", "--months", "14", "--out", str(out), "--no-person-months"])
    assert result.exit_code == 0, result.output
    report = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in report
    assert "Month by month" in report and "decile of household disposable income" in report
    assert "after behaviour" not in report
