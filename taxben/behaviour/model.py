"""The discrete-choice labour-supply model: choosers, calibration, and the response to a scenario.

Who chooses: every kontanthjælp recipient with a match group (1-5); everybody else keeps their hours.
A household with one chooser picks one of H options; a couple of two choosers picks one of H × H.
Calibration (docs/behaviour.md): for each elasticity variant, β per match group is set so that the
participation elasticity in the first month equals the target, and the alternative-specific constants
α[month, group, option] (group = match group × family type) so that the baseline reproduces the
observed weighted hours distribution of every group in every month.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from taxben.behaviour import logit
from taxben.behaviour.options import option_budgets
from taxben.behaviour.spec import BehaviourSpec
from taxben.simulate import population_arrays

N_FAMILY_TYPES = 4
N_GROUPS = 5 * N_FAMILY_TYPES
SHARE_TOLERANCE = 1e-11
OUTPUT_COLUMNS = ["p_work", "expected_hours", "expected_earnings", "behaviour_fiscal_change"]


class CalibrationError(RuntimeError):
    """The calibration did not converge (taxben's failure, not the user's)."""


def group_label(group: int) -> str:
    from taxben.run.summary import FAMILY_TYPE_LABELS

    return f"mg{group // N_FAMILY_TYPES + 1}/{FAMILY_TYPE_LABELS[group % N_FAMILY_TYPES]}"


@dataclass
class ChooserClass:
    """The households with ``k`` choosers, in frame order, and their baseline option budgets."""

    k: int
    first_row: np.ndarray  # (n,) frame row of the household's first adult
    n_adults: np.ndarray  # (n,)
    chooser_offset: np.ndarray  # (n, k) chooser row minus first_row
    weight: np.ndarray  # (n,)
    group: np.ndarray  # (n, 2) int64, −1 where there is no second chooser
    match_group: np.ndarray  # (n, 2) int64 0-4, 0 where there is no second chooser
    observed: np.ndarray  # (n, M, k) int64 option index of the observed hours
    D_base: np.ndarray = field(default=None)  # (n, M, H ** k) float32
    earnings: np.ndarray = field(default=None)  # (n, k, H)

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
    elasticity: np.ndarray  # (5,) implied in month 0 (NaN where a match group has no chooser)
    iterations: int


class BehaviourModel:
    """Calibrated on the baseline; ``annotate`` adds the behavioural columns to a person-month chunk."""

    def __init__(self, spec: BehaviourSpec, frame: pd.DataFrame, baseline, hours_all: np.ndarray | None,
                 chunk_persons: int, settings: np.ndarray | None = None):
        self.spec = spec
        self.option_hours = np.asarray(spec.hours, dtype=float)
        self.H = len(self.option_hours)
        self.months = len(baseline.months)
        self.settings = settings
        self.frame = frame
        self.hours_all = (hours_all if hours_all is not None else
                          np.repeat(frame["hours_per_week"].to_numpy(dtype=float)[:, None], self.months, axis=1))
        self.classes = self._choosers(frame)
        from taxben.run.population_run import household_chunks

        household_id = frame["household_id"].to_numpy()
        for lo, hi in household_chunks(household_id, chunk_persons):
            for cls in self.classes:
                sel = cls.in_rows(lo, hi)
                budgets = self._budgets(baseline, cls, sel)
                if budgets is not None:
                    cls.D_base[sel] = budgets.disposable
                    cls.earnings[sel] = budgets.earnings
        self.targets = self._observed_targets()
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
            cls = ChooserClass(k=k, first_row=first.astype(np.int64), n_adults=size, chooser_offset=offsets,
                               weight=weight[first], group=group, match_group=mg, observed=observed.astype(np.int64))
            cls.D_base = np.zeros((cls.n, self.months, self.H ** k), dtype=np.float32)
            cls.earnings = np.zeros((cls.n, k, self.H))
            classes.append(cls)
        return classes

    def _budgets(self, scenario, cls: ChooserClass, sel: slice):
        if sel.stop <= sel.start:
            return None
        rows = cls.rows(sel)
        sub = self.frame.iloc[rows]
        arrays = population_arrays(sub, self.hours_all[rows])
        local_first = np.concatenate([[0], np.cumsum(cls.n_adults[sel])[:-1]])
        chooser_rows = local_first[:, None] + cls.chooser_offset[sel]
        return option_budgets(scenario.P, scenario.ceiling, arrays, chooser_rows, self.option_hours, self.settings)

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
                                           self.spec.income_unit_dkk, alpha, cls.k, self.H, N_GROUPS)
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
                step[g, f] = np.linalg.solve(hessian[g][np.ix_(f, f)], (target[g] - expected[g])[f])
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

    def elasticities(self, beta: np.ndarray, alpha: np.ndarray, m: int = 0) -> np.ndarray:
        slope = np.zeros(5)
        level = np.zeros(5)
        for cls in self.classes:
            if cls.n:
                s, lv = logit.elasticity_sums(cls.D_base, m, cls.weight, cls.group, cls.match_group,
                                              self._beta_hh(cls, beta), self.spec.income_unit_dkk, alpha, cls.k,
                                              self.H, self.H - 1)
                slope += s
                level += lv
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(level > 0, slope / level, np.nan)

    def calibrate(self, targets: dict[int, float]) -> Calibration:
        """β per match group for the elasticity targets (month 0), then α for every month."""
        target = np.array([targets[g] for g in range(1, 6)])
        beta = np.where(target > 0, 1e-3, 0.0)
        alpha = np.zeros((N_GROUPS, self.H))
        iterations = 0
        for iterations in range(1, 60):
            alpha, _ = self.calibrate_alpha(0, beta, alpha)
            implied = self.elasticities(beta, alpha)
            present = np.isfinite(implied) & (target > 0)
            if not present.any() or np.all(np.abs(implied[present] / target[present] - 1) < 1e-9):
                break
            if np.any(implied[present] <= 0):
                raise CalibrationError("the gain from full-time work is not positive on average in a match group; "
                                       "no β gives a positive participation elasticity")
            beta = np.where(present, beta * target / np.where(present, implied, 1.0), beta)
        else:
            raise CalibrationError("β did not converge to the elasticity targets")
        by_month = np.empty((self.months, N_GROUPS, self.H))
        by_month[0] = alpha
        for m in range(1, self.months):
            if np.array_equal(self.targets[m], self.targets[m - 1]) and all(
                    np.array_equal(c.D_base[:, m], c.D_base[:, m - 1]) for c in self.classes):
                by_month[m] = by_month[m - 1]
            else:
                by_month[m], _ = self.calibrate_alpha(m, beta, by_month[m - 1])
        return Calibration(beta=beta, alpha=by_month, elasticity=self.elasticities(beta, alpha), iterations=iterations)

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
                "max_share_error_month_0": float(np.abs(model[present] - observed[present]).max()) if present.any() else 0.0,
            }
        return {"file": str(self.spec.path), "name": self.spec.name, "headline": self.spec.headline,
                "choice_hours_per_week": list(self.spec.hours), "income_unit_dkk": self.spec.income_unit_dkk,
                "choosers": int(sum(c.n * c.k for c in self.classes)),
                "joint_couples": int(self.classes[1].n), "variants": variants,
                "clock": "each option is worked in every month from the start of the horizon (myopic choice per month)"}

    # --- responses --------------------------------------------------------------------------------
    def annotate(self, pm: pd.DataFrame, scenario, lo: int, hi: int, is_baseline: bool) -> pd.DataFrame:
        """Add ``p_work``, ``expected_hours``, ``expected_earnings``, ``behaviour_fiscal_change`` (the
        headline variant) and the per-variant changes ``_d_{work,hours,earnings,cost}_{variant}`` to the
        person-month table of frame rows ``lo:hi`` under ``scenario``."""
        M = self.months
        hours = pm["hours_per_week"].to_numpy(dtype=float)
        columns = {"p_work": (hours > 0).astype(float), "expected_hours": hours.copy(),
                   "expected_earnings": pm["gross_earnings"].to_numpy(dtype=float).copy(),
                   "behaviour_fiscal_change": np.zeros(len(pm))}
        for variant in self.spec.variants:
            for what in ("work", "hours", "earnings", "cost"):
                columns[f"_d_{what}_{variant}"] = np.zeros(len(pm))
        for cls in self.classes:
            sel = cls.in_rows(lo, hi)
            if sel.stop <= sel.start:
                continue
            D_base = cls.D_base[sel]
            if is_baseline:
                D_scen, cost = D_base, np.zeros(D_base.shape)
            else:
                budgets = self._budgets(scenario, cls, sel)
                D_scen, cost = budgets.disposable.astype(np.float32), budgets.public_cost
            n = D_base.shape[0]
            chooser_pm = ((cls.first_row[sel] - lo)[:, None] + cls.chooser_offset[sel]) * M  # first pm row
            household_pm = (np.repeat(cls.first_row[sel] - lo, cls.n_adults[sel])
                            + (np.arange(cls.n_adults[sel].sum())
                               - np.repeat(np.cumsum(cls.n_adults[sel]) - cls.n_adults[sel], cls.n_adults[sel]))) * M
            for variant in self.spec.variants:
                cal = self.calibrations[variant]
                out = [np.empty((n, M, cls.k)) for _ in range(6)] + [np.empty((n, M))]
                logit.responses(D_base, D_scen, cost, cls.weight[sel], cls.group[sel],
                                self._beta_hh(cls, cal.beta)[sel], self.spec.income_unit_dkk, cal.alpha, cls.k,
                                self.H, self.option_hours, cls.earnings[sel], *out)
                p_work, e_hours, e_earn, d_work, d_hours, d_earn, d_cost = out
                idx = chooser_pm[:, :, None] + np.arange(M)[None, None, :]  # (n, k, M)
                for c in range(cls.k):
                    rows = idx[:, c, :]
                    if variant == self.spec.headline:
                        columns["p_work"][rows] = p_work[:, :, c]
                        columns["expected_hours"][rows] = e_hours[:, :, c]
                        columns["expected_earnings"][rows] = e_earn[:, :, c]
                    columns[f"_d_work_{variant}"][rows] = d_work[:, :, c]
                    columns[f"_d_hours_{variant}"][rows] = d_hours[:, :, c]
                    columns[f"_d_earnings_{variant}"][rows] = d_earn[:, :, c]
                share = np.repeat(d_cost / cls.n_adults[sel][:, None], cls.n_adults[sel], axis=0)  # per adult
                adult_rows = household_pm[:, None] + np.arange(M)[None, :]
                columns[f"_d_cost_{variant}"][adult_rows] = share
                if variant == self.spec.headline:
                    columns["behaviour_fiscal_change"][adult_rows] = share
        for name, values in columns.items():
            pm[name] = values
        return pm



def _finite(value: float):
    return float(value) if np.isfinite(value) else None
