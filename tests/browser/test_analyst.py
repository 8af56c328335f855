"""The analyst page in a real browser: results of the built-in population, an invalid upload reported in the
page, a valid upload run with its progress bar, and the filters."""

from __future__ import annotations

import pytest
from dashboard_helpers import screenshot, wait_until

from taxben.population.synth import default_population

pytestmark = pytest.mark.browser


def open_analyst(page, url: str):
    page.goto(url + "/analyst")
    page.locator("[data-testid=results-header]").wait_for(timeout=90_000)
    return page


def choose_upload(page):
    page.get_by_text("Upload befolkningsfil").click()
    return page.locator(".upload input[type=file]")


def test_analyst_page_loads_without_console_errors(page, server_url, console_errors):
    open_analyst(page, server_url)
    header = page.locator("[data-testid=results-header]").inner_text()
    assert "indbygget befolkning" in header and "2.000 voksne" in header
    assert page.locator(".summary-table .tabulator-cell[tabulator-field='group']").count() > 3
    page.wait_for_timeout(500)
    screenshot(page, "analyst")
    assert console_errors == []


def test_invalid_upload_shows_error_in_page(page, server_url, tmp_path, console_errors):
    bad = default_population().head(40).copy()
    bad.loc[3, "age"] = 7
    bad.loc[5, "hours_per_week"] = -2
    path = tmp_path / "bad_population.csv"
    bad.to_csv(path, index=False)
    open_analyst(page, server_url)
    choose_upload(page).set_input_files(str(path))
    error = page.locator("[data-testid=analyst-error]")
    error.wait_for(timeout=45_000)
    text = error.inner_text()
    assert "bad_population.csv" in text and "afvist" in text
    assert "age" in text and "hours_per_week" in text
    assert "Traceback" not in page.content()
    screenshot(page, "analyst-invalid-upload")
    assert console_errors == []


def test_valid_upload_runs_with_progress_and_filters(page, server_url, tmp_path):
    frame = default_population()
    small = frame[frame["household_id"].isin(frame["household_id"].unique()[:150])]
    path = tmp_path / "small.parquet"
    small.to_parquet(path, index=False)
    open_analyst(page, server_url)
    choose_upload(page).set_input_files(str(path))
    page.locator(".upload-ok").wait_for(timeout=45_000)
    page.locator(".run button").click()
    header = page.locator("[data-testid=results-header]")
    wait_until(lambda: "small.parquet" in header.inner_text(), timeout=60, message="results of the upload")
    assert f"{len(small)} voksne" in header.inner_text().replace(".", "")
    page.get_by_label("Matchgruppe").select_option(label="MG 4")
    wait_until(lambda: "filtreret til MG 4" in header.inner_text(), message="filter applied")
