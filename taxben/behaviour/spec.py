"""The behaviour file: the choice set and the participation elasticities, each value with its source.

``taxben run --behaviour low|central|high|FILE``: the three words pick a variant of the built-in file
``scenarios/behaviour/danish_participation.yaml``; FILE is a YAML file of the same form (docs/behaviour.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from taxben.rules.model import Localized, Sourced

VARIANTS = ("low", "central", "high")
BUILT_IN = "danish_participation.yaml"
MATCH_GROUPS = (1, 2, 3, 4, 5)


class BehaviourFileError(ValueError):
    """A behaviour file that cannot be used; the message names the file and what to change."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourcedElasticity(Sourced):
    value: float = Field(ge=0.0, le=5.0)


class ElasticitySet(_Strict):
    """Participation elasticity targets per match group for one variant (low, central or high)."""

    by_match_group: dict[int, SourcedElasticity]

    @field_validator("by_match_group")
    @classmethod
    def _all_groups(cls, values: dict[int, SourcedElasticity]) -> dict[int, SourcedElasticity]:
        missing = [g for g in MATCH_GROUPS if g not in values]
        unknown = [g for g in values if g not in MATCH_GROUPS]
        if missing or unknown:
            raise ValueError(f"needs exactly the match groups 1-5 (missing {missing}, unknown {unknown})")
        return values

    def targets(self) -> dict[int, float]:
        return {g: v.value for g, v in self.by_match_group.items()}


class ChoiceSet(_Strict):
    hours_per_week: list[float]
    reference: str

    @field_validator("hours_per_week")
    @classmethod
    def _valid_hours(cls, hours: list[float]) -> list[float]:
        if len(hours) < 2 or hours[0] != 0.0:
            raise ValueError("needs 0 first and at least one positive number of hours")
        if any(b <= a for a, b in zip(hours, hours[1:])):
            raise ValueError("hours must be strictly increasing")
        if hours[-1] > 60:
            raise ValueError("hours per week above 60 are outside the population schema")
        if len(hours) > 16:
            raise ValueError("at most 16 options (a couple chooses among options²)")
        return hours


class BehaviourFile(_Strict):
    name: str
    description: Localized
    sources: dict[str, dict] = Field(default_factory=dict)  # YAML anchors for the references below
    choosers: Literal["recipients"] = "recipients"
    choice_set: ChoiceSet
    income_unit_dkk: float = Field(default=1000.0, gt=0)
    elasticity_definition: str
    elasticities: dict[str, ElasticitySet]

    @model_validator(mode="after")
    def _has_central(self) -> BehaviourFile:
        unknown = sorted(set(self.elasticities) - set(VARIANTS))
        if unknown:
            raise ValueError(f"unknown elasticity variants {unknown}; use {list(VARIANTS)}")
        if "central" not in self.elasticities:
            raise ValueError("elasticities need at least a 'central' variant")
        return self


class BehaviourSpec(BaseModel):
    """What a run uses: the choice set, the headline variant and every variant for the band."""

    model_config = ConfigDict(frozen=True)

    name: str
    path: Path
    headline: str
    hours: tuple[float, ...]
    income_unit_dkk: float
    targets: dict[str, dict[int, float]]  # variant -> match group -> elasticity

    @property
    def variants(self) -> list[str]:
        return [v for v in VARIANTS if v in self.targets]

    @property
    def has_band(self) -> bool:
        return "low" in self.targets and "high" in self.targets


def built_in_path() -> Path:
    from taxben.rules.paths import default_scenarios_dir

    return default_scenarios_dir() / "behaviour" / BUILT_IN


def read_behaviour_file(path: Path) -> BehaviourFile:
    from taxben.rules.yamlio import read_yaml

    path = Path(path)
    if not path.is_file():
        raise BehaviourFileError(f"{path}: no such behaviour file; give low, central, high or a YAML file")
    problems: list[str] = []
    data = read_yaml(path, problems)
    if problems:
        raise BehaviourFileError(f"{path}: " + "; ".join(problems))
    try:
        return BehaviourFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise BehaviourFileError(f"{path}: {problems}") from None


def load_behaviour(choice: str | Path) -> BehaviourSpec:
    """``low``, ``central`` or ``high`` (the built-in estimates, that variant as the headline) or a file."""
    if str(choice) in VARIANTS:
        path, headline = built_in_path(), str(choice)
    else:
        path, headline = Path(choice), "central"
    spec = read_behaviour_file(path)
    if headline not in spec.elasticities:
        raise BehaviourFileError(f"{path}: has no '{headline}' elasticities")
    return BehaviourSpec(
        name=spec.name, path=path, headline=headline, hours=tuple(spec.choice_set.hours_per_week),
        income_unit_dkk=spec.income_unit_dkk,
        targets={variant: s.targets() for variant, s in spec.elasticities.items()},
    )
