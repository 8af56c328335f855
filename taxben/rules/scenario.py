"""Scenarios: YAML overlays on the baseline rules (scenarios/*.yaml).

A scenario has a ``ceiling`` block (the reform of SPEC section 5) and optional ``overrides`` that set a
rule parameter from a date onward, e.g. a different hourly disregard.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from taxben.rules.checks import check_value, parse_date, pydantic_problems
from taxben.rules.errors import RulesError
from taxben.rules.model import DatedValue, Localized, RuleSet, Sourced
from taxben.rules.paths import default_scenarios_dir
from taxben.rules.yamlio import read_yaml


class CeilingSpec(BaseModel):
    """The combined tax-and-withdrawal ceiling (SPEC section 5); defaults are the SLIB proposal."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    enabled: bool = False
    rate: float = Field(0.70, gt=0.0, lt=1.0)
    eligible_match_groups: list[int] = Field(default_factory=lambda: [4, 5])
    duration_months: int = Field(12, ge=0)
    extension_months: int = Field(12, ge=0)
    clock: Literal["working_months", "calendar_months"] = "working_months"
    grid_hours: float = Field(1.0, gt=0.0)

    @field_validator("eligible_match_groups")
    @classmethod
    def _groups(cls, groups: list[int]) -> list[int]:
        bad = [g for g in groups if not 1 <= g <= 5]
        if bad:
            raise ValueError(f"match groups must be 1..5, got {bad}")
        if len(set(groups)) != len(groups):
            raise ValueError(f"match groups listed twice: {groups}")
        return sorted(groups)


class Override(Sourced):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    parameter: str
    start: dt.date = Field(alias="from")
    value: Any = Field(...)


class _ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    description: str | Localized
    ceiling: CeilingSpec = Field(default_factory=CeilingSpec)
    overrides: list[Any] = Field(default_factory=list)


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    description: str | Localized
    ceiling: CeilingSpec
    overrides: list[Override]
    path: Path | None = None


def list_scenarios(directory: Path | str | None = None) -> list[Path]:
    d = Path(directory) if directory is not None else default_scenarios_dir()
    return sorted(d.glob("*.yaml"))


def load_scenario(path: Path | str, rules: RuleSet) -> Scenario:
    """Read and validate one scenario file against ``rules``; RulesError lists every problem."""
    path = Path(path)
    file = path.name
    problems: list[str] = []
    if not path.exists():
        raise RulesError([f"{file}: (file): scenario file not found ({path})"], str(path))
    data = read_yaml(path, problems)
    if problems:
        raise RulesError(problems, str(path))
    keys = "name, description, and optionally ceiling and overrides"
    if data is None:
        raise RulesError([f"{file}: (file): the file is empty; a scenario needs at least {keys} "
                          "(see scenarios/ceiling70_mg45.yaml)"], str(path))
    if not isinstance(data, dict):
        raise RulesError([f"{file}: (top level): expected key: value lines ({keys}), got a "
                          f"{'list' if isinstance(data, list) else type(data).__name__}"], str(path))
    spec = None
    try:
        spec = _ScenarioFile.model_validate(data)
    except ValidationError as exc:  # listed with the overrides' problems below, not alone
        problems.extend(pydantic_problems(file, "", exc))
    raw_overrides = data.get("overrides") if isinstance(data.get("overrides"), list) else []
    overrides: list[Override] = []
    for i, raw in enumerate(raw_overrides):
        where = f"overrides[{i}]"
        if isinstance(raw, dict) and "from" in raw and parse_date(raw["from"]) is None:
            problems.append(f"{file}: {where}.from: bad date {raw['from']!r}: use YYYY-MM-DD")
            continue
        try:
            ov = Override.model_validate(raw)
        except ValidationError as exc:
            problems.extend(pydantic_problems(file, where, exc))
            continue
        p = rules.parameters.get(ov.parameter)
        if p is None:
            problems.append(
                f"{file}: {where}.parameter: unknown parameter '{ov.parameter}' (scenario {path}); "
                "see `taxben rules show` for the parameter names"
            )
            continue
        value, problem = check_value(p.kind, p.column, p.unit, p.nullable, p.enum, p.range, ov.value)
        if problem:
            problems.append(f"{file}: {where}.value: {ov.parameter}: {problem}")
            continue
        overrides.append(ov.model_copy(update={"value": value}))
    if problems or spec is None:
        raise RulesError(problems, str(path))
    return Scenario(name=spec.name, description=spec.description, ceiling=spec.ceiling,
                    overrides=overrides, path=path)


def apply_scenario(rules: RuleSet, scenario: Scenario) -> RuleSet:
    """Overlay the scenario's overrides, in file order: each replaces the parameter's values from its date on."""
    params = dict(rules.parameters)
    for ov in scenario.overrides:
        p = params.get(ov.parameter)
        if p is None:
            where = scenario.path or scenario.name
            raise RulesError([f"{Path(str(where)).name}: overrides: unknown parameter '{ov.parameter}' "
                              f"(scenario {where})"], str(where))
        kept = [v for v in p.values if v.date < ov.start]
        new = DatedValue(date=ov.start, value=ov.value, reference=ov.reference, status=ov.status,
                         method=ov.method, note=ov.note, origin=f"scenario:{scenario.name}")
        params[ov.parameter] = p.model_copy(update={"values": [*kept, new]})
    return rules.model_copy(update={"parameters": params, "scenario": scenario.name})


def find_scenario(scenario: str | Path, directory: Path | str | None = None) -> Path:
    """A scenario file from a path, or the name of a built-in scenario (``ceiling70_mg45``)."""
    path = Path(scenario)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    d = Path(directory) if directory is not None else default_scenarios_dir()
    builtin = d / f"{path.stem}.yaml"
    if builtin.exists():
        return builtin
    known = ", ".join(p.stem for p in list_scenarios(d))
    raise RulesError([f"{scenario}: (file): scenario not found: give a YAML path or one of: {known}"], str(scenario))
