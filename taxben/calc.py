"""One household at a time: the month-by-month table and the 0-40 hour sweep.

Used by ``taxben household`` and by the caseworker dashboard. It builds a tiny population and runs it
through exactly the same engine as a population run (one source of truth).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from taxben.kernels import fields as F
from taxben.population.schema import POPULATION_COLUMNS
from taxben.simulate import indicator_settings, population_arrays, simulate_prepared
from taxben.simulate.scenario import BASELINE, prepare_run  # noqa: F401 (BASELINE is part of the calc API)



_MAX = {spec.name: spec.max for spec in POPULATION_COLUMNS}  # upper bounds: one source, the population schema


class Adult(BaseModel):
    """One adult of the household, with the population file's columns (SPEC §3)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    age: int = Field(35, ge=18, le=_MAX["age"])
    receives_kontanthjaelp: bool = True
    match_group: int | None = Field(4, ge=1, le=5)
    hourly_wage: float = Field(110.0, ge=0, le=_MAX["hourly_wage"])
    hours_per_week: float = Field(0.0, ge=0, le=_MAX["hours_per_week"])
    lives_with_parents: bool = False
    months_on_benefit: int = Field(0, ge=0, le=_MAX["months_on_benefit"])
    other_income_monthly: float = Field(0.0, ge=0, le=_MAX["other_income_monthly"])
    ceiling_months_used: int = Field(0, ge=0, le=_MAX["ceiling_months_used"])
    extension_granted: bool = False
    rate_category: str | None = None

    @model_validator(mode="after")
    def _recipient_has_group(self) -> Adult:
        if self.receives_kontanthjaelp and self.match_group is None:
            raise ValueError("a kontanthjælp recipient needs a match group (1-5)")
        if self.rate_category not in (None, "") and self.rate_category not in F.RATE_CATEGORIES:
            raise ValueError(f"rate_category must be one of {sorted(F.RATE_CATEGORIES)}")
        return self


class Household(BaseModel):
    """A single or a couple, with the household-level columns."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    adults: list[Adult] = Field(default_factory=lambda: [Adult()], min_length=1, max_length=2)
    n_children: int = Field(0, ge=0, le=_MAX["n_children"])
    rent_monthly: float = Field(0.0, ge=0, le=_MAX["rent_monthly"])
    # children by age band (børne- og ungeydelse); all four or none (then n_children is split by the
    # default age shares, fields.DEFAULT_CHILD_AGE_SHARES)
    n_children_0_2: int | None = Field(None, ge=0, le=20)
    n_children_3_6: int | None = Field(None, ge=0, le=20)
    n_children_7_14: int | None = Field(None, ge=0, le=20)
    n_children_15_17: int | None = Field(None, ge=0, le=20)

    @model_validator(mode="after")
    def _age_bands_add_up(self) -> Household:
        bands = [getattr(self, band) for band in F.CHILD_AGE_BANDS]
        given = [b for b in bands if b is not None]
        if given and (len(given) != len(bands) or sum(given) != self.n_children):
            raise ValueError("children by age band: give all four bands (0-2, 3-6, 7-14, 15-17), adding up "
                             "to n_children, or none")
        return self

    def to_frame(self, household_id: int = 1) -> pd.DataFrame:
        rows = []
        bands = {band: getattr(self, band) for band in F.CHILD_AGE_BANDS if getattr(self, band) is not None}
        for k, adult in enumerate(self.adults):
            row = adult.model_dump()
            row.update(person_id=household_id * 10 + k, household_id=household_id, weight=1.0,
                       n_children=self.n_children, rent_monthly=self.rent_monthly, **bands)
            rows.append(row)
        return pd.DataFrame(rows)


def _as_household(household: Household | dict) -> Household:
    return household if isinstance(household, Household) else Household.model_validate(household)


def _run(frame: pd.DataFrame, hours: np.ndarray | None, scenario: str | Path, start: str, months: int,
         settings: np.ndarray, rules_dir) -> tuple[list[tuple[str, np.ndarray]], tuple[str, ...]]:
    from taxben.simulate.scenario import check_rate_categories

    arrays = population_arrays(frame, hours)
    prepared = prepare_run([scenario], start, months, rules_dir)
    check_rate_categories(frame, prepared)
    outs = simulate_prepared(prepared, arrays, settings)
    return [(s.name, out) for s, out in zip(prepared, outs)], prepared[0].months


def household(household: Household | dict, *, start: str = "2005-01", months: int = 24,
              scenario: str | Path = "ceiling70_mg45", hours_by_month: Sequence[Sequence[float]] | None = None,
              emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
              rules_dir: str | Path | None = None) -> pd.DataFrame:
    """Month-by-month table of one household under the baseline and a scenario (long format:
    one row per scenario × adult × month, columns ``fields.OUT_COLUMNS``).

    ``hours_by_month`` optionally gives each adult's hours per week month by month."""
    hh = _as_household(household)
    frame = hh.to_frame()
    hours = None
    if hours_by_month is not None:
        hours = np.asarray(hours_by_month, dtype=float).reshape(len(hh.adults), months)
    settings = indicator_settings(emtr_delta_hours, ptr_reference_hours)
    results, month_keys = _run(frame, hours, scenario, start, months, settings, rules_dir)
    tables = []
    for name, out in results:
        for a in range(len(hh.adults)):
            table = pd.DataFrame(out[a], columns=F.OUT_COLUMNS)
            table.insert(0, "month", list(month_keys))
            table.insert(0, "month_index", np.arange(months))
            table.insert(0, "adult", a)
            table.insert(0, "scenario", name)
            tables.append(table)
    return pd.concat(tables, ignore_index=True)


def sweep(household: Household | dict, *, hours: Iterable[float] = range(0, 41), who: int = 0,
          start: str = "2005-01", months: int = 1, scenario: str | Path = "ceiling70_mg45",
          emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
          rules_dir: str | Path | None = None) -> pd.DataFrame:
    """The budget constraint: adult ``who`` working each of ``hours`` per week in every month (the
    other adult as given), under the baseline and the scenario. One row per scenario × hours × month
    with adult ``who``'s columns (household columns are the household's)."""
    hh = _as_household(household)
    hours = np.asarray(list(hours), dtype=float)
    base = hh.to_frame()
    n_adults = len(base)
    # one household per hour level, built column-wise (a copy per level cost the dashboard ~10 ms)
    frame = base.iloc[np.tile(np.arange(n_adults), len(hours))].reset_index(drop=True)
    household = np.repeat(np.arange(1, len(hours) + 1), n_adults)
    frame["household_id"] = household
    frame["person_id"] = household * 10 + np.tile(np.arange(n_adults), len(hours))
    hours_column = frame["hours_per_week"].to_numpy(dtype=float, copy=True)
    hours_column[who::n_adults] = hours
    frame["hours_per_week"] = hours_column
    settings = indicator_settings(emtr_delta_hours, ptr_reference_hours)
    results, month_keys = _run(frame, None, scenario, start, months, settings, rules_dir)
    tables = []
    for name, out in results:
        rows = out[who::n_adults]  # (n_hours, months, N_OUT)
        table = pd.DataFrame(rows.reshape(-1, F.N_OUT), columns=F.OUT_COLUMNS)
        table.insert(0, "month", np.tile(np.array(month_keys), len(hours)))
        table.insert(0, "month_index", np.tile(np.arange(months), len(hours)))
        table.insert(0, "scenario", name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


GAINS_HOURS = (5, 10, 15, 20, 25, 30, 37)


def gains_table(sweep_table: pd.DataFrame, month_index: int = 0, hours: Sequence[float] = GAINS_HOURS) -> pd.DataFrame:
    """Gain over 0 hours, PTR and EMTR at selected hours, baseline beside scenario."""
    at = sweep_table[sweep_table["month_index"] == month_index]
    zero = at[at["hours_per_week"] == 0].set_index("scenario")["household_disposable_income_m"]
    chosen = at[at["hours_per_week"].isin(list(hours))]
    order = {name: k for k, name in enumerate(at["scenario"].unique())}
    table = pd.DataFrame({
        "scenario": chosen["scenario"].to_numpy(),
        "hours_per_week": chosen["hours_per_week"].to_numpy(),
        "gain_dkk_month": chosen["household_disposable_income_m"].to_numpy() - zero.reindex(chosen["scenario"]).to_numpy(),
        "ptr": chosen["ptr"].to_numpy(),
        "emtr": chosen["emtr"].to_numpy(),
    })
    table = table.sort_values(["scenario", "hours_per_week"], key=lambda c: c.map(order) if c.name == "scenario" else c,
                              kind="stable")
    return table.reset_index(drop=True)
