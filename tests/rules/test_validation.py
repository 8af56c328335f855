"""Each kind of broken rule file is reported with its file, the parameter path and the problem."""

from __future__ import annotations

import pytest

from taxben.rules import RulesError, load_rules

AM_2005 = "2005-01-01: {value: 0.08, reference: *themis_hist, status: secondary}"
KH_FULL_2005 = "2005-01-01: {value: 11397, reference: *kh2005, status: verified}"
PFR_HEAD = "    unit: DKK/year\n    range: {min: 0, max: 200000}\n    uprating: psl20\n    values:\n      2005-01-01: {value: 37600"


def am(entry: str) -> str:
    return f"2005-01-01: {{{entry}}}"


def kh(value: str) -> str:
    return f"2005-01-01: {{value: {value}, reference: *kh2005, status: verified}}"


# file, snippet, replacement, and what the one reported problem must name (file, parameter path, problem)
BROKEN = [
    pytest.param("tax.yaml", "  am_rate:\n    description:", "  am_rate:\n    colour: red\n    description:",
                 ("parameters.am_rate", "unknown key 'colour'"), id="unknown key in a parameter"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist, status: verified, sauce: x"),
                 ("parameters.am_rate.values.2005-01-01", "unknown key 'sauce'"), id="unknown key in a value"),
    pytest.param("atp.yaml", "parameters:\n", "paramters: {}\nparameters:\n",
                 ("(top level)", "unknown key 'paramters'"), id="unknown top-level key"),
    pytest.param("tax.yaml", PFR_HEAD, PFR_HEAD.replace("    unit: DKK/year\n", ""),
                 ("parameters.personfradrag_y", "missing required key 'unit'"), id="missing unit"),
    pytest.param("kontanthjaelp.yaml", "    unit: years\n    range: {min: 18, max: 67}\n    values:\n      2005-01-01: {value: 25, reference: *kh2005",
                 "    unit: decades\n    range: {min: 18, max: 67}\n    values:\n      2005-01-01: {value: 25, reference: *kh2005",
                 ("parameters.full_rate_age.unit", "decades"), id="unknown unit"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, status: verified"),
                 ("parameters.am_rate.values.2005-01-01", "missing required key 'reference'"), id="missing reference"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, reference: {title: hearsay}, status: verified"),
                 ("parameters.am_rate.values.2005-01-01.reference", "'url' or a 'citation'"), id="reference without source"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist"),
                 ("parameters.am_rate.values.2005-01-01", "missing required key 'status'"), id="missing status"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist, status: probably"),
                 ("parameters.am_rate.values.2005-01-01.status", "probably"), id="bad status"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist, status: estimated"),
                 ("parameters.am_rate.values.2005-01-01", "requires a 'method'"), id="estimated without method"),
    pytest.param("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist, status: verified, method: guess"),
                 ("parameters.am_rate.values.2005-01-01", "only for estimated values"), id="method on a verified value"),
    pytest.param("tax.yaml",
                 AM_2005 + "\n      2026-01-01: {value: 0.08, reference: *themis2026, status: secondary}",
                 "2026-01-01: {value: 0.08, reference: *themis2026, status: secondary}\n      " + AM_2005,
                 ("parameters.am_rate.values.2005-01-01", "dates out of order"), id="dates out of order"),
    pytest.param("tax.yaml", AM_2005, AM_2005 + "\n      " + am("value: 0.09, reference: *themis_hist, status: verified"),
                 ("parameters.am_rate.values", "duplicated date '2005-01-01'"), id="duplicated date"),
    pytest.param("tax.yaml", AM_2005, AM_2005.replace("2005-01-01", "2005-13-01"),
                 ("parameters.am_rate.values.2005-13-01", "bad date"), id="bad date"),
    pytest.param("kontanthjaelp.yaml", KH_FULL_2005, kh("lots"),
                 ("parameters.rate_full_provider_m.values.2005-01-01.value", "expected a number, got 'lots'"),
                 id="wrong value type"),
    pytest.param("kontanthjaelp.yaml", KH_FULL_2005, kh("true"),
                 ("parameters.rate_full_provider_m.values.2005-01-01.value", "expected a number"),
                 id="bool where a number is expected"),
    pytest.param("kontanthjaelp.yaml", KH_FULL_2005, kh("113970"),
                 ("parameters.rate_full_provider_m.values.2005-01-01.value", "outside the declared range [0, 50000]"),
                 id="outside the declared range"),
    pytest.param("tax.yaml", AM_2005, am("value: 8, reference: *themis_hist, status: verified"),
                 ("parameters.am_rate.values.2005-01-01.value", "outside the declared range [0, 1]"),
                 id="rate above one"),
    pytest.param("tax.yaml", AM_2005, am("value: null, reference: *themis_hist, status: verified"),
                 ("parameters.am_rate.values.2005-01-01.value", "not declared 'nullable: true'"), id="null not nullable"),
    pytest.param("kontanthjaelp.yaml", "2025-07-01: {value: monthly_disregard,", "2025-07-01: {value: weekly_disregard,",
                 ("parameters.earnings_deduction_system.values.2025-07-01.value", "bad enum symbol 'weekly_disregard'"),
                 id="bad enum symbol"),
    pytest.param("tax.yaml", "- {threshold: 265500, rate: 0.06}", "- {threshold: 365500, rate: 0.06}",
                 ("parameters.state_brackets.values.2006-01-01.value", "strictly increasing"),
                 id="schedule thresholds not increasing"),
    pytest.param("atp.yaml", "- {threshold: 39, amount: 24.85}", "- {threshold: 39, rate: 24.85}",
                 ("parameters.employee_bands.values.2005-01-01.value", "row 1"), id="schedule row with the wrong column"),
    pytest.param("atp.yaml", "- {threshold: 117, amount: 74.55}",
                 "- {threshold: 117, amount: 74.55}\n          - {threshold: 160, amount: 80}",
                 ("parameters.employee_bands.values.2005-01-01.value", "at most 4"), id="schedule with too many rows"),
    pytest.param("tax.yaml", "parameters:\n  am_rate:\n",
                 "parameters:\n  wealth_rate:\n    description: {en: x, da: x}\n    unit: rate\n    values:\n"
                 "      2005-01-01: {value: 0.01, reference: *themis_hist, status: verified}\n  am_rate:\n",
                 ("parameters.wealth_rate", "unknown parameter 'tax.wealth_rate'"), id="unknown parameter"),
    pytest.param("tax.yaml", PFR_HEAD, PFR_HEAD.replace("psl20", "cpi"),
                 ("parameters.personfradrag_y.uprating", "unknown uprating index 'cpi'"), id="unknown uprating index"),
    pytest.param("tax.yaml", "    unit: rate\n    note: AM-bidrag",
                 "    unit: rate\n    uprating: psl20\n    note: AM-bidrag",
                 ("parameters.am_rate.uprating", "DKK amounts only"), id="uprating a rate"),
]


@pytest.mark.parametrize(("file", "old", "new", "fragments"), BROKEN)
def test_a_broken_file_is_reported_with_file_and_parameter_path(rules_copy, file, old, new, fragments):
    rules_copy.edit(file, old, new)
    problem = rules_copy.one_problem(*fragments)
    assert problem.startswith(f"{file}: "), problem


def test_the_real_rules_load_cleanly(rules):
    from taxben.rules.schema import PARAMETER_KINDS

    assert set(rules.parameters) == set(PARAMETER_KINDS)  # every parameter of the schema, nothing else
    assert rules.covered_ranges() == [("2005-01", "2007-12"), ("2026-01", "2028-12")]


def test_enum_list_must_match_the_engine(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", "enum: [hourly_disregard, monthly_disregard]", "enum: [hourly_disregard]")
    found = rules_copy.problems()
    assert any("kontanthjaelp.yaml: parameters.earnings_deduction_system.enum" in p for p in found), found


def test_parameter_missing_from_the_files(rules_copy):
    path = rules_copy.path / "tax.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  church_rate:\n"), text.index("  health_rate:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    rules_copy.one_problem("tax.yaml: parameters.church_rate", "missing parameter 'tax.church_rate'")


def test_a_whole_file_missing(rules_copy):
    (rules_copy.path / "atp.yaml").unlink()
    found = rules_copy.problems()
    names = ("employee_bands", "on_help_applies", "on_help_after_months", "on_help_employee_m")
    assert len(found) == len(names), found
    for name in names:
        assert any(p.startswith(f"atp.yaml: parameters.{name}: missing parameter") for p in found), (name, found)


def test_a_covered_month_without_a_value(rules_copy):
    rules_copy.edit("coverage.yaml", 'from: "2005-01"', 'from: "2004-12"')
    found = rules_copy.problems()
    from taxben.rules.schema import PARAMETER_KINDS

    assert len(found) == len(PARAMETER_KINDS), found  # every parameter starts on 2005-01-01
    assert any(p.startswith("tax.yaml: parameters.am_rate: no value in force on 2004-12-01") for p in found), found


def test_a_covered_year_without_an_uprating_index(rules_copy):
    rules_copy.edit("coverage.yaml", 'to: "2028-12"', 'to: "2029-01"')
    found = rules_copy.problems()
    assert any("kontanthjaelp.yaml: parameters.rate_full_provider_m" in p and "no satsregulering for 2029" in p
               for p in found), found


def test_yaml_syntax_error_names_the_file(rules_copy):
    rules_copy.edit("benefit_cap.yaml", "parameters:\n", "parameters:\n  - [unclosed\n")
    found = rules_copy.problems()
    assert any(p.startswith("benefit_cap.yaml:") and "YAML syntax error" in p for p in found), found


def test_every_problem_is_reported_at_once(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist"))
    rules_copy.edit("kontanthjaelp.yaml", KH_FULL_2005, kh("lots"))
    rules_copy.edit("boligsikring.yaml", "    unit: count\n    range: {min: 0, max: 20}",
                    "    unit: count\n    range: {min: 0, max: 20}\n    colour: blue")
    found = rules_copy.problems()
    assert len(found) == 3, found
    assert {p.split(":")[0] for p in found} == {"tax.yaml", "kontanthjaelp.yaml", "boligsikring.yaml"}


def test_rules_error_message_lists_the_problems(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, am("value: 0.08, reference: *themis_hist"))
    with pytest.raises(RulesError, match=r"1 problem in .*\n  - tax.yaml: parameters.am_rate"):
        load_rules(rules_copy.path)


def test_missing_rules_directory(tmp_path):
    with pytest.raises(RulesError, match="not found"):
        load_rules(tmp_path / "nowhere")
