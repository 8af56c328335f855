"""Issue 10, ``taxben household`` as a caseworker uses it: never a traceback, files in both forms, couples,
the gain from work, help for every option, tables that fit 80 columns.

Expected amounts come from EXAMPLES.md (2005): case A (single 35, 110 DKK/h) has D = 6,465 at 0 hours and
6,823 at 10 hours, so the gain from work at 10 hours is 6,823 − 6,465 = 358; under the 70 % ceiling the
supplement at 10 hours is 1,072 (D = 7,895, gain 7,895 − 6,465 = 1,430). Case C (couple 40 + 38, two
children, rent 6,000, adult 1 at 15 h): D = 17,783, adult 2's kontanthjælp 11,397, the household's
supplement under the ceiling 1,551 (the joint envelope, SPEC §5).
"""

from __future__ import annotations

import io

import pytest
import typer.main
import yaml
from guard_helpers import invoke
from rich.console import Console

from taxben.cli.main import app

WIDE = {"COLUMNS": "200"}
CASE_A = {"age": 35, "hourly_wage": 110, "hours_per_week": 10, "match_group": 4, "receives_kontanthjaelp": True,
          "lives_with_parents": False, "months_on_benefit": 0, "n_children": 0, "rent_monthly": 0,
          "other_income_monthly": 0, "person_id": 1, "household_id": 1, "weight": 1}
CASE_C = [
    {"person_id": 3, "household_id": 30, "weight": 1.5, "age": 40, "n_children": 2, "lives_with_parents": False,
     "receives_kontanthjaelp": True, "match_group": 4, "months_on_benefit": 0, "hourly_wage": 120,
     "hours_per_week": 15, "rent_monthly": 6000, "other_income_monthly": 0},
    {"person_id": 4, "household_id": 30, "weight": 1.5, "age": 38, "n_children": 2, "lives_with_parents": False,
     "receives_kontanthjaelp": True, "match_group": 4, "months_on_benefit": 0, "hourly_wage": 120,
     "hours_per_week": 0, "rent_monthly": 6000, "other_income_monthly": 0},
]


def _csv(rows, sep=",", decimal=".", encoding="utf-8") -> bytes:
    import pandas as pd

    text = pd.DataFrame(rows).to_csv(index=False, sep=sep, decimal=decimal)
    return text.encode(encoding)


FAILURES = [  # (case, file name, file bytes or None, extra options, words in the one clear message)
    ("coverage", None, None, ["--start", "2012-01"], ["2012-01", "outside"]),
    ("unknown scenario", None, None, ["--scenario", "ceiling99"], ["ceiling99", "scenario not found"]),
    ("missing file", "nowhere.yaml", None, [], ["nowhere.yaml", "no such file"]),
    ("broken YAML", "h.yaml", b"adults: [age: 35\n", [], ["h.yaml", "not valid YAML", "line"]),
    ("empty list", "h.yaml", b"[]\n", [], ["holds no household"]),
    ("empty file", "h.yaml", b"", [], ["holds no household"]),
    ("three adults", "h.yaml", yaml.safe_dump([CASE_A, CASE_A, CASE_A]).encode(), [], ["3 row(s)", "one or two"]),
    ("unknown column", "h.yaml", yaml.safe_dump([{**CASE_A, "hourly_wages": 3}]).encode(), [], ["hourly_wages"]),
    ("hours out of range, nested", "h.yaml", b"adults: [{hours_per_week: 80}]\n", [],
     ["adult 1: hours per week must be between 0 and 60 (got 80)"]),
    ("wage inf, nested", "h.yaml", b"adults: [{hourly_wage: .inf}]\n", [], ["hourly wage must be"]),
    ("a typo in the nested form", "h.json", b'{"adults": [{"age": 30, "wage": 100}]}', [],
     ["adult 1: unknown field 'wage'", "hourly_wage"]),
    ("a string for a number", "h.yaml", b"adults: [{age: thirty}]\n", [], ["age must be a whole number"]),
    ("rows: wage inf", "h.csv", _csv([{**CASE_A, "hourly_wage": float("inf")}]), [], ["hourly_wage", "not finite"]),
    ("rows: two households", "h.yaml", yaml.safe_dump([CASE_A, {**CASE_A, "household_id": 2}]).encode(), [],
     ["different household_id"]),
    ("options with --file", "h.yaml", yaml.safe_dump([CASE_A]).encode(), ["--hours", "20", "--rent", "4000"],
     ["--file and --hours, --rent together"]),
    ("a file of another kind", "h.txt", b"age 35\n", [], ["h.txt", ".yaml, .yml, .json or .csv"]),
    # a float holds 12345678901234567890 as 12345678901234567168: shown as 1.23457e+19, not with digits the
    # user never typed (and 1e300 as 1e+300, not 301 digits)
    ("a wage beyond a float's digits", None, None, ["--wage", "12345678901234567890"],
     ["--wage 1.23457e+19: hourly wage must be between 0 and 10,000"]),
    ("a wage of 1e300", None, None, ["--wage", "1e300"], ["--wage 1e+300: hourly wage must be between"]),
]


@pytest.mark.parametrize("case, name, data, extra, words", FAILURES, ids=[c[0] for c in FAILURES])
def test_household_problems_are_one_clear_message_and_exit_2(tmp_path, case, name, data, extra, words):
    args = ["household", "--months", "2", *extra]
    if name is not None:
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        args += ["--file", str(path)]
    result = invoke(*args, env=WIDE)
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert "pydantic" not in result.output and "https://" not in result.output


FILES = [  # (case, file name, bytes)
    ("one row, YAML list", "a.yaml", yaml.safe_dump([CASE_A]).encode()),
    ("one row, YAML mapping of columns", "a.yaml", yaml.safe_dump(CASE_A).encode()),
    ("one row, JSON", "a.json", b'[{"age": 35, "hourly_wage": 110, "hours_per_week": 10, "match_group": 4}]'),
    ("one row, CSV", "a.csv", _csv([CASE_A])),
    ("one row, Danish Excel CSV", "a.csv", _csv([{**CASE_A, "hourly_wage": 110.0}], sep=";", decimal=",",
                                                encoding="cp1252")),
    ("nested", "a.yaml", b"adults:\n  - {age: 35, hourly_wage: 110, hours_per_week: 10, match_group: 4}\n"),
    ("nested, Latin-1 with a Danish comment", "a.yaml",
     "# Søren på Nørrebro\nadults: [{age: 35, hourly_wage: 110, hours_per_week: 10}]\n".encode("latin-1")),
]


@pytest.mark.parametrize("case, name, data", FILES, ids=[c[0] for c in FILES])
def test_household_file_forms_give_case_a(tmp_path, case, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = invoke("household", "--file", path, "--months", "1", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "6,823" in result.output  # D at 10 h, baseline
    assert "7,895" in result.output and "1,072" in result.output  # under the ceiling: D and the supplement
    assert "358" in result.output and "1,430" in result.output  # the gain from work, baseline and ceiling


def test_a_couple_shows_both_adults_and_the_household_once(tmp_path):
    from taxben import calc
    from taxben.cli.household_input import read_household_file

    path = tmp_path / "c.csv"
    path.write_bytes(_csv(CASE_C))
    result = invoke("household", "--file", path, "--months", "1", env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "adult 1, month by month" in out and "adult 2, month by month" in out
    assert "the household, month by month" in out
    # EXAMPLES case C at 15 h: kontanthjælp 5,026 + 11,397, income tax 3,444 + 3,206, boligsikring 860
    for amount in ("5,026", "11,397", "3,444", "3,206", "860"):
        assert amount in out
    # the household's ceiling supplement (joint envelope) is shown once, beside each adult's share
    household, _ = read_household_file(path)
    table = calc.household(household, start="2005-01", months=1)
    reform = table[table["scenario"] == "ceiling70_mg45"]
    total = reform["household_ceiling_supplement_m"].iloc[0]
    assert total > 0 and f"{total:,.0f}" in out
    assert "adult 1's hours" in out  # the sweep says whose hours vary


def test_the_options_give_case_a_with_its_gain_from_work():
    result = invoke("household", "--hours", "10", "--months", "1", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "6,823" in result.output and "358" in result.output and "1,430" in result.output


def test_every_option_of_every_command_has_help():
    command = typer.main.get_command(app)
    missing = []

    def walk(cmd, path):
        for param in getattr(cmd, "params", []):
            if param.param_type_name == "option" and not (param.help or "").strip() and param.name != "help":
                missing.append(f"{path} --{param.name}")
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(command, "taxben")
    assert missing == []


def _cut_cells(text: str) -> list[str]:
    return [line for line in text.splitlines() if "…" in line]


def test_household_tables_fit_80_columns_without_cutting_a_number():
    result = invoke("household", "--hours", "10", "--months", "2", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert _cut_cells(result.output) == []
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "6,823" in result.output and "7,895" in result.output  # disposable income is not cut


def test_rules_show_keeps_value_and_source_at_80_columns(monkeypatch):
    import taxben.cli.rules_cmd as rules_cmd

    screen = io.StringIO()
    monkeypatch.setattr(rules_cmd, "console", Console(file=screen, width=80))
    result = invoke("rules", "show", "--date", "2005-03")
    assert result.exit_code == 0, result.output
    text = screen.getvalue()
    assert "37,600" in text  # tax.personfradrag_y, 2005 (PARAMETERS.md)
    assert "11,397" in text  # kontanthjaelp.rate_full_provider_m, 2005
    assert "https://" in text  # the sources are shown
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("command", [["household", "--scenario", "baseline"],
                                     ["run", "--scenario", "ceiling70_mg45", "--scenario", "ceiling70_mg45"]])
def test_a_scenario_asked_for_twice_is_the_users_mistake(command, tmp_path):
    """The baseline always runs, so ``--scenario baseline`` asks for it twice: exit 2 with what to change,
    nothing written (was: exit 1, "a bug in taxben")."""
    out = tmp_path / "out"
    result = invoke(*command, *(["--out", out] if command[0] == "run" else []), env=WIDE)
    assert result.exit_code == 2, result.output
    assert "more than once" in result.output and "bug" not in result.output
    assert not out.exists()
