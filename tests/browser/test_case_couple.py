"""Issue 14 item 7: a couple. The partner's hours, wage, kontanthjælp and match group are inputs, and both
adults appear in the sentence, the cards and the month table, with each adult's ceiling supplement.

The household: EXAMPLES case A (15 h/week) with a partner, 35, on kontanthjælp in match group 4, working
10 h/week at 120 kr. Expected amounts: ``taxben.calc.household``, the 70 % ceiling, month 1: the per-adult
``ceiling_supplement`` columns (each adult's share of the household's supplement) and
``household_ceiling_supplement``.
"""

from __future__ import annotations

import pytest
from dashboard_helpers import (SCENARIO, engine_household, engine_months, engine_value, kr_da, open_caseworker,
                               sentence, type_number, wait_until)

pytestmark = pytest.mark.browser

PARTNER = dict(age=35, receives_kontanthjaelp=True, match_group=4, hourly_wage=120.0, hours_per_week=10.0)


def test_both_adults_in_sentence_cards_and_table(page, server_url, console_errors):
    table = engine_months(engine_household(15, partner=PARTNER), months=1)
    person = engine_value(table, "ceiling_supplement_m", scenario=SCENARIO, adult=0)
    partner = engine_value(table, "ceiling_supplement_m", scenario=SCENARIO, adult=1)
    household = engine_value(table, "household_ceiling_supplement_m", scenario=SCENARIO)
    assert person > 0.5 and partner > 0.5 and person + partner == pytest.approx(household, abs=0.01)

    open_caseworker(page, server_url)
    page.locator(".in-couple input[type=checkbox]").check()
    type_number(page, "spouse_hours_per_week", "10")
    type_number(page, "spouse_hourly_wage", "120")
    page.locator(".in-spouse_recipient input[type=checkbox]").check()
    page.locator(".in-spouse_match_group select").select_option(label="Matchgruppe 4")
    text = f"Lofttillægget er {kr_da(person)} til personen og {kr_da(partner)} til partneren."
    wait_until(lambda: text in sentence(page), message="both adults' supplements in the sentence")
    assert "mens partneren arbejder 10 timer, giver husstanden" in sentence(page)
    assert kr_da(partner) in page.locator("[data-testid=kpi-partner]").inner_text()
    assert kr_da(person) in page.locator("[data-testid=kpi-person]").inner_text()
    assert f"personen {kr_da(person)}, partneren {kr_da(partner)}" in page.locator("[data-testid=kpi-scen]").inner_text()
    page.get_by_text("Tabel: måned for måned").click()
    month_table = page.locator(".month-table")
    month_table.wait_for(timeout=10_000)
    head = month_table.locator("th").all_inner_texts()
    first = month_table.locator("tr").nth(1).locator("td").all_inner_texts()
    row = dict(zip(head, first))
    assert row["Lofttillæg, personen (kr.)"] == kr_da(person)
    assert row["Lofttillæg, partneren (kr.)"] == kr_da(partner)
    assert row["Lofttillæg, husstanden (kr.)"] == kr_da(household)
    assert console_errors == []
