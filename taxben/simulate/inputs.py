"""From a validated population frame to the engine's columnar arrays (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from taxben.kernels import fields as F


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


def _category_codes(values: pd.Series) -> np.ndarray:
    codes = np.full(len(values), float(F.CAT_DERIVE))
    present = values.notna() & (values.astype("string").fillna("") != "")
    if present.any():
        mapped = values[present].astype(str).map(F.RATE_CATEGORIES)
        if mapped.isna().any():
            bad = sorted(set(values[present][mapped.isna()].astype(str)))
            raise ValueError(f"unknown rate_category {bad}; known: {sorted(F.RATE_CATEGORIES)}")
        codes[np.asarray(present)] = mapped.to_numpy(dtype=float)
    return codes


def child_age_assumption(columns, any_children: bool = True) -> str | None:
    """What a run assumes about children's ages when the population has no age-band columns (for
    run.json), or None."""
    if all(band in columns for band in F.CHILD_AGE_BANDS) or not any_children:
        return None
    shares = ", ".join(f"{band.removeprefix('n_children_').replace('_', '-')}: {share:.4f}"
                       for band, share in zip(F.CHILD_AGE_BANDS, F.DEFAULT_CHILD_AGE_SHARES))
    return (f"children's ages not in the population file: each child counted in the age bands of the "
            f"børne- og ungeydelse by shares {shares} (ages 0-17 equally likely); docs/population.md")


def population_arrays(frame: pd.DataFrame, hours: np.ndarray | None = None) -> PopulationArrays:
    """Columnar arrays from a population frame whose households are contiguous (one or two adults).

    ``hours`` optionally gives hours per week per adult and month (n_persons, n_months); by default
    every month uses ``hours_per_week``."""
    n = len(frame)
    person = np.empty((n, F.N_PERSON_FIELDS))
    record = F.person_records(person)
    record["age"] = frame["age"].to_numpy(dtype=float)
    record["lives_with_parents"] = frame["lives_with_parents"].to_numpy(dtype=float)
    record["receives_kontanthjaelp"] = frame["receives_kontanthjaelp"].to_numpy(dtype=float)
    record["match_group"] = frame["match_group"].astype("Float64").fillna(0).to_numpy(dtype=float)
    record["hourly_wage"] = frame["hourly_wage"].to_numpy(dtype=float)
    record["other_income_m"] = frame["other_income_monthly"].to_numpy(dtype=float)
    record["rate_category"] = (_category_codes(frame["rate_category"]) if "rate_category" in frame
                               else float(F.CAT_DERIVE))
    record["months_on_benefit"] = frame["months_on_benefit"].to_numpy(dtype=float)
    record["ceiling_months_used"] = (
        frame["ceiling_months_used"].to_numpy(dtype=float) if "ceiling_months_used" in frame else 0.0
    )
    record["extension_granted"] = (
        frame["extension_granted"].to_numpy(dtype=float) if "extension_granted" in frame else 0.0
    )

    household_id = frame["household_id"].to_numpy()
    if n == 0:
        starts = np.zeros(1, dtype=np.int64)
    else:
        boundary = np.flatnonzero(household_id[1:] != household_id[:-1]) + 1
        starts = np.concatenate([[0], boundary, [n]]).astype(np.int64)
    sizes = np.diff(starts)
    # contiguous: the id that opens each run of rows opens no other (a hash check, not a sort)
    if (sizes > 2).any() or not pd.Index(household_id[starts[:-1]]).is_unique:
        raise ValueError("households must be contiguous with one or two adults each")
    first_rows = starts[:-1]
    if hours is None:
        hours = frame["hours_per_week"].to_numpy(dtype=float).reshape(n, 1)
    households = np.empty(len(sizes), dtype=F.HOUSEHOLD_DTYPE)
    households["start"] = first_rows
    households["n_adults"] = sizes
    households["n_children"] = frame["n_children"].to_numpy(dtype=float)[first_rows]
    households["rent_m"] = frame["rent_monthly"].to_numpy(dtype=float)[first_rows]
    assumed = not all(band in frame for band in F.CHILD_AGE_BANDS)
    for band, share in zip(F.CHILD_AGE_BANDS, F.DEFAULT_CHILD_AGE_SHARES):
        if assumed:
            households[band] = households["n_children"] * share
        else:
            households[band] = frame[band].to_numpy(dtype=float)[first_rows]
    return PopulationArrays(person=person, households=households, hours=np.ascontiguousarray(hours, dtype=float),
                            child_ages_assumed=assumed and bool((households["n_children"] > 0).any()))
