"""Issue 14 items 11 and 12: job-centre words. "Rådighedsbeløb" is what is left after rent, so the page
shows disposable income before rent and the rådighedsbeløb after it, named so; and for a 2026 case it says
what the match groups stand for under current law (jobparat / aktivitetsparat) next to the selector.

EXAMPLES case A, January 2005, rent 4,000 kr.: household disposable income at 0 hours D0 from
``taxben.calc.household``; rådighedsbeløb = D0 - 4,000.
"""

from __future__ import annotations

import pytest
from dashboard_helpers import engine_household, engine_months, engine_value, kr_da, open_caseworker, page_text, type_number, wait_until

pytestmark = pytest.mark.browser


def test_disposable_income_before_and_after_rent(page, server_url):
    d0 = engine_value(engine_months(engine_household(0, rent=4000), months=1), "household_disposable_income_m")
    open_caseworker(page, server_url)
    type_number(page, "rent_monthly", "4000")
    card = page.locator(".tb-kpi-zero")
    wait_until(lambda: card.locator(".v").inner_text() == kr_da(d0), message="computed with rent 4,000")
    text = card.inner_text()
    assert "disponibel indkomst pr. måned (før husleje)" in text
    assert f"rådighedsbeløb efter husleje: {kr_da(d0 - 4000)}" in text
    assert "Disponibel indkomst (før husleje)" in page_text(page)  # the chart's title


def test_2026_match_groups_are_explained_next_to_the_selector(page, server_url):
    open_caseworker(page, server_url)
    group = page.locator(".in-match_group select")
    assert "aktivitetsparat" not in " ".join(group.locator("option").all_inner_texts())  # 2005: match groups
    page.locator(".in-start select").select_option(label="januar 2026")
    wait_until(lambda: "Matchgruppe 4 – aktivitetsparat" in group.locator("option").all_inner_texts(),
               message="2026 option labels")
    assert "Matchgruppe 2 – jobparat" in group.locator("option").all_inner_texts()
    note = page.locator("[data-testid=group-note]").first
    assert "jobparat" in note.inner_text() and "aktivitetsparat" in note.inner_text()
    assert group.locator("option:checked").inner_text() == "Matchgruppe 4 – aktivitetsparat"
