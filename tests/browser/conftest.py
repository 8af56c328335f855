"""Browser tests of the dashboards: a real ``taxben dashboard`` server and Debian's Chromium via Playwright.

Needs ``apt-get install -y chromium`` (or ``TAXBEN_CHROMIUM=/path/to/chromium``); the tests are skipped when
no browser is found, unless ``TAXBEN_REQUIRE_BROWSER=1`` (CI), which makes a missing browser a failure.
Screenshots and the server log go to ``test-artifacts/`` (gitignored).

``TAXBEN_DASHBOARD_URL=http://127.0.0.1:PORT`` runs the tests against a dashboard that is already
running (e.g. an older checkout, to see which tests fail there) instead of starting one. The server the
tests start has ``TAXBEN_RESULTS_ROOT`` set to ``test-artifacts/results-root`` (the analyst page opens
results folders only under it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # dashboard_helpers (tests use --import-mode=importlib)
from dashboard_helpers import ARTIFACTS, RESULTS_ROOT  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TAXBEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_SECONDS = 120


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or os.environ.get("TAXBEN_REQUIRE_BROWSER") == "1":
        return  # with TAXBEN_REQUIRE_BROWSER=1 a missing browser fails the tests instead of skipping them
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set TAXBEN_CHROMIUM)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url():
    """``taxben dashboard`` (the CLI command function) on a free loopback port; killed after the session."""
    if os.environ.get("TAXBEN_DASHBOARD_URL"):
        yield os.environ["TAXBEN_DASHBOARD_URL"].rstrip("/")
        return
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    RESULTS_ROOT.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "dashboard-server.log", "w")
    code = f"from taxben.cli.dashboard_cmd import dashboard; dashboard(port={port})"
    env = {**os.environ, "TAXBEN_RESULTS_ROOT": str(RESULTS_ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url + "/liveness-check-not-needed", timeout=2):
                pass
        except urllib.error.HTTPError:
            break  # the server answers (404 for this path)
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.close()
                pytest.fail(f"dashboard server did not start: see {ARTIFACTS / 'dashboard-server.log'}")
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught page errors seen by ``page`` (a page error with its stack, so that a failure
    seen once in CI says where it came from)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e.message}\n{getattr(e, 'stack', '') or ''}"))
    return errors
