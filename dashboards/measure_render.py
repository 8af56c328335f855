"""Measure the caseworker page's server-side re-render: ``python dashboards/measure_render.py [N]``.

Times ``CaseworkerPage.refresh`` (validation, the engine's 0-40 hour sweep over the horizon, the month-by-month
table, and updating every chart, table and text) for N widget changes, after the warm-up the server does
at start. Prints the median and 95th percentile, and the engine's share.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from dashboards.components import theme  # noqa: E402
from dashboards.components.case_model import warm_up  # noqa: E402
from dashboards.components.case_page import CaseworkerPage  # noqa: E402


def main(n: int = 40) -> None:
    theme.setup()
    t0 = time.perf_counter()
    warm_up()
    print(f"warm-up (numba cache load): {time.perf_counter() - t0:.2f} s")
    page = CaseworkerPage()
    total, engine = [], []
    for k in range(n):
        page.form.widgets["n_children"].value = k % 3  # each change triggers a full re-render
        total.append(page.render_seconds)
        engine.append(sum(page.result.seconds.values()))
    q = statistics.quantiles(total, n=20)
    print(f"full re-render over {n} changes: median {1000 * statistics.median(total):.0f} ms, "
          f"p95 {1000 * q[-1]:.0f} ms, max {1000 * max(total):.0f} ms")
    print(f"of which engine (calc.sweep 41 h x {page.result.months} months + calc.household + gains_table): "
          f"median {1000 * statistics.median(engine):.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
