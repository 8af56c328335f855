"""Issue 14 item 3: what happens after the ceiling's 12 months is computed from the month-by-month table, in
the month it applies, and months whose rules use estimated (projected) amounts are marked.

EXAMPLES case A at 15 h/week. The supplement is paid in months 1-12; month 13 is the first month on the usual
rules. Expected, from ``taxben.calc.household`` at 15 h and at 0 h over 30 months:
    gain after = D(15 h, month 13) - D(0 h, month 13)          (with the ceiling scenario, where it has ended)
    falls/rises = sign of D(15 h, month 13) - D(15 h, month 12)
A January 2005 start: month 13 is January 2006, whose amounts are projected with an estimated uprating index
(rules/, status "estimated"), so the month is marked "*"; disposable income falls. A January 2026 start: month 13
is January 2027 (projected too) and disposable income rises, because the estimated 2027 uprating outweighs the
end of the supplement for this household (the issue's example).
"""

from __future__ import annotations

import pytest
from dashboard_helpers import SCENARIO, engine_household, engine_months, engine_value, kr_da, open_caseworker, wait_until

from taxben.rules import load_rules, resolve

pytestmark = pytest.mark.browser


def after_the_limit(start: str) -> dict:
    at15, at0 = engine_months(engine_household(15), start=start), engine_months(engine_household(0), start=start)

    def d(table, month_index):
        return engine_value(table, "household_disposable_income_m", scenario=SCENARIO, month_index=month_index)

    return {"gain_after": d(at15, 12) - d(at0, 12), "before": d(at15, 11), "after": d(at15, 12)}


def projected(month: str) -> bool:
    return any(meta.uprated_from for meta in resolve(load_rules(), month).meta.values())


def test_the_month_after_the_limit_comes_from_the_month_table(page, server_url):
    expected = after_the_limit("2005-01")
    assert projected("2006-01") and not projected("2005-12")
    assert expected["after"] < expected["before"]  # 2005 start: income falls when the supplement stops
    open_caseworker(page, server_url)
    text = page.locator("[data-testid=sentence]").inner_text()
    assert text.endswith(f"derefter {kr_da(expected['gain_after'])} (måned 13*).")
    cliff = page.locator("[data-testid=cliff]")
    assert cliff.get_attribute("data-direction") == "falls"
    body = cliff.inner_text()
    assert "måned 13 (2006-01*)" in body and "falder" in body
    assert f"fra {kr_da(expected['before'])} til {kr_da(expected['after'])}" in body
    assert "skønnet" in body  # the star is explained


def test_a_2026_start_rises_after_the_limit(page, server_url):
    expected = after_the_limit("2026-01")
    assert projected("2027-01") and expected["after"] > expected["before"]
    open_caseworker(page, server_url)
    page.locator(".in-start select").select_option(label="januar 2026")
    cliff = page.locator("[data-testid=cliff]")
    wait_until(lambda: "2027-01" in cliff.inner_text(), message="2026 case computed")
    assert cliff.get_attribute("data-direction") == "rises"
    assert "stiger" in cliff.inner_text()
    assert f"fra {kr_da(expected['before'])} til {kr_da(expected['after'])}" in cliff.inner_text()
    assert f"derefter {kr_da(expected['gain_after'])} (måned 13*)" in page.locator("[data-testid=sentence]").inner_text()


def test_month_table_marks_projected_months(page, server_url):
    open_caseworker(page, server_url)
    page.get_by_text("Tabel: måned for måned").click()
    table = page.locator(".month-table")
    table.wait_for(timeout=10_000)
    rows = page.locator(".month-table tr").filter(has=page.locator("td"))
    marked = {r.locator("td.month").inner_text(): r.get_attribute("class") == "projected" for r in rows.all()}
    assert marked and all(flag == projected(month) for month, flag in marked.items())
    assert marked["2005-12"] is False and marked["2006-01"] is True
