"""Issue 14 item 4: where the ceiling raises the marginal rate (the supplement is being phased out), the page
says so in words, and the reform's line stays visible where it runs on the 70 % ceiling line.

EXAMPLES case A, January 2005, from ``taxben.calc.sweep`` (month 1): at 37 h/week kontanthjælp is used up, the
current rules take 42.9 % of the next krone (income tax and AM), while under the ceiling the supplement still
paid (509 kr.) is withdrawn so that the rate is exactly 70 %: the ceiling raises the marginal rate here.
Under the ceiling the EMTR is 70 % at every hour level from 0 to 39 h, so its line lies on the ceiling line.
"""

from __future__ import annotations

import io

import pytest
from dashboard_helpers import CASE_A, SCENARIO, move_hours, open_caseworker, screenshot, wait_until
from PIL import Image

from taxben import calc

pytestmark = pytest.mark.browser
REFORM_ORANGE = (0xE0, 0x7B, 0x24)  # the reform's colour (dashboards/components/theme.py SCEN)


def emtr_at(hours: int) -> tuple[float, float]:
    hh = calc.Household(adults=[calc.Adult(**CASE_A, hours_per_week=15)])
    sweep = calc.sweep(hh, hours=[hours], start="2005-01", months=1)
    base = sweep[sweep["scenario"] == "baseline"].iloc[0]
    scen = sweep[sweep["scenario"] == SCENARIO].iloc[0]
    return float(base["emtr"]), float(scen["emtr"])


def test_the_phase_out_is_said_in_words(page, server_url):
    base, scen = emtr_at(37)
    assert round(100 * base) == 43 and round(100 * scen) == 70  # the ceiling raises the rate at 37 h
    open_caseworker(page, server_url)
    assert "aftrappes" not in page.locator("[data-testid=sentence]").inner_text()  # 15 h: it lowers the rate
    move_hours(page, 37)
    text = page.locator("[data-testid=sentence]")
    wait_until(lambda: "Lofttillægget aftrappes her" in text.inner_text(), message="phase-out sentence at 37 h")
    assert "70 % med loftet mod 43 %" in text.inner_text()
    assert "aftrappes" in page.locator(".tb-kpi-emtr").inner_text()


def orange_columns(png: bytes) -> float:
    """Share of the plot's pixel columns (x from 25 % to 95 % of the width, above the legend) that show the
    reform's orange somewhere: a line hidden under the ceiling line shows it only between the dashes."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = img.size
    px = img.load()
    columns = range(int(0.25 * width), int(0.95 * width))
    hits = sum(any(sum((a - b) ** 2 for a, b in zip(px[x, y], REFORM_ORANGE)) < 40 ** 2 for y in range(int(0.8 * height)))
               for x in columns)
    return hits / len(columns)


def test_reform_line_stays_visible_on_the_ceiling_line(page, server_url):
    assert emtr_at(10)[1] == pytest.approx(0.70) and emtr_at(30)[1] == pytest.approx(0.70)
    open_caseworker(page, server_url)
    page.wait_for_timeout(1500)  # let the charts draw
    chart = page.locator(".bk-Figure").nth(1)  # budget, EMTR, month by month, decomposition
    png = chart.screenshot()
    screenshot(page, "caseworker-emtr-chart")
    share = orange_columns(png)
    assert share > 0.95, f"the reform's line is visible in only {share:.0%} of the EMTR chart's columns"
