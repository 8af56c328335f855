"""The distribution parameters of the synthetic population, read from ``taxben/data/synth_population.yaml``.

Every leaf of the file is ``{value, source[, note]}``; a leaf without a source is an error. The year's
values are ``common`` overridden leaf by leaf by ``years.<year>``, then checked by ``SynthParams``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

PARAMS_FILE = resources.files("taxben") / "data" / "synth_population.yaml"
SHARE_TOLERANCE = 1e-9


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_shares(shares: list[float], what: str) -> None:
    if any(s < 0 for s in shares) or abs(sum(shares) - 1) > SHARE_TOLERANCE:
        raise ValueError(f"{what} must be ≥ 0 and sum to 1, got {shares}")


class ByStatus(_Model):
    recipient: float
    non_recipient: float


class Binned(_Model):
    """Draw a bin by ``shares``, then a whole number uniformly in [edges[i], edges[i+1])."""

    edges: list[int]
    shares: list[float]

    @model_validator(mode="after")
    def _consistent(self):
        if len(self.edges) != len(self.shares) + 1 or self.edges != sorted(self.edges):
            raise ValueError("need increasing edges, one more than shares")
        _check_shares(self.shares, "bin shares")
        return self


class Totals(_Model):
    recipients: float = Field(gt=0)
    non_recipients: float = Field(gt=0)


class Sample(_Model):
    recipient_household_share: float = Field(gt=0, lt=1)


class Households(_Model):
    couple_share: ByStatus
    spouse_also_recipient: float
    spouse_age_gap_sd: float


class Age(_Model):
    edges: list[int]
    recipient_shares: list[float]
    non_recipient_shares: list[float]

    def binned(self, recipient: bool) -> Binned:
        return Binned(edges=self.edges, shares=self.recipient_shares if recipient else self.non_recipient_shares)


class ByFamily(_Model):
    single_recipient: float
    couple_recipient: float
    single_non_recipient: float
    couple_non_recipient: float


class Children(_Model):
    max_parent_age: int
    probability: ByFamily
    count_shares: list[float]


class Parents(_Model):
    max_age: int
    share: float


class Wages(_Model):
    median: ByStatus
    sigma: ByStatus
    young_age: int
    young_factor: float
    range: tuple[float, float]


class HoursShares(_Model):
    full_time: float
    reduced: float
    part_time: float


class Hours(_Model):
    work_share_by_match_group: list[float] = Field(min_length=5, max_length=5)
    recipient_range: tuple[int, int]
    non_recipient_shares: HoursShares
    full_time: float
    reduced_range: tuple[int, int]
    part_time_range: tuple[int, int]
    spouse_range: tuple[int, int]


class RentMedian(_Model):
    single: float
    single_children: float
    couple: float
    couple_children: float


class Rent(_Model):
    tenant_share: ByStatus
    median: RentMedian
    sigma: float
    range: tuple[float, float]


class OtherIncome(_Model):
    share: ByStatus
    range: tuple[float, float]
    spouse_transfer_share: float
    spouse_transfer_range: tuple[float, float]


class RateCategory(_Model):
    minimum_share: float


class SynthParams(_Model):
    """All distribution parameters of one year (values only; sources stay in the YAML file)."""

    year: int
    price_factor: float = Field(gt=0)
    totals: Totals
    sample: Sample
    households: Households
    age: Age
    children: Children
    parents: Parents
    match_group_shares: list[float] = Field(min_length=5, max_length=5)
    months_on_benefit: Binned
    wages: Wages
    hours: Hours
    rent: Rent
    other_income: OtherIncome
    rate_category: RateCategory

    @model_validator(mode="after")
    def _shares(self):
        _check_shares(self.match_group_shares, "match_group_shares")
        _check_shares(self.children.count_shares, "children.count_shares")
        _check_shares(list(self.hours.non_recipient_shares.model_dump().values()), "hours.non_recipient_shares")
        self.age.binned(True)  # validates edges and shares
        self.age.binned(False)
        return self


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, node in override.items():
        if key in merged and not _is_leaf(node) and isinstance(node, dict):
            merged[key] = _merge(merged[key], node)
        else:
            merged[key] = node
    return merged


def _values(node: dict, path: str = "") -> dict:
    """Replace each leaf by its value; every leaf must carry a non-empty ``source``."""
    out = {}
    for key, child in node.items():
        where = f"{path}.{key}" if path else str(key)
        if _is_leaf(child):
            if not str(child.get("source") or "").strip():
                raise ValueError(f"{PARAMS_FILE}: {where} has no source")
            out[key] = child["value"]
        elif isinstance(child, dict):
            out[key] = _values(child, where)
        else:
            raise ValueError(f"{PARAMS_FILE}: {where} is not a {{value, source}} leaf")
    return out


@lru_cache(maxsize=1)
def raw_params() -> dict:
    """The YAML file as loaded."""
    return yaml.safe_load(PARAMS_FILE.read_text(encoding="utf-8"))


def supported_years() -> list[int]:
    return sorted(int(y) for y in raw_params()["years"])


@lru_cache(maxsize=None)
def load_params(year: int) -> SynthParams:
    """The parameters of ``year`` (one of ``supported_years()``)."""
    raw = raw_params()
    years = {int(y): node for y, node in raw["years"].items()}
    if year not in years:
        raise ValueError(f"no synthetic-population parameters for {year}; have {sorted(years)}")
    return SynthParams(year=year, **_values(_merge(raw["common"], years[year])))
