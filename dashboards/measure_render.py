"""Measure the caseworker page's server-side work per input change: ``python dashboards/measure_render.py [N]``.

Times ``CaseworkerPage.on_input`` (reading the form, the engine when something other than the hours changed,
the sentence, cards, charts and tables; without a browser) for N changes of the hours slider and N changes of
the rent. Prints the median and 95th percentile of each, and the engine's share. The browser-side figure (key
press to updated sentence) is measured by ``tests/browser/test_case_speed.py``.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import param  # noqa: E402

from dashboards.components import theme  # noqa: E402
from dashboards.components.case_model import warm_up  # noqa: E402
from dashboards.components.case_page import CaseworkerPage  # noqa: E402


def _summary(name: str, seconds: list[float]) -> str:
    q = statistics.quantiles(seconds, n=20)
    return f"{name}: median {1000 * statistics.median(seconds):.0f} ms, p95 {1000 * q[-1]:.0f} ms"


def main(n: int = 40) -> None:
    theme.setup()
    t0 = time.perf_counter()
    warm_up()
    print(f"warm-up (numba cache load): {time.perf_counter() - t0:.2f} s")
    page = CaseworkerPage()
    slider = page.form.widgets["hours_per_week"]
    hours, rent, engine = [], [], []
    for k in range(n):
        t = time.perf_counter()
        with param.edit_constant(slider):  # what the browser sends when the slider is released
            slider.value = slider.value_throttled = 10 + k % 5
        hours.append(time.perf_counter() - t)
        t = time.perf_counter()
        page.form.widgets["rent_monthly"].value = f"{3000 + 10 * k}"
        rent.append(time.perf_counter() - t)
        engine.append(sum(page.result.seconds.values()))
    print(_summary(f"hours change ({n}x, no engine run)", hours))
    print(_summary(f"rent change ({n}x, new 0-40 h sweep)", rent))
    print(f"of which engine (calc.sweep 41 h x {page.result.months} months): "
          f"median {1000 * statistics.median(engine):.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
