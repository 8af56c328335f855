"""Issue 14 item 6: the printable sheet lists every input that changes the result (other income, living with
parents, the partner's hours, wage, status and match group), uses the page's words for EMTR and PTR, and no
legend is cut off.

The household: EXAMPLES case A living with parents, 1,500 kr. other income a month, with a partner on
kontanthjælp in match group 5 working 10 h/week at 110 kr.
"""

from __future__ import annotations

import pytest
from dashboard_helpers import ARTIFACTS, open_caseworker, type_number

pytestmark = pytest.mark.browser

CLIPPED_JS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const s = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      if (b.left < s.left - 1 || b.right > s.right + 1 || b.top < s.top - 1 || b.bottom > s.bottom + 1) out.push(t.textContent);
    }
  }
  for (const key of document.querySelectorAll('.legend .key')) {
    const r = key.getBoundingClientRect(), p = key.closest('div.cols > div, body').getBoundingClientRect();
    if (r.right > p.right + 1 || r.left < p.left - 1) out.push(key.textContent);
  }
  return out;
}"""


def download_sheet(page) -> str:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text("Udskriftsark (HTML)", exact=True).click()
    with open(info.value.path(), encoding="utf-8") as f:
        return f.read()


def test_sheet_has_every_input_the_page_words_and_whole_legends(page, server_url, context):
    open_caseworker(page, server_url)
    page.locator(".in-lives_with_parents input[type=checkbox]").check()
    type_number(page, "other_income_monthly", "1.500")
    page.locator(".in-couple input[type=checkbox]").check()
    type_number(page, "spouse_hours_per_week", "10")
    page.locator(".in-spouse_match_group select").select_option(label="Matchgruppe 5")
    page.wait_for_timeout(2500)  # the page recomputes after each input (no waiting on its own words here)
    html = download_sheet(page)
    sheet = context.new_page()
    sheet.set_content(html)
    inputs = {row.locator("th").inner_text(): row.locator("td").inner_text()
              for row in sheet.locator("table.inputs tr").all()}
    assert inputs["Anden indkomst pr. måned (kr.)"] == "1.500 kr."
    assert inputs["Bor hos forældre"] == "ja"
    assert inputs["Partneren modtager kontanthjælp"] == "ja"
    assert inputs["Partnerens matchgruppe"] == "Matchgruppe 5"
    assert inputs["Partnerens timer pr. uge"] == "10"
    assert inputs["Partnerens timeløn (kr.)"] == "110 kr."
    text = sheet.locator("body").inner_text()
    assert "Marginalskat" in text and "Deltagelsesskat" in text
    assert "EMTR" not in text and "PTR" not in text  # the Danish sheet uses the page's words
    for label in ("Gældende regler", "Loft 70 %, MG 4-5, 12+12 mdr.", "Uden arbejde"):
        assert label in text  # every legend entry is on the sheet ...
    assert sheet.evaluate(CLIPPED_JS) == []  # ... and none is cut off
    ARTIFACTS.mkdir(exist_ok=True)
    sheet.screenshot(path=str(ARTIFACTS / "caseworker-print-sheet.png"), full_page=True)
