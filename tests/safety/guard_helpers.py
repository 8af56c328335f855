"""Helpers for the issue-10 guard tests: a hand-checkable population (EXAMPLES.md households A, B, C, D, E)
and a CLI runner that fails the test on any traceback."""

from __future__ import annotations

import pandas as pd
import typer.main
import typer.testing
from typer.testing import CliRunner

from taxben.cli.main import app

# EXAMPLES.md (2005): A single 35 at 10 h; B single parent 35, rent 5,000, 15 h; C couple 40+38, 2 children,
# rent 6,000, adult 1 at 15 h; D single 22 living with parents at 10 h; E not on help
COLUMNS = ["person_id", "household_id", "weight", "age", "n_children", "lives_with_parents", "receives_kontanthjaelp",
           "match_group", "months_on_benefit", "hourly_wage", "hours_per_week", "rent_monthly", "other_income_monthly",
           "municipality"]
ROWS = [
    (1, 10, 2.0, 35, 0, False, True, 4, 0, 110.0, 10.0, 0.0, 0.0, "Aarhus"),
    (2, 20, 3.0, 35, 1, False, True, 5, 0, 110.0, 15.0, 5000.0, 0.0, "Odense"),
    (3, 30, 1.5, 40, 2, False, True, 4, 0, 120.0, 15.0, 6000.0, 0.0, "Aalborg"),
    (4, 30, 1.5, 38, 2, False, True, 4, 0, 120.0, 0.0, 6000.0, 0.0, "Aalborg"),
    (5, 40, 1.0, 22, 0, True, True, 5, 0, 90.5, 10.0, 0.0, 0.0, "Vejle"),
    (6, 50, 4.0, 30, 0, False, False, None, 0, 150.25, 37.0, 4000.0, 0.0, "Herning"),
]
FAST = ["--months", "2", "--no-person-months"]  # enough to exercise every guard, quick to run


def examples_frame() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=COLUMNS)
    frame["match_group"] = frame["match_group"].astype("Int64")
    return frame


_COMMAND = None


def invoke(*args: str, **kwargs):
    """Run ``taxben ARGS`` in-process; a traceback or an escaped exception fails the test. The click
    command is built once (typer's runner rebuilds it on every call)."""
    global _COMMAND
    if _COMMAND is None:
        _COMMAND = typer.main.get_command(app)
    build, typer.testing._get_command = typer.testing._get_command, lambda _: _COMMAND
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], **kwargs)
    finally:
        typer.testing._get_command = build
    assert "Traceback" not in result.output, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped: {result.exception!r}\n{result.output}")
    return result
