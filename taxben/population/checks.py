"""Vectorised checks of a population frame and an hours schedule against the column rules.

Every check works on whole columns (numpy/pandas), never row by row, so a 5-million-row file is
checked in seconds. All violations are collected; the canonical frame is built only when there are
none. Values are never coerced: ``"12abc"`` in a number column and ``2.5`` in a whole-number column
are violations, not 12 and 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_integer_dtype, is_numeric_dtype

from taxben.population.errors import MAX_ROWS_SHOWN, Violation
from taxben.kernels.fields import CHILD_AGE_BANDS
from taxben.population.schema import (
    HOUSEHOLD_COLUMNS,
    MAX_ADULTS_PER_HOUSEHOLD,
    POPULATION_COLUMNS,
    RATE_CATEGORY_ALIASES,
    SCHEDULE_COLUMNS,
    ColumnSpec,
)

NULL_TOKENS = ("", "nan", "na", "n/a", "null", "none", "<na>")
TRUE_TOKENS = ("true", "t", "yes", "y", "1", "1.0", "sand", "ja", "j")  # SAND/FALSK: Danish Excel
FALSE_TOKENS = ("false", "f", "no", "n", "0", "0.0", "falsk", "nej")
MAX_EXACT_INT = 2**53  # whole numbers read as text or float are exact up to here
MONTH_PATTERN = r"\d{4}-(?:0[1-9]|1[0-2])"
EXPECTED = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true/false",
    "category": "text",
    "month": "text YYYY-MM",
}


class Collector:
    """Collects violations for one file."""

    def __init__(self, file: str):
        self.file = file
        self.violations: list[Violation] = []
        self.blank: np.ndarray | None = None  # rows with every field empty: one violation of their own

    def add(self, column: str, rule: str, mask=None, raw: pd.Series | None = None, example=""):
        """Add a violation; with ``mask`` only if some row is offending (rows from the mask). Rows with every
        field empty are reported once, as such (``check_columns``), not once per column."""
        if mask is None:
            self.violations.append(Violation(self.file, column, rule, example=example))
            return
        mask = np.asarray(mask, dtype=bool)
        if self.blank is not None:
            mask = mask & ~self.blank
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return
        if not example and raw is not None:
            example = _show(raw.iloc[rows[0]])
        first = tuple(int(r) + 1 for r in rows[:MAX_ROWS_SHOWN])
        self.violations.append(Violation(self.file, column, rule, first, int(rows.size), example))


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "empty/NaN"
    return str(value)


@dataclass
class Column:
    """A parsed column: values (int64, float64 with NaN, bool or str objects) and row masks."""

    values: np.ndarray | pd.api.extensions.ExtensionArray  # text columns: a str array
    ok: np.ndarray  # the cell passed every rule of its column (an allowed empty cell is ok)
    null: np.ndarray  # the cell is empty / NaN

    @property
    def usable(self) -> np.ndarray:
        return self.ok & ~self.null


def _text(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Cells as stripped text, and the mask of empty cells."""
    if isinstance(raw.dtype, pd.StringDtype):  # fast path: Arrow-backed text from CSV or Parquet
        text = raw.fillna("").str.strip()
    else:
        text = raw.astype(object).where(raw.notna(), "").astype("str").str.strip()
    null = text.str.lower().isin(NULL_TOKENS).to_numpy()
    return text, null


def _parse_number(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values int64 or float64, null, wrong type) for a number column."""
    n = len(raw)
    if is_bool_dtype(raw.dtype):
        null = raw.isna().to_numpy()
        return np.full(n, np.nan), null, ~null
    if is_numeric_dtype(raw.dtype):
        null = raw.isna().to_numpy()
        if is_integer_dtype(raw.dtype) and not null.any() and raw.dtype.kind == "i":
            return raw.to_numpy(np.int64), null, np.zeros(n, bool)
        return raw.to_numpy(np.float64, na_value=np.nan), null, np.zeros(n, bool)
    text, null = _text(raw)
    values = pd.to_numeric(text.where(~null, ""), errors="coerce")
    values = values.to_numpy(np.float64, na_value=np.nan)
    return values, null, ~null & np.isnan(values)


def _parse_bool(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if is_bool_dtype(raw.dtype):
        null = raw.isna().to_numpy()
        return raw.to_numpy(bool, na_value=False), null, np.zeros(len(raw), bool)
    if is_numeric_dtype(raw.dtype):
        values = raw.to_numpy(np.float64, na_value=np.nan)
        null = np.isnan(values)
        return values == 1, null, ~null & (values != 0) & (values != 1)
    text, null = _text(raw)
    lower = text.str.lower()
    true = lower.isin(TRUE_TOKENS).to_numpy()
    return true, null, ~null & ~true & ~lower.isin(FALSE_TOKENS).to_numpy()


def _parse_text(raw: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(values as str Series, "" where empty; null; wrong type) for a text column."""
    if is_numeric_dtype(raw.dtype) or is_bool_dtype(raw.dtype):
        null = raw.isna().to_numpy()
        return pd.Series("", index=raw.index, dtype="str"), null, ~null
    text, null = _text(raw)
    return text.where(~null, ""), null, np.zeros(len(raw), bool)


def check_column(raw: pd.Series, spec: ColumnSpec, out: Collector) -> Column:
    """Parse one column and add a violation for every rule it breaks."""
    raw = raw.reset_index(drop=True)
    name = spec.name
    if spec.kind in ("int", "float"):
        values, null, wrong = _parse_number(raw)
    elif spec.kind == "bool":
        values, null, wrong = _parse_bool(raw)
    else:
        values, null, wrong = _parse_text(raw)
    out.add(name, f"wrong type: expected {EXPECTED[spec.kind]}", wrong, raw)
    bad = wrong.copy()
    if not spec.nullable:
        out.add(name, "missing value (empty or NaN)", null, raw)
        bad |= null
    if spec.kind in ("int", "float") and values.dtype == np.float64:
        inf = np.isinf(values)
        out.add(name, "not finite (inf)", inf, raw)
        bad |= inf
        if spec.kind == "int":
            fractional = np.isfinite(values) & (values != np.floor(values))
            out.add(name, "not a whole number (fractional value)", fractional, raw)
            huge = np.isfinite(values) & (np.abs(values) > MAX_EXACT_INT)
            out.add(name, "whole number too large (beyond ±2^53)", huge, raw)
            bad |= fractional | huge
    if spec.min is not None or spec.max is not None:
        bad |= _check_range(values, ~bad & ~null, spec, raw, out)
    if spec.kind == "category":
        values = values.replace(RATE_CATEGORY_ALIASES)
        unknown = ~bad & ~null & ~values.isin(spec.allowed).to_numpy()
        out.add(name, f"not one of {', '.join(spec.allowed)} (or empty)", unknown, raw)
        bad |= unknown
    if spec.kind == "month":
        malformed = ~bad & ~null & ~values.str.fullmatch(MONTH_PATTERN).to_numpy(bool)
        out.add(name, "bad month: expected YYYY-MM", malformed, raw)
        bad |= malformed
    if isinstance(values, pd.Series):
        values = values.array
    return Column(values, ~bad, null)


def _check_range(values, candidates, spec: ColumnSpec, raw, out: Collector) -> np.ndarray:
    lo = -np.inf if spec.min is None else spec.min
    hi = np.inf if spec.max is None else spec.max
    with np.errstate(invalid="ignore"):
        outside = candidates & ((values < lo) | (values > hi))
    if spec.max is None:
        rule = f"out of range: must be ≥ {lo:g}"
    elif spec.min is None:
        rule = f"out of range: must be ≤ {hi:g}"
    else:
        rule = f"out of range: must be in [{lo:g}, {hi:g}]"
    out.add(spec.name, rule, outside, raw)
    return outside


def blank_rows(df: pd.DataFrame) -> np.ndarray:
    """Rows whose every field is empty: missing, or text of only spaces. Whole columns; the text columns
    are looked at only on the rows where every other column is missing (usually none)."""
    if df.shape[1] == 0 or len(df) == 0:
        return np.zeros(len(df), dtype=bool)
    texts = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype)]
    others = [c for c in df.columns if c not in texts]
    candidate = df[others].isna().all(axis=1).to_numpy() if others else np.ones(len(df), dtype=bool)
    rows = np.flatnonzero(candidate)
    for c in texts:
        if rows.size == 0:
            break
        values = df[c].iloc[rows]
        empty = values.astype("string").str.strip().eq("").fillna(True).to_numpy(dtype=bool)
        rows = rows[empty]
    blank = np.zeros(len(df), dtype=bool)
    blank[rows] = True
    return blank


def check_columns(df: pd.DataFrame, specs, out: Collector) -> dict[str, Column]:
    """Check the known columns of ``df``; a missing required column is a violation."""
    if df.columns.duplicated().any():
        names = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        out.add(", ".join(names), "duplicate column name")
        return {}
    if len(df) == 0:
        out.add("", "no data rows")
    blank = blank_rows(df)
    if blank.any():
        out.add("", "every field of the row is empty (Excel keeps such rows after their cells are cleared): "
                    "delete the rows", blank, example="(empty row)")
        out.blank = blank
    parsed = {}
    for spec in specs:
        if spec.name in df.columns:
            parsed[spec.name] = check_column(df[spec.name], spec, out)
        elif spec.required:
            out.add(spec.name, "required column missing")
    return parsed


def _flagged(n: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, bool)
    mask[rows] = True
    return mask


def _check_duplicates(keys: pd.DataFrame, rows: np.ndarray, n: int) -> np.ndarray:
    """Mask (length n) of the ``rows`` whose key appears more than once among them."""
    return _flagged(n, rows[keys.duplicated(keep=False).to_numpy()])


def household_order(household: Column) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows with a usable household id sorted stably by it; household starts and sizes in that order."""
    rows = np.flatnonzero(household.usable)
    order = rows[np.argsort(household.values[rows], kind="stable")]
    keys = household.values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if keys.size else np.zeros(0, int)
    sizes = np.diff(np.r_[starts, keys.size])
    return order, starts, sizes


def _check_households(df: pd.DataFrame, parsed: dict[str, Column], out: Collector) -> None:
    household = parsed["household_id"]
    order, starts, sizes = household_order(household)
    if order.size == 0:
        return
    n = len(df)
    crowded = np.repeat(sizes > MAX_ADULTS_PER_HOUSEHOLD, sizes)
    if crowded.any():
        first = household.values[order[crowded][0]]
        example = f"household {first} has {sizes[sizes > MAX_ADULTS_PER_HOUSEHOLD][0]} adults"
        out.add("household_id", f"more than {MAX_ADULTS_PER_HOUSEHOLD} adults in a household",
                _flagged(n, order[crowded]), example=example)
    for name in HOUSEHOLD_COLUMNS:
        if name not in parsed:
            continue
        column = parsed[name]
        values = np.where(column.usable[order], column.values[order].astype(np.float64), np.nan)
        low, high = np.fmin.reduceat(values, starts), np.fmax.reduceat(values, starts)
        differs = ~np.isnan(low) & ~np.isclose(low, high, rtol=1e-9, atol=0)
        if differs.any():
            h = np.flatnonzero(differs)[0]
            example = f"household {household.values[order[starts[h]]]}: {low[h]:g} vs {high[h]:g}"
            rows = order[np.repeat(differs, sizes)]
            out.add(name, "household-level value differs between the adults of a household",
                    _flagged(n, rows), example=example)


def validate_population_frame(df: pd.DataFrame, file: str) -> tuple[pd.DataFrame | None, list[Violation]]:
    """Check a raw population frame; return (canonical frame, []) or (None, violations)."""
    out = Collector(file)
    parsed = check_columns(df, POPULATION_COLUMNS, out)
    n = len(df)
    if "person_id" in parsed:
        pid = parsed["person_id"]
        rows = np.flatnonzero(pid.usable)
        dup = _check_duplicates(pd.DataFrame({"p": pid.values[rows]}), rows, n)
        out.add("person_id", "duplicate person_id", dup, df["person_id"])
    if "receives_kontanthjaelp" in parsed and "match_group" in parsed:
        recipient, group = parsed["receives_kontanthjaelp"], parsed["match_group"]
        lacking = recipient.usable & recipient.values.astype(bool) & group.null
        out.add("match_group", "recipient (receives_kontanthjaelp) without a match group", lacking,
                df["match_group"])
    if "household_id" in parsed:
        _check_households(df, parsed, out)
    _check_child_age_bands(df, parsed, out)
    _check_passthrough(df, out)
    if "weight" in parsed and n and parsed["weight"].usable.all() and not np.any(parsed["weight"].values):
        out.add("weight", "every weight is 0: the population would count nobody (give the adults weights > 0)")
    if out.violations:
        return None, out.violations
    return _canonical_population(df, parsed), []


def _check_child_age_bands(df: pd.DataFrame, parsed: dict[str, Column], out: Collector) -> None:
    """Children by age band: all four columns or none, and they add up to n_children."""
    given = [band for band in CHILD_AGE_BANDS if band in df.columns]
    if not given:
        return
    if len(given) != len(CHILD_AGE_BANDS):
        missing = [band for band in CHILD_AGE_BANDS if band not in df.columns]
        out.add(", ".join(missing), f"children by age band: give all four columns ({', '.join(CHILD_AGE_BANDS)}) "
                "or none (then n_children is split by the default age shares)")
        return
    if "n_children" not in parsed or not all(band in parsed for band in CHILD_AGE_BANDS):
        return
    usable = parsed["n_children"].usable.copy()
    total = np.zeros(len(df))
    for band in CHILD_AGE_BANDS:
        usable &= parsed[band].usable
        total = total + np.where(parsed[band].usable, parsed[band].values, 0)
    wrong = usable & (total != np.where(usable, parsed["n_children"].values, 0))
    out.add(", ".join(CHILD_AGE_BANDS), "children by age band do not add up to n_children", wrong,
            example=f"{int(total[np.flatnonzero(wrong)[0]])} ≠ n_children" if wrong.any() else "")
def _check_passthrough(df: pd.DataFrame, out: Collector) -> None:
    """Pass-through columns are copied into every person-month: an infinite number there would reach the
    outputs (an empty cell stays empty)."""
    known = {spec.name for spec in POPULATION_COLUMNS}
    for k, name in enumerate(df.columns):
        column = df.iloc[:, k]
        if name in known or is_bool_dtype(column.dtype) or not is_numeric_dtype(column.dtype):
            continue
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        out.add(str(name), "not finite (inf) in a pass-through column (copied into the outputs)",
                np.isinf(values), column.reset_index(drop=True))


def _canonical_population(df: pd.DataFrame, parsed: dict[str, Column]) -> pd.DataFrame:
    order, _, _ = household_order(parsed["household_id"])
    n = len(df)
    data = {}
    for spec in POPULATION_COLUMNS:
        column = parsed.get(spec.name)
        if column is None and spec.default is None:
            continue  # an optional column without a default (children by age band): absent stays absent
        values = np.full(n, spec.default) if column is None else column.values
        data[spec.name] = _canonical_values(spec, values[order], None if column is None else column.null[order])
    frame = pd.DataFrame(data)
    return _with_passthrough(frame, df, order)


def _canonical_values(spec: ColumnSpec, values: np.ndarray, null: np.ndarray | None):
    if spec.name == "match_group":
        filled = np.where(null, 0, values).astype(np.int64)
        return pd.arrays.IntegerArray(filled, null.copy())
    if spec.kind == "int":
        return values.astype(np.int64)
    if spec.kind == "float":
        return values.astype(np.float64)
    if spec.kind == "bool":
        return values.astype(bool)
    return pd.array(values, dtype="str")


def _with_passthrough(frame: pd.DataFrame, df: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    known = set(frame.columns)
    extra = [c for c in df.columns if c not in known]
    if extra:
        rest = df[extra].take(order).reset_index(drop=True)
        frame = pd.concat([frame, rest], axis=1)
    return frame


def validate_schedule_frame(
    df: pd.DataFrame, person_ids: np.ndarray, file: str
) -> tuple[pd.DataFrame | None, list[Violation]]:
    """Check a raw hours schedule against the population's ``person_ids``."""
    out = Collector(file)
    parsed = check_columns(df, SCHEDULE_COLUMNS, out)
    n = len(df)
    if "person_id" in parsed:
        pid = parsed["person_id"]
        unknown = pid.usable & ~np.isin(pid.values, person_ids)
        out.add("person_id", "unknown person_id (not in the population)", unknown, df["person_id"])
        if "month" in parsed:
            rows = np.flatnonzero(pid.usable & parsed["month"].usable)
            keys = pd.DataFrame({"p": pid.values[rows], "m": parsed["month"].values[rows]})
            dup = _check_duplicates(keys, rows, n)
            if dup.any():
                i = np.flatnonzero(dup)[0]
                example = f"person_id {pid.values[i]} month {parsed['month'].values[i]}"
                out.add("person_id, month", "duplicate (person_id, month)", dup, example=example)
    if out.violations:
        return None, out.violations
    frame = pd.DataFrame({
        "person_id": parsed["person_id"].values.astype(np.int64),
        "month": pd.array(parsed["month"].values, dtype="str"),
        "hours_per_week": parsed["hours_per_week"].values.astype(np.float64),
    })
    order = np.lexsort((frame["month"].to_numpy(str), frame["person_id"].to_numpy()))
    frame = frame.take(order).reset_index(drop=True)
    return _with_passthrough(frame, df, order), []
