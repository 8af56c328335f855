"""``load_rules``: read rules/dk/*.yaml, validate everything, and return a ``RuleSet``.

All problems are collected and raised together as one ``RulesError``; each names the file, the parameter
path and the problem.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from taxben.rules.checks import check_value, join, parse_date, pydantic_problems
from taxben.rules.schema import PARAMETER_KINDS
from taxben.rules.errors import RulesError
from taxben.rules.model import (
    CoveragePeriod, CoverageSpec, DatedValue, IndexValue, Parameter, ParameterSpec, Reference, RuleSet,
    UpratingIndex, UpratingIndexSpec, UpratingSpec, ValueEntry,
)
from taxben.rules.paths import default_rules_dir
from taxben.rules.yamlio import read_yaml

COVERAGE_FILE = "coverage.yaml"
UPRATING_FILE = "uprating.yaml"
_FILE_KEYS = {"description", "parameters"}
_FILE_OPTIONAL = {"sources"}  # reusable references (YAML anchors), checked like any reference


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Load and validate the rule set in ``path`` (default: the repo's ``rules/dk``)."""
    rules_dir = Path(path) if path is not None else default_rules_dir()
    if not rules_dir.is_dir():
        raise RulesError([f"{rules_dir}: (directory): rules directory not found"], str(rules_dir))
    problems: list[str] = []
    coverage = _load_coverage(rules_dir / COVERAGE_FILE, problems)
    indices = _load_indices(rules_dir / UPRATING_FILE, problems)
    parameters: dict[str, Parameter] = {}
    broken: set[str] = set()  # file stems that could not be read at all
    defined: set[str] = set()  # parameters present in a file (valid or not)
    files = sorted(p for p in rules_dir.glob("*.yaml"))
    for f in files:
        if f.name in (COVERAGE_FILE, UPRATING_FILE):
            continue
        loaded = _load_rule_file(f, indices, problems, defined)
        if loaded is None:
            broken.add(f.stem)
        else:
            parameters.update(loaded)
    for name in PARAMETER_KINDS:
        prefix, short = name.split(".", 1)
        if name not in defined and prefix not in broken:
            problems.append(
                f"{prefix}.yaml: parameters.{short}: missing parameter '{name}': the engine reads it "
                "(taxben/rules/schema.py) but no rule file defines it"
            )
    if problems:
        raise RulesError(problems, str(rules_dir))
    rules = RuleSet(
        source_dir=rules_dir,
        files=[f.name for f in files],
        parameters={n: parameters[n] for n in PARAMETER_KINDS},
        coverage=coverage,
        indices=indices,
    )
    from taxben.rules.resolve import coverage_problems  # late import: resolve needs the model only

    problems = coverage_problems(rules)
    if problems:
        raise RulesError(problems, str(rules_dir))
    return rules


def load_rules_cached(path: Path | str | None = None) -> RuleSet:
    """``load_rules``, once per process while the rule files are unchanged (name, modification time and
    size of every ``*.yaml``): one command checks the horizon against the coverage and compiles the
    scenarios from the same validated rule set. The rule set is shared: read it, do not change it."""
    rules_dir = Path(path) if path is not None else default_rules_dir()
    stamp = rules_stamp(rules_dir)
    if stamp is None:  # a file vanished while we looked: load without the cache (and report what is wrong)
        return load_rules(rules_dir)
    return _load_rules_stamped(str(rules_dir), stamp)


def rules_stamp(path: Path | str | None = None) -> tuple | None:
    """Name, modification time and size of every rule file: what a cache of anything computed from the
    rules must be keyed on (None when a file vanished while we looked)."""
    rules_dir = Path(path) if path is not None else default_rules_dir()
    try:
        return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(rules_dir.glob("*.yaml")))
    except OSError:
        return None


@lru_cache(maxsize=8)
def _load_rules_stamped(rules_dir: str, stamp: tuple) -> RuleSet:
    return load_rules(rules_dir)


def _top_level(file: str, data: Any, required: set[str], allowed: set[str], problems: list[str]) -> bool:
    if not isinstance(data, dict):
        problems.append(f"{file}: (top level): expected a mapping with keys {sorted(allowed)}")
        return False
    for key in data:
        if key not in allowed:
            problems.append(f"{file}: (top level): unknown key '{key}'")
    for key in sorted(required - set(data)):
        problems.append(f"{file}: (top level): missing required key '{key}'")
    return required <= set(data)


def _load_coverage(path: Path, problems: list[str]) -> list[CoveragePeriod]:
    if not path.exists():
        problems.append(f"{path.name}: (file): missing; declare the covered months as a list of {{from, to, note}}")
        return []
    data = read_yaml(path, problems)
    if data is None:
        return []
    try:
        spec = CoverageSpec.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(path.name, "", exc))
        return []
    periods = sorted(spec.coverage, key=lambda p: p.start)
    for i, p in enumerate(periods):
        if p.end < p.start:
            problems.append(f"{path.name}: coverage[{i}]: 'to' {p.end} is before 'from' {p.start}")
        if i and p.start <= periods[i - 1].end:
            problems.append(f"{path.name}: coverage[{i}]: {p.start}..{p.end} overlaps {periods[i-1].start}..{periods[i-1].end}")
    return periods


def _load_indices(path: Path, problems: list[str]) -> dict[str, UpratingIndex]:
    if not path.exists():
        return {}
    data = read_yaml(path, problems)
    if data is None:
        return {}
    try:
        spec = UpratingSpec.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(path.name, "", exc))
        return {}
    out = {}
    for name, raw in spec.indices.items():
        where = f"indices.{name}"
        try:
            ispec = UpratingIndexSpec.model_validate(raw)
        except ValidationError as exc:
            problems.extend(pydantic_problems(path.name, where, exc))
            continue
        values: dict[int, IndexValue] = {}
        for year, entry in ispec.values.items():
            try:
                values[int(year)] = IndexValue.model_validate(entry)
            except ValidationError as exc:
                problems.extend(pydantic_problems(path.name, f"{where}.values.{year}", exc))
        out[name] = UpratingIndex(
            name=name, description=ispec.description, applies_to=ispec.applies_to,
            round_to=ispec.round_to, rounding=ispec.rounding, values=dict(sorted(values.items())),
        )
    return out


def _load_rule_file(
    path: Path, indices: dict[str, UpratingIndex], problems: list[str], defined: set[str]
) -> dict[str, Parameter] | None:
    file = path.name
    data = read_yaml(path, problems)
    if data is None or not _top_level(file, data, _FILE_KEYS, _FILE_KEYS | _FILE_OPTIONAL, problems):
        return None
    for key, ref in (data.get("sources") or {}).items():
        try:
            Reference.model_validate(ref)
        except ValidationError as exc:
            problems.extend(pydantic_problems(file, f"sources.{key}", exc))
    if not isinstance(data["parameters"], dict):
        problems.append(f"{file}: parameters: expected a mapping of parameter name -> definition")
        return None
    out = {}
    for short, raw in data["parameters"].items():
        full = f"{path.stem}.{short}"
        where = f"parameters.{short}"
        if full not in PARAMETER_KINDS:
            problems.append(
                f"{file}: {where}: unknown parameter '{full}': not in taxben/rules/schema.py, so the engine "
                "would never read it"
            )
            continue
        defined.add(full)
        param = _load_parameter(file, where, full, raw, indices, problems)
        if param is not None:
            out[full] = param
    return out


def _load_parameter(
    file: str, where: str, full: str, raw: Any, indices: dict[str, UpratingIndex], problems: list[str]
) -> Parameter | None:
    try:
        spec = ParameterSpec.model_validate(raw)
    except ValidationError as exc:
        problems.extend(pydantic_problems(file, where, exc))
        return None
    kind, column = PARAMETER_KINDS[full]
    n_before = len(problems)
    _check_spec(file, where, full, kind, spec, indices, problems)
    values = _load_values(file, where, kind, column, spec, problems)
    if len(problems) > n_before:
        return None
    return Parameter(
        name=full, file=file, kind=kind, column=column, unit=spec.unit, threshold_unit=spec.threshold_unit,
        description=spec.description, range=spec.range, nullable=spec.nullable, enum=spec.enum,
        uprating=spec.uprating, round_to=spec.round_to, note=spec.note, values=values,
    )


def _check_spec(file, where, full, kind, spec: ParameterSpec, indices, problems: list[str]) -> None:
    def bad(msg: str, key: str = "") -> None:
        problems.append(f"{file}: {join(where, key)}: {msg}")

    if kind == "bool" and spec.unit != "bool":
        bad(f"unit must be 'bool' for a switch, got '{spec.unit}'", "unit")
    if kind == "enum" and spec.unit != "enum":
        bad(f"unit must be 'enum', got '{spec.unit}'", "unit")
    if kind in ("number", "schedule") and spec.unit in ("bool", "enum"):
        bad(f"unit '{spec.unit}' does not fit a numeric parameter", "unit")
    if kind == "schedule" and spec.threshold_unit is None:
        bad("missing required key 'threshold_unit' (a schedule's thresholds need a unit)")
    if kind != "schedule" and spec.threshold_unit is not None:
        bad("'threshold_unit' is only for schedules", "threshold_unit")
    if kind == "enum":
        from taxben.rules.schema import ENUMS

        expected = sorted(ENUMS[full])
        if spec.enum is None or sorted(spec.enum) != expected:
            bad(f"enum must list exactly the symbols the engine knows: {expected}", "enum")
    elif spec.enum is not None:
        bad("'enum' is only for enumerations", "enum")
    if spec.uprating is not None:
        if spec.uprating not in indices:
            bad(f"unknown uprating index '{spec.uprating}' (define it in uprating.yaml)", "uprating")
        if not (spec.unit.startswith("DKK") or (spec.threshold_unit or "").startswith("DKK")):
            bad("uprating applies to DKK amounts only", "uprating")


def _load_values(file, where, kind, column, spec: ParameterSpec, problems: list[str]) -> list[DatedValue]:
    values: list[DatedValue] = []
    if not spec.values:
        problems.append(f"{file}: {where}.values: no dated values")
    previous = None
    for key, raw in spec.values.items():
        vwhere = f"{where}.values.{key}"
        day = parse_date(key)
        if day is None:
            problems.append(f"{file}: {vwhere}: bad date '{key}': dated values are keyed YYYY-MM-DD")
            continue
        if previous is not None and day <= previous:
            problems.append(f"{file}: {vwhere}: dates out of order: {day} comes after {previous}")
        previous = day if previous is None else max(previous, day)
        try:
            entry = ValueEntry.model_validate(raw)
        except ValidationError as exc:
            problems.extend(pydantic_problems(file, vwhere, exc))
            continue
        value, problem = check_value(kind, column, spec.unit, spec.nullable, spec.enum, spec.range, entry.value)
        if problem:
            problems.append(f"{file}: {vwhere}.value: {problem}")
            continue
        values.append(DatedValue(date=day, value=value, reference=entry.reference, status=entry.status,
                                 method=entry.method, note=entry.note))
    return sorted(values, key=lambda v: v.date)
