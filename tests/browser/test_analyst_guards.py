"""Issue 14 items 8 and 10 on the analyst page: an upload over the size limit gets the limit message whatever
its size and the session stays alive; results folders open only under the configured results root (no path
typed by the browser); the text about uploads says where they are kept and for how long; pagination,
upload errors and the tab title in the page's language.
"""

from __future__ import annotations

import pytest
from dashboard_helpers import RESULTS_ROOT, screenshot, wait_until

from taxben.population.synth import default_population

pytestmark = pytest.mark.browser


def open_analyst(page, url: str, lang: str = "da"):
    page.goto(f"{url}/analyst" + ("?lang=en" if lang == "en" else ""))
    page.locator("[data-testid=results-header]").wait_for(timeout=90_000)
    return page


def intro(page) -> str:
    return page.locator(".tb-help").first.inner_text()


def test_oversized_upload_gets_the_limit_message_and_the_session_lives(page, server_url, tmp_path, console_errors):
    big = tmp_path / "population.csv"
    line = b"1,1,1.0,35,0,0,1,4,0,110.0,15.0,0.0,0.0\n"
    with open(big, "wb") as f:  # 22 MB: over the 10 MB limit and over Bokeh's 20 MB websocket message limit
        f.write(b"person_id,household_id,weight,age,n_children,lives_with_parents,receives_kontanthjaelp,"
                b"match_group,months_on_benefit,hourly_wage,hours_per_week,rent_monthly,other_income_monthly\n")
        f.write(line * (22 * 1024 * 1024 // len(line)))
    open_analyst(page, server_url)
    page.get_by_text("Upload befolkningsfil").click()
    page.locator(".upload input[type=file]").set_input_files(str(big))
    error = page.locator("[data-testid=analyst-error]")
    error.wait_for(timeout=30_000)
    assert "22,0 MB" in error.inner_text() and "10 MB" in error.inner_text()
    screenshot(page, "analyst-upload-too-large")
    page.locator("button", has_text="English").click()  # the session still answers
    wait_until(lambda: intro(page).startswith("Run a reform"), message="the page still answers after the upload")
    assert console_errors == []


def test_results_folders_open_only_under_the_results_root(page, server_url):
    import shutil

    from taxben.run.population_run import run_population

    RESULTS_ROOT.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(RESULTS_ROOT / "browser-test-run", ignore_errors=True)  # this test's own folder
    frame = default_population()
    small = frame[frame["household_id"].isin(frame["household_id"].unique()[:60])]
    run_population(small, out_dir=RESULTS_ROOT / "browser-test-run", scenarios=["ceiling70_mg45"], start="2005-01",
                   months=2, population_source="browser test")
    open_analyst(page, server_url)
    page.get_by_text("Åbn resultatmappe (taxben run)").click()
    folder = page.locator(".folder select")
    folder.wait_for(timeout=10_000)
    assert page.locator(".folder input[type=text]").count() == 0  # no path typed in the browser
    options = folder.locator("option").all_inner_texts()
    assert "browser-test-run" in options
    assert all(not o.startswith("/") and ".." not in o for o in options)  # relative to the root, inside it
    folder.select_option(label="browser-test-run")
    page.locator(".run button").click()
    header = page.locator("[data-testid=results-header]")
    wait_until(lambda: "browser-test-run" in header.inner_text(), message="the folder's results shown")


def test_upload_text_says_where_uploads_are_kept_and_for_how_long(page, server_url):
    open_analyst(page, server_url)
    text = intro(page)
    assert "midlertidig kopi" in text and "slettes, så snart filen er læst" in text
    assert "hukommelse" in text and "fanen lukkes" in text


def test_pagination_errors_and_title_in_the_page_language(page, server_url, tmp_path):
    open_analyst(page, server_url)
    wait_until(lambda: page.title() == "taxben – analytiker", message="Danish tab title")
    pager = page.locator(".summary-table .tabulator-paginator")
    wait_until(lambda: "Næste" in pager.inner_text(), message="Danish pagination")
    assert "Next" not in pager.inner_text()
    bad = default_population().head(40).copy()
    bad.loc[3, "age"] = 7
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    page.get_by_text("Upload befolkningsfil").click()
    page.locator(".upload input[type=file]").set_input_files(str(path))
    error = page.locator("[data-testid=analyst-error]")
    error.wait_for(timeout=45_000)
    assert "uden for intervallet: skal være mellem 18 og 120" in error.inner_text()
    page.locator("button", has_text="English").click()
    wait_until(lambda: "Next" in pager.inner_text(), message="English pagination")
    wait_until(lambda: page.title() == "taxben – analyst", message="English tab title")
