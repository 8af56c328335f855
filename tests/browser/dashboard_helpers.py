"""Helpers shared by the browser tests (screenshots, polling, reading numbers the page shows)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # gitignored


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.2, message: str = ""):
    """Poll ``predicate()`` until it returns a truthy value; return it (or fail with the last value)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"timed out waiting: {message} (last: {last!r})")


def parse_number(text: str, lang: str = "da") -> float:
    """'2.145' / '70,0 %' (Danish) or '2,145' / '70.0 %' (English) -> float."""
    t = text.replace("\u2212", "-").replace("%", "").replace("kr.", "").replace("kr", "").strip()
    if lang == "da":
        t = t.replace(".", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    return float(t)
