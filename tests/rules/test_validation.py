"""Each kind of broken rule file is reported with its file, the parameter path and the problem."""

from __future__ import annotations

import pytest

from taxben.rules import RulesError, load_rules

AM_2005 = "2005-01-01: {value: 0.08, reference: *tax2005, status: verified}"
KH_FULL_2005 = "2005-01-01: {value: 11397, reference: *kh2005, status: verified}"


def test_the_real_rules_load_cleanly(rules):
    assert len(rules.parameters) == 60
    assert rules.covered_ranges() == [("2005-01", "2007-12"), ("2026-01", "2028-12")]


def test_unknown_key_in_a_parameter(rules_copy):
    rules_copy.edit("tax.yaml", "  am_rate:\n    description:", "  am_rate:\n    colour: red\n    description:")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate", "unknown key 'colour'")


def test_unknown_key_in_a_dated_value(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005, status: verified, sauce: x}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01", "unknown key 'sauce'")


def test_unknown_top_level_key(rules_copy):
    rules_copy.edit("atp.yaml", "parameters:\n", "paramters: {}\nparameters:\n")
    rules_copy.one_problem("atp.yaml", "(top level)", "unknown key 'paramters'")


def test_missing_unit(rules_copy):
    rules_copy.edit("tax.yaml", "    unit: DKK/year\n    range: {min: 0, max: 200000}\n    uprating: psl20\n    values:\n"
         "      2005-01-01: {value: 37600",
         "    range: {min: 0, max: 200000}\n    uprating: psl20\n    values:\n      2005-01-01: {value: 37600")
    rules_copy.one_problem("tax.yaml", "parameters.personfradrag_y", "missing required key 'unit'")


def test_unknown_unit(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", "    unit: years\n", "    unit: decades\n")
    rules_copy.one_problem("kontanthjaelp.yaml", "parameters.full_rate_age.unit", "decades")


def test_missing_reference(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01", "missing required key 'reference'")


def test_reference_without_url_or_citation(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: {title: hearsay}, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01.reference", "'url' or a 'citation'")


def test_missing_status(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01", "missing required key 'status'")


def test_bad_status(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005, status: probably}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01.status", "probably")


def test_estimated_without_method(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005, status: estimated}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01", "requires a 'method'")


def test_method_on_a_verified_value(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005, status: verified, method: guess}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01", "only for estimated values")


def test_dates_out_of_order(rules_copy):
    rules_copy.edit("tax.yaml",
         "      2005-01-01: {value: 0.08, reference: *tax2005, status: verified}\n"
         "      2026-01-01: {value: 0.08, reference: *tax2026, status: verified}",
         "      2026-01-01: {value: 0.08, reference: *tax2026, status: verified}\n"
         "      2005-01-01: {value: 0.08, reference: *tax2005, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01", "dates out of order")


def test_duplicated_date(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, AM_2005 + "\n      " + "2005-01-01: {value: 0.09, reference: *tax2005, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values", "duplicated date '2005-01-01'")


def test_bad_date_key(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-13-01: {value: 0.08, reference: *tax2005, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-13-01", "bad date")


def test_wrong_value_type(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", KH_FULL_2005, "2005-01-01: {value: lots, reference: *kh2005, status: verified}")
    rules_copy.one_problem("kontanthjaelp.yaml", "parameters.rate_full_provider_m.values.2005-01-01.value",
                "expected a number, got 'lots'")


def test_bool_where_a_number_is_expected(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", KH_FULL_2005, "2005-01-01: {value: true, reference: *kh2005, status: verified}")
    rules_copy.one_problem("kontanthjaelp.yaml", "rate_full_provider_m.values.2005-01-01.value", "expected a number")


def test_value_outside_declared_range(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", KH_FULL_2005, "2005-01-01: {value: 113970, reference: *kh2005, status: verified}")
    rules_copy.one_problem("kontanthjaelp.yaml", "parameters.rate_full_provider_m.values.2005-01-01.value",
                "outside the declared range")


def test_rate_above_one_without_declared_range(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 8, reference: *tax2005, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01.value", "outside the declared range [0, 1]")


def test_null_in_a_non_nullable_parameter(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: null, reference: *tax2005, status: verified}")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.values.2005-01-01.value", "not declared 'nullable: true'")


def test_bad_enum_symbol(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", "2025-07-01: {value: monthly_disregard,", "2025-07-01: {value: weekly_disregard,")
    rules_copy.one_problem("kontanthjaelp.yaml", "parameters.earnings_deduction_system.values.2025-07-01.value",
                "bad enum symbol 'weekly_disregard'")


def test_enum_list_must_match_the_engine(rules_copy):
    rules_copy.edit("kontanthjaelp.yaml", "enum: [hourly_disregard, monthly_disregard]", "enum: [hourly_disregard]")
    found = rules_copy.problems()
    assert any("kontanthjaelp.yaml: parameters.earnings_deduction_system.enum" in p for p in found), found


def test_schedule_thresholds_must_increase(rules_copy):
    rules_copy.edit("tax.yaml", "- {threshold: 265500, rate: 0.06}", "- {threshold: 365500, rate: 0.06}")
    rules_copy.one_problem("tax.yaml", "parameters.state_brackets.values.2006-01-01.value", "strictly increasing")


def test_schedule_row_with_wrong_column(rules_copy):
    rules_copy.edit("atp.yaml", "- {threshold: 39, amount: 24.85}", "- {threshold: 39, rate: 24.85}")
    rules_copy.one_problem("atp.yaml", "parameters.employee_bands.values.2005-01-01.value", "row 1")


def test_schedule_with_too_many_rows(rules_copy):
    rules_copy.edit("atp.yaml", "- {threshold: 117, amount: 74.55}",
         "- {threshold: 117, amount: 74.55}\n          - {threshold: 160, amount: 80}")
    rules_copy.one_problem("atp.yaml", "parameters.employee_bands.values.2005-01-01.value", "at most 4")


def test_parameter_missing_from_the_files(rules_copy):
    text = (rules_copy.path / "tax.yaml").read_text(encoding="utf-8")
    start = text.index("  church_rate:\n")
    end = text.index("  health_rate:\n")
    (rules_copy.path / "tax.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    rules_copy.one_problem("tax.yaml", "parameters.church_rate", "missing parameter 'tax.church_rate'")


def test_a_whole_file_missing(rules_copy):
    (rules_copy.path / "atp.yaml").unlink()
    rules_copy.one_problem("atp.yaml", "parameters.employee_bands", "missing parameter")


def test_unknown_parameter(rules_copy):
    rules_copy.edit("tax.yaml", "parameters:\n  am_rate:\n",
         "parameters:\n  wealth_rate:\n    description: {en: x, da: x}\n    unit: rate\n    values:\n"
         "      2005-01-01: {value: 0.01, reference: *tax2005, status: verified}\n  am_rate:\n")
    rules_copy.one_problem("tax.yaml", "parameters.wealth_rate", "unknown parameter 'tax.wealth_rate'")


def test_unknown_uprating_index(rules_copy):
    rules_copy.edit("tax.yaml", "    unit: DKK/year\n    range: {min: 0, max: 200000}\n    uprating: psl20\n    values:\n"
         "      2005-01-01: {value: 37600",
         "    unit: DKK/year\n    range: {min: 0, max: 200000}\n    uprating: cpi\n    values:\n      2005-01-01: {value: 37600")
    rules_copy.one_problem("tax.yaml", "parameters.personfradrag_y.uprating", "unknown uprating index 'cpi'")


def test_uprating_only_for_money(rules_copy):
    rules_copy.edit("tax.yaml", "    unit: rate\n    values:\n      2005-01-01: {value: 0.08,",
         "    unit: rate\n    uprating: psl20\n    values:\n      2005-01-01: {value: 0.08,")
    rules_copy.one_problem("tax.yaml", "parameters.am_rate.uprating", "DKK amounts only")


def test_a_covered_month_without_a_value(rules_copy):
    rules_copy.edit("coverage.yaml", 'from: "2005-01"', 'from: "2004-12"')
    found = rules_copy.problems()
    assert len(found) == 60, found  # every parameter starts on 2005-01-01
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
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005}")
    rules_copy.edit("kontanthjaelp.yaml", KH_FULL_2005, "2005-01-01: {value: lots, reference: *kh2005, status: verified}")
    rules_copy.edit("boligsikring.yaml", "    unit: count\n    range: {min: 0, max: 20}",
         "    unit: count\n    range: {min: 0, max: 20}\n    colour: blue")
    found = rules_copy.problems()
    assert len(found) == 3, found
    assert {p.split(":")[0] for p in found} == {"tax.yaml", "kontanthjaelp.yaml", "boligsikring.yaml"}


def test_rules_error_message_lists_the_problems(rules_copy):
    rules_copy.edit("tax.yaml", AM_2005, "2005-01-01: {value: 0.08, reference: *tax2005}")
    with pytest.raises(RulesError, match=r"1 problem in .*\n  - tax.yaml: parameters.am_rate"):
        load_rules(rules_copy.path)


def test_missing_rules_directory(tmp_path):
    with pytest.raises(RulesError, match="not found"):
        load_rules(tmp_path / "nowhere")
