"""Issue 14, speed: the time from a caseworker's key press to the updated sentence in the browser, over 20
changes of input (the hours slider, rent, children, wage), and until the whole page has settled (charts and
tables). The figures go to ``test-artifacts/dashboard-speed.json`` with the machine's load; the test checks
that the measurement works (every change reached the page, the last one with the engine's numbers), not the
figure: the target (150 ms median) is a benchmark to measure on a quiet machine (docs/dashboard.md).
"""

from __future__ import annotations

import json
import os
import statistics
import time

import pytest
from dashboard_helpers import ARTIFACTS, engine_household, engine_months, engine_value, kr_da, open_caseworker

pytestmark = pytest.mark.browser

TARGET_MEDIAN_MS = 150

# Watches the sentence for a new result (its data-rev) after the last key press, then the timing line for the
# same result (written when the charts and tables are done). Panel widgets live in shadow roots.
WATCH_JS = r"""
() => {
  const deep = (root, sel) => {
    const hit = root.querySelector(sel); if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const h = deep(el.shadowRoot, sel); if (h) return h; } }
    return null;
  };
  window.__tb = {deep, lastKey: 0};
  window.addEventListener('keydown', () => { window.__tb.lastKey = performance.now(); }, true);
  window.__tb.rev = () => deep(document, '[data-testid=sentence]').getAttribute('data-rev');
  window.__tb.wait = (old) => new Promise((resolve, reject) => {
    let sentence = null;
    const started = performance.now();
    const tick = () => {
      const rev = window.__tb.rev();
      if (sentence === null && rev !== old) sentence = performance.now() - window.__tb.lastKey;
      const timing = deep(document, '[data-render-ms]');
      if (sentence !== null && timing && timing.getAttribute('data-rev') === rev) {
        resolve({sentence, settled: performance.now() - window.__tb.lastKey,
                 server: Number(timing.getAttribute('data-render-ms'))});
      } else if (performance.now() - started > 20000) reject(new Error('no update within 20 s'));
      else setTimeout(tick, 2);
    };
    tick();
  });
}
"""


# 20 changes as a caseworker makes them: 12 hour steps (6 up, 6 down: back at 15 h), 4 rents, 2 children
# counts and 2 wages, typed the Danish way. The last state is EXAMPLES case A again.
STEPS = [("hours", "ArrowRight"), ("rent_monthly", "3.000"), ("hours", "ArrowLeft"), ("n_children", "1"),
         ("hours", "ArrowRight"), ("hours", "ArrowLeft"), ("rent_monthly", "4 000"), ("hours", "ArrowRight"),
         ("n_children", "0"), ("hours", "ArrowLeft"), ("hours", "ArrowRight"), ("rent_monthly", "3500,50"),
         ("hours", "ArrowLeft"), ("hourly_wage", "120"), ("hours", "ArrowRight"), ("hours", "ArrowLeft"),
         ("rent_monthly", "0"), ("hours", "ArrowRight"), ("hourly_wage", "110"), ("hours", "ArrowLeft")]


def act(page, field: str, value: str) -> None:
    if field == "hours":
        page.locator(".in-hours_per_week .noUi-handle").press(value)
    else:
        box = page.locator(f".in-{field} input")
        box.fill(value)
        box.press("Enter")


def test_sentence_latency_over_20_changes(page, server_url):
    started = time.monotonic()
    open_caseworker(page, server_url)
    first_page_s = time.monotonic() - started  # navigation to the first sentence (warm server)
    page.wait_for_timeout(1500)
    page.evaluate(WATCH_JS)
    rows = []
    for field, value in STEPS:
        old = page.evaluate("() => window.__tb.rev()")
        act(page, field, value)
        rows.append({"change": f"{field} {value}", **page.evaluate("(old) => window.__tb.wait(old)", old)})
    assert len(rows) == 20
    # the last state (hours back at 15, no rent, no children, wage 110) is EXAMPLES case A: 537 kr. more
    d15 = engine_months(engine_household(15), months=1)
    d0 = engine_months(engine_household(0), months=1)
    gain = engine_value(d15, "household_disposable_income_m") - engine_value(d0, "household_disposable_income_m")
    assert f"giver {kr_da(gain)} mere" in page.locator("[data-testid=sentence]").inner_text()
    sentence_ms = [r["sentence"] for r in rows]
    settled_ms = [r["settled"] for r in rows]
    figures = {
        "what": "key press -> updated sentence / whole page settled, Playwright + Debian Chromium, 20 changes",
        "sentence_median_ms": round(statistics.median(sentence_ms)),
        "sentence_p95_ms": round(statistics.quantiles(sentence_ms, n=20)[-1]),
        "settled_median_ms": round(statistics.median(settled_ms)),
        "settled_p95_ms": round(statistics.quantiles(settled_ms, n=20)[-1]),
        "server_median_ms": round(statistics.median(r["server"] for r in rows)),
        "first_page_s": round(first_page_s, 2),
        "target_median_ms": TARGET_MEDIAN_MS,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "changes": [{k: (round(v) if isinstance(v, float) else v) for k, v in r.items()} for r in rows],
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "dashboard-speed.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nsentence median {figures['sentence_median_ms']} ms, p95 {figures['sentence_p95_ms']} ms; "
          f"settled median {figures['settled_median_ms']} ms, p95 {figures['settled_p95_ms']} ms; "
          f"load {figures['load_average']}")
