"""The analyst page's behaviour toggle in a real browser (issue 15: "the analyst page gets the same as a
toggle"): static beside after-behaviour, with the low-high band, for the results on view."""

from __future__ import annotations

import pytest
from dashboard_helpers import screenshot, wait_until

pytestmark = pytest.mark.browser

MINUS = "\u2212"


def danish(x: float, decimals: int = 0) -> str:
    """How the Danish page writes a number: 1.234,5 (thousands dot, decimal comma, a real minus sign)."""
    text = f"{abs(x):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return (MINUS if round(x, decimals) < 0 else "") + text


def band(a: float, b: float, decimals: int = 0) -> str:
    return f"{danish(min(a, b), decimals)}–{danish(max(a, b), decimals)}"


@pytest.fixture(scope="module")
def expected():
    """What ``taxben run --behaviour central --months 12`` gives for the built-in population under
    ceiling70_mg45 from 2005-01 (the page's defaults): the model is tested in tests/behaviour, this test
    checks that the page shows those numbers, formatted the Danish way."""
    import tempfile
    from pathlib import Path

    from taxben.behaviour.spec import load_behaviour
    from taxben.population.synth import default_population
    from taxben.run.population_run import run_population

    with tempfile.TemporaryDirectory() as tmp:
        summary = run_population(default_population(), out_dir=Path(tmp) / "o", scenarios=["ceiling70_mg45"],
                                 start="2005-01", months=12, behaviour=load_behaviour("central"),
                                 write_person_months=False).summary
    rows = summary[summary["dimension"].isin(["all", "match_group"])].set_index("group")
    return rows


def test_behaviour_toggle_shows_static_beside_after_behaviour_with_the_band(page, server_url, expected,
                                                                            console_errors):
    page.goto(server_url + "/analyst")
    page.locator("[data-testid=results-header]").wait_for(timeout=90_000)
    toggle = page.get_by_role("button", name="Vis adfærd: hvem begynder at arbejde")
    assert page.locator("[data-testid=behaviour-table]").count() == 0  # off until asked for
    toggle.click()
    table = page.locator("[data-testid=behaviour-table]")
    table.wait_for(timeout=120_000)  # the behavioural run of 2,000 adults in the server

    def cells(group: str) -> list[str]:
        return [c.inner_text().strip() for c in table.locator(f"tr[data-group='{group}'] td").all()]

    # match group 4: cost static | after behaviour | band | more in work | band | change in hours a week
    mg4 = expected.loc["4"]
    assert cells("4") == [danish(mg4["fiscal_cost_dkk_y"] / 1e6, 1),
                          danish(mg4["fiscal_cost_after_behaviour_dkk_y"] / 1e6, 1),
                          band(mg4["fiscal_cost_after_behaviour_dkk_y_low"] / 1e6,
                               mg4["fiscal_cost_after_behaviour_dkk_y_high"] / 1e6, 1),
                          danish(mg4["employment_change_persons"]),
                          band(mg4["employment_change_persons_low"], mg4["employment_change_persons_high"]),
                          danish(mg4["hours_change"])]
    # the band brackets the central value; the reform costs less after behaviour (those who start working
    # pay tax and draw less help than the supplement they get)
    assert mg4["employment_change_persons_low"] < mg4["employment_change_persons"] < mg4["employment_change_persons_high"]
    total = expected.loc["all"]
    assert total["fiscal_cost_after_behaviour_dkk_y"] < total["fiscal_cost_dkk_y"]
    # the static cost is the page's own fiscal-cost figure
    assert cells("all")[0] == danish(total["fiscal_cost_dkk_y"] / 1e6, 1)
    assert f'{danish(total["fiscal_cost_dkk_y"] / 1e6, 1)} mio. kr.' in page.locator(".tb-kpis").inner_text()
    # the headline: more in work in match groups 4-5 over the 12 months, with the band
    mg45 = expected.loc[["4", "5"]].sum(numeric_only=True)
    headline = page.locator("[data-testid=behaviour-headline]").inner_text()
    assert (f'I matchgruppe 4-5 arbejder {danish(mg45["employment_change_persons"])} flere i gennemsnit pr. måned '
            f'over 12 måneder (bånd {band(mg45["employment_change_persons_low"], mg45["employment_change_persons_high"])})'
            in headline)
    screenshot(page, "analyst-behaviour")
    # in English the same numbers read the English way; off again, the card is gone
    page.get_by_text("English", exact=True).click()
    wait_until(lambda: "more people work" in page.locator("[data-testid=behaviour-headline]").inner_text(),
               timeout=30, message="English headline")
    page.get_by_role("button", name="Show behaviour: who starts working").click()
    wait_until(lambda: not page.locator("[data-testid=behaviour-table]").is_visible(), timeout=30,
               message="behaviour hidden")
    assert console_errors == []
