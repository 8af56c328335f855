"""The long person-month table: one row per scenario × adult × month (issue 4, SPEC §7)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from taxben.kernels import fields as F
from taxben.simulate.columns import output_columns

ID_COLUMNS = ["scenario", "person_id", "household_id", "month", "month_index", "weight", "match_group",
              "age", "n_children", "n_adults", "receives_kontanthjaelp"]
# the SPEC §3 population columns; everything else in a population file is passed through
POPULATION_COLUMNS = {"person_id", "household_id", "weight", "age", "n_children", "lives_with_parents",
                      "receives_kontanthjaelp", "match_group", "months_on_benefit", "hourly_wage",
                      "hours_per_week", "rent_monthly", "other_income_monthly", "ceiling_months_used",
                      "extension_granted", "rate_category"}
BOOL_OUTPUTS = {"benefit_capped", "ceiling_eligible"}


def household_sizes(household_id: np.ndarray) -> np.ndarray:
    """Number of adults in each adult's household (households are contiguous)."""
    _, inverse, counts = np.unique(household_id, return_inverse=True, return_counts=True)
    return counts[inverse]


def person_month_frame(scenario: str, frame: pd.DataFrame, out: np.ndarray, months: Sequence[str]) -> pd.DataFrame:
    """Tidy frame from the engine output ``out`` (n_persons, n_months, N_OUT) of ``frame``'s adults."""
    n_persons, n_months, _ = out.shape

    def per_person(values) -> np.ndarray:
        return np.repeat(np.asarray(values), n_months)

    columns: dict[str, object] = {
        "scenario": pd.Categorical([scenario] * (n_persons * n_months)),
        "person_id": per_person(frame["person_id"].to_numpy()),
        "household_id": per_person(frame["household_id"].to_numpy()),
        "month": pd.Categorical.from_codes(np.tile(np.arange(n_months), n_persons), categories=list(months)),
        "month_index": np.tile(np.arange(n_months, dtype=np.int16), n_persons),
        "weight": per_person(frame["weight"].to_numpy(dtype=float)),
        "match_group": per_person(frame["match_group"].astype("Int64").to_numpy(dtype="float64", na_value=np.nan)),
        "age": per_person(frame["age"].to_numpy()),
        "n_children": per_person(frame["n_children"].to_numpy()),
        "n_adults": per_person(household_sizes(frame["household_id"].to_numpy())),
        "receives_kontanthjaelp": per_person(frame["receives_kontanthjaelp"].to_numpy(dtype=bool)),
    }
    # one transposing copy makes every output column contiguous (pandas then builds its block cheaply)
    by_column = output_columns(out)
    outputs = pd.DataFrame(by_column.T, columns=F.OUT_COLUMNS, copy=False)
    for name in BOOL_OUTPUTS:
        outputs[name] = outputs[name].astype(bool)
    ids = pd.DataFrame(columns)
    ids["match_group"] = ids["match_group"].astype("Int64")
    table = pd.concat([ids, outputs], axis=1)
    for extra in frame.columns:
        if extra not in POPULATION_COLUMNS and extra not in table.columns:
            table[extra] = per_person(frame[extra].to_numpy())
    return table
