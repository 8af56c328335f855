"""Validation helpers shared by the rule-file loader and the scenario loader."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from pydantic import ValidationError

from taxben.rules.model import Range
from taxben.rules.schema import MAX_SCHEDULE_ROWS

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


_PLAIN = {
    "model_type": "expected key: value lines (a mapping)", "model_attributes_type": "expected key: value lines (a mapping)",
    "dict_type": "expected key: value lines (a mapping)", "list_type": "expected a list",
    "string_type": "expected text", "bool_type": "expected true or false", "bool_parsing": "expected true or false",
    "int_type": "expected a whole number", "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number", "float_type": "expected a number", "float_parsing": "expected a number",
    "finite_number": "expected a finite number", "date_type": "expected a date YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date YYYY-MM-DD", "date_parsing": "expected a date YYYY-MM-DD",
}


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def pydantic_problems(file: str, where: str, exc: ValidationError) -> list[str]:
    """Turn a pydantic ValidationError into '<file>: <path>: <problem>' lines with plain wording."""
    out = []
    for err in exc.errors():
        loc = [str(x) for x in err["loc"] if str(x) not in ("str", "Localized")]  # union branch names
        kind = err["type"]
        if kind == "extra_forbidden":
            path, msg = join(where, *loc[:-1]), f"unknown key '{loc[-1]}'"
        elif kind == "missing":
            path, msg = join(where, *loc[:-1]), f"missing required key '{loc[-1]}'"
        elif kind == "value_error":
            path, msg = join(where, *loc), str(err["msg"]).removeprefix("Value error, ")
        elif kind in _PLAIN:  # pydantic's wording names internal classes ("instance of CeilingSpec")
            path, msg = join(where, *loc), f"{_PLAIN[kind]} (got {_shown(err.get('input'))})"
        else:
            path, msg = join(where, *loc), f"{err['msg']} (got {err.get('input')!r})"
        line = f"{file}: {path or '(top level)'}: {msg}"
        if line not in out:
            out.append(line)
    return out


def parse_date(key: Any) -> dt.date | None:
    """A dated-value key: a YAML date or a 'YYYY-MM-DD' string."""
    if isinstance(key, dt.datetime):
        return None
    if isinstance(key, dt.date):
        return key
    if isinstance(key, str) and _DATE_RE.match(key):
        try:
            return dt.date.fromisoformat(key)
        except ValueError:
            return None
    return None


def effective_range(unit: str, rng: Range | None) -> tuple[float | None, float | None]:
    """The declared range; a 'rate' without a declared range must lie in [0, 1]."""
    if rng is not None:
        return rng.min, rng.max
    if unit == "rate":
        return 0.0, 1.0
    return None, None


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _range_problem(v: float, lo: float | None, hi: float | None, what: str = "value") -> str | None:
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        return f"{what} {v:g} outside the declared range [{'' if lo is None else f'{lo:g}'}, {'' if hi is None else f'{hi:g}'}]"
    return None


def check_value(
    kind: str,
    column: str | None,
    unit: str,
    nullable: bool,
    enum: list[str] | None,
    rng: Range | None,
    value: Any,
) -> tuple[Any, str | None]:
    """Check one dated value against its parameter; return (normalised value, problem or None)."""
    if value is None:
        if nullable:
            return None, None
        return None, "value is null but the parameter is not declared 'nullable: true'"
    lo, hi = effective_range(unit, rng)
    if kind == "number":
        if not _is_number(value):
            return None, f"wrong value type: expected a number, got {value!r}"
        return float(value), _range_problem(float(value), lo, hi)
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"wrong value type: expected true or false, got {value!r}"
        return value, None
    if kind == "enum":
        allowed = enum or []
        if not isinstance(value, str) or value not in allowed:
            return None, f"bad enum symbol {value!r}; allowed: {', '.join(allowed)}"
        return value, None
    return _check_schedule(column or "value", value, lo, hi)


def _check_schedule(column: str, value: Any, lo: float | None, hi: float | None) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not value:
        return None, f"wrong value type: expected a list of {{threshold, {column}}} rows, got {value!r}"
    if len(value) > MAX_SCHEDULE_ROWS:
        return None, f"schedule has {len(value)} rows; the engine takes at most {MAX_SCHEDULE_ROWS}"
    rows: list[tuple[float, float]] = []
    for i, row in enumerate(value):
        if not isinstance(row, dict) or set(row) != {"threshold", column}:
            keys = sorted(row) if isinstance(row, dict) else row
            return None, f"row {i}: expected exactly the keys threshold and {column}, got {keys!r}"
        t, v = row["threshold"], row[column]
        if not (_is_number(t) and _is_number(v)):
            return None, f"row {i}: wrong value type: threshold and {column} must be numbers, got {t!r}, {v!r}"
        if t < 0:
            return None, f"row {i}: threshold {t:g} is negative"
        problem = _range_problem(float(v), lo, hi, what=f"row {i}: {column}")
        if problem:
            return None, problem
        rows.append((float(t), float(v)))
    thresholds = [t for t, _ in rows]
    if any(b <= a for a, b in zip(thresholds, thresholds[1:])):
        return None, f"schedule thresholds must be strictly increasing, got {thresholds}"
    return rows, None
