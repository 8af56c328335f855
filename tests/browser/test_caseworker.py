"""The caseworker page in a real browser: numbers must be the engine's, labels switch language, the
month view shows where the ceiling stops."""

from __future__ import annotations

import pytest
from dashboard_helpers import parse_number, screenshot, wait_until

from taxben import calc

pytestmark = pytest.mark.browser

DEFAULT = dict(age=35, hourly_wage=110.0, match_group=4, receives_kontanthjaelp=True)  # EXAMPLES case A, 2005


def engine_gains(hours: int, children: int = 0, start: str = "2005-01") -> dict[str, list[float]]:
    """The gains table computed directly with the engine (what the page must show)."""
    hh = calc.Household(adults=[calc.Adult(**DEFAULT, hours_per_week=hours)], n_children=children)
    gains = calc.gains_table(calc.sweep(hh, start=start, months=1), month_index=0)
    out = {}
    for side, name in (("base", "baseline"), ("scen", "ceiling70_mg45")):
        part = gains[gains["scenario"] == name]
        out[f"gain_{side}"] = part["gain_dkk_month"].round().tolist()
        out[f"ptr_{side}"] = (100 * part["ptr"]).round(1).tolist()
        out[f"emtr_{side}"] = (100 * part["emtr"]).round(1).tolist()
    return out


def page_gains(page, hours: int) -> dict[str, list[float]]:
    """The gains table's usual rows (5/10/15/20/25/30/37 h; the chosen hours may add one)."""
    out = {}
    for field in ("gain_base", "gain_scen", "ptr_base", "ptr_scen", "emtr_base", "emtr_scen"):
        rows = [f".gains-table tr[data-hours='{h}'] td[data-col='{field}']" for h in calc.GAINS_HOURS]
        out[field] = [parse_number(t) for t in page.locator(", ".join(rows)).all_inner_texts() if t.strip()]
    return out


def matches(shown: dict, expected: dict) -> bool:
    for field, values in expected.items():
        got = shown.get(field, [])
        tol = 1.0 if field.startswith("gain") else 0.051
        if len(got) != len(values) or any(abs(a - b) > tol for a, b in zip(got, values)):
            return False
    return True


def open_page(page, url: str):
    page.goto(url)
    page.locator("[data-testid=sentence]").wait_for(timeout=60_000)
    return page


def test_loads_without_console_errors_and_shows_engine_sentence(page, server_url, console_errors):
    open_page(page, server_url + "/")
    sentence = page.locator("[data-testid=sentence]").inner_text()
    g = engine_gains(15)
    i = [5, 10, 15, 20, 25, 30, 37].index(15)
    expected_base = f"{g['gain_base'][i]:,.0f}".replace(",", ".")
    expected_scen = f"{g['gain_scen'][i]:,.0f}".replace(",", ".")
    assert sentence.startswith(f"At arbejde 15 timer om ugen giver {expected_base} kr. mere om måneden i dag")
    assert f"med loftet {expected_scen} kr. mere i 12 måneder, derefter" in sentence  # after: test_case_cliff.py
    wait_until(lambda: matches(page_gains(page, 15), g), message="gains table = engine")
    page.wait_for_timeout(500)
    screenshot(page, "caseworker")
    assert console_errors == []


def test_hours_and_children_update_gains_table(page, server_url, console_errors):
    open_page(page, server_url + "/")
    handle = page.locator(".in-hours_per_week .noUi-handle")
    for _ in range(5):  # 15 -> 20 hours
        handle.press("ArrowRight")
    children = page.locator(".in-n_children input")
    children.fill("2")
    children.press("Enter")
    expected = engine_gains(20, children=2)
    wait_until(lambda: matches(page_gains(page, 20), expected), message="gains table = engine for 20 h, 2 children")
    wait_until(lambda: "20 timer" in page.locator("[data-testid=sentence]").inner_text(), message="sentence at 20 h")
    assert expected != engine_gains(15)  # the household change really changed the numbers
    assert console_errors == []


def test_language_toggle_switches_labels(page, server_url):
    open_page(page, server_url + "/")
    hours = page.locator(".in-hours_per_week .bk-slider-title")
    assert "Timer pr. uge" in hours.inner_text()
    page.locator("button", has_text="English").click()
    wait_until(lambda: "Hours per week" in hours.inner_text(), message="English slider label")
    wait_until(lambda: page.locator("[data-testid=sentence]").inner_text().startswith(
        "Working 15 hours a week gives"), message="English sentence")
    wait_until(lambda: page.get_by_text("Gain from work compared with 0 hours").count() >= 1,
               message="English card titles")
    screenshot(page, "caseworker-en")
    page.locator("button", has_text="Dansk").click()
    wait_until(lambda: "Timer pr. uge" in hours.inner_text(), message="back to Danish")


def engine_last_supplement_month(extension: bool) -> int:
    hh = calc.Household(adults=[calc.Adult(**DEFAULT, hours_per_week=15, extension_granted=extension)])
    table = calc.household(hh, start="2005-01", months=30)
    scen = table[(table["scenario"] == "ceiling70_mg45") & (table["adult"] == 0)]
    paid = scen.loc[scen["household_ceiling_supplement_m"] > 0.5, "month_index"]
    return int(paid.max()) + 1


def test_month_view_shows_where_the_supplement_stops(page, server_url):
    open_page(page, server_url + "/")
    cliff = page.locator("[data-testid=cliff]")
    assert engine_last_supplement_month(False) == 12
    wait_until(lambda: cliff.get_attribute("data-last-supplement-month") == "12", message="stop after month 12")
    assert "måned 12" in cliff.inner_text()
    page.locator(".in-extension_granted input[type=checkbox]").check()
    assert engine_last_supplement_month(True) == 24
    wait_until(lambda: cliff.get_attribute("data-last-supplement-month") == "24", message="stop after month 24")
    assert "måned 24" in cliff.inner_text()
    assert cliff.get_attribute("data-horizon") == "30"


def test_invalid_input_is_explained_next_to_the_widget(page, server_url, console_errors):
    open_page(page, server_url + "/")
    age = page.locator(".in-age input")
    age.fill("15")
    age.press("Enter")
    message = page.locator(".tb-error[data-field=age]")
    message.wait_for(timeout=10_000)
    assert "mindst 18" in message.inner_text()
    assert page.locator(".bk-alert-danger, .alert-danger").count() >= 1  # the page says the charts are stale
    age.fill("35")
    age.press("Enter")
    message.wait_for(state="detached", timeout=10_000)
    group = page.locator(".in-match_group select")
    group.select_option(label="Ingen (ikke på kontanthjælp)")  # a recipient without a match group
    page.locator(".tb-error[data-field=match_group]").wait_for(timeout=10_000)
    group.select_option(label="Matchgruppe 2")  # valid, but outside the ceiling's groups: a note, not an error
    page.locator(".tb-warn[data-field=match_group]").wait_for(timeout=10_000)
    assert "Traceback" not in page.content()
    assert console_errors == []
