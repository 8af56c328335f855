"""Shared builders for engine tests: random households (hypothesis) and compiled rule years."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from taxben.simulate.scenario import prepare_scenario

YEAR_START = {2005: "2005-01", 2026: "2026-01"}


def prepared(scenario: str, year: int, months: int):
    return prepare_scenario(scenario, YEAR_START[year], months)


adult_strategy = st.fixed_dictionaries(
    {
        "age": st.integers(18, 70),
        "lives_with_parents": st.booleans(),
        "receives_kontanthjaelp": st.booleans(),
        "match_group": st.integers(1, 5),
        "hourly_wage": st.sampled_from([0.0, 90.0, 110.0, 125.5, 160.0, 218.0, 400.0]),
        "hours_per_week": st.one_of(st.integers(0, 45).map(float), st.integers(1, 90).map(lambda k: k / 2),
                                    st.floats(0, 45, allow_nan=False).map(lambda h: round(h, 3))),
        "months_on_benefit": st.integers(0, 12),
        "other_income_monthly": st.sampled_from([0.0, 0.0, 0.0, 1500.0, 6000.0]),
        "ceiling_months_used": st.integers(0, 14),
        "extension_granted": st.booleans(),
    }
)

household_strategy = st.fixed_dictionaries(
    {
        "adults": st.lists(adult_strategy, min_size=1, max_size=2),
        "n_children": st.integers(0, 6),
        "rent_monthly": st.sampled_from([0.0, 2500.0, 4000.0, 6000.0, 9000.0]),
    }
)


def population_frame(households: list[dict]) -> pd.DataFrame:
    rows = []
    for h, hh in enumerate(households):
        for a, adult in enumerate(hh["adults"]):
            row = dict(adult)
            if not row["receives_kontanthjaelp"]:
                row["match_group"] = None
            row.update(person_id=2 * h + a, household_id=h, weight=1.0,
                       n_children=hh["n_children"], rent_monthly=hh["rent_monthly"])
            rows.append(row)
    return pd.DataFrame(rows)


def hours_by_month(frame: pd.DataFrame, months: int, seed: int) -> np.ndarray:
    """Hours that start, stop and restart: each adult works its hours or 0 in a random pattern."""
    rng = np.random.default_rng(seed)
    works = rng.random((len(frame), months)) < 0.7
    return frame["hours_per_week"].to_numpy()[:, None] * works
