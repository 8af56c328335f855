"""Issue 14 item 5: the CSV export opens in Danish Excel from the Danish page (";" between fields, decimal
comma, Danish headers with units, rates in per cent, amounts in kroner and øre, never "-0", UTF-8 with a
byte-order mark, the inputs in the file) and follows English conventions from the English page.

EXAMPLES case A at 15 h/week, January 2005, rent 4,000 kr. Expected cells from ``taxben.calc.household``
(baseline, month 1): gross earnings 15 h x 110 kr x 52/12 = 7,150.00 kr.; kontanthjælp 2,803.85 kr. (which
the engine holds as 2803.8500000000004); EMTR 0.9249 -> "92,49" per cent.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from dashboard_helpers import engine_household, engine_months, engine_value, open_caseworker, type_number, wait_until

pytestmark = pytest.mark.browser


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text(label, exact=True).click()
    with open(info.value.path(), "rb") as f:
        return f.read()


def split(data: bytes, separator: str) -> tuple[list[list[str]], list[list[str]]]:
    """(inputs block, table) of an export: the inputs, an empty line, the table."""
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark (Excel on Windows reads æøå)"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))
    gap = rows.index([])
    return rows[:gap], rows[gap + 1:]


def engine_case_a():
    table = engine_months(engine_household(15, rent=4000), months=1)
    return {c: engine_value(table, c) for c in ("gross_earnings_m", "kontanthjaelp_m", "emtr")}


def test_danish_csv_opens_in_danish_excel(page, server_url):
    expected = engine_case_a()
    assert expected["gross_earnings_m"] == pytest.approx(7150.0) and expected["kontanthjaelp_m"] == pytest.approx(2803.85)
    open_caseworker(page, server_url)
    type_number(page, "rent_monthly", "4.000")
    wait_until(lambda: page.locator(".in-rent_monthly input").input_value() == "4.000", message="rent read")
    page.wait_for_timeout(500)
    inputs, table = split(download(page, "CSV: måned for måned"), ";")
    labels = " | ".join(r[0] for r in inputs if r)
    for word in ("Timeløn", "Timer pr. uge", "Husleje", "Alder", "Matchgruppe", "Antal børn", "Anden indkomst",
                 "Første måned", "Reform", "Gift / samlevende"):
        assert word in labels, f"input {word!r} missing from the CSV"
    assert ["Husleje pr. måned (kr., 0 = ingen boligsikring)", "4000,00"] in inputs
    assert ["Timer pr. uge", "15"] in inputs and ["Første måned (regler fra 2005 eller 2026)", "2005-01"] in inputs
    head = table[0]
    for title in ("Bruttoløn (kr./md.)", "Kontanthjælp (kr./md.)", "Marginalskat (%)", "Deltagelsesskat (%)",
                  "Disponibel indkomst før husleje, husstanden (kr./md.)",
                  "Rådighedsbeløb efter husleje, husstanden (kr./md.)"):
        assert title in head
    first = dict(zip(head, table[1]))
    assert first["Regler"] == "Gældende regler" and first["Måned nr."] == "1"
    assert first["Bruttoløn (kr./md.)"] == "7150,00"
    assert first["Kontanthjælp (kr./md.)"] == "2803,85"
    assert first["Marginalskat (%)"] == f"{100 * expected['emtr']:.2f}".replace(".", ",") == "92,49"
    cells = [c for row in table[1:] for c in row[4:]]
    assert all(re.fullmatch(r"-?\d+(,\d{1,2})?|", c) for c in cells), "numbers: decimal comma, at most øre"
    assert not any(re.fullmatch(r"-0(,0+)?", c) for c in cells), "no -0"


def test_english_csv_follows_english_conventions(page, server_url):
    open_caseworker(page, server_url, lang="en")
    inputs, table = split(download(page, "CSV: month by month"), ",")
    assert ["Hours per week", "15"] in inputs and ["Hourly wage (kr)", "110.00"] in inputs
    first = dict(zip(table[0], table[1]))
    assert first["Rules"] == "Current rules"
    assert first["Gross earnings (kr/month)"] == "7150.00"
    assert first["Kontanthjælp (kr/month)"] == "2803.85"
    assert first["Marginal rate, EMTR (%)"] == "92.49"
