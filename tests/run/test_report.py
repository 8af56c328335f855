"""report.html's chart data: what the page's JSON may and may not contain (the drawing itself is
tested in a browser, tests/browser/test_report.py)."""

from __future__ import annotations

import json
import math

import pandas as pd

from taxben.run.report import charts_script, month_chart


def chart_data(page_part: str) -> list[dict]:
    return json.loads(page_part.split('<script type="application/json" id="taxben-charts">')[1].split("</script>")[0])


def test_a_title_cannot_end_the_script_element_that_carries_it():
    # a scenario's name is the user's text: written as is, "</script>" would end the JSON's element and
    # the rest would run as page markup; in JSON "<\/" is the same string
    title = "Scenario </script><script>alert(1)</script>"
    page = charts_script([{"kind": "bars", "title": title, "target": "chart-0-0"}])
    assert page.count("</script>") == 2  # the JSON's element and the drawing script's, nothing in between
    assert chart_data(page)[0]["title"] == title


def test_months_without_a_number_are_gaps_not_nan():
    # JSON has no NaN (json.dumps would write a bare NaN that JSON.parse rejects): a month without a
    # value is null, which BokehJS draws as a gap in the line
    monthly = pd.DataFrame({"scenario": "ceiling70_mg45", "month_index": [0, 1, 2], "month": ["2005-01", "2005-02", "2005-03"],
                            "persons_eligible": [10.0, math.nan, 8.0], "supplement_paid": [1000.0, 900.0, math.inf]})
    chart = month_chart(monthly, "ceiling70_mg45", "da")
    assert chart["eligible"] == [10.0, None, 8.0]
    assert chart["supplement"] == [1000.0, 900.0, None]
    assert chart["locale"] == "da-DK" and chart["x"] == ["2005-01", "2005-02", "2005-03"]
    json.dumps(chart, allow_nan=False)  # raises on NaN or infinity
