"""Validation stories: clean files pass, every broken rule is reported at once, nothing is coerced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from taxben.population import (
    PopulationError,
    read_hours_schedule,
    read_population,
    validate_file,
    validate_population,
)

CANONICAL_DTYPES = {
    "person_id": "int64", "household_id": "int64", "weight": "float64", "age": "int64",
    "n_children": "int64", "lives_with_parents": "bool", "receives_kontanthjaelp": "bool",
    "match_group": "Int64", "months_on_benefit": "int64", "hourly_wage": "float64",
    "hours_per_week": "float64", "rent_monthly": "float64", "other_income_monthly": "float64",
    "ceiling_months_used": "int64", "extension_granted": "bool", "rate_category": "str",
}


def _violations(path):
    with pytest.raises(PopulationError) as info:
        read_population(path)
    return info.value.violations


def test_clean_csv_passes_with_canonical_dtypes_and_households_adjacent(clean_csv):
    df = read_population(clean_csv)
    assert {c: str(df[c].dtype) for c in CANONICAL_DTYPES} == CANONICAL_DTYPES
    # sorted stably by household: person 3 moves up beside person 2, original order kept within
    assert df["person_id"].tolist() == [1, 2, 3, 5, 4]
    assert df["match_group"].isna().tolist() == [False, False, False, True, False]
    # optional columns absent from the file get their defaults
    assert (df["ceiling_months_used"] == 0).all() and not df["extension_granted"].any()
    assert (df["rate_category"] == "").all()
    assert validate_file(clean_csv) == []


def test_parquet_and_csv_give_the_same_frame(clean_csv, clean_frame, tmp_path):
    parquet = tmp_path / "population.parquet"
    clean_frame.to_parquet(parquet)
    pd.testing.assert_frame_equal(read_population(parquet), read_population(clean_csv))


def test_pass_through_columns_survive_in_their_original_dtype(clean_frame, tmp_path):
    clean_frame["score"] = np.arange(len(clean_frame)) * 0.5
    clean_frame["cohort"] = np.arange(len(clean_frame), dtype=np.int32)
    path = tmp_path / "extra.parquet"
    clean_frame.to_parquet(path)
    df = read_population(path)
    assert list(df.columns[-3:]) == ["region", "score", "cohort"]
    assert df["cohort"].dtype == np.int32 and df["score"].dtype == np.float64
    by_person = df.set_index("person_id")
    assert by_person.loc[5, "region"] == "west" and by_person.loc[5, "score"] == 1.0


def test_corrupted_csv_reports_every_violation_at_once(tmp_path):
    rows = [
        # person_id,household_id,weight,age,n_children,lives_with_parents,receives,match_group,
        # months_on_benefit,hourly_wage,hours_per_week,rent_monthly,rate_category
        "1,10,2.5,35,0,false,true,4,0,12abc,0,0,",  # text in a number column
        "1,11,3,17,2,maybe,true,7,1.5,120,15,6000,mindstesats",  # dup id, age, bool, group, fraction
        "3,11,4,38,2,false,true,,12,120,NaN,6000,bogus",  # weight differs, no group, NaN, category
        "4,11,3,30,0,false,false,,0,inf,37,6000,",  # third adult, n_children differs, inf
        "5,12,1,30,0,false,false,,0,150,70,-5,",  # hours out of range, negative rent
    ]
    header = ("person_id,household_id,weight,age,n_children,lives_with_parents,receives_kontanthjaelp,"
              "match_group,months_on_benefit,hourly_wage,hours_per_week,rent_monthly,rate_category")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([header, *rows]) + "\n")

    violations = _violations(path)
    found = {(v.column, v.rule.split(":")[0], v.rows) for v in violations}
    expected = {
        ("other_income_monthly", "required column missing", ()),
        ("hourly_wage", "wrong type", (1,)),
        ("hourly_wage", "not finite (inf)", (4,)),
        ("person_id", "duplicate person_id", (1, 2)),
        ("age", "out of range", (2,)),
        ("lives_with_parents", "wrong type", (2,)),
        ("match_group", "out of range", (2,)),
        ("months_on_benefit", "not a whole number (fractional value)", (2,)),
        ("match_group", "recipient (receives_kontanthjaelp) without a match group", (3,)),
        ("hours_per_week", "missing value (empty or NaN)", (3,)),
        ("rate_category", "not one of full_provider, full_other, young_away, young_home, minimum (or empty)", (3,)),
        ("household_id", "more than 2 adults in a household", (2, 3, 4)),
        ("weight", "household-level value differs between the adults of a household", (2, 3, 4)),
        ("n_children", "household-level value differs between the adults of a household", (2, 3, 4)),
        ("hours_per_week", "out of range", (5,)),
        ("rent_monthly", "out of range", (5,)),
    }
    assert found == expected
    assert all(v.file == str(path) for v in violations)
    assert validate_file(path) == violations


def test_text_in_a_number_column_is_not_coerced(clean_csv, tmp_path):
    path = tmp_path / "text.csv"
    path.write_text(clean_csv.read_text().replace("2,11,3,40", "2,11,3,40abc"))
    [violation] = _violations(path)
    assert (violation.column, violation.rows, violation.example) == ("age", (2,), "'40abc'")
    assert violation.rule == "wrong type: expected a whole number"


def test_fractional_value_in_a_whole_number_column_is_an_error_not_rounded(clean_frame):
    clean_frame["age"] = clean_frame["age"].astype(float)
    clean_frame.loc[0, "age"] = 35.4
    with pytest.raises(PopulationError) as info:
        validate_population(clean_frame, "frame")
    [violation] = info.value.violations
    assert violation.rule == "not a whole number (fractional value)" and violation.example == "35.4"


def test_rows_name_at_most_ten_and_count_all(clean_frame):
    big = pd.concat([clean_frame] * 5, ignore_index=True)
    big["person_id"] = np.arange(len(big))
    big["household_id"] = np.arange(len(big))
    big["age"] = 12
    with pytest.raises(PopulationError) as info:
        validate_population(big)
    [violation] = info.value.violations
    assert violation.rows == tuple(range(1, 11)) and violation.count == 25


def test_rate_category_accepts_engine_codes_and_danish_names(clean_frame):
    clean_frame["rate_category"] = ["minimum", "mindstesats", None, "", "hjemmeboende"]
    df = validate_population(clean_frame)
    assert df.set_index("person_id")["rate_category"].to_dict() == {
        1: "minimum", 2: "minimum", 3: "", 4: "young_home", 5: ""}


def test_non_recipient_may_have_a_match_group(clean_frame):
    clean_frame.loc[clean_frame["person_id"] == 5, "match_group"] = 2
    assert validate_population(clean_frame)["match_group"].notna().all()


def test_unreadable_and_unknown_files_are_violations_not_crashes(tmp_path):
    (tmp_path / "x.xlsx").write_text("?")
    for path, start in ((tmp_path / "missing.csv", "no such file"), (tmp_path / "x.xlsx", "cannot read file")):
        [violation] = validate_file(path)
        assert violation.rule.startswith(start)


def test_render_gives_a_table_naming_file_column_and_rule(clean_csv, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(clean_csv.read_text().replace("35,0,false", "35,0,perhaps"))
    with pytest.raises(PopulationError) as info:
        read_population(path)
    console = Console(record=True, width=200)
    console.print(info.value.render())
    text = console.export_text()
    assert "short.csv" in text and "lives_with_parents" in text and "wrong type" in text
    assert "1-based data rows" in str(info.value)


def test_a_missing_file_says_so_in_a_sentence_without_row_conventions(tmp_path, monkeypatch):
    """Mette types the name of a file that is not in the folder she runs taxben from: the message says what to
    check, names the folder, and carries neither the operating system's errno nor the note on how rows are
    counted (no row is listed)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PopulationError) as info:
        read_population("befolkning.csv")
    message = str(info.value)
    assert "befolkning.csv" in message and "no such file" in message and str(tmp_path) in message
    assert "Errno" not in message and "1-based" not in message
    console = Console(record=True, width=200)
    console.print(info.value.render())
    assert "1-based" not in console.export_text()


SCHEDULE = "person_id,month,hours_per_week\n2,2005-03,10\n1,2005-02,5\n1,2005-01,0\n"


def test_hours_schedule_is_validated_and_sorted(clean_csv, tmp_path):
    population = read_population(clean_csv)
    path = tmp_path / "hours.csv"
    path.write_text(SCHEDULE)
    df = read_hours_schedule(path, population)
    assert df[["person_id", "month"]].values.tolist() == [[1, "2005-01"], [1, "2005-02"], [2, "2005-03"]]
    assert str(df["month"].dtype) == "str" and df["hours_per_week"].dtype == np.float64


def test_hours_schedule_reports_every_violation(clean_csv, tmp_path):
    population = read_population(clean_csv)
    path = tmp_path / "hours.csv"
    path.write_text(SCHEDULE + "99,2005-01,5\n1,2005-13,5\n2,2005-03,61\n")
    with pytest.raises(PopulationError) as info:
        read_hours_schedule(path, population)
    found = {(v.column, v.rule, v.rows) for v in info.value.violations}
    assert found == {
        ("person_id", "unknown person_id (not in the population)", (4,)),
        ("month", "bad month: expected YYYY-MM", (5,)),
        ("hours_per_week", "out of range: must be in [0, 60]", (6,)),
        ("person_id, month", "duplicate (person_id, month)", (1, 6)),
    }


def test_whole_numbers_beyond_float_precision_are_rejected_not_mangled(clean_frame):
    clean_frame["person_id"] = clean_frame["person_id"].astype(object)
    clean_frame.loc[0, "person_id"] = 2**70
    with pytest.raises(PopulationError) as info:
        validate_population(clean_frame)
    [violation] = info.value.violations
    assert violation.rule == "whole number too large (beyond ±2^53)" and violation.rows == (1,)


def test_semicolon_csv_reads_like_the_plain_csv(clean_csv, tmp_path):
    # the same file with ';' between columns (as Danish Excel saves it) gives the same frame
    path = tmp_path / "excel.csv"
    path.write_text(clean_csv.read_text().replace(",", ";"))
    assert validate_file(path) == []
    pd.testing.assert_frame_equal(read_population(path), read_population(clean_csv))


def test_children_by_age_band_are_optional_and_must_add_up(clean_frame):
    """The four age-band columns (børne- og ungeydelse) are optional; given, they must all be there,
    agree within the household and add up to n_children."""
    assert not any(c.startswith("n_children_") for c in validate_population(clean_frame).columns)
    bands = ["n_children_0_2", "n_children_3_6", "n_children_7_14", "n_children_15_17"]
    aged = clean_frame.copy()
    aged[bands] = 0
    aged["n_children_7_14"] = aged["n_children"]  # every child aged 7-14
    checked = validate_population(aged)
    assert (checked["n_children_7_14"] == checked["n_children"]).all()
    wrong = aged.copy()
    wrong.loc[wrong["n_children"] > 0, "n_children_0_2"] = 1  # one child too many where there are children
    with pytest.raises(PopulationError) as info:
        validate_population(wrong)
    assert any("add up to n_children" in v.rule for v in info.value.violations)
    partial = clean_frame.copy()
    partial["n_children_0_2"] = 0
    with pytest.raises(PopulationError) as info:
        validate_population(partial)
    assert any("all four columns" in v.rule for v in info.value.violations)


def test_a_row_of_only_separators_is_one_violation_not_one_per_column(clean_csv, tmp_path):
    """Søren cleared the cells of a sixth adult in Excel and saved as semicolon CSV: Excel keeps the row as
    ';;;;…'. It is one violation naming the row (6) and saying what to do, not 14 "missing value"
    violations, and the file is still refused (the row is not dropped silently). A real mistake elsewhere
    in the file (adult 2's age "forty") is reported beside it."""
    lines = clean_csv.read_text().splitlines()
    lines[2] = lines[2].replace(",40,", ",forty,")
    text = "\n".join(line.replace(",", ";") for line in lines) + "\n" + ";" * 13 + "\n"
    path = tmp_path / "excel.csv"
    path.write_text(text, encoding="cp1252")
    violations = _violations(path)
    assert [(v.column, v.rows) for v in violations] == [("", (6,)), ("age", (2,))]
    assert "every field of the row is empty" in violations[0].rule and "delete" in violations[0].rule
    assert not any("missing value" in v.rule for v in violations)


def test_a_blank_row_in_an_hours_schedule_is_named_once(clean_csv, tmp_path):
    schedule = tmp_path / "hours.csv"
    schedule.write_text("person_id,month,hours_per_week\n1,2005-01,10\n,,\n2,2005-01,12\n")
    with pytest.raises(PopulationError) as info:
        read_hours_schedule(schedule, read_population(clean_csv))
    assert [(v.column, v.rows) for v in info.value.violations] == [("", (2,))]


def test_rows_count_data_rows_and_the_message_says_empty_lines_are_not_counted(clean_csv, tmp_path):
    """An empty line after the header, and adult 4's age written "abc" on line 6 of the file: the header and
    the empty line are not data rows, so the violation is at row 4 (line 6 − the header − the empty line), and
    the note on how rows are counted says so (it used to promise line = row + 1, i.e. line 5)."""
    lines = clean_csv.read_text().splitlines()
    lines[4] = lines[4].replace(",38,", ",abc,")  # person 3, the fourth adult
    path = tmp_path / "gap.csv"
    path.write_text("\n".join([lines[0], "", *lines[1:]]) + "\n")
    assert path.read_text().splitlines()[5].startswith("3,11,3,abc")  # line 6 of the file
    with pytest.raises(PopulationError) as info:
        read_population(path)
    [violation] = info.value.violations
    assert (violation.column, violation.rows) == ("age", (4,))
    assert "empty lines are not counted" in str(info.value)
