"""report.html in a real browser: its charts are drawn by BokehJS from the JSON that the run wrote
(taxben/run/report.py, report_charts.js), so a chart that fails to draw shows only here."""

from __future__ import annotations

import pytest
from dashboard_helpers import screenshot
from typer.testing import CliRunner

from taxben.cli.main import app

pytestmark = pytest.mark.browser

ROOTS = """() => Bokeh.documents.flatMap(doc => doc.roots()).map(fig => ({
    title: fig.title.text,
    tools: fig.toolbar.tools.length,
    lines: fig.renderers.length,
    ticks: fig.left.concat(fig.right).map(axis => axis.formatter.doFormat([4000, 1234567], {loc: 0})),
}))"""


@pytest.fixture(scope="module")
def danish_report_with_behaviour(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "out"
    result = CliRunner().invoke(app, ["run", "--behaviour", "central", "--lang", "da", "--months", "14",
                                      "--no-person-months", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def test_danish_report_draws_every_chart_with_danish_ticks(page, console_errors, danish_report_with_behaviour):
    page.goto(danish_report_with_behaviour.as_uri())
    page.wait_for_function("() => window.Bokeh && Bokeh.documents.length == 5", timeout=30_000)
    figures = page.evaluate(ROOTS)
    screenshot(page, "report-da")
    assert [f["title"].split(" (")[0] for f in figures] == [
        "Fordeling af marginalskat", "Gns. gevinst ved arbejde efter timer pr. uge", "Offentlige udgifter efter matchgruppe",
        "Måned for måned: omfattede, flere i arbejde", "Gns. gevinst efter decil af husstandens disponible indkomst i basis"]
    assert all(f["tools"] == 0 for f in figures)  # static: nothing to drag bars out of view with
    # month by month: persons eligible, the central, low and high behaviour variants, the supplement
    assert figures[3]["lines"] == 5
    # the persons and kroner axes count in Danish: 4.000 and 1.234.567 (the EMTR shares keep Bokeh's own)
    assert figures[1]["ticks"] == [["4.000", "1.234.567"]]
    assert figures[2]["ticks"] == [["4.000,0", "1.234.567,0"]]
    assert figures[3]["ticks"] == [["4.000", "1.234.567"], ["4.000", "1.234.567"]]
    assert page.locator("canvas").count() >= 5
    assert console_errors == []
