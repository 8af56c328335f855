"""pytest-benchmark suite for taxben's speed (run explicitly: ``pytest benches``; the normal ``pytest`` run
collects ``tests/`` only). The 1M-adult cases are opt-in: ``pytest benches --large`` or
``TAXBEN_BENCH_LARGE=1``. See docs/performance.md."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# the test modules import their helpers from benches/benchlib.py (pytest runs with --import-mode=importlib,
# which does not put test directories on sys.path)
sys.path.insert(0, str(Path(__file__).parent))


def pytest_addoption(parser):
    parser.addoption("--large", action="store_true", default=False,
                     help="also run the large benchmarks (1M adults; or set TAXBEN_BENCH_LARGE=1)")


def pytest_configure(config):
    config.addinivalue_line("markers", "large: a long or memory-hungry benchmark (1M adults), opt-in with --large")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--large") or os.environ.get("TAXBEN_BENCH_LARGE", "") not in ("", "0"):
        return
    skip = pytest.mark.skip(reason="large benchmark: opt in with --large or TAXBEN_BENCH_LARGE=1")
    for item in items:
        if item.get_closest_marker("large"):
            item.add_marker(skip)
