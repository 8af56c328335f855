"""From a validated population frame to the engine's columnar arrays (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from taxben.kernels import fields as F


@dataclass(frozen=True)
class PopulationArrays:
    """Adults in household order: the rows of household h are ``household_start[h]:household_start[h+1]``."""

    person: np.ndarray  # (n_persons, N_PERSON_FIELDS) float64
    household_start: np.ndarray  # (n_households + 1,) int64
    household_children: np.ndarray  # (n_households,) float64
    household_rent: np.ndarray  # (n_households,) float64
    hours: np.ndarray  # (n_persons, 1) or (n_persons, n_months) float64, hours per week

    @property
    def n_persons(self) -> int:
        return self.person.shape[0]


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


def population_arrays(frame: pd.DataFrame, hours: np.ndarray | None = None) -> PopulationArrays:
    """Columnar arrays from a population frame whose households are contiguous (one or two adults).

    ``hours`` optionally gives hours per week per adult and month (n_persons, n_months); by default
    every month uses ``hours_per_week``."""
    n = len(frame)
    person = np.empty((n, F.N_PERSON_FIELDS))
    person[:, F.AGE] = frame["age"].to_numpy(dtype=float)
    person[:, F.LIVES_WITH_PARENTS] = frame["lives_with_parents"].to_numpy(dtype=float)
    person[:, F.RECIPIENT] = frame["receives_kontanthjaelp"].to_numpy(dtype=float)
    person[:, F.MATCH_GROUP] = frame["match_group"].astype("Float64").fillna(0).to_numpy(dtype=float)
    person[:, F.HOURLY_WAGE] = frame["hourly_wage"].to_numpy(dtype=float)
    person[:, F.OTHER_INCOME_M] = frame["other_income_monthly"].to_numpy(dtype=float)
    if "rate_category" in frame:
        person[:, F.RATE_CATEGORY] = _category_codes(frame["rate_category"])
    else:
        person[:, F.RATE_CATEGORY] = F.CAT_DERIVE
    person[:, F.MONTHS_ON_BENEFIT] = frame["months_on_benefit"].to_numpy(dtype=float)
    person[:, F.CEILING_MONTHS_USED] = (
        frame["ceiling_months_used"].to_numpy(dtype=float) if "ceiling_months_used" in frame else 0.0
    )
    person[:, F.EXTENSION_GRANTED] = (
        frame["extension_granted"].to_numpy(dtype=float) if "extension_granted" in frame else 0.0
    )

    household_id = frame["household_id"].to_numpy()
    if n == 0:
        starts = np.zeros(1, dtype=np.int64)
    else:
        boundary = np.flatnonzero(household_id[1:] != household_id[:-1]) + 1
        starts = np.concatenate([[0], boundary, [n]]).astype(np.int64)
    sizes = np.diff(starts)
    if (sizes > 2).any() or len(np.unique(household_id)) != len(sizes):
        raise ValueError("households must be contiguous with one or two adults each")
    first_rows = starts[:-1]
    if hours is None:
        hours = frame["hours_per_week"].to_numpy(dtype=float).reshape(n, 1)
    return PopulationArrays(
        person=np.ascontiguousarray(person),
        household_start=starts,
        household_children=frame["n_children"].to_numpy(dtype=float)[first_rows],
        household_rent=frame["rent_monthly"].to_numpy(dtype=float)[first_rows],
        hours=np.ascontiguousarray(hours, dtype=float),
    )
