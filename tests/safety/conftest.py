"""Fixtures for the issue-10 guard tests (helpers: guard_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # guard_helpers (tests use --import-mode=importlib)
from guard_helpers import examples_frame  # noqa: E402


@pytest.fixture
def examples_csv(tmp_path):
    path = tmp_path / "examples.csv"
    examples_frame().to_csv(path, index=False)
    return path
