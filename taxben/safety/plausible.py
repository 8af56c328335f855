"""Plausibility of what the user typed or supplied: months, horizons, option values, column values.

Bounds come from one place, the population schema (``taxben.population.schema.ColumnSpec``): ``min`` /
``max`` are errors (the bound is in the message), ``warn_above`` is a warning (implausible but possible,
shown in the terminal and written to run.json). docs/population.md lists the numbers and why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

from functools import cache
from typing import TYPE_CHECKING

from taxben.safety.errors import UserError

if TYPE_CHECKING:
    import pandas as pd

    from taxben.population.schema import ColumnSpec

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
WARNING_IDS_SHOWN = 5


@cache
def column_specs() -> dict[str, ColumnSpec]:
    """The population schema's columns by name (imported on first use: ``taxben rules`` needs none)."""
    from taxben.population.schema import POPULATION_COLUMNS

    return {spec.name: spec for spec in POPULATION_COLUMNS}


def number_text(value: float) -> str:
    """4000 -> '4,000'; 0.5 -> '0.5'; 1e300 -> '1e+300' (for messages). From 10^15 on a float no longer
    holds every digit of what the user wrote (12345678901234567890 is stored as ...567168), so such a
    number is shown to 6 digits with its exponent, not with digits the user never typed."""
    if abs(value) < 1e15 and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def label(column: str) -> str:
    return column.replace("_", " ")


# --- months and horizons ----------------------------------------------------------------------------

def parse_month(text: str, option: str = "--start") -> str:
    """A month written ``YYYY-MM`` (``2005-01``); ``2005-1`` and ``2005-01-15`` are refused."""
    value = str(text).strip()
    if not MONTH.fullmatch(value):
        raise UserError(f"{option} {text!r}: write the month as YYYY-MM, e.g. 2005-01")
    return value


def _month_number(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def covered_ranges(rules_dir: str | Path | None = None) -> tuple[tuple[str, str], ...]:
    """The (first, last) months the rules cover (the validated rule set, shared with the run:
    ``load_rules_cached``)."""
    from taxben.rules import load_rules_cached

    return tuple(load_rules_cached(rules_dir).covered_ranges())


def check_horizon(start: str, months: int, rules_dir: str | Path | None = None, *, start_option: str = "--start",
                  months_option: str = "--months") -> None:
    """Refuse a horizon that leaves the months the rules cover, naming the ``--months`` that would work."""
    start = parse_month(start, start_option)
    ranges = covered_ranges(rules_dir)
    covered = ", ".join(f"{a}..{b}" for a, b in ranges)
    for first, last in ranges:
        if first <= start <= last:
            available = _month_number(last) - _month_number(start) + 1
            if months > available:
                raise UserError(f"{start_option} {start} {months_option} {months} runs past the end of the rules "
                                f"({last}; covered: {covered}): use {months_option} {available} or less, "
                                "or an earlier start")
            return
    raise UserError(f"{start_option} {start} is outside the months the rules cover ({covered}): choose a start "
                    "inside them")


# --- option values ------------------------------------------------------------------------------------

def check_options(values: Mapping[str, tuple[float | None, str | None]]) -> list[str]:
    """Check CLI options: ``{"--wage": (value, "hourly_wage"), "--emtr-delta": (value, None)}``.

    Non-finite values are errors for every option; an option that stands for a population column gets
    that column's bounds (errors) and plausibility threshold (a warning, returned). Every problem is
    listed in one ``UserError``."""
    problems, warnings = [], []
    for option, (value, column) in values.items():
        if value is None:
            continue
        if not math.isfinite(value):
            problems.append(f"{option} {value}: must be a finite number")
            continue
        spec = column_specs().get(column) if column else None
        if spec is None:
            continue
        low = -math.inf if spec.min is None else spec.min
        high = math.inf if spec.max is None else spec.max
        if not low <= value <= high:
            problems.append(f"{option} {number_text(value)}: {label(spec.name)} must be between "
                            f"{number_text(low)} and {number_text(high)}")
        elif spec.warn_above is not None and value > spec.warn_above:
            warnings.append(f"{option} {number_text(value)}: {label(spec.name)} above {number_text(spec.warn_above)} "
                            "is unusual; check it")
    if problems:
        raise UserError(f"{len(problems)} option(s) out of range:", problems)
    return warnings


def require_positive(values: Mapping[str, float], high: float) -> None:
    """Options that must lie in (0, high], e.g. ``--emtr-delta``."""
    problems = [f"{option} {value}: must be a finite number above 0 and at most {number_text(high)}"
                for option, value in values.items() if not (math.isfinite(value) and 0 < value <= high)]
    if problems:
        raise UserError(f"{len(problems)} option(s) out of range:", problems)


# --- population columns --------------------------------------------------------------------------------

def plausibility_warnings(frame: pd.DataFrame, source: str = "") -> list[dict]:
    """Values above a column's ``warn_above`` (allowed, but rarely true): one entry per column, with the
    count, the first person_ids and the largest value. Works on a validated (canonical) frame."""
    import numpy as np
    import pandas as pd

    out = []
    for spec in column_specs().values():
        if spec.warn_above is None or spec.name not in frame:
            continue
        values = pd.to_numeric(frame[spec.name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        above = np.flatnonzero(values > spec.warn_above)
        if above.size == 0:
            continue
        ids = frame["person_id"].to_numpy()[above[:WARNING_IDS_SHOWN]].tolist() if "person_id" in frame else []
        largest = float(np.nanmax(values[above]))
        message = (f"{source + ': ' if source else ''}column {spec.name!r}: {above.size:,} adult(s) above "
                   f"{number_text(spec.warn_above)} (allowed up to {number_text(spec.max)}, but unusual; largest "
                   f"{number_text(largest)}; person_id {', '.join(map(str, ids))}{' …' if above.size > len(ids) else ''})")
        out.append({"column": spec.name, "above": spec.warn_above, "max_allowed": spec.max, "count": int(above.size),
                    "largest": largest, "person_ids": ids, "message": message})
    return out
