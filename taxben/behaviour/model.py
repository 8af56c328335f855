"""The discrete-choice labour-supply model: choosers, calibration, and the response to a scenario.

Who chooses: every kontanthjælp recipient with a match group (1-5); everybody else keeps their hours.
A household with one chooser picks one of the options; a couple of two choosers picks a pair of options.
Options never observed in the population have probability 0 in every group and are never computed.
Calibration (docs/behaviour.md): for each elasticity variant, β per match group is set so that the
participation elasticity in the first month equals the target (a bracketed root-finder per match group,
``taxben.behaviour.calibration``), and the alternative-specific constants α[month, group, option]
(group = match group × family type) so that the baseline reproduces the observed weighted hours
distribution of every group in every month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from taxben.behaviour import logit
from taxben.behaviour.calibration import CalibrationError, solve_beta
from taxben.behaviour.options import alternatives_table, full_time_gains, option_budgets
from taxben.behaviour.spec import BehaviourSpec
from taxben.simulate import population_arrays

N_FAMILY_TYPES = 4
N_GROUPS = 5 * N_FAMILY_TYPES
SHARE_TOLERANCE = 1e-11
OUTPUT_COLUMNS = ["p_work", "expected_hours", "expected_earnings", "behaviour_fiscal_change"]

__all__ = ["BehaviourModel", "CalibrationError", "Calibration", "N_GROUPS", "observed_options", "group_label"]


def group_label(group: int) -> str:
    from taxben.run.summary import FAMILY_TYPE_LABELS

    return f"mg{group // N_FAMILY_TYPES + 1}/{FAMILY_TYPE_LABELS[group % N_FAMILY_TYPES]}"


@dataclass
class ChooserClass:
    """The households with ``k`` choosers, in frame order, and their option budgets."""

    k: int
    first_row: np.ndarray  # (n,) frame row of the household's first adult
    n_adults: np.ndarray  # (n,)
    chooser_offset: np.ndarray  # (n, k) chooser row minus first_row
    weight: np.ndarray  # (n,)
    group: np.ndarray  # (n, 2) int64, −1 where there is no second chooser
    match_group: np.ndarray  # (n, 2) int64 0-4, 0 where there is no second chooser
    observed: np.ndarray  # (n, M, k) int64 option index of the observed hours
    alternatives: np.ndarray = field(default=None)  # (n_alt, k) option index of each chooser per alternative
    D_base: np.ndarray = field(default=None)  # (n, M, n_alt) float32
    earnings: np.ndarray = field(default=None)  # (n, k, H)
    gain: np.ndarray = field(default=None)  # (n, k) gain from full-time work in the first month (baseline)
    D_scenario: dict = field(default_factory=dict)  # scenario name -> (n, M, n_alt) float32
    cost_scenario: dict = field(default_factory=dict)  # scenario name -> (n, M, n_alt) float32

    @property
    def n(self) -> int:
        return len(self.first_row)

    def in_rows(self, lo: int, hi: int) -> slice:
        """The households of this class whose rows lie in ``lo:hi`` (whole households)."""
        return slice(int(np.searchsorted(self.first_row, lo)), int(np.searchsorted(self.first_row, hi)))

    def rows(self, sel: slice) -> np.ndarray:
        """Frame rows of the adults of households ``sel``, household by household."""
        first, size = self.first_row[sel], self.n_adults[sel]
        return np.repeat(first, size) + (np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size))


def observed_options(hours: np.ndarray, option_hours: np.ndarray) -> np.ndarray:
    """Option index of observed hours: 0 for 0 hours, else the nearest positive option (the lower on a tie)."""
    positive = option_hours[1:]
    nearest = 1 + np.abs(hours[..., None] - positive).argmin(axis=-1)
    return np.where(hours > 0, nearest, 0)


@dataclass
class Calibration:
    beta: np.ndarray  # (5,) per match group, utility per income unit
    alpha: np.ndarray  # (M, N_GROUPS, H)
    elasticity: np.ndarray  # (5,) implied in month 0 (NaN where a match group has no chooser in work)
    iterations: int  # evaluations of the elasticity the root-finder needed
    identified: np.ndarray  # (5,) bool: the match group's own choices set its β (else pooled, see calibration)


def _same_rules(a, b) -> bool:
    return a.months == b.months and np.array_equal(a.P, b.P, equal_nan=True)


class BehaviourModel:
    """Calibrated on the baseline; ``annotate`` adds the behavioural columns to a person-month chunk.

    ``prepared``: the baseline's PreparedScenario, or the run's list (baseline first): the budgets of
    every scenario that shares the baseline's rules are computed in the same engine pass as the
    baseline's and kept (float32); other scenarios are computed chunk by chunk in ``annotate``."""

    def __init__(self, spec: BehaviourSpec, frame: pd.DataFrame, prepared, hours_all: np.ndarray | None,
                 chunk_persons: int):
        prepared = list(prepared) if isinstance(prepared, Sequence) else [prepared]
        baseline = prepared[0]
        self.spec = spec
        self.option_hours = np.asarray(spec.hours, dtype=float)
        self.H = len(self.option_hours)
        self.months = len(baseline.months)
        self.frame = frame
        self.hours_all = (hours_all if hours_all is not None else
                          np.repeat(frame["hours_per_week"].to_numpy(dtype=float)[:, None], self.months, axis=1))
        self.classes = self._choosers(frame)
        self.targets = self._observed_targets()
        self.chooser_weight = self.targets[0].sum(axis=1).reshape(5, N_FAMILY_TYPES).sum(axis=1)  # per match group
        # options nobody is observed at have α = −∞ in every group: never computed (0 is always kept,
        # it is the reference of the full-time gain)
        self.live_options = np.union1d([0], np.flatnonzero(self.targets.sum(axis=(0, 1)) > 0))
        self.shared = [s for s in prepared[1:] if _same_rules(s, baseline)]
        from taxben.run.population_run import household_chunks

        for cls in self.classes:
            cls.alternatives = alternatives_table(self.live_options, cls.k)
            shape = (cls.n, self.months, len(cls.alternatives))
            cls.D_base = np.zeros(shape, dtype=np.float32)
            cls.D_scenario = {s.name: np.zeros(shape, dtype=np.float32) for s in self.shared}
            cls.cost_scenario = {s.name: np.zeros(shape, dtype=np.float32) for s in self.shared}
            cls.earnings = np.zeros((cls.n, cls.k, self.H))
            cls.gain = np.zeros((cls.n, cls.k))
        ceilings = [baseline.ceiling] + [s.ceiling for s in self.shared]
        household_id = frame["household_id"].to_numpy()
        for lo, hi in household_chunks(household_id, chunk_persons):
            for cls in self.classes:
                sel = cls.in_rows(lo, hi)
                if sel.stop <= sel.start:
                    continue
                arrays, chooser_rows = self._arrays(cls, sel)
                budgets = option_budgets(baseline.P, ceilings, arrays, chooser_rows, self.option_hours,
                                         cls.alternatives)
                cls.D_base[sel] = budgets.disposable[0]
                for i, scenario in enumerate(self.shared, start=1):
                    cls.D_scenario[scenario.name][sel] = budgets.disposable[i]
                    cls.cost_scenario[scenario.name][sel] = budgets.public_cost[i]
                cls.earnings[sel] = budgets.earnings
                cls.gain[sel] = full_time_gains(baseline.P, baseline.ceiling, arrays, chooser_rows,
                                                self.option_hours[-1])
                del budgets
        self.calibrations = {variant: self.calibrate(spec.targets[variant]) for variant in spec.variants}

    # --- setup ------------------------------------------------------------------------------------
    def _choosers(self, frame: pd.DataFrame) -> list[ChooserClass]:
        household_id = frame["household_id"].to_numpy()
        n = len(frame)
        starts = np.concatenate([[0], np.flatnonzero(household_id[1:] != household_id[:-1]) + 1]) if n else np.zeros(0, int)
        sizes = np.diff(np.append(starts, n)).astype(np.int64)
        match_group = frame["match_group"].astype("Float64").fillna(0).to_numpy(dtype=float).astype(np.int64)
        chooser = frame["receives_kontanthjaelp"].to_numpy(dtype=bool) & (match_group >= 1) & (match_group <= 5)
        per_household = np.add.reduceat(chooser.astype(np.int64), starts) if n else np.zeros(0, np.int64)
        family = 2 * (sizes == 2) + (frame["n_children"].to_numpy()[starts] > 0)
        weight = frame["weight"].to_numpy(dtype=float)
        classes = []
        for k in (1, 2):
            which = np.flatnonzero(per_household == k)
            first, size = starts[which], sizes[which]
            offsets = np.zeros((len(which), k), dtype=np.int64)
            if k == 1:
                offsets[:, 0] = np.where(chooser[first], 0, 1)
            else:
                offsets[:, 1] = 1
            rows = first[:, None] + offsets
            group = np.full((len(which), 2), -1, dtype=np.int64)
            mg = np.zeros((len(which), 2), dtype=np.int64)
            group[:, :k] = (match_group[rows] - 1) * N_FAMILY_TYPES + family[which][:, None]
            mg[:, :k] = match_group[rows] - 1
            observed = np.stack([observed_options(self.hours_all[rows[:, c]], self.option_hours) for c in range(k)],
                                axis=2) if len(which) else np.zeros((0, self.months, k), dtype=np.int64)
            classes.append(ChooserClass(k=k, first_row=first.astype(np.int64), n_adults=size, chooser_offset=offsets,
                                        weight=weight[first], group=group, match_group=mg,
                                        observed=observed.astype(np.int64)))
        return classes

    def _arrays(self, cls: ChooserClass, sel: slice):
        """Engine arrays of the households ``sel`` of ``cls`` (their adults only, observed schedule) and
        each chooser's row in them."""
        rows = cls.rows(sel)
        arrays = population_arrays(self.frame.iloc[rows], self.hours_all[rows])
        local_first = np.concatenate([[0], np.cumsum(cls.n_adults[sel])[:-1]])
        return arrays, local_first[:, None] + cls.chooser_offset[sel]

    def _observed_targets(self) -> np.ndarray:
        """Weighted count of choosers per month, group and observed option."""
        targets = np.zeros((self.months, N_GROUPS, self.H))
        for cls in self.classes:
            for c in range(cls.k):
                for m in range(self.months):
                    np.add.at(targets[m], (cls.group[:, c], cls.observed[:, m, c]), cls.weight)
        return targets

    # --- calibration ------------------------------------------------------------------------------
    def _beta_hh(self, cls: ChooserClass, beta: np.ndarray) -> np.ndarray:
        """A household's utility weight: its chooser's β, or the mean of a couple's two."""
        return beta[cls.match_group[:, :cls.k]].mean(axis=1)

    def _expected(self, m: int, beta: np.ndarray, alpha: np.ndarray):
        expected = np.zeros((N_GROUPS, self.H))
        hessian = np.zeros((N_GROUPS, self.H, self.H))
        for cls in self.classes:
            if cls.n:
                e, h = logit.expected_sums(cls.D_base, m, cls.weight, cls.group, self._beta_hh(cls, beta),
                                           self.spec.income_unit_dkk, alpha, cls.alternatives, self.H, N_GROUPS)
                expected += e
                hessian += h
        return expected, hessian

    def _share_error(self, expected: np.ndarray, target: np.ndarray) -> float:
        totals = target.sum(axis=1)
        present = totals > 0
        if not present.any():
            return 0.0
        return float(np.abs(expected[present] - target[present]).max(axis=1).__truediv__(totals[present]).max())

    def calibrate_alpha(self, m: int, beta: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, int]:
        """Constants of month m that make the expected weighted counts equal the observed ones
        (Newton on the concave log-likelihood, Hessian block-diagonal by group, step halving)."""
        target = self.targets[m]
        alpha = np.where(target > 0, np.where(np.isfinite(start), start, 0.0), -np.inf)
        reference = target.argmax(axis=1)
        alpha[np.arange(N_GROUPS), reference] = np.where(target.sum(axis=1) > 0, 0.0, -np.inf)
        free = (target > 0)
        free[np.arange(N_GROUPS), reference] = False
        expected, hessian = self._expected(m, beta, alpha)
        error = self._share_error(expected, target)
        for iteration in range(200):
            if error < SHARE_TOLERANCE:
                return alpha, iteration
            step = np.zeros_like(alpha)
            for g in np.flatnonzero(free.any(axis=1)):
                f = np.flatnonzero(free[g])
                try:
                    step[g, f] = np.linalg.solve(hessian[g][np.ix_(f, f)], (target[g] - expected[g])[f])
                except np.linalg.LinAlgError:
                    raise CalibrationError(f"constants of month {m}: the choice probabilities of group "
                                           f"{group_label(g)} are degenerate (β too large)",
                                           match_group=int(g) // N_FAMILY_TYPES) from None
            scale = 1.0
            for _ in range(30):
                trial = np.where(free, alpha + scale * step, alpha)
                new_expected, new_hessian = self._expected(m, beta, trial)
                new_error = self._share_error(new_expected, target)
                if new_error < error:
                    break
                scale /= 2
            alpha, expected, hessian, error = trial, new_expected, new_hessian, new_error
        raise CalibrationError(f"constants of month {m} did not converge (share error {error:.2e})")

    def elasticity_parts(self, beta: np.ndarray, target: np.ndarray, x: np.ndarray, alpha: np.ndarray,
                         m: int = 0):
        """Per match group, with the probabilities at ``beta`` and β_g = target_g × x_g in the slope: the
        implied elasticity ÷ the target (``x`` × slope per unit of the group's β ÷ level, computed without
        forming β, so exact for tiny targets), Σ weight × P(work) and Σ weight × P(work)(1 − P(work))
        (0: nobody in the group is at the working margin)."""
        slope = np.zeros(5)
        level = np.zeros(5)
        margin = np.zeros(5)
        for cls in self.classes:
            if cls.n:
                s, lv, mr = logit.elasticity_sums(cls.D_base, m, cls.weight, cls.group, cls.match_group,
                                                  self._beta_hh(cls, beta), self._slope_weight(cls, target, x),
                                                  self.spec.income_unit_dkk, alpha, cls.alternatives, cls.gain)
                slope += s
                level += lv
                margin += mr
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(level > 0, x * slope / level, np.nan)
        return ratio, level, margin

    def _slope_weight(self, cls: ChooserClass, target: np.ndarray, x: np.ndarray) -> np.ndarray:
        """(n, k) β of the household ÷ β of the chooser's match group: 1 for a single chooser,
        (1 + β_partner / β_own) / 2 in a joint couple; β_partner / β_own = (target ratio) × (x ratio), a
        ratio of numbers of the same size (x ratio 1 while x is still 0, at the start)."""
        if cls.k == 1:
            return np.ones((cls.n, 1))
        own, partner = cls.match_group[:, :2], cls.match_group[:, 1::-1]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            target_ratio = np.where(target[own] > 0, target[partner] / target[own], 0.0)
            x_ratio = np.where((x[own] > 0) & (x[partner] > 0), x[partner] / x[own], 1.0)
            return np.where(target[own] > 0, (1.0 + target_ratio * x_ratio) / 2.0, 0.0)

    def calibrate(self, targets: dict[int, float]) -> Calibration:
        """β per match group for the elasticity targets (month 0), then α for every month."""
        target = np.array([targets[g] for g in range(1, 6)], dtype=float)
        solution = solve_beta(self, target, self.chooser_weight)
        beta = target * solution.x
        by_month = np.empty((self.months, N_GROUPS, self.H))
        by_month[0] = solution.alpha
        for m in range(1, self.months):
            if np.array_equal(self.targets[m], self.targets[m - 1]) and all(
                    np.array_equal(c.D_base[:, m], c.D_base[:, m - 1]) for c in self.classes):
                by_month[m] = by_month[m - 1]
            else:
                by_month[m], _ = self.calibrate_alpha(m, beta, by_month[m - 1])
        with np.errstate(invalid="ignore"):
            elasticity = np.where(target > 0, target * solution.ratio, np.nan)
        return Calibration(beta=beta, alpha=by_month, elasticity=elasticity, iterations=solution.evaluations,
                           identified=solution.identified)

    def baseline_shares(self, variant: str, m: int) -> tuple[np.ndarray, np.ndarray]:
        """Model and observed weighted shares per group and option in month m (rows: groups)."""
        cal = self.calibrations[variant]
        expected, _ = self._expected(m, cal.beta, cal.alpha[m])
        totals = self.targets[m].sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return expected / totals, self.targets[m] / totals

    def describe(self) -> dict:
        """What run.json records: the file, the choice set and, per variant, targets, β and the check."""
        variants = {}
        for variant, cal in self.calibrations.items():
            model, observed = self.baseline_shares(variant, 0)
            present = np.isfinite(observed)
            variants[variant] = {
                "elasticity_target_by_match_group": {g: self.spec.targets[variant][g] for g in range(1, 6)},
                "elasticity_implied_by_match_group": {g: _finite(cal.elasticity[g - 1]) for g in range(1, 6)},
                "beta_per_income_unit_by_match_group": {g: float(cal.beta[g - 1]) for g in range(1, 6)},
                "beta_pooled_for_match_groups": [g for g in range(1, 6) if self.spec.targets[variant][g] > 0
                                                 and self.chooser_weight[g - 1] > 0 and not cal.identified[g - 1]],
                "max_share_error_month_0": float(np.abs(model[present] - observed[present]).max()) if present.any() else 0.0,
            }
        return {"file": str(self.spec.path), "name": self.spec.name, "headline": self.spec.headline,
                "choice_hours_per_week": list(self.spec.hours), "income_unit_dkk": self.spec.income_unit_dkk,
                "options_observed_hours_per_week": [float(self.option_hours[i]) for i in self.live_options],
                "choosers": int(sum(c.n * c.k for c in self.classes)),
                "joint_couples": int(self.classes[1].n), "variants": variants,
                "clock": "each option is worked in every month from the start of the horizon (myopic choice per month)"}

    # --- responses --------------------------------------------------------------------------------
    def _scenario_budgets(self, scenario, cls: ChooserClass, sel: slice):
        """(D, public cost) of households ``sel`` under ``scenario``: kept from the baseline's pass when
        it shares the baseline's rules, else computed now."""
        if scenario.name in cls.D_scenario:
            return cls.D_scenario[scenario.name][sel], cls.cost_scenario[scenario.name][sel]
        arrays, chooser_rows = self._arrays(cls, sel)
        budgets = option_budgets(scenario.P, [scenario.ceiling], arrays, chooser_rows, self.option_hours,
                                 cls.alternatives)
        return budgets.disposable[0], budgets.public_cost[0]

    def annotate(self, pm: pd.DataFrame, scenario, lo: int, hi: int, is_baseline: bool) -> pd.DataFrame:
        """Add ``p_work``, ``expected_hours``, ``expected_earnings``, ``behaviour_fiscal_change`` (the
        headline variant) and the per-variant changes ``_d_{work,hours,earnings,cost}_{variant}`` to the
        person-month table of frame rows ``lo:hi`` under ``scenario`` (rows person by person, months
        inside)."""
        M = self.months
        hours = pm["hours_per_week"].to_numpy(dtype=float)
        # everybody who does not choose keeps their hours: P(work) 0 or 1, the observed hours and earnings
        levels = np.stack([(hours > 0).astype(float), hours, pm["gross_earnings_m"].to_numpy(dtype=float)])
        changes = {variant: np.zeros((4, len(pm))) for variant in self.spec.variants}  # work, hours, earnings, cost
        for cls in self.classes:
            sel = cls.in_rows(lo, hi)
            if sel.stop <= sel.start:
                continue
            D_base = cls.D_base[sel]
            if is_baseline:
                D_scen, cost = D_base, D_base
            else:
                D_scen, cost = self._scenario_budgets(scenario, cls, sel)
            first = cls.first_row[sel] - lo
            chooser_rows = (first[:, None] + cls.chooser_offset[sel]) * M
            adult_rows = np.where(np.arange(2)[None, :] < cls.n_adults[sel][:, None],
                                  (first[:, None] + np.arange(2)[None, :]) * M, -1)
            for variant in self.spec.variants:
                cal = self.calibrations[variant]
                d = changes[variant]
                logit.responses(D_base, D_scen, cost, cls.group[sel], self._beta_hh(cls, cal.beta)[sel],
                                self.spec.income_unit_dkk, cal.alpha, cls.alternatives, self.option_hours,
                                cls.earnings[sel], is_baseline, chooser_rows, adult_rows,
                                variant == self.spec.headline, levels, d[:3], d[3])
        new = {"p_work": levels[0], "expected_hours": levels[1], "expected_earnings": levels[2],
               "behaviour_fiscal_change": changes[self.spec.headline][3]}
        for variant, d in changes.items():
            for i, what in enumerate(("work", "hours", "earnings", "cost")):
                new[f"_d_{what}_{variant}"] = d[i]
        return pd.concat([pm, pd.DataFrame(new, index=pm.index, copy=False)], axis=1)


def _finite(value: float):
    return float(value) if np.isfinite(value) else None
