"""Declarative column rules of the population file and the hours schedule (SPEC §3).

Each column is one ``ColumnSpec`` row; ``taxben.population.checks`` applies the rules vectorised.
Canonical dtypes of a validated population:

* ``int``   -> ``int64``
* ``float`` -> ``float64``
* ``bool``  -> ``bool``
* ``match_group`` -> pandas nullable ``Int64`` (``<NA>`` = no match group)
* ``rate_category`` -> ``str``, ``""`` = derive the category from age, children and parents
* ``month`` (hours schedule) -> ``str`` ``YYYY-MM``
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from taxben.kernels.fields import CHILD_AGE_BANDS, RATE_CATEGORIES

Kind = Literal["int", "float", "bool", "category", "month"]


class ColumnSpec(BaseModel):
    """The rules for one column."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: Kind
    required: bool = True
    default: int | float | bool | str | None = None  # filled in when an optional column is absent
    min: float | None = None  # inclusive
    max: float | None = None  # inclusive
    warn_above: float | None = None  # plausible up to here; above it (within max) a warning, not an error
    nullable: bool = False  # empty cells allowed
    household: bool = False  # must agree between the adults of a household
    allowed: tuple[str, ...] | None = None  # for kind "category"
    doc: str = ""


# Danish names accepted in ``rate_category`` and the engine category they stand for. "forhøjet sats"
# and "forsørger" are not aliases: forhøjet sats is ``full_provider`` or ``full_other`` by children.
RATE_CATEGORY_ALIASES: dict[str, str] = {
    "mindstesats": "minimum",
    "grundsats": "young_away",
    "udeboende": "young_away",
    "hjemmeboende": "young_home",
}

POPULATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(name="person_id", kind="int", doc="unique id of the adult"),
    ColumnSpec(name="household_id", kind="int", doc="1 or 2 adults share it"),
    ColumnSpec(name="weight", kind="float", min=0, max=1e7, warn_above=1e5, household=True, doc="grossing-up weight"),
    ColumnSpec(name="age", kind="int", min=18, max=120, doc="years"),
    ColumnSpec(name="n_children", kind="int", min=0, max=20, warn_above=10, household=True, doc="dependent children"),
    ColumnSpec(name="lives_with_parents", kind="bool", doc="hjemmeboende"),
    ColumnSpec(name="receives_kontanthjaelp", kind="bool", doc="entitled at zero own earnings"),
    ColumnSpec(
        name="match_group", kind="int", min=1, max=5, nullable=True,
        doc="1-5; required for recipients, may be empty otherwise",
    ),
    ColumnSpec(name="months_on_benefit", kind="int", min=0, max=1200, warn_above=600, doc="months on help before the start"),
    ColumnSpec(name="hourly_wage", kind="float", min=0, max=10_000, warn_above=2_000, doc="DKK/hour, gross"),
    ColumnSpec(name="hours_per_week", kind="float", min=0, max=60, warn_above=48, doc="hours worked"),
    ColumnSpec(name="rent_monthly", kind="float", min=0, max=100_000, warn_above=25_000, household=True, doc="DKK, 0 = not a tenant"),
    ColumnSpec(name="other_income_monthly", kind="float", min=0, max=1_000_000, warn_above=100_000, doc="DKK, taxable, deducted in help"),
    ColumnSpec(
        name="ceiling_months_used", kind="int", min=0, max=1200, warn_above=24, required=False, default=0,
        doc="months of the ceiling used before the start",
    ),
    ColumnSpec(
        name="extension_granted", kind="bool", required=False, default=False,
        doc="special-case extension of the ceiling granted",
    ),
    ColumnSpec(
        name="rate_category", kind="category", required=False, default="", nullable=True,
        allowed=tuple(RATE_CATEGORIES), doc="override of the derived kontanthjælp category",
    ),
    # children by age band (børne- og ungeydelse): all four or none; absent, n_children is split by the
    # default age shares (docs/population.md) and run.json says so
    *(ColumnSpec(name=band, kind="int", required=False, default=None, min=0, max=20, household=True,
                 doc=f"children aged {band.removeprefix('n_children_').replace('_', '-')}")
      for band in CHILD_AGE_BANDS),
)

SCHEDULE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(name="person_id", kind="int", doc="an adult of the population"),
    ColumnSpec(name="month", kind="month", doc="YYYY-MM"),
    ColumnSpec(name="hours_per_week", kind="float", min=0, max=60, doc="hours in that month"),
)

HOUSEHOLD_COLUMNS: tuple[str, ...] = tuple(c.name for c in POPULATION_COLUMNS if c.household)
MAX_ADULTS_PER_HOUSEHOLD = 2
