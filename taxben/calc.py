"""One household at a time: the month-by-month table and the 0-40 hour sweep.

Used by ``taxben household`` and by the caseworker dashboard. It builds a tiny population and runs it
through exactly the same engine as a population run (one source of truth).

``household`` and ``sweep`` return pandas tables; ``household_outputs`` and ``sweep_outputs`` the same
numbers as arrays, for ``taxben household``, which then starts without importing pandas.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from taxben.kernels import fields as F
from taxben.population.schema import POPULATION_COLUMNS
from taxben.simulate import indicator_settings, population_arrays, simulate_prepared
from taxben.simulate.scenario import BASELINE, prepare_run  # noqa: F401 (BASELINE is part of the calc API)

if TYPE_CHECKING:
    import pandas as pd

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

    def rows(self, household_id: int = 1) -> list[dict]:
        """One population row (column: value) per adult."""
        rows = []
        bands = {band: getattr(self, band) for band in F.CHILD_AGE_BANDS if getattr(self, band) is not None}
        for k, adult in enumerate(self.adults):
            row = adult.model_dump()
            row.update(person_id=household_id * 10 + k, household_id=household_id, weight=1.0,
                       n_children=self.n_children, rent_monthly=self.rent_monthly, **bands)
            rows.append(row)
        return rows

    def columns(self, household_id: int = 1) -> dict[str, np.ndarray]:
        """The population columns, one array entry per adult (``match_group`` and ``rate_category`` may
        hold None): what ``population_arrays`` reads, without a DataFrame."""
        rows = self.rows(household_id)
        return {name: np.array([row[name] for row in rows], dtype=object if name in _MAY_BE_NONE else None)
                for name in rows[0]}

    def to_frame(self, household_id: int = 1) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows(household_id))


_MAY_BE_NONE = ("match_group", "rate_category")


def _as_household(household: Household | dict) -> Household:
    return household if isinstance(household, Household) else Household.model_validate(household)


@dataclass(frozen=True)
class Outputs:
    """The engine's output for a household (or one household per hour level of a sweep), by scenario:
    ``outs[k]`` is ``(n_adults, n_months, N_OUT)`` (a sweep: ``(n_hours, n_months, N_OUT)``, adult
    ``who``'s rows), columns ``fields.OUT_COLUMNS`` (by name: ``fields.out_records(outs[k])``)."""

    scenarios: tuple[str, ...]  # the baseline, then the scenario
    months: tuple[str, ...]  # YYYY-MM
    outs: tuple[np.ndarray, ...]
    hours: np.ndarray | None = None  # a sweep's hour levels


def _run(columns: dict[str, np.ndarray], hours: np.ndarray | None, scenario: str | Path, start: str, months: int,
         settings: np.ndarray, rules_dir) -> tuple[tuple[str, ...], tuple[str, ...], list[np.ndarray]]:
    from taxben.simulate.scenario import check_rate_categories

    arrays = population_arrays(columns, hours)
    prepared = prepare_run([scenario], start, months, rules_dir)
    check_rate_categories(columns, prepared)
    outs = simulate_prepared(prepared, arrays, settings)
    return tuple(s.name for s in prepared), prepared[0].months, outs


def household_outputs(household: Household | dict, *, start: str = "2005-01", months: int = 24,
                      scenario: str | Path = "ceiling70_mg45",
                      hours_by_month: Sequence[Sequence[float]] | None = None, emtr_delta_hours: float = 1.0,
                      ptr_reference_hours: float = 15.0, rules_dir: str | Path | None = None) -> Outputs:
    """``household``'s numbers as arrays: ``outs[k][adult, month]``."""
    hh = _as_household(household)
    hours = None
    if hours_by_month is not None:
        hours = np.asarray(hours_by_month, dtype=float).reshape(len(hh.adults), months)
    settings = indicator_settings(emtr_delta_hours, ptr_reference_hours)
    names, month_keys, outs = _run(hh.columns(), hours, scenario, start, months, settings, rules_dir)
    return Outputs(names, tuple(month_keys), tuple(outs))


def household(household: Household | dict, *, start: str = "2005-01", months: int = 24,
              scenario: str | Path = "ceiling70_mg45", hours_by_month: Sequence[Sequence[float]] | None = None,
              emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
              rules_dir: str | Path | None = None) -> pd.DataFrame:
    """Month-by-month table of one household under the baseline and a scenario (long format:
    one row per scenario × adult × month, columns ``fields.OUT_COLUMNS``).

    ``hours_by_month`` optionally gives each adult's hours per week month by month."""
    import pandas as pd

    result = household_outputs(household, start=start, months=months, scenario=scenario,
                               hours_by_month=hours_by_month, emtr_delta_hours=emtr_delta_hours,
                               ptr_reference_hours=ptr_reference_hours, rules_dir=rules_dir)
    tables = []
    for name, out in zip(result.scenarios, result.outs):
        for a in range(out.shape[0]):
            table = pd.DataFrame(out[a], columns=F.OUT_COLUMNS)
            table.insert(0, "month", list(result.months))
            table.insert(0, "month_index", np.arange(months))
            table.insert(0, "adult", a)
            table.insert(0, "scenario", name)
            tables.append(table)
    return pd.concat(tables, ignore_index=True)


def sweep_outputs(household: Household | dict, *, hours: Iterable[float] = range(0, 41), who: int = 0,
                  start: str = "2005-01", months: int = 1, scenario: str | Path = "ceiling70_mg45",
                  emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
                  rules_dir: str | Path | None = None) -> Outputs:
    """``sweep``'s numbers as arrays: ``outs[k][hour level, month]``, adult ``who``'s rows."""
    hh = _as_household(household)
    hours = np.asarray(list(hours), dtype=float)
    base = hh.columns()
    n_adults = len(hh.adults)
    # one household per hour level, built column-wise (a copy per level cost the dashboard ~10 ms)
    columns = {name: np.tile(values, len(hours)) for name, values in base.items()}
    household_id = np.repeat(np.arange(1, len(hours) + 1), n_adults)
    columns["household_id"] = household_id
    columns["person_id"] = household_id * 10 + np.tile(np.arange(n_adults), len(hours))
    hours_column = np.asarray(columns["hours_per_week"], dtype=float).copy()
    hours_column[who::n_adults] = hours
    columns["hours_per_week"] = hours_column
    settings = indicator_settings(emtr_delta_hours, ptr_reference_hours)
    names, month_keys, outs = _run(columns, None, scenario, start, months, settings, rules_dir)
    return Outputs(names, tuple(month_keys), tuple(np.ascontiguousarray(out[who::n_adults]) for out in outs), hours)


def sweep(household: Household | dict, *, hours: Iterable[float] = range(0, 41), who: int = 0,
          start: str = "2005-01", months: int = 1, scenario: str | Path = "ceiling70_mg45",
          emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
          rules_dir: str | Path | None = None) -> pd.DataFrame:
    """The budget constraint: adult ``who`` working each of ``hours`` per week in every month (the
    other adult as given), under the baseline and the scenario. One row per scenario × hours × month
    with adult ``who``'s columns (household columns are the household's)."""
    import pandas as pd

    result = sweep_outputs(household, hours=hours, who=who, start=start, months=months, scenario=scenario,
                           emtr_delta_hours=emtr_delta_hours, ptr_reference_hours=ptr_reference_hours,
                           rules_dir=rules_dir)
    n_hours = len(result.hours)
    tables = []
    for name, rows in zip(result.scenarios, result.outs):  # rows: (n_hours, months, N_OUT)
        table = pd.DataFrame(rows.reshape(-1, F.N_OUT), columns=F.OUT_COLUMNS)
        table.insert(0, "month", np.tile(np.array(result.months), n_hours))
        table.insert(0, "month_index", np.tile(np.arange(months), n_hours))
        table.insert(0, "scenario", name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


GAINS_HOURS = (5, 10, 15, 20, 25, 30, 37)


def gains_table(sweep_table: pd.DataFrame, month_index: int = 0, hours: Sequence[float] = GAINS_HOURS) -> pd.DataFrame:
    """Gain over 0 hours, PTR and EMTR at selected hours, baseline beside scenario."""
    import pandas as pd

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
