"""Pydantic models: the rule-file schema and the loaded, validated rule set.

The file schema mirrors the YAML (``description``, ``parameters: name -> {description, unit, values}``);
the loaded ``RuleSet`` is flat: full dotted names (``tax.am_rate``) mapped to a ``Parameter`` with its dated
values in date order. See docs/rules.md for the format.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

UNITS = (
    "DKK/month", "DKK/year", "rate", "hours/month", "DKK/hour",
    "years", "months", "count", "bool", "enum", "factor",
)
Unit = Literal[
    "DKK/month", "DKK/year", "rate", "hours/month", "DKK/hour",
    "years", "months", "count", "bool", "enum", "factor",
]
Status = Literal["verified", "secondary", "estimated"]
STATUSES = ("verified", "secondary", "estimated")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    en: str
    da: str


class Reference(_Strict):
    title: str
    url: str | None = None
    citation: str | None = None

    @model_validator(mode="after")
    def _has_pointer(self) -> Reference:
        if not (self.url or self.citation):
            raise ValueError("a reference needs a 'url' or a 'citation' besides its title")
        return self


class Sourced(_Strict):
    """Status + reference + method, shared by dated values, index values and scenario overrides."""

    reference: Reference
    status: Status
    method: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _method_iff_estimated(self) -> Sourced:
        if self.status == "estimated" and not (self.method or "").strip():
            raise ValueError("status 'estimated' requires a 'method' saying how the value was derived")
        if self.status != "estimated" and self.method:
            raise ValueError(f"'method' is only for estimated values (status is '{self.status}')")
        return self


class ValueEntry(Sourced):
    value: Any = Field(...)


class Range(_Strict):
    min: float | None = None
    max: float | None = None


class ParameterSpec(_Strict):
    """One parameter as written in a rule file (values are validated entry by entry by the loader)."""

    description: Localized
    unit: Unit
    threshold_unit: Unit | None = None
    range: Range | None = None
    nullable: bool = False
    enum: list[str] | None = None
    uprating: str | None = None
    round_to: float | None = Field(default=None, gt=0)
    note: str | None = None
    values: dict[Any, Any]


class RuleFileSpec(_Strict):
    description: str | Localized
    parameters: dict[str, Any]


class CoveragePeriod(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    start: str = Field(alias="from", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    end: str = Field(alias="to", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    note: str


class CoverageSpec(_Strict):
    description: str | Localized
    coverage: list[CoveragePeriod] = Field(min_length=1)


class IndexValue(Sourced):
    percent: float


Rounding = Literal["half_up", "up"]


class UpratingIndexSpec(_Strict):
    description: Localized
    applies_to: str
    round_to: float = Field(gt=0)
    rounding: Rounding = "half_up"  # "up": to the next multiple of round_to (PSL § 20, stk. 2)
    values: dict[int, Any]


class UpratingSpec(_Strict):
    description: str | Localized
    sources: dict[str, Reference] = Field(default_factory=dict)  # reusable references (YAML anchors)
    indices: dict[str, Any]


# --- the loaded rule set -------------------------------------------------------------------------

Kind = Literal["number", "bool", "enum", "schedule"]


class DatedValue(_Strict):
    date: dt.date
    value: Any
    reference: Reference
    status: Status
    method: str | None = None
    note: str | None = None
    origin: str = "rules"  # "rules" or "scenario:<name>"


class Parameter(_Strict):
    name: str
    file: str
    kind: Kind
    column: str | None = None  # value column of a schedule: "rate" or "amount"
    unit: Unit
    threshold_unit: Unit | None = None
    description: Localized
    range: Range | None = None
    nullable: bool = False
    enum: list[str] | None = None
    uprating: str | None = None
    round_to: float | None = None
    note: str | None = None
    values: list[DatedValue]


class UpratingIndex(_Strict):
    name: str
    description: Localized
    applies_to: str
    round_to: float
    rounding: Rounding = "half_up"
    values: dict[int, IndexValue]  # year -> regulation applied on 1 January of that year


class RuleSet(_Strict):
    """A validated rule set (optionally with a scenario overlay applied)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    source_dir: Path | None = None
    files: list[str]
    parameters: dict[str, Parameter]
    coverage: list[CoveragePeriod]
    indices: dict[str, UpratingIndex]
    scenario: str | None = None

    def covered_ranges(self) -> list[tuple[str, str]]:
        return [(p.start, p.end) for p in self.coverage]
