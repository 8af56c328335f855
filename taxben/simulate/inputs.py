"""From a validated population frame to the engine's columnar arrays (SPEC §3).

The population is a pandas DataFrame (a population run) or a mapping of column name to a one-dimensional
array (``taxben.calc``'s one household: the single-household calculator does not need pandas to start).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from taxben.kernels import fields as F
from taxben.simulate.buffers import BUFFERS

if TYPE_CHECKING:
    import pandas as pd

Columns = Union["pd.DataFrame", Mapping[str, Any]]  # population columns, one row per adult


@dataclass(frozen=True)
class PopulationArrays:
    """Adults in household order: the rows of household h are ``household_start[h]:household_start[h+1]``."""

    person: np.ndarray  # (n_persons, N_PERSON_FIELDS) float64, columns fields.PERSON_FIELDS
    households: np.ndarray  # (n_households,) records of fields.HOUSEHOLD_DTYPE
    hours: np.ndarray  # (n_persons, 1) or (n_persons, n_months) float64, hours per week
    child_ages_assumed: bool = False  # no age-band columns: children split by DEFAULT_CHILD_AGE_SHARES

    @property
    def n_persons(self) -> int:
        return self.person.shape[0]

    @property
    def household_start(self) -> np.ndarray:
        """(n_households + 1,) first person row of each household, then n_persons."""
        starts = self.households["start"].astype(np.int64)
        return np.append(starts, self.n_persons)

    @property
    def household_children(self) -> np.ndarray:
        return self.households["n_children"]

    @property
    def household_rent(self) -> np.ndarray:
        return self.households["rent_m"]


def _is_pandas(column) -> bool:
    return hasattr(column, "to_numpy")  # a Series (numpy arrays have no to_numpy)


def floats(frame: Columns, name: str) -> np.ndarray:
    """Column ``name`` as numbers that convert exactly to float64 where they are written: a plain numpy
    column (integers, booleans, floats) as it is, without a copy; any other column (nullable like
    ``match_group``, object, Arrow) as float64 with a missing value as NaN.

    No copy, because each float64 copy is fresh memory, which this kind of VM first-touches slowly
    (docs/performance.md, "What limits the speed"): ``population_arrays`` of 130,000 adults took 6.8-7.5
    ms with the copies, 6.3-7.1 ms without."""
    column = frame[name]
    if _is_pandas(column):
        if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biuf":
            return column.to_numpy()
        return column.to_numpy(dtype=float, na_value=np.nan)
    values = np.asarray(column)
    return values if values.dtype.kind in "biuf" else values.astype(float)


def texts(frame: Columns, name: str) -> tuple[np.ndarray, set[str]]:
    """Column ``name`` as an object array of str (a missing value as ``""``) and its distinct values."""
    column = frame[name]
    if _is_pandas(column):  # the distinct values from pandas: iterating a string column is slow
        values = column.astype("string").fillna("")
        return values.to_numpy(dtype=object), set(values.unique())
    values = np.array(["" if v is None or v != v else str(v) for v in column], dtype=object)
    return values, set(values.tolist())


def _category_codes(frame: Columns) -> np.ndarray:
    values, distinct = texts(frame, "rate_category")
    unknown = sorted(distinct - {""} - set(F.RATE_CATEGORIES))
    if unknown:
        raise ValueError(f"unknown rate_category {unknown}; known: {sorted(F.RATE_CATEGORIES)}")
    codes = np.full(len(values), float(F.CAT_DERIVE))
    for name in distinct - {""}:
        codes[values == name] = float(F.RATE_CATEGORIES[name])
    return codes


def _distinct(values: np.ndarray) -> bool:
    """No value twice: a hash check, not a sort (pandas' for a population; a set for a household or a
    sweep, so that the single-household calculator does not load pandas)."""
    if len(values) < 10_000:
        return len(set(values.tolist())) == len(values)
    import pandas as pd

    return pd.Index(values).is_unique


def child_age_assumption(columns, any_children: bool = True) -> str | None:
    """What a run assumes about children's ages when the population has no age-band columns (for
    run.json), or None."""
    if all(band in columns for band in F.CHILD_AGE_BANDS) or not any_children:
        return None
    shares = ", ".join(f"{band.removeprefix('n_children_').replace('_', '-')}: {share:.4f}"
                       for band, share in zip(F.CHILD_AGE_BANDS, F.DEFAULT_CHILD_AGE_SHARES))
    return (f"children's ages not in the population file: each child counted in the age bands of the "
            f"børne- og ungeydelse by shares {shares} (ages 0-17 equally likely); docs/population.md")


def population_arrays(frame: Columns, hours: np.ndarray | None = None) -> PopulationArrays:
    """Columnar arrays from a population (a DataFrame, or a mapping of column to array) whose households
    are contiguous (one or two adults).

    ``hours`` optionally gives hours per week per adult and month (n_persons, n_months); by default
    every month uses ``hours_per_week``.
    The arrays come from ``buffers.BUFFERS`` (reused once the caller drops them; every field written)."""
    household_id = np.asarray(frame["household_id"])
    n = len(household_id)
    # Each record field is gathered into a contiguous column first and the records are written in one
    # transposing copy: a field written straight into the records is a strided write that touches every
    # record's cache line once per field (130,000 adults: 10 fields 10 ms, the copy 2 ms). The records'
    # buffer is asked for first, so a rebuild gets the records' buffer of last time back.
    person = BUFFERS.empty((n, F.N_PERSON_FIELDS))
    person_columns = BUFFERS.empty((F.N_PERSON_FIELDS, n))
    person_columns[F.AGE] = floats(frame, "age")
    person_columns[F.LIVES_WITH_PARENTS] = floats(frame, "lives_with_parents")
    person_columns[F.RECIPIENT] = floats(frame, "receives_kontanthjaelp")
    match_group = person_columns[F.MATCH_GROUP]
    match_group[:] = floats(frame, "match_group")
    match_group[np.isnan(match_group)] = 0.0  # no match group: 0
    person_columns[F.HOURLY_WAGE] = floats(frame, "hourly_wage")
    person_columns[F.OTHER_INCOME_M] = floats(frame, "other_income_monthly")
    person_columns[F.RATE_CATEGORY] = _category_codes(frame) if "rate_category" in frame else float(F.CAT_DERIVE)
    person_columns[F.MONTHS_ON_BENEFIT] = floats(frame, "months_on_benefit")
    person_columns[F.CEILING_MONTHS_USED] = floats(frame, "ceiling_months_used") if "ceiling_months_used" in frame else 0.0
    person_columns[F.EXTENSION_GRANTED] = floats(frame, "extension_granted") if "extension_granted" in frame else 0.0
    person[...] = person_columns.T
    del person_columns, match_group  # back to the pool

    if n == 0:
        starts = np.zeros(1, dtype=np.int64)
    else:
        boundary = np.flatnonzero(household_id[1:] != household_id[:-1]) + 1
        starts = np.concatenate([[0], boundary, [n]]).astype(np.int64)
    sizes = np.diff(starts)
    # contiguous: the id that opens each run of rows opens no other (a hash check, not a sort)
    if (sizes > 2).any() or not _distinct(household_id[starts[:-1]]):
        raise ValueError("households must be contiguous with one or two adults each")
    first_rows = starts[:-1]
    if hours is None:
        hours = BUFFERS.empty((n, 1))
        hours[:, 0] = floats(frame, "hours_per_week")
    n_fields = len(F.HOUSEHOLD_DTYPE.names)
    field = {name: k for k, name in enumerate(F.HOUSEHOLD_DTYPE.names)}
    household_rows = BUFFERS.empty((len(sizes), n_fields))
    household_columns = BUFFERS.empty((n_fields, len(sizes)))  # gathered, then transposed (as the adults')
    household_columns[field["start"]] = first_rows
    household_columns[field["n_adults"]] = sizes
    n_children = household_columns[field["n_children"]]
    n_children[:] = floats(frame, "n_children")[first_rows]
    household_columns[field["rent_m"]] = floats(frame, "rent_monthly")[first_rows]
    assumed = not all(band in frame for band in F.CHILD_AGE_BANDS)
    for band, share in zip(F.CHILD_AGE_BANDS, F.DEFAULT_CHILD_AGE_SHARES):
        if assumed:
            household_columns[field[band]] = n_children * share
        else:
            household_columns[field[band]] = floats(frame, band)[first_rows]
    any_children = bool((n_children > 0).any())
    household_rows[...] = household_columns.T
    del household_columns, n_children
    households = household_rows.view(F.HOUSEHOLD_DTYPE)[:, 0]
    return PopulationArrays(person=person, households=households, hours=np.ascontiguousarray(hours, dtype=float),
                            child_ages_assumed=assumed and any_children)
