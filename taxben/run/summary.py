"""SPEC §6 aggregates, accumulated chunk by chunk so a population of any size fits in memory.

Every amount is a weighted sum over person-months; the summary turns them into average monthly
counts (Σ weight ÷ months), weighted means, EMTR band shares and yearly amounts (× 12 ÷ months).
Household-level amounts (boligsikring, særlig støtte, cap reduction) are split equally between the
household's adults so that sums over people count them once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EMTR_BANDS = [(-np.inf, 0.5, "emtr_below_50"), (0.5, 0.7, "emtr_50_70"), (0.7, 0.8, "emtr_70_80"),
              (0.8, 0.9, "emtr_80_90"), (0.9, 1.0, "emtr_90_100"), (1.0, np.inf, "emtr_100_plus")]
AGE_BANDS = [(18, 25, "18-24"), (25, 30, "25-29"), (30, 40, "30-39"), (40, 50, "40-49"), (50, 60, "50-59"),
             (60, 200, "60+")]
HOURS_BANDS = [(0, 1e-9, "0"), (1e-9, 10, "1-9"), (10, 20, "10-19"), (20, 30, "20-29"), (30, 38, "30-37"),
               (38, 1e9, "38+")]
DIMENSIONS = ["all", "match_group", "family_type", "age_band", "hours_band"]
SUM_COLUMNS = ["w", "w_emtr", "emtr_sum", "emtr_undefined", *[b[2] for b in EMTR_BANDS], "w_ptr", "ptr_sum",
               "gain_sum", "disposable_sum", "eligible_sum", "supplement_sum", "benefits_sum", "taxes_sum"]


def group_labels(pm: pd.DataFrame) -> pd.DataFrame:
    """The groups of each person-month: match group, family type, age band and hours worked."""
    match_group = pm["match_group"].astype("Int64").astype("string").fillna("none")
    couple = np.where(pm["n_adults"].to_numpy() == 2, "couple", "single")
    children = np.where(pm["n_children"].to_numpy() > 0, "children", "no_children")
    age = pm["age"].to_numpy()
    age_band = np.full(len(pm), "", dtype=object)
    for low, high, label in AGE_BANDS:
        age_band[(age >= low) & (age < high)] = label
    hours = pm["hours_per_week"].to_numpy()
    hours_band = np.full(len(pm), "", dtype=object)
    for low, high, label in HOURS_BANDS:
        hours_band[(hours >= low) & (hours < high)] = label
    return pd.DataFrame({"all": "all", "match_group": match_group.to_numpy(dtype=object),
                         "family_type": np.char.add(np.char.add(couple.astype(str), "_"), children.astype(str)),
                         "age_band": age_band, "hours_band": hours_band}, index=pm.index)


def person_month_sums(pm: pd.DataFrame) -> pd.DataFrame:
    """Weighted sums per scenario × dimension × group for one chunk of person-months."""
    w = pm["weight"].to_numpy()
    emtr = pm["emtr"].to_numpy()
    ptr = pm["ptr"].to_numpy()
    defined = ~np.isnan(emtr)
    n_adults = pm["n_adults"].to_numpy()
    housing = (pm["household_boligsikring"] + pm["household_saerlig_stoette"] - pm["household_cap_reduction"]).to_numpy()
    values = {
        "w": w,
        "w_emtr": w * defined,
        "emtr_sum": w * np.where(defined, emtr, 0.0),
        "emtr_undefined": w * ~defined,
        "w_ptr": w * ~np.isnan(ptr),
        "ptr_sum": w * np.nan_to_num(ptr),
        "gain_sum": w * pm["gain_from_work"].to_numpy(),
        "disposable_sum": w * pm["household_disposable_income"].to_numpy() / n_adults,
        "eligible_sum": w * pm["ceiling_eligible"].to_numpy(),
        "supplement_sum": w * pm["ceiling_supplement"].to_numpy(),
        "benefits_sum": w * (pm["kontanthjaelp"].to_numpy() + housing / n_adults + pm["ceiling_supplement"].to_numpy()),
        "taxes_sum": w * (pm["income_tax"].to_numpy() + pm["am_bidrag"].to_numpy()),
    }
    for low, high, name in EMTR_BANDS:
        values[name] = w * (defined & (emtr >= low) & (emtr < high))
    sums = pd.DataFrame(values, index=pm.index)
    labels = group_labels(pm)
    frames = []
    for dimension in DIMENSIONS:
        keys = [pm["scenario"].astype(str).to_numpy(), labels[dimension].to_numpy()]
        grouped = sums.groupby(keys).sum()
        grouped.index.names = ["scenario", "group"]
        grouped = grouped.reset_index()
        grouped.insert(1, "dimension", dimension)
        frames.append(grouped)
    return pd.concat(frames, ignore_index=True)


def winner_sums(pm_base: pd.DataFrame, pm_scenario: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Weighted number of adults whose household gains at least 1 DKK in some month of the horizon."""
    gap = pm_scenario["household_disposable_income"].to_numpy() - pm_base["household_disposable_income"].to_numpy()
    per_person = pd.DataFrame({"person_id": pm_base["person_id"].to_numpy(), "gain": gap >= 1.0})
    first_month = pm_base["month_index"].to_numpy() == 0
    wins = per_person.groupby("person_id", sort=False)["gain"].any()
    people = pm_base.loc[first_month]
    labels = group_labels(people)
    won = wins.reindex(people["person_id"].to_numpy()).to_numpy()
    w = people["weight"].to_numpy() * won
    frames = []
    for dimension in DIMENSIONS:
        s = pd.Series(w).groupby(labels[dimension].to_numpy()).sum()
        frames.append(pd.DataFrame({"scenario": scenario, "dimension": dimension, "group": s.index, "winners": s.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


class SummaryAccumulator:
    """Adds up chunk sums; ``table`` gives the finished summary."""

    def __init__(self, n_months: int, baseline: str = "baseline"):
        self.n_months = n_months
        self.baseline = baseline
        self._sums: list[pd.DataFrame] = []
        self._winners: list[pd.DataFrame] = []

    def add(self, pm: pd.DataFrame) -> None:
        self._sums.append(person_month_sums(pm))
        self._compact()

    def add_winners(self, pm_base: pd.DataFrame, pm_scenario: pd.DataFrame, scenario: str) -> None:
        self._winners.append(winner_sums(pm_base, pm_scenario, scenario))

    def _compact(self) -> None:
        if len(self._sums) > 8:
            self._sums = [combine_sums(self._sums)]

    def sums(self) -> pd.DataFrame:
        return combine_sums(self._sums)

    def winners(self) -> pd.DataFrame:
        if not self._winners:
            return pd.DataFrame(columns=["scenario", "dimension", "group", "winners"])
        return pd.concat(self._winners).groupby(["scenario", "dimension", "group"], as_index=False)["winners"].sum()

    def table(self) -> pd.DataFrame:
        return summary_table(self.sums(), self.winners(), self.n_months, self.baseline)


def combine_sums(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(parts).groupby(["scenario", "dimension", "group"], as_index=False)[SUM_COLUMNS].sum()


def indicators(sums: pd.DataFrame, n_months: int) -> pd.DataFrame:
    """Means, shares and yearly amounts from weighted sums."""
    s = sums
    out = pd.DataFrame({"scenario": s["scenario"], "dimension": s["dimension"], "group": s["group"]})
    out["persons"] = s["w"] / n_months
    out["mean_emtr"] = s["emtr_sum"] / s["w_emtr"].where(s["w_emtr"] > 0)
    for _, _, band in EMTR_BANDS:
        out[f"share_{band}"] = s[band] / s["w_emtr"].where(s["w_emtr"] > 0)
    out["persons_emtr_undefined"] = s["emtr_undefined"] / n_months
    out["mean_ptr"] = s["ptr_sum"] / s["w_ptr"].where(s["w_ptr"] > 0)
    out["mean_gain_from_work"] = s["gain_sum"] / s["w"]
    out["mean_disposable_income"] = s["disposable_sum"] / s["w"]
    out["persons_eligible"] = s["eligible_sum"] / n_months
    out["supplement_paid_per_year"] = s["supplement_sum"] * 12 / n_months
    out["benefits_per_year"] = s["benefits_sum"] * 12 / n_months
    out["taxes_per_year"] = s["taxes_sum"] * 12 / n_months
    return out


METRICS = ["persons", "mean_emtr", *[f"share_{b[2]}" for b in EMTR_BANDS], "persons_emtr_undefined", "mean_ptr",
           "mean_gain_from_work", "mean_disposable_income", "persons_eligible", "supplement_paid_per_year"]


def summary_table(sums: pd.DataFrame, winners: pd.DataFrame, n_months: int, baseline: str = "baseline") -> pd.DataFrame:
    """Baseline beside each scenario and the difference, one row per scenario × dimension × group.

    ``fiscal_cost_per_year`` = Δ(benefits + supplements paid) − Δ(income tax + AM-bidrag collected)."""
    ind = indicators(sums, n_months)
    base = ind[ind["scenario"] == baseline].drop(columns="scenario").set_index(["dimension", "group"])
    rows = []
    for scenario in [s for s in ind["scenario"].unique() if s != baseline]:
        scen = ind[ind["scenario"] == scenario].drop(columns="scenario").set_index(["dimension", "group"])
        scen = scen.reindex(base.index)
        table = pd.DataFrame(index=base.index)
        for metric in METRICS:
            table[f"{metric}_baseline"] = base[metric]
            table[f"{metric}_scenario"] = scen[metric]
            table[f"{metric}_diff"] = scen[metric] - base[metric]
        table["fiscal_cost_per_year"] = (scen["benefits_per_year"] - base["benefits_per_year"]) - (
            scen["taxes_per_year"] - base["taxes_per_year"])
        won = winners[winners["scenario"] == scenario].set_index(["dimension", "group"])["winners"]
        table["winners"] = won.reindex(base.index).fillna(0.0)
        table = table.reset_index()
        table.insert(0, "scenario", scenario)
        rows.append(table)
    if not rows:  # baseline only
        table = base.reset_index()
        table.insert(0, "scenario", baseline)
        return table
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    result = pd.concat(rows, ignore_index=True)
    result["_order"] = result["dimension"].map(order)
    return result.sort_values(["scenario", "_order", "group"], kind="stable").drop(columns="_order").reset_index(drop=True)
