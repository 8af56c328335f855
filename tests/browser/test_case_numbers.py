"""Issue 14 item 1: numbers typed the Danish way (and the English way on the English page) are read, shown
back in the page's convention, and what cannot be read is marked next to the field without recomputing.

The household is EXAMPLES case A (single, 35, 110 kr/h, match group 4, January 2005). Rent matters at 0 hours
through boligsikring, so the card "Uden arbejde" (household disposable income at 0 hours) tells which rent
the page computed with; the expected amounts come from ``taxben.calc`` for that rent.
"""

from __future__ import annotations

import pytest
from dashboard_helpers import (engine_household, engine_months, engine_value, field_value, kr_da, kr_en,
                               open_caseworker, page_text, sentence, type_number, wait_until)

pytestmark = pytest.mark.browser


def zero_hours_income(rent: float) -> float:
    """Household disposable income at 0 hours, month 1, for case A paying ``rent`` (engine)."""
    return engine_value(engine_months(engine_household(0, rent=rent), months=1), "household_disposable_income_m")


def zero_card(page) -> str:
    return page.locator(".tb-kpi-zero .v").inner_text()


def test_danish_forms_are_read_and_written_back(page, server_url, console_errors):
    # 4.000 (thousands dot) is four thousand: 7.065 kr. at 0 hours; read as 4 it would be 6.465 kr.
    assert round(zero_hours_income(4000)) != round(zero_hours_income(4))
    open_caseworker(page, server_url)
    for typed, shown, rent in (("4.000", "4.000", 4000.0), ("4000,50", "4.000,50", 4000.5), ("4 000", "4.000", 4000.0),
                               ("3.500,5", "3.500,50", 3500.5)):
        type_number(page, "rent_monthly", typed)
        expected = kr_da(zero_hours_income(rent))
        wait_until(lambda: field_value(page, "rent_monthly") == shown, message=f"{typed!r} shown back as {shown!r}")
        wait_until(lambda: zero_card(page) == expected, message=f"rent {typed!r} computed as {rent}")
    assert page.locator(".tb-error").count() == 0
    assert console_errors == []


def test_english_page_reads_english_forms(page, server_url):
    open_caseworker(page, server_url, lang="en")
    type_number(page, "rent_monthly", "4,000.50")
    expected = kr_en(zero_hours_income(4000.5))
    wait_until(lambda: zero_card(page) == expected, message="4,000.50 read as 4000.5 on the English page")
    assert field_value(page, "rent_monthly") == "4,000.50"
    type_number(page, "rent_monthly", "4000,50")  # the Danish way, on the English page: not guessed
    message = page.locator(".tb-error[data-field=rent_monthly]")
    message.wait_for(timeout=10_000)
    assert "4000.50" in message.inner_text()  # it says how to write it here
    assert zero_card(page) == expected


def test_unreadable_text_is_marked_and_nothing_is_recomputed(page, server_url):
    open_caseworker(page, server_url)
    type_number(page, "rent_monthly", "4.000")
    expected = kr_da(zero_hours_income(4000))
    wait_until(lambda: zero_card(page) == expected, message="rent 4.000")
    before = sentence(page)
    for typed, says in (("abc", "abc"), ("", "tom"), ("4,000", "4.000")):  # 4,000: four or four thousand?
        type_number(page, "rent_monthly", typed)
        message = page.locator(".tb-error[data-field=rent_monthly]")
        wait_until(lambda: message.count() == 1 and says in message.inner_text(),
                   message=f"error next to the rent field for {typed!r}")
        assert page.locator(".inputs-alert").is_visible()  # the page says the results are the last valid ones
        assert field_value(page, "rent_monthly") == typed  # the caseworker's text stays, to be corrected
        assert zero_card(page) == expected and sentence(page) == before  # nothing recomputed
        assert "NaN" not in page_text(page)
    type_number(page, "rent_monthly", "4000")
    page.locator(".tb-error[data-field=rent_monthly]").wait_for(state="detached", timeout=10_000)
    assert field_value(page, "rent_monthly") == "4.000"
    assert zero_card(page) == expected
