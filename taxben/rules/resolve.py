"""``resolve``: the parameter values in force on the first day of a month, flat and typed.

Values come from the dated entries of the rule files. A DKK amount marked ``uprating: <index>`` whose
last explicit value is from an earlier year is projected to the month's year with the yearly index in
uprating.yaml (status ``estimated``, the method says how). Rates and switches stay as last set.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from taxben.rules.errors import CoverageError, RulesError
from taxben.rules.model import DatedValue, Parameter, RuleSet


@dataclass(frozen=True)
class ParamMeta:
    """Where a resolved value comes from."""

    name: str
    kind: str
    unit: str
    status: str
    reference: dict[str, Any]
    effective: str  # date of the dated value used (YYYY-MM-DD)
    description: dict[str, str]
    method: str | None = None
    threshold_unit: str | None = None
    origin: str = "rules"
    uprated_from: str | None = None  # date of the explicit value an uprated value was projected from

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Params:
    """Resolved parameters of one month: ``values[name]`` and ``meta[name]``."""

    month: str
    values: dict[str, Any]
    meta: dict[str, ParamMeta]
    scenario: str | None = None
    covered: bool = True
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def estimated(self) -> list[dict[str, Any]]:
        """The estimated values used this month: name, value, method."""
        return [
            {"name": n, "value": self.values[n], "method": m.method}
            for n, m in self.meta.items()
            if m.status == "estimated"
        ]


class _Unresolvable(Exception):
    pass


def month_start(month: str | dt.date) -> dt.date:
    """'YYYY-MM' (or 'YYYY-MM-DD', or a date) -> first day of that month."""
    if isinstance(month, dt.date):
        return dt.date(month.year, month.month, 1)
    text = str(month).strip()
    try:
        parts = text.split("-")
        if len(parts) not in (2, 3) or len(parts[0]) != 4:
            raise ValueError
        return dt.date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        raise ValueError(f"bad month {month!r}: expected YYYY-MM") from None


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: dt.date, n: int) -> dt.date:
    k = day.year * 12 + day.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def is_covered(rules: RuleSet, month: str | dt.date) -> bool:
    key = month_key(month_start(month))
    return any(p.start <= key <= p.end for p in rules.coverage)


def covered_months(rules: RuleSet) -> list[str]:
    out = []
    for p in rules.coverage:
        day, end = month_start(p.start), month_start(p.end)
        while day <= end:
            out.append(month_key(day))
            day = add_months(day, 1)
    return out


def resolve(rules: RuleSet, month: str | dt.date, *, strict: bool = True) -> Params:
    """Values in force on the first day of ``month``.

    ``strict`` (default) refuses months outside the declared coverage with a ``CoverageError``.
    ``strict=False`` is for inspecting history (e.g. ``rules diff 2025-06 2025-07``): values are the
    dated entries as written, not uprated where an index year is missing, and ``covered`` is False.
    """
    day = month_start(month)
    key = month_key(day)
    covered = is_covered(rules, day)
    if strict and not covered:
        raise CoverageError(key, rules.covered_ranges())
    values: dict[str, Any] = {}
    meta: dict[str, ParamMeta] = {}
    notes: list[str] = []
    for name, p in rules.parameters.items():
        try:
            values[name], meta[name] = _resolve_one(rules, p, day, uprate_strict=strict)
        except _Unresolvable as exc:
            if strict:
                raise RulesError([f"{p.file}: parameters.{name.split('.', 1)[1]}: {exc}"], key) from exc
            notes.append(f"{name}: {exc}")
    return Params(month=key, values=values, meta=meta, scenario=rules.scenario, covered=covered, notes=notes)


def resolve_months(rules: RuleSet, months: Sequence[str | dt.date]) -> list[Params]:
    """``resolve`` (strict) of each of ``months``, in order. Dated values apply from a day, uprating by
    calendar year: a month in the same year as the month before it, both covered, with no dated value
    taking effect after the earlier one's first day and by its own, has the earlier month's values. Such
    a month is not resolved again but copied (a horizon of 24 months within two years resolves two)."""
    change_days = sorted({v.date for p in rules.parameters.values() for v in p.values})
    out: list[Params] = []
    previous_day = None
    for month in months:
        day = month_start(month)
        unchanged = (out and day.year == previous_day.year and day > previous_day
                     and is_covered(rules, day)
                     and bisect.bisect_right(change_days, day) == bisect.bisect_right(change_days, previous_day))
        if unchanged:
            last = out[-1]
            out.append(replace(last, month=month_key(day), values={k: _copy(v) for k, v in last.values.items()},
                               meta=dict(last.meta), notes=list(last.notes)))
        else:
            out.append(resolve(rules, day))
        previous_day = day
    return out


def coverage_problems(rules: RuleSet) -> list[str]:
    """Every problem that would stop a covered month from resolving (used by load_rules)."""
    problems: list[str] = []
    for name, p in rules.parameters.items():
        seen: set[str] = set()
        for key in covered_months(rules):
            try:
                _in_force(rules, p, month_start(key), uprate_strict=True)  # what _resolve_one checks, no values
            except _Unresolvable as exc:
                msg = f"{p.file}: parameters.{name.split('.', 1)[1]}: {exc}"
                if msg not in seen:
                    seen.add(msg)
                    problems.append(f"{msg} (first covered month affected: {key})")
    return problems


def _entry_at(p: Parameter, day: dt.date) -> DatedValue:
    entry = None
    for v in p.values:
        if v.date <= day:
            entry = v
    if entry is None:
        raise _Unresolvable(f"no value in force on {day} (first dated value: {p.values[0].date})")
    return entry


def _meta(p: Parameter, entry: DatedValue, **over: Any) -> ParamMeta:
    fields = dict(
        name=p.name, kind=p.kind, unit=p.unit, threshold_unit=p.threshold_unit, status=entry.status,
        reference=entry.reference.model_dump(exclude_none=True), effective=entry.date.isoformat(),
        description=p.description.model_dump(), method=entry.method, origin=entry.origin,
    )
    fields.update(over)
    return ParamMeta(**fields)


def _in_force(rules: RuleSet, p: Parameter, day: dt.date, *, uprate_strict: bool
              ) -> tuple[DatedValue, list[int], list[int]]:
    """The dated entry in force on ``day``, the years to uprate it through (none: as written) and those of
    them the index lacks; ``_Unresolvable`` when there is no entry, or (``uprate_strict``) a year lacks."""
    entry = _entry_at(p, day)
    if p.uprating is None or entry.value in (None, 0) or day.year <= entry.date.year:
        return entry, [], []  # nothing to uprate (null and 0 stay as they are)
    index = rules.indices[p.uprating]
    years = list(range(entry.date.year + 1, day.year + 1))
    missing = [y for y in years if y not in index.values]
    if missing and uprate_strict:
        raise _Unresolvable(
            f"cannot uprate the {entry.date} value to {day.year}: uprating.yaml has no "
            f"{p.uprating} for {', '.join(map(str, missing))}"
        )
    return entry, years, missing


def _resolve_one(rules: RuleSet, p: Parameter, day: dt.date, *, uprate_strict: bool) -> tuple[Any, ParamMeta]:
    entry, years, missing = _in_force(rules, p, day, uprate_strict=uprate_strict)
    if not years:
        return _copy(entry.value), _meta(p, entry)
    index = rules.indices[p.uprating]
    if missing:
        method = f"the {entry.date} value as written, not uprated ({p.uprating} missing for {missing[0]}..)"
        return _copy(entry.value), _meta(p, entry, status="estimated", method=method)
    factor = math.prod(1.0 + index.values[y].percent / 100.0 for y in years)
    step = p.round_to or index.round_to
    up = index.rounding == "up"
    value = _uprate_value(p, entry.value, factor, step, up)
    steps = ", ".join(f"{y} {index.values[y].percent:+.2f} % ({index.values[y].status})" for y in years)
    method = (
        f"uprated from the {entry.date} value {_fmt(entry.value)} by {p.uprating} {steps}; "
        f"factor {factor:.4f}, rounded {'up ' if up else ''}to {step:g}"
    )
    return value, _meta(p, entry, status="estimated", method=method, uprated_from=entry.date.isoformat())


def _round(x: float, step: float, up: bool = False) -> float:
    """Half-up to a multiple of ``step``; ``up``: to the next multiple (a tiny tolerance keeps exact
    multiples where they are, e.g. 56,300.0000001 from float noise stays 56,300)."""
    if up:
        return round(math.ceil(x / step - 1e-9) * step, 10)
    return round(math.floor(x / step + 0.5) * step, 10)


def _uprate_value(p: Parameter, value: Any, factor: float, step: float, up: bool = False) -> Any:
    if p.kind != "schedule":
        return _round(value * factor, step, up)
    up_t = (p.threshold_unit or "").startswith("DKK")
    up_v = p.unit.startswith("DKK")
    return [
        (_round(t * factor, step, up) if up_t and math.isfinite(t) else t, _round(v * factor, step, up) if up_v else v)
        for t, v in value
    ]


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f"{_fmt(t)}: {_fmt(v)}" for t, v in value) + "]"
    return f"{value:.12g}" if isinstance(value, float) else str(value)
