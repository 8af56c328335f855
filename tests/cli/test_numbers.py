"""Numbers on the command line as a Danish caseworker types them (issue 10: "4.000" was read as 4).

The same rent written four ways gives the same table; written in a way that reads as 4,000 in Danish
and 4 in English, it is refused with exit 2 and a sentence saying how to write either.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from taxben.cli.main import app
from taxben.numbers import NumberError, parse_either

runner = CliRunner()


@pytest.mark.parametrize("text, value", [
    ("4000", 4000.0), ("4.000,50", 4000.5), ("4000,50", 4000.5), ("4,000.50", 4000.5), ("4 000", 4000.0),
    ("110.5", 110.5), ("110,5", 110.5), ("1.234.567", 1234567.0), ("0", 0.0),
])
def test_numbers_either_convention(text, value):
    assert parse_either(text) == value


@pytest.mark.parametrize("text, key", [
    ("4.000", "num_ambiguous_either"), ("4,000", "num_ambiguous_either"), ("abc", "num_unreadable"),
    ("inf", "num_not_finite"), ("nan", "num_not_finite"), ("", "num_empty"),
])
def test_numbers_refused(text, key):
    with pytest.raises(NumberError) as info:
        parse_either(text)
    assert info.value.key == key


def household(*args: str):
    return runner.invoke(app, ["household", "--hours", "0", "--months", "1", *args])


def test_danish_rent_gives_the_same_table_as_plain_digits():
    """Kirsten types her client's rent of 4,000.50 kroner the Danish way: the same table as 4000.5."""
    plain = household("--rent", "4000.5")
    assert plain.exit_code == 0, plain.output
    for written in ("4.000,50", "4000,50", "4,000.50"):
        result = household("--rent", written)
        assert result.exit_code == 0, result.output
        assert result.output == plain.output


@pytest.mark.parametrize("option, written, says", [
    ("--rent", "4.000", "can be 4000"),
    ("--rent", "abc", "is not a number"),
    ("--wage", "inf", "must be a finite number"),
    ("--age", "35,5", "is not a whole number"),
    ("--months", "0", "outside 1-120"),
])
def test_unreadable_or_ambiguous_numbers_are_refused(option, written, says):
    result = household(option, written)
    assert result.exit_code == 2
    assert says in result.output and "Traceback" not in result.output


def test_synth_population_size_with_a_thousands_space(tmp_path):
    """"1 000" adults is a thousand in both conventions; "1.000" is a thousand in Danish but one in
    English, so it is refused rather than guessed."""
    import pandas as pd

    out = tmp_path / "pop.parquet"
    result = runner.invoke(app, ["synth", "--n", "1 000", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(out)) == 1000
    refused = runner.invoke(app, ["synth", "--n", "1.000", "--out", str(tmp_path / "other.parquet")])
    assert refused.exit_code == 2 and "can be 1000" in refused.output


def test_a_size_below_its_minimum_names_the_minimum(tmp_path):
    """--n has a minimum (1) and no maximum: the message says the minimum, not a range with one end."""
    refused = runner.invoke(app, ["synth", "--n", "0", "--out", str(tmp_path / "pop.parquet")])
    assert refused.exit_code == 2
    assert "0 is below the minimum 1" in refused.output and "outside 1 " not in refused.output
