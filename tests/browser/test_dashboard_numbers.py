"""The dashboards' number reader and writer (``dashboards/components/numbers.py``), without a browser.

A Danish caseworker writes "4.000" for four thousand and "4000,50" for four thousand kroner and fifty øre;
an English page writes "4,000.50". Text that could mean two things ("4,000" on the Danish page: four, or four
thousand written the English way?) or is written the other language's way is refused with a message key,
never guessed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from taxben.numbers import (NumberError, format_input, format_kr, format_number,  # noqa: E402
                                           format_pct, parse_number, tabulator_money)


@pytest.mark.parametrize("text, value", [
    ("4.000", 4000.0), ("4 000", 4000.0), ("4\u00a0000", 4000.0), ("4000,50", 4000.5), ("4.000,50", 4000.5),
    ("1.000.000", 1_000_000.0), ("7.602 kr.", 7602.0), ("110", 110.0), ("0,5", 0.5), ("0,500", 0.5),
    ("\u221212", -12.0), ("12,5", 12.5)])
def test_danish_page_reads_danish_numbers(text, value):
    assert parse_number(text, "da") == value


@pytest.mark.parametrize("text, value", [
    ("4,000.50", 4000.5), ("4,000", 4000.0), ("4000.50", 4000.5), ("4 000", 4000.0), ("1,000,000", 1e6),
    ("12.5", 12.5)])
def test_english_page_reads_english_numbers(text, value):
    assert parse_number(text, "en") == value


@pytest.mark.parametrize("lang, text, key, values", [
    ("da", "", "num_empty", {}),
    ("da", "abc", "num_unreadable", {"text": "abc"}),
    ("da", "4.000 000", "num_unreadable", {"text": "4.000 000"}),  # two kinds of grouping
    ("da", "4,000", "num_ambiguous", {"text": "4,000", "small": "4", "big": "4.000"}),
    ("da", "12,500", "num_ambiguous", {"text": "12,500", "small": "12,5", "big": "12.500"}),
    ("da", "4.5", "num_other_convention", {"text": "4.5", "suggestion": "4,5"}),
    ("da", "4,000.50", "num_other_convention", {"text": "4,000.50", "suggestion": "4.000,50"}),
    ("en", "4.000", "num_ambiguous", {"text": "4.000", "small": "4", "big": "4,000"}),
    ("en", "4000,50", "num_other_convention", {"text": "4000,50", "suggestion": "4000.50"}),
])
def test_what_cannot_be_read_for_certain_is_refused(lang, text, key, values):
    with pytest.raises(NumberError) as info:
        parse_number(text, lang)
    assert info.value.key == key and info.value.values == values


def test_whole_numbers_only_where_asked():
    assert parse_number("35", "da", integer=True) == 35
    with pytest.raises(NumberError) as info:
        parse_number("35,5", "da", integer=True)
    assert info.value.key == "num_not_integer"


def test_one_formatter_for_both_languages():
    assert format_kr(7602, "da") == "7.602 kr." and format_kr(7602, "en") == "7,602 kr"
    assert format_pct(0.925, "da") == "92,5 %" and format_pct(0.925, "en") == "92.5 %"
    assert format_kr(-0.3, "da") == "0 kr."  # never "-0"
    assert format_number(-2803.85, "da", 2) == "\u22122.803,85"
    assert format_number(float("nan"), "da") == "–"
    assert format_input(4000.5, "da") == "4.000,50" and format_input(4000, "en") == "4,000"
    assert tabulator_money("da")["thousand"] == "." and tabulator_money("da")["decimal"] == ","
    assert tabulator_money("en")["thousand"] == "," and tabulator_money("en")["decimal"] == "."


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["da", "en"]))
def test_a_number_written_back_reads_as_itself(ore, lang):
    """What a field shows after reading (``format_input``) reads back as the same amount, in kroner and øre."""
    amount = ore / 100
    assert parse_number(format_input(amount, lang), lang) == pytest.approx(amount, abs=1e-9)
