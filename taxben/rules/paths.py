"""Where the built-in rules and scenarios live (repo checkout, editable install or wheel)."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # .../taxben
_REPO = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


def default_rules_dir() -> Path:
    """``$TAXBEN_RULES_DIR``, else the repo's ``rules/dk`` (or the copy packed into a wheel)."""
    env = os.environ.get("TAXBEN_RULES_DIR")
    if env:
        return Path(env)
    return _first_existing(_PACKAGE / "_data" / "rules" / "dk", _REPO / "rules" / "dk")


def default_scenarios_dir() -> Path:
    env = os.environ.get("TAXBEN_SCENARIOS_DIR")
    if env:
        return Path(env)
    return _first_existing(_PACKAGE / "_data" / "scenarios", _REPO / "scenarios")
