"""Issue 14 item 9: a wage of 0 and other degenerate input get a plain message (never "NaN" or empty charts),
and implausible values are caught with the same bounds as the CLI's population files
(``taxben.population.schema``: ``max`` is an error, ``warn_above`` a warning).

EXAMPLES case A, January 2005. Bounds (schema): rent at most 100,000 kr. a month, plausible up to 25,000;
hourly wage at most 10,000 kr., plausible up to 2,000.
"""

from __future__ import annotations

import pytest
from dashboard_helpers import (engine_household, engine_months, engine_value, kr_da, open_caseworker, page_text, sentence,
                               type_number, wait_until)

from taxben.population.schema import POPULATION_COLUMNS

pytestmark = pytest.mark.browser
SPEC = {c.name: c for c in POPULATION_COLUMNS}


def test_wage_zero_gets_a_plain_message(page, server_url, console_errors):
    open_caseworker(page, server_url)
    type_number(page, "hourly_wage", "0")
    wait_until(lambda: "timeløn på 0 kr." in sentence(page), message="wage-0 sentence")
    assert "kan ikke beregnes" in sentence(page)
    d0 = engine_value(engine_months(engine_household(0, hourly_wage=0.0), months=1), "household_disposable_income_m")
    assert kr_da(d0) in sentence(page)  # what the household has without work is still said
    assert page.locator(".tb-kpi-emtr .v").inner_text() == "–"
    body = page_text(page)
    assert "NaN" not in body and "nan" not in body.split()
    assert console_errors == []


@pytest.mark.parametrize("field, typed, column", [("rent_monthly", "1000000", "rent_monthly"),
                                                  ("hourly_wage", "100000", "hourly_wage")])
def test_values_beyond_the_shared_bounds_are_errors(page, server_url, field, typed, column):
    limit = SPEC[column].max
    assert float(typed) > limit
    open_caseworker(page, server_url)
    before = sentence(page)
    type_number(page, field, typed)
    message = page.locator(f".tb-error[data-field={field}]")
    message.wait_for(timeout=10_000)
    assert f"højst være {kr_da(limit)}" in message.inner_text()
    page.wait_for_timeout(500)
    assert sentence(page) == before  # nothing computed with it


def test_implausible_rent_is_computed_with_a_warning(page, server_url):
    plausible = SPEC["rent_monthly"].warn_above
    assert 30_000 > plausible
    open_caseworker(page, server_url)
    type_number(page, "rent_monthly", "30000")
    warning = page.locator(".tb-warn[data-field=rent_monthly]")
    warning.wait_for(timeout=10_000)
    assert kr_da(plausible) in warning.inner_text()
    d0 = engine_value(engine_months(engine_household(0, rent=30_000), months=1), "household_disposable_income_m")
    wait_until(lambda: page.locator(".tb-kpi-zero .v").inner_text() == kr_da(d0), message="computed with 30,000")
