"""Resolved parameters -> the float64 rows the numba kernels read (layout in ``taxben.params.layout``).

    row = compile_params(resolve(rules, "2005-03"))           # (N_PARAMS,)
    months, P = compile_horizon(rules, "2005-01", 24)         # (24, N_PARAMS), one row per month
    resolved = resolve_horizon(rules, "2005-01", 24)          # the same months resolved once, for
    P, est = compile_rows(resolved), estimated_values(rules, months, resolved)   # rows and estimates
    C = compile_ceiling(scenario.ceiling)                     # (N_CEILING,)
    estimated_values(rules, months)                           # what a run must report as estimated
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import numpy as np

from taxben.params import layout as L
from taxben.rules import RuleSet, default_rules_dir
from taxben.rules.schema import ENUMS, MAX_SCHEDULE_ROWS, SCALARS, SCHEDULES
from taxben.rules.resolve import Params, add_months, month_key, month_start, resolve_months
from taxben.rules.scenario import CeilingSpec


def _scalar(name: str, kind: str, value: Any) -> float:
    if value is None:
        return math.nan
    if kind == "bool":
        return 1.0 if value else 0.0
    if kind == "enum":
        return float(ENUMS[name][value])
    return float(value)


def compile_params(params: Params) -> np.ndarray:
    """One month's parameters as a (N_PARAMS,) float64 row.

    bool -> 0/1, enum -> its code, null -> NaN; each schedule: count slot = number of rows, rows sorted by
    threshold, padded with threshold +inf and value 0.
    """
    row = np.full(L.N_PARAMS, np.nan, dtype=np.float64)
    for name, kind in SCALARS:
        row[L.SCALAR_INDEX[name]] = _scalar(name, kind, params.values[name])
    for spec in SCHEDULES:
        n_slot, thr_slot, val_slot = L.SCHEDULE_SLOTS[spec.name]
        rows = params.values[spec.name]
        if rows is None:
            continue  # a schedule not in force: count NaN
        rows = sorted(rows)
        if len(rows) > MAX_SCHEDULE_ROWS:
            raise ValueError(f"{spec.name}: {len(rows)} rows > MAX_SCHEDULE_ROWS = {MAX_SCHEDULE_ROWS}")
        row[n_slot] = len(rows)
        row[thr_slot : thr_slot + MAX_SCHEDULE_ROWS] = np.inf
        row[val_slot : val_slot + MAX_SCHEDULE_ROWS] = 0.0
        for k, (threshold, value) in enumerate(rows):
            row[thr_slot + k] = threshold
            row[val_slot + k] = value
    return row


def horizon_months(start: str, n_months: int) -> list[str]:
    """``n_months`` consecutive months from ``start`` ('YYYY-MM')."""
    if n_months < 1:
        raise ValueError(f"n_months must be at least 1, got {n_months}")
    first = month_start(start)
    return [month_key(add_months(first, k)) for k in range(n_months)]


def resolve_horizon(rules: RuleSet, start: str, n_months: int) -> list[Params]:
    """Each month's parameters (``resolve_months``: a month is resolved when a dated value takes effect or the
    year changes, copied otherwise); CoverageError if a month is not covered. Resolve once, then
    ``compile_rows`` and ``estimated_values`` read the same months."""
    return resolve_months(rules, horizon_months(start, n_months))


def compile_rows(resolved: list[Params]) -> np.ndarray:
    """The rows (n_months, N_PARAMS) of resolved months."""
    P = np.empty((len(resolved), L.N_PARAMS), dtype=np.float64)
    for k, params in enumerate(resolved):
        P[k] = compile_params(params)
    return P


def compile_horizon(rules: RuleSet, start: str, n_months: int) -> tuple[list[str], np.ndarray]:
    """Months ('YYYY-MM') and their rows (n_months, N_PARAMS); CoverageError if a month is not covered."""
    resolved = resolve_horizon(rules, start, n_months)
    return [params.month for params in resolved], compile_rows(resolved)


def compile_ceiling(spec: CeilingSpec) -> np.ndarray:
    """The scenario's ceiling block as a (N_CEILING,) float64 row (fields of ``layout.CEILING_DTYPE``)."""
    row = np.zeros(L.N_CEILING, dtype=np.float64)
    record = L.ceiling_records(row)[0]
    record["enabled"] = 1.0 if spec.enabled else 0.0
    record["rate"] = spec.rate
    record["duration_months"] = spec.duration_months
    record["extension_months"] = spec.extension_months
    record["clock"] = L.CLOCKS[spec.clock]
    record["grid_hours"] = spec.grid_hours
    for g in spec.eligible_match_groups:
        record["eligible_match_group"][g - 1] = 1.0
    return row


def estimated_values(rules: RuleSet, months: list[str], resolved: list[Params] | None = None) -> list[dict[str, Any]]:
    """Estimated values used in ``months``: one entry per parameter and run of months with the same value.
    ``resolved``: the months already resolved (``resolve_horizon``), else they are resolved here.

    Each entry: name, from, to ('YYYY-MM'), value, method, unit, effective (date of the dated value).
    """
    out: list[dict[str, Any]] = []
    open_: dict[str, dict[str, Any]] = {}
    if resolved is None:
        resolved = resolve_months(rules, months)
    for m, params in zip(months, resolved, strict=True):
        for name, meta in params.meta.items():
            current = open_.get(name)
            if meta.status != "estimated":
                open_.pop(name, None)
                continue
            value = params.values[name]
            if current and current["value"] == value and current["method"] == meta.method:
                current["to"] = m
                continue
            entry = {"name": name, "from": m, "to": m, "value": value, "method": meta.method,
                     "unit": meta.unit, "effective": meta.effective}
            out.append(entry)
            open_[name] = entry
    return out


def rules_hash(rules_dir: Path | str | None = None) -> str:
    """sha256 over the names and bytes of the rule files (*.yaml) in ``rules_dir``, for provenance."""
    d = Path(rules_dir) if rules_dir is not None else default_rules_dir()
    h = hashlib.sha256()
    for f in sorted(d.glob("*.yaml")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
