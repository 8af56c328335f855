"""SPEC §6 aggregates, accumulated chunk by chunk so a population of any size fits in memory.

Every amount is a weighted sum over person-months; the summary turns them into average monthly
counts (Σ weight ÷ months), weighted means, EMTR band shares and yearly amounts (× 12 ÷ months).
Household-level amounts (boligsikring, særlig støtte, cap reduction, child benefits, fritidstillæg) are
split equally between the household's adults so that sums over people count them once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit

EMTR_BANDS = [(-np.inf, 0.5, "emtr_below_50"), (0.5, 0.7, "emtr_50_70"), (0.7, 0.8, "emtr_70_80"),
              (0.8, 0.9, "emtr_80_90"), (0.9, 1.0, "emtr_90_100"), (1.0, np.inf, "emtr_100_plus")]
AGE_BANDS = [(18, 25, "18-24"), (25, 30, "25-29"), (30, 40, "30-39"), (40, 50, "40-49"), (50, 60, "50-59"),
             (60, 200, "60+")]
HOURS_BANDS = [(0, 1e-9, "0"), (1e-9, 10, "1-9"), (10, 20, "10-19"), (20, 30, "20-29"), (30, 38, "30-37"),
               (38, 1e9, "38+")]
DIMENSIONS = ["all", "match_group", "family_type", "age_band", "hours_band"]
SUM_COLUMNS = ["w", "w_emtr", "emtr_sum", "emtr_undefined", *[b[2] for b in EMTR_BANDS], "w_ptr", "ptr_sum",
               "gain_sum", "disposable_sum", "eligible_sum", "supplement_sum", "benefits_sum", "taxes_sum",
               "couples_both_eligible_sum"]


MATCH_GROUP_LABELS = ["1", "2", "3", "4", "5", "none"]
FAMILY_TYPE_LABELS = ["single_no_children", "single_children", "couple_no_children", "couple_children"]
HOURS_LABELS = [band[2] for band in HOURS_BANDS]
HOURS_EDGES = np.array([band[0] for band in HOURS_BANDS[2:]], dtype=np.float64)  # 1-9 h is band 1, 10-19 h band 2, ...
EMTR_EDGES = np.array([band[0] for band in EMTR_BANDS[1:]])


def group_codes(pm: pd.DataFrame) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Integer group codes of each person-month per dimension, with the codes' labels."""
    match_group = pm["match_group"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    codes = person_group_codes(match_group, pm["n_adults"].to_numpy(), pm["n_children"].to_numpy(),
                               pm["age"].to_numpy())
    return {**codes, "hours_band": (hours_band_codes(pm["hours_per_week"].to_numpy()), HOURS_LABELS)}


def person_group_codes(match_group: np.ndarray, n_adults: np.ndarray, n_children: np.ndarray,
                       age: np.ndarray) -> dict[str, tuple[np.ndarray, list[str]]]:
    """The group codes (and labels) of the dimensions that do not change from month to month: all of
    ``DIMENSIONS`` but the hours band. ``match_group`` float, NaN for none."""
    match_code = np.where(np.isnan(match_group), 5, np.nan_to_num(match_group) - 1).astype(np.int64)
    family_code = 2 * (n_adults == 2) + (n_children > 0)
    age_bounds = [band[0] for band in AGE_BANDS[1:]]
    age_code = np.searchsorted(age_bounds, age, side="right")
    return {
        "all": (np.zeros(len(match_group), dtype=np.int64), ["all"]),
        "match_group": (match_code, MATCH_GROUP_LABELS),
        "family_type": (family_code.astype(np.int64), FAMILY_TYPE_LABELS),
        "age_band": (age_code.astype(np.int64), [band[2] for band in AGE_BANDS]),
    }


def hours_band_codes(hours: np.ndarray) -> np.ndarray:
    """The hours band (``HOURS_BANDS``) of each hours-per-week value."""
    codes = np.where(hours < HOURS_BANDS[0][1], 0, 1 + np.searchsorted(HOURS_EDGES, hours, side="right"))
    return codes.astype(np.int64)


def group_labels(pm: pd.DataFrame) -> pd.DataFrame:
    """The groups of each person-month: match group, family type, age band and hours worked."""
    return pd.DataFrame({dimension: np.asarray(labels, dtype=object)[codes]
                         for dimension, (codes, labels) in group_codes(pm).items()}, index=pm.index)


def person_month_sums(pm: pd.DataFrame) -> pd.DataFrame:
    """Weighted sums per scenario × dimension × group for one chunk of person-months."""
    if isinstance(pm["scenario"].dtype, pd.CategoricalDtype):
        scenario_code = pm["scenario"].cat.codes.to_numpy().astype(np.int64)
        scenarios = pm["scenario"].cat.categories.astype(str)
    else:
        scenario_code, scenarios = pd.factorize(pm["scenario"].astype(str))
    dimensions = group_codes(pm)
    width = max(len(labels) for _, labels in dimensions.values())
    codes = tuple(c for c, _ in dimensions.values())

    def column(name):
        return pm[name].to_numpy(dtype=np.float64)

    # the household's transfers besides kontanthjælp and the supplement: housing support after the cap,
    # child benefits and the fritidstillæg
    household_transfers = (column("household_boligsikring_m") + column("household_saerlig_stoette_m")
                           - column("household_cap_reduction_m") + column("household_child_benefits_m")
                           + column("household_fritidstillaeg_m"))
    sums, counts = _accumulate(
        scenario_code, width, len(scenarios) * width, codes, column("weight"), column("emtr"), column("ptr"),
        column("gain_from_work_m"), column("household_disposable_income_m"), column("n_adults"),
        column("ceiling_eligible"), column("ceiling_supplement_m"), column("kontanthjaelp_m"), household_transfers,
        column("income_tax_m"), column("am_bidrag_m"), column("couple_both_eligible"),
        EMTR_EDGES)
    return sums_frame(scenarios, width, [labels for _, labels in dimensions.values()], sums, counts)


def sums_frame(scenarios, width: int, labels: list[list[str]], sums: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """The weighted sums of one chunk as a frame (scenario, dimension, group, ``SUM_COLUMNS``), groups
    with person-months only. ``sums`` (n_dims, n_scenarios × width, n_columns), ``counts`` (n_dims,
    n_scenarios × width): key = scenario code × width + group code; ``labels`` per dimension."""
    frames = []
    for d, (dimension, dimension_labels) in enumerate(zip(DIMENSIONS, labels)):
        present = np.flatnonzero(counts[d])
        columns = {"scenario": np.asarray(scenarios, dtype=object)[present // width],
                   "dimension": np.full(len(present), dimension, dtype=object),
                   "group": np.asarray(dimension_labels, dtype=object)[present % width]}
        selected = sums[d, present]
        for c, name in enumerate(SUM_COLUMNS):
            columns[name] = selected[:, c].copy()  # a column of its own (not a view of the chunk's sums)
        frames.append(pd.DataFrame(columns))  # built at once: 22 columns inserted one at a time took 6x longer
    return pd.concat(frames, ignore_index=True)


@njit(cache=True)
def _accumulate(scenario_code, width, n_keys, codes, w, emtr, ptr, gain, disposable, n_adults, eligible,
                supplement, help_m, household_transfers, tax, am, both_eligible, band_edges):
    """One pass over the person-months: the SUM_COLUMNS sums (same order) and the row count per
    scenario × group of every dimension. Household amounts are split between the household's adults."""
    n_dims = len(codes)
    n_bands = band_edges.shape[0] + 1
    n_columns = 13 + n_bands
    sums = np.zeros((n_dims, n_keys, n_columns))
    counts = np.zeros((n_dims, n_keys), dtype=np.int64)
    row = np.zeros(n_columns)
    for i in range(w.shape[0]):
        weight = w[i]
        row[:] = 0.0
        row[0] = weight
        if emtr[i] == emtr[i]:  # defined (not NaN)
            row[1] = weight
            row[2] = weight * emtr[i]
            row[4 + np.searchsorted(band_edges, emtr[i], side="right")] = weight
        else:
            row[3] = weight
        if ptr[i] == ptr[i]:
            row[4 + n_bands] = weight
            row[5 + n_bands] = weight * ptr[i]
        row[6 + n_bands] = weight * gain[i]
        row[7 + n_bands] = weight * disposable[i] / n_adults[i]
        row[8 + n_bands] = weight * eligible[i]
        row[9 + n_bands] = weight * supplement[i]
        row[10 + n_bands] = weight * (help_m[i] + household_transfers[i] / n_adults[i] + supplement[i])
        row[11 + n_bands] = weight * (tax[i] + am[i])
        row[12 + n_bands] = weight * both_eligible[i] / 2.0  # each couple counted once over its two adults
        for d in range(n_dims):
            key = scenario_code[i] * width + codes[d][i]
            counts[d, key] += 1
            for c in range(n_columns):
                sums[d, key, c] += row[c]
    return sums, counts


def winner_sums(pm_base: pd.DataFrame, pm_scenario: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Weighted number of adults whose household gains at least 1 DKK in some month of the horizon."""
    gap = pm_scenario["household_disposable_income_m"].to_numpy() - pm_base["household_disposable_income_m"].to_numpy()
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


BEHAVIOUR_CHANGES = ["work", "hours", "earnings", "cost"]  # the model's _d_{change}_{variant} columns


def behaviour_sums(pm: pd.DataFrame, variants) -> pd.DataFrame:
    """Weighted sums of the behaviour model's per-person-month changes, per dimension × group."""
    names = [f"_d_{change}_{variant}" for variant in variants for change in BEHAVIOUR_CHANGES]
    w = pm["weight"].to_numpy(dtype=float)
    weighted = [w * pm[name].to_numpy(dtype=float) for name in names]  # once, for every dimension
    frames = []
    for dimension, (codes, labels) in group_codes(pm).items():
        sums = np.stack([np.bincount(codes, weights=values, minlength=len(labels)) for values in weighted], axis=1)
        present = np.flatnonzero(np.bincount(codes, minlength=len(labels)))
        frame = pd.DataFrame(sums[present], columns=names)
        frame.insert(0, "group", np.asarray(labels, dtype=object)[present])
        frame.insert(0, "dimension", dimension)
        frame.insert(0, "scenario", str(pm["scenario"].iloc[0]))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


class SummaryAccumulator:
    """Adds up chunk sums; ``table`` gives the finished summary, ``monthly`` and ``deciles`` the
    report's month-by-month and income-decile tables (taxben.run.timeline)."""

    def __init__(self, n_months: int, baseline: str = "baseline", behaviour_variants=(), behaviour_headline=None):
        from taxben.run.timeline import DecileAccumulator, MonthlyAccumulator

        self.n_months = n_months
        self.baseline = baseline
        self.behaviour_variants = tuple(behaviour_variants)
        self.behaviour_headline = behaviour_headline
        self._sums: list[pd.DataFrame] = []
        self._winners: list[pd.DataFrame] = []
        self._behaviour: list[pd.DataFrame] = []
        self._monthly = MonthlyAccumulator(n_months, self.behaviour_variants)
        self._deciles = DecileAccumulator()
        self._months: list[str] | None = None

    def add(self, pm: pd.DataFrame) -> None:
        self._sums.append(person_month_sums(pm))
        if self.behaviour_variants and str(pm["scenario"].iloc[0]) != self.baseline:
            self._behaviour.append(behaviour_sums(pm, self.behaviour_variants))
        if "month" in pm and self._months is None and isinstance(pm["month"].dtype, pd.CategoricalDtype):
            self._months = [str(m) for m in pm["month"].cat.categories]
        self._monthly.add(pm)
        self._compact()

    def add_winners(self, pm_base: pd.DataFrame, pm_scenario: pd.DataFrame, scenario: str) -> None:
        self._winners.append(winner_sums(pm_base, pm_scenario, scenario))
        self._deciles.add(pm_base, pm_scenario, scenario)

    def add_outputs(self, frame: pd.DataFrame, scenarios, outs, months) -> None:
        """Add one chunk straight from the engine: ``outs[k]`` (n_persons, n_months, N_OUT) of
        ``scenarios[k]`` (the baseline first) for ``frame``'s adults; ``months`` the month keys. The
        same as ``add`` and ``add_winners`` on the chunk's person-month frames, without building them
        (taxben.run.output_sums)."""
        from taxben.kernels.fields import out_records
        from taxben.run.output_sums import chunk_people, chunk_sums, scenario_sums_frame, winners_frame

        if self.behaviour_variants:
            raise ValueError("the behaviour model's sums come from person-month frames: use add()")
        people = chunk_people(frame)
        sums = chunk_sums(people, outs)
        if self._months is None:
            self._months = [str(m) for m in months]
        hours_month_0 = None
        for s, scenario in enumerate(scenarios):
            self._sums.append(scenario_sums_frame(scenario, people, sums, s))
            self._monthly.add_sums(scenario, sums.monthly[s])
            self._compact()
            if s > 0:
                if hours_month_0 is None:
                    hours_month_0 = np.ascontiguousarray(out_records(np.ascontiguousarray(outs[0]))[:, 0]["hours_per_week"])
                self._winners.append(winners_frame(scenario, people, hours_month_0, sums.won[s]))
                self._deciles.add_sums(scenario, sums.deciles[s])

    def monthly(self) -> pd.DataFrame:
        return self._monthly.table(self._months if self._months and len(self._months) == self.n_months else None)

    def deciles(self) -> pd.DataFrame:
        return self._deciles.table(self.n_months)

    def _compact(self) -> None:
        if len(self._sums) > 8:
            self._sums = [combine_sums(self._sums)]
        if len(self._behaviour) > 8:
            self._behaviour = [_combine_behaviour(self._behaviour)]

    def sums(self) -> pd.DataFrame:
        return combine_sums(self._sums)

    def winners(self) -> pd.DataFrame:
        if not self._winners:
            return pd.DataFrame(columns=["scenario", "dimension", "group", "winners"])
        return pd.concat(self._winners).groupby(["scenario", "dimension", "group"], as_index=False)["winners"].sum()

    def table(self) -> pd.DataFrame:
        table = summary_table(self.sums(), self.winners(), self.n_months, self.baseline)
        if self._behaviour:
            table = add_behaviour_columns(table, _combine_behaviour(self._behaviour), self.n_months,
                                          self.behaviour_variants, self.behaviour_headline)
        return table


def _combine_behaviour(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(parts).groupby(["scenario", "dimension", "group"], as_index=False).sum()


def add_behaviour_columns(table: pd.DataFrame, sums: pd.DataFrame, n_months: int, variants, headline: str) -> pd.DataFrame:
    """The after-behaviour columns (issue 15), per scenario × dimension × group:

    * ``employment_change_persons``: change in persons working, average per month;
    * ``hours_change``: change in hours worked per week summed over persons, average per month;
    * ``earnings_change_dkk_y``: change in gross earnings, DKK per year;
    * ``fiscal_cost_after_behaviour_dkk_y``: ``fiscal_cost_dkk_y`` + the change in public cost from
      the shifted hours (taxes, AM-bidrag, help, housing support and supplements), DKK per year;

    for the headline variant, and with suffixes ``_low``, ``_central``, ``_high`` for every variant."""
    keyed = sums.set_index(["scenario", "dimension", "group"])
    index = pd.MultiIndex.from_frame(table[["scenario", "dimension", "group"]])
    out = table.copy()
    s = keyed.reindex(index).fillna(0.0)
    for variant, suffix in [(headline, ""), *[(v, f"_{v}") for v in variants]]:
        out[f"employment_change_persons{suffix}"] = s[f"_d_work_{variant}"].to_numpy() / n_months
        out[f"hours_change{suffix}"] = s[f"_d_hours_{variant}"].to_numpy() / n_months
        out[f"earnings_change_dkk_y{suffix}"] = s[f"_d_earnings_{variant}"].to_numpy() * 12 / n_months
        out[f"fiscal_cost_after_behaviour_dkk_y{suffix}"] = (
            out["fiscal_cost_dkk_y"].to_numpy() + s[f"_d_cost_{variant}"].to_numpy() * 12 / n_months)
    return out


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
    out["mean_gain_from_work_dkk_m"] = s["gain_sum"] / s["w"]
    out["mean_disposable_income_dkk_m"] = s["disposable_sum"] / s["w"]
    out["persons_eligible"] = s["eligible_sum"] / n_months
    out["couples_both_eligible"] = s["couples_both_eligible_sum"] / n_months
    out["supplement_paid_dkk_y"] = s["supplement_sum"] * 12 / n_months
    out["benefits_dkk_y"] = s["benefits_sum"] * 12 / n_months
    out["taxes_dkk_y"] = s["taxes_sum"] * 12 / n_months
    return out


METRICS = ["persons", "mean_emtr", *[f"share_{b[2]}" for b in EMTR_BANDS], "persons_emtr_undefined", "mean_ptr",
           "mean_gain_from_work_dkk_m", "mean_disposable_income_dkk_m", "persons_eligible", "couples_both_eligible",
           "supplement_paid_dkk_y"]


def summary_table(sums: pd.DataFrame, winners: pd.DataFrame, n_months: int, baseline: str = "baseline") -> pd.DataFrame:
    """Baseline beside each scenario and the difference, one row per scenario × dimension × group.

    ``fiscal_cost_dkk_y`` = Δ(benefits + supplements paid) − Δ(income tax + AM-bidrag collected)."""
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
        table["fiscal_cost_dkk_y"] = (scen["benefits_dkk_y"] - base["benefits_dkk_y"]) - (
            scen["taxes_dkk_y"] - base["taxes_dkk_y"])
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
