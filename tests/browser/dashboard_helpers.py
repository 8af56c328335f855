"""Helpers shared by the browser tests (screenshots, polling, reading numbers the page shows)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # gitignored
RESULTS_ROOT = ARTIFACTS / "results-root"  # the browser tests' server opens results folders only under it


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.2, message: str = ""):
    """Poll ``predicate()`` until it returns a truthy value; return it (or fail with the last value)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"timed out waiting: {message} (last: {last!r})")


def parse_number(text: str, lang: str = "da") -> float:
    """'2.145' / '70,0 %' (Danish) or '2,145' / '70.0 %' (English) -> float."""
    t = text.replace("\u2212", "-").replace("%", "").replace("kr.", "").replace("kr", "").strip()
    if lang == "da":
        t = t.replace(".", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    return float(t)


# --- the caseworker page ------------------------------------------------------------------------------

CASE_A = dict(age=35, hourly_wage=110.0, match_group=4, receives_kontanthjaelp=True)  # EXAMPLES case A
SCENARIO = "ceiling70_mg45"


def open_caseworker(page, url: str, lang: str = "da"):
    page.goto(f"{url}/?lang={lang}" if lang != "da" else f"{url}/")
    page.locator("[data-testid=sentence]").wait_for(timeout=90_000)
    return page


def sentence(page) -> str:
    return page.locator("[data-testid=sentence]").inner_text()


def type_number(page, field: str, text: str) -> None:
    """Type ``text`` into the number field ``field`` (its widget has the CSS class ``in-<field>``) and
    press Enter, as a caseworker would."""
    box = page.locator(f".in-{field} input")
    box.fill(text)
    box.press("Enter")


def field_value(page, field: str) -> str:
    return page.locator(f".in-{field} input").input_value()


def hours_shown(page) -> int:
    title = page.locator(".in-hours_per_week .bk-slider-title").inner_text()
    return int(title.rsplit(":", 1)[1].strip())


def move_hours(page, target: int) -> None:
    """Move the hours slider with the keyboard to ``target`` hours a week."""
    handle = page.locator(".in-hours_per_week .noUi-handle")
    current = hours_shown(page)
    key = "ArrowRight" if target > current else "ArrowLeft"
    for _ in range(abs(target - current)):
        handle.press(key)
    wait_until(lambda: hours_shown(page) == target, message=f"slider at {target} h")


def engine_household(hours: float = 15, *, rent: float = 0.0, children: int = 0, partner: dict | None = None,
                     **adult) -> "calc.Household":
    """Case A (single, 35, 110 kr/h, match group 4, on kontanthjælp) with changes, for ``taxben.calc``."""
    from taxben import calc

    adults = [calc.Adult(**{**CASE_A, **adult}, hours_per_week=hours)]
    if partner is not None:
        adults.append(calc.Adult(**partner))
    return calc.Household(adults=adults, n_children=children, rent_monthly=rent)


def engine_months(household, start: str = "2005-01", months: int = 30):
    """``calc.household``: scenario x adult x month, baseline and the 70 % ceiling."""
    from taxben import calc

    return calc.household(household, start=start, months=months, scenario=SCENARIO)


def engine_value(table, column: str, *, scenario: str = "baseline", adult: int = 0, month_index: int = 0) -> float:
    row = table[(table["scenario"] == scenario) & (table["adult"] == adult) & (table["month_index"] == month_index)]
    return float(row[column].iloc[0])


def kr_da(x: float) -> str:
    """An amount as the Danish page writes it: 7.602 kr."""
    return f"{round(x):,}".replace(",", ".").replace("-", "\u2212") + " kr."


def kr_en(x: float) -> str:
    return f"{round(x):,}".replace("-", "\u2212") + " kr"


DEEP_TEXT_JS = """() => {
  const parts = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.childNodes) for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.height > 0) parts.push(n.textContent.trim());
      }
    }
  };
  walk(document);
  return parts.join('\\n');
}"""


def page_text(page) -> str:
    """Every visible text of the page, shadow roots included (``body.inner_text`` stops at them)."""
    return page.evaluate(DEEP_TEXT_JS)
