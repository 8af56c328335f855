"""Issue 14 item 2: the gains table highlights exactly the chosen hours, after any number of hours changes,
and the chosen hours always have a row (also 17 h, which is not one of the usual 5/10/15/20/25/30/37).

Expected rows: ``taxben.calc.gains_table`` on ``taxben.calc.sweep`` for EXAMPLES case A (January 2005):
gain = disposable income at h hours minus at 0 hours, month 1; e.g. 537 kr. at 15 h (EXAMPLES case A).
"""

from __future__ import annotations

import pytest
from dashboard_helpers import CASE_A, move_hours, open_caseworker, parse_number, sentence, wait_until

from taxben import calc

pytestmark = pytest.mark.browser


def highlighted(page) -> list[int]:
    rows = page.locator(".gains-table tr.chosen")
    return [int(rows.nth(k).get_attribute("data-hours")) for k in range(rows.count())]


def shown_gains(page) -> dict[int, float]:
    out = {}
    rows = page.locator(".gains-table tr[data-hours]")
    for k in range(rows.count()):
        row = rows.nth(k)
        out[int(row.get_attribute("data-hours"))] = parse_number(row.locator("td[data-col=gain_base]").inner_text())
    return out


def engine_gains(hours: int) -> dict[int, float]:
    hh = calc.Household(adults=[calc.Adult(**CASE_A, hours_per_week=hours)])
    wanted = sorted({*calc.GAINS_HOURS, hours})
    table = calc.gains_table(calc.sweep(hh, start="2005-01", months=1), month_index=0, hours=wanted)
    base = table[table["scenario"] == "baseline"]
    return {int(h): round(g) for h, g in zip(base["hours_per_week"], base["gain_dkk_month"])}


def test_exactly_the_chosen_hours_are_highlighted(page, server_url, console_errors):
    open_caseworker(page, server_url)
    wait_until(lambda: highlighted(page) == [15], message="15 h highlighted at first")
    assert shown_gains(page)[15] == 537  # EXAMPLES case A: 537 kr. a month more at 15 h
    for target in (37, 20, 17, 5):
        move_hours(page, target)
        wait_until(lambda: f"{target} timer" in sentence(page), message=f"sentence at {target} h")
        wait_until(lambda: highlighted(page) == [target], message=f"only {target} h highlighted")
        assert shown_gains(page) == engine_gains(target)
    assert 17 not in shown_gains(page)  # the extra row went away with the hours
    assert console_errors == []
