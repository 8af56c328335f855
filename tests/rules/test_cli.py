"""The `taxben rules` commands, driven through typer's CliRunner."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from taxben.cli.main import app
from taxben.rules import default_rules_dir

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_show_2005_as_json():
    result = run("rules", "show", "--date", "2005-03", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["month"] == "2005-03" and data["covered"] is True
    full = data["parameters"]["kontanthjaelp.rate_full_provider_m"]
    assert full["value"] == 11397 and full["status"] == "verified" and full["unit"] == "DKK/month"
    assert "retsinformation.dk" in full["reference"]["url"]
    assert data["parameters"]["tax.state_brackets"]["value"][0] == {"threshold": 259500, "rate": 0.06}
    assert any(e["name"] == "kontanthjaelp.hourly_disregard" and e["value"] == 12 for e in data["estimated"])
    assert len(data["rules_hash"]) == 64


def test_show_2026_as_json():
    data = json.loads(run("rules", "show", "--date", "2026-03", "--format", "json").stdout)
    assert data["parameters"]["kontanthjaelp.rate_full_provider_m"]["value"] == 13060
    assert data["parameters"]["kontanthjaelp.earnings_deduction_system"]["value"] == "monthly_disregard"
    assert data["parameters"]["kontanthjaelp.hourly_disregard"]["value"] is None


def test_show_with_a_scenario_includes_its_ceiling():
    data = json.loads(run("rules", "show", "-d", "2026-03", "-s", "ceiling70_mg45", "-f", "json").stdout)
    assert data["scenario"] == "ceiling70_mg45"
    assert data["ceiling"]["rate"] == 0.7 and data["ceiling"]["eligible_match_groups"] == [4, 5]


def test_show_as_a_table():
    result = run("rules", "show", "--date", "2005-03")
    assert result.exit_code == 0, result.output
    assert "kontanthjaelp.rate_full_provider_m" in result.stdout and "11,397" in result.stdout
    assert "estimated value(s) in force" in result.stdout


def test_show_outside_coverage_fails_clearly():
    result = run("rules", "show", "--date", "2012-03")
    assert result.exit_code == 2
    assert "2012-03 is outside the coverage" in result.stderr and "2026-01..2028-12" in result.stderr


def test_show_bad_month_fails_clearly():
    result = run("rules", "show", "--date", "March")
    assert result.exit_code == 2 and "write the month as YYYY-MM" in result.stderr


def test_check_passes_on_the_repo():
    result = run("rules", "check")
    assert result.exit_code == 0, result.output
    assert "OK" in result.stdout and "4 scenarios" in result.stdout


def test_check_fails_and_lists_problems(tmp_path):
    copy = tmp_path / "dk"
    shutil.copytree(default_rules_dir(), copy)
    text = (copy / "atp.yaml").read_text()
    broken = text.replace("status: estimated\n        method: >-\n          full band verified: one third of the 1996",
                          "status: estimatd\n        method: >-\n          full band verified: one third of the 1996")
    assert broken != text
    (copy / "atp.yaml").write_text(broken)
    result = run("rules", "check", "--rules-dir", str(copy))
    assert result.exit_code == 2
    assert "atp.yaml: parameters.employee_bands.values.2005-01-01.status" in result.stderr


def test_check_reports_a_broken_scenario(tmp_path):
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "oops.yaml").write_text("name: oops\ndescription: x\nceiling: {rate: 2}\n")
    result = run("rules", "check", "--scenarios-dir", str(scenarios))
    assert result.exit_code == 2 and "oops.yaml: ceiling.rate" in result.stderr


def test_diff_across_new_year():
    result = run("rules", "diff", "2005-12", "2006-01", "--format", "json")
    assert result.exit_code == 0, result.output
    diffs = {d["name"]: d for d in json.loads(result.stdout)["differences"]}
    assert diffs["kontanthjaelp.rate_full_provider_m"]["a"] == 11397
    assert diffs["kontanthjaelp.rate_full_provider_m"]["b"] == 11625
    assert diffs["tax.personfradrag_y"]["status_b"] == "secondary"
    assert "tax.am_rate" not in diffs


def test_diff_of_the_2025_reform_needs_the_outside_coverage_flag():
    assert run("rules", "diff", "2025-06", "2025-07").exit_code == 2
    result = run("rules", "diff", "2025-06", "2025-07", "--allow-outside-coverage")
    assert result.exit_code == 0, result.output
    assert "kontanthjaelp.earnings_deduction_system" in result.stdout and "monthly_disregard" in result.stdout


def test_diff_same_month():
    result = run("rules", "diff", "2026-02", "2026-03")
    assert result.exit_code == 0 and "No differences" in result.stdout


def test_help_lists_the_rules_group():
    result = run("--help")
    assert result.exit_code == 0 and "rules" in result.stdout
