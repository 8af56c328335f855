"""Issue 10, inputs: population files, options and scenario files are read correctly or refused clearly.

The population is EXAMPLES.md's households A-E (guard_helpers.ROWS); each case changes one thing an
analyst's file or command line could hold and states the exit code and the words the message must have.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from guard_helpers import FAST, examples_frame, invoke

from taxben.population import read_population

# --- population folders --------------------------------------------------------------------------------


def test_a_population_folder_with_anything_but_parquet_parts_is_refused_naming_the_extras(tmp_path):
    folder = tmp_path / "pop"
    folder.mkdir()
    frame = examples_frame()
    frame.iloc[:3].to_parquet(folder / "part-00000.parquet")
    frame.iloc[3:].to_parquet(folder / "part-00001.parquet")
    frame.iloc[:2].to_csv(folder / "more_people.csv", index=False)  # today: silently skipped, totals wrong
    (folder / "README").write_text("households from the 2005 survey")
    result = invoke("run", "--population", folder, "--out", tmp_path / "out", *FAST)
    assert result.exit_code == 2, result.output
    assert "more_people.csv" in result.output and "README" in result.output
    assert not (tmp_path / "out").exists()


# --- CSV as Danish Excel writes it --------------------------------------------------------------------

def _danish(frame: pd.DataFrame) -> str:
    """Danish Excel's "CSV (semikolonsepareret)": ';' between columns, decimal comma, SAND/FALSK."""
    out = frame.astype(object).where(frame.notna(), "")
    for column in ("weight", "hourly_wage", "hours_per_week", "rent_monthly", "other_income_monthly"):
        out[column] = [f"{v:.2f}".replace(".", ",") for v in frame[column]]
    for column in ("lives_with_parents", "receives_kontanthjaelp"):
        out[column] = np.where(frame[column], "SAND", "FALSK")
    return out.to_csv(sep=";", index=False, lineterminator="\r\n")


def _with_aarhus(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["municipality"] = ["Århus", "Odense", "Ålborg", "Ålborg", "Vejle", "Herning"]
    return frame


DANISH_VARIANTS = [  # (case, bytes of the file from the examples frame)
    ("semicolon, decimal comma, CRLF, cp1252", lambda f: _danish(f).encode("cp1252")),
    ("semicolon, decimal comma, UTF-8 with BOM", lambda f: b"\xef\xbb\xbf" + _danish(f).encode("utf-8")),
    ("semicolon, decimal comma, Latin-1", lambda f: _danish(f).encode("latin-1")),
    ("semicolon, thousands dots and decimal comma",
     lambda f: _danish(f).replace("5000,00", "5.000,00").replace("6000,00", "6.000,00").encode("cp1252")),
    ("comma, cp1252", lambda f: f.to_csv(index=False).encode("cp1252")),
    ("comma, UTF-8 with BOM, CRLF", lambda f: b"\xef\xbb\xbf" + f.to_csv(index=False, lineterminator="\r\n").encode()),
    ("tab-separated UTF-16 (Excel's 'Unicode text')", lambda f: f.to_csv(sep="\t", index=False).encode("utf-16")),
]


@pytest.mark.parametrize("case, encode", DANISH_VARIANTS, ids=[c[0] for c in DANISH_VARIANTS])
def test_danish_excel_csv_reads_as_the_plain_csv(tmp_path, case, encode):
    frame = _with_aarhus(examples_frame())
    plain = tmp_path / "plain.csv"
    plain.write_text(frame.to_csv(index=False), encoding="utf-8")
    excel = tmp_path / "excel.csv"
    excel.write_bytes(encode(frame))
    expected = read_population(plain)
    got = read_population(excel)
    pd.testing.assert_frame_equal(got.drop(columns="municipality"), expected.drop(columns="municipality"))
    assert got["municipality"].tolist() == expected["municipality"].tolist()  # text stays text: "Århus"
    assert all(isinstance(v, str) for v in got["municipality"])
    result = invoke("run", "--population", excel, "--out", tmp_path / "out", *FAST)
    assert result.exit_code == 0, result.output


AMBIGUOUS = [  # (case, file text, words the refusal must hold)
    ("both separators in the header", "person_id;household_id,weight\n1;1,1\n", ["';'", "','", "separator"]),
    ("decimal comma and decimal point mixed",
     _danish(examples_frame()).replace("110,00", "110.5", 1), ["decimal comma", "decimal point", "'110.5'"]),
    ("dotted numbers only: thousands or decimals?",
     _danish(examples_frame().assign(weight=1, hourly_wage=100, hours_per_week=10, rent_monthly=0,
                                     other_income_monthly=0)).replace(",00", "").replace("100;", "1.500;"),
     ["'1.500'", "thousands"]),
]


@pytest.mark.parametrize("case, text, words", AMBIGUOUS, ids=[c[0] for c in AMBIGUOUS])
def test_an_ambiguous_csv_is_refused_saying_what_was_detected(tmp_path, case, text, words):
    path = tmp_path / "pop.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke("run", "--population", path, "--out", tmp_path / "out", *FAST, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert not (tmp_path / "out").exists()


# --- plausibility -----------------------------------------------------------------------------------------

def _edit(column: str, value, rows=(0,)):
    def apply(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy().astype({column: object})
        for row in rows:
            frame.loc[row, column] = value
        return frame
    return apply


PLAUSIBILITY = [  # (case, change to the examples, exit code, words in the output)
    ("wage inf", _edit("hourly_wage", "inf"), 2, ["hourly_wage", "not finite"]),
    ("wage -inf", _edit("hourly_wage", "-inf"), 2, ["hourly_wage", "not finite"]),
    ("wage nan", _edit("hourly_wage", "nan"), 2, ["hourly_wage", "missing"]),
    ("rent inf on a couple", _edit("rent_monthly", "inf", rows=(2, 3)), 2, ["rent_monthly", "not finite"]),
    ("weight nan", _edit("weight", "NaN"), 2, ["weight", "missing"]),
    ("hourly wage beyond its bound", _edit("hourly_wage", 25_000), 2, ["hourly_wage", "10000"]),
    ("rent beyond its bound", _edit("rent_monthly", 1e9), 2, ["rent_monthly", "100000"]),
    ("other income beyond its bound", _edit("other_income_monthly", 2e6), 2, ["other_income_monthly", "1e+06"]),
    ("weight beyond its bound", _edit("weight", 1e8), 2, ["weight", "1e+07"]),
    ("months on help beyond its bound", _edit("months_on_benefit", 5000), 2, ["months_on_benefit", "1200"]),
    ("children beyond the bound", _edit("n_children", 25), 2, ["n_children", "20"]),
    ("every weight 0", lambda f: f.assign(weight=0.0), 2, ["weight", "every weight is 0"]),
    ("a wage of 3,000 DKK/hour: allowed, warned", _edit("hourly_wage", 3000.0), 0,
     ["warning", "hourly_wage", "2,000", "person_id 1"]),
    ("rent of 40,000 a month: allowed, warned", _edit("rent_monthly", 40_000.0, rows=(1,)), 0,
     ["warning", "rent_monthly", "25,000"]),
]


@pytest.mark.parametrize("case, change, code, words", PLAUSIBILITY, ids=[c[0] for c in PLAUSIBILITY])
def test_population_values_are_finite_bounded_and_plausible(tmp_path, case, change, code, words):
    path = tmp_path / "pop.csv"
    change(examples_frame()).to_csv(path, index=False)
    out = tmp_path / "out"
    result = invoke("run", "--population", path, "--out", out, *FAST, env={"COLUMNS": "300"})
    assert result.exit_code == code, result.output
    for word in words:
        assert word in result.output
    if code == 0:  # the warning is kept with the results
        warnings = json.loads((out / "run.json").read_text())["warnings"]
        assert any(words[1] in w and words[2] in w for w in warnings), warnings
    else:
        assert not out.exists()


OPTIONS = [  # (case, command line, words in the message)
    ("--emtr-delta inf", ["run", "--emtr-delta", "inf"], ["--emtr-delta", "finite"]),
    ("--emtr-delta nan", ["run", "--emtr-delta", "nan"], ["--emtr-delta", "finite"]),
    ("--ptr-reference -inf", ["run", "--ptr-reference", "-inf"], ["--ptr-reference", "finite"]),
    ("--ptr-reference 0", ["run", "--ptr-reference", "0"], ["--ptr-reference", "above 0"]),
    ("household --wage inf", ["household", "--wage", "inf"], ["--wage", "finite"]),
    ("household --wage nan", ["household", "--wage", "nan"], ["--wage", "finite"]),
    ("household --rent inf", ["household", "--rent", "inf"], ["--rent", "finite"]),
    ("household --hours 80", ["household", "--hours", "80"], ["hours per week", "between 0 and 60"]),
    ("household --wage 20000", ["household", "--wage", "20000"], ["hourly wage", "between 0 and 10,000"]),
    ("household --rent 1e9", ["household", "--rent", "1e9"], ["rent monthly", "between 0 and 100,000"]),
    ("household --children 30", ["household", "--children", "30"], ["n children", "between 0 and 20"]),
    ("household --months-on-benefit 9999", ["household", "--months-on-benefit", "9999"], ["between 0 and 1,200"]),
    ("--start 2005-1", ["run", "--start", "2005-1"], ["--start", "YYYY-MM"]),
    ("--start 2005-01-15", ["run", "--start", "2005-01-15"], ["--start", "YYYY-MM"]),
    ("household --start 2005-1", ["household", "--start", "2005-1"], ["--start", "YYYY-MM"]),
    ("horizon past the rules", ["run", "--start", "2007-06", "--months", "24"], ["--months 7", "2007-12"]),
    ("household horizon past the rules", ["household", "--start", "2028-01", "--months", "24"], ["--months 12"]),
    ("start outside the rules", ["run", "--start", "2012-01"], ["2012-01", "outside", "2005-01..2007-12"]),
    ("rules show --date 2005-1", ["rules", "show", "--date", "2005-1"], ["--date", "YYYY-MM"]),
]


@pytest.mark.parametrize("case, args, words", OPTIONS, ids=[c[0] for c in OPTIONS])
def test_options_are_checked_before_any_work(tmp_path, case, args, words):
    out = ["--out", str(tmp_path / "out")] if args[0] == "run" else []
    result = invoke(*args, *out, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert not (tmp_path / "out").exists()


def test_a_rate_category_not_in_force_names_the_column_and_the_adult(tmp_path):
    path = tmp_path / "pop.csv"
    examples_frame().assign(rate_category=["", "", "", "", "mindstesats", ""]).to_csv(path, index=False)
    result = invoke("run", "--population", path, "--out", tmp_path / "out", *FAST, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output  # mindstesats does not exist under the 2005 rules
    assert "rate_category" in result.output and "minimum" in result.output and "person_id 5" in result.output
    assert "2005-01" in result.output
    assert not (tmp_path / "out").exists()


# --- scenario files ---------------------------------------------------------------------------------------

OVERRIDE = ("  - {parameter: %s, from: 2005-01-01, value: 0.1, status: verified,\n"
            "     reference: {title: t, url: 'https://example.org'}}\n")
SCENARIOS = [  # (case, file text, words that must be there, words that must not)
    ("empty file", "", ["bad.yaml", "empty", "name", "description"], ["_ScenarioFile", "dictionary"]),
    ("a list", "- 1\n- 2\n", ["bad.yaml", "key: value"], ["_ScenarioFile", "dictionary"]),
    ("missing description", "name: x\n", ["bad.yaml", "missing required key 'description'"], []),
    ("unknown parameter", "name: x\ndescription: y\noverrides:\n" + OVERRIDE % "tax.no_such_rate",
     ["bad.yaml", "overrides[0].parameter", "unknown parameter 'tax.no_such_rate'"], []),
    ("every problem, not the first", "name: x\nceiling: {rate: 2, enabled: maybe}\noverrides:\n"
     + OVERRIDE % "tax.no_such_rate",
     ["missing required key 'description'", "ceiling.rate", "ceiling.enabled", "tax.no_such_rate"], ["CeilingSpec"]),
]


@pytest.mark.parametrize("case, text, present, absent", SCENARIOS, ids=[c[0] for c in SCENARIOS])
def test_scenario_file_problems_are_listed_in_plain_words(tmp_path, case, text, present, absent):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(text)
    for args in (["run", "--scenario", scenario, "--out", tmp_path / "out", *FAST],
                 ["household", "--scenario", scenario, "--months", "1"]):
        result = invoke(*args, env={"COLUMNS": "300"})
        assert result.exit_code == 2, result.output
        for word in present:
            assert word in result.output
        for word in absent:
            assert word not in result.output
    assert not (tmp_path / "out").exists()

