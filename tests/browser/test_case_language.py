"""Issue 14 item 8: every text of the caseworker page in the chosen language, numbers in its convention
(Danish "7.602 kr.", "92,5 %"), chart tooltips included; whole month-table headers; the tab title; the gains
table's note speaks of the chosen hours.

Numbers: EXAMPLES case A, January 2005. From ``taxben.calc.sweep`` (month 1): at 15 h/week the household has
7,002 kr. under the current rules, with an EMTR of 92.49 %.
"""

from __future__ import annotations

import re

import pytest
from dashboard_helpers import open_caseworker, page_text, sentence, wait_until

pytestmark = pytest.mark.browser


def tooltip_over_budget_chart(page) -> str:
    figure = page.locator(".bk-Figure").nth(0)  # the budget chart
    box = figure.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.4)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4)
    tip = page.locator(".bk-tooltip-content")
    wait_until(lambda: tip.count() > 0 and tip.first.inner_text().strip(), message="tooltip shown")
    return tip.first.inner_text()


def test_tooltips_use_the_page_convention(page, server_url):
    open_caseworker(page, server_url)
    page.wait_for_timeout(1000)
    text = tooltip_over_budget_chart(page)
    assert re.search(r"\b\d{1,2}\.\d{3} kr\.", text), text  # 7.038 kr.
    assert re.search(r"\b\d{2},\d %", text), text  # 92,5 %
    assert not re.search(r"\d,\d{3}\b|\d\.\d %", text), text  # no English separators on the Danish page
    assert "EMTR" not in text  # the page's word is "Marginalskat"
    page.mouse.move(5, 5)
    page.locator("button", has_text="English").click()
    wait_until(lambda: sentence(page).startswith("Working"), message="English page")
    page.wait_for_timeout(500)
    text = tooltip_over_budget_chart(page)
    assert re.search(r"\b\d{1,2},\d{3} kr\b", text) and re.search(r"\b\d{2}\.\d %", text), text


def test_tab_title_and_gains_note_follow_the_language(page, server_url):
    open_caseworker(page, server_url, lang="en")
    wait_until(lambda: page.title() == "taxben – caseworker", message="English tab title")
    assert "The chosen hours are highlighted" in page_text(page)
    page.locator("button", has_text="Dansk").click()
    wait_until(lambda: page.title() == "taxben – sagsbehandler", message="Danish tab title")
    wait_until(lambda: "De valgte timer er markeret" in page_text(page), message="Danish note")
    assert "timeløn er markeret" not in page_text(page)


def test_month_table_headers_are_whole(page, server_url):
    open_caseworker(page, server_url)
    page.get_by_text("Tabel: måned for måned").click()
    page.wait_for_timeout(800)
    cut = page.evaluate("""() => {
      const deep = (root, out) => { for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) deep(el.shadowRoot, out);
          if (el.matches('.month-table th, .month-table .tabulator-col-title')) out.push(el); }
        return out; };
      return deep(document, []).filter(el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        .map(el => el.textContent);
    }""")
    assert cut == []
    titles = page.locator(".month-table th").all_inner_texts()
    assert "Måned" in titles and "Måneder brugt af loftet" in titles
