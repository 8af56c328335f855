"""β per match group such that the participation elasticity at the baseline equals the target.

The unknown of match group g is ``x_g = β_g / target_g``, β per unit of elasticity. The elasticity is
proportional to β for small β (the probabilities barely move), so x stays of order one whatever the
target: the root-finder never multiplies two small numbers. (The first version updated
``β ← β × target / implied``; for a target below about 1e-154 the product ``β × target`` underflowed to
0, the implied elasticity became 0, and the run stopped with "the gain from full-time work is not
positive" although every gain was positive: the hypothesis example ``low = 2.2e-309``.)

Each group solves ``f_g(x) = implied_g / target_g − 1 = 0``, all groups in the same evaluation (one
α calibration and one elasticity pass give every group's f). It starts at the exact root of the small-β
limit (x = 1 / (implied ÷ target per unit x at β = 0)). Per group, when the last two points straddle the
root the next is the secant between them (it cannot leave that bracket: no overshoot); otherwise the
proportional step x / (implied ÷ target), limited to a factor GROWTH. A target no β reaches (the logit
saturates, or joint couples with another match group already give more) stops with a sentence instead
of running away. Why not scipy's brentq: it solves one equation with a fixed function, here five
equations share each (expensive) evaluation and are coupled through joint couples of two match groups
(they share the mean of their two β), so a bracket kept from old evaluations goes stale; the last two
points of each group are always current. taxben does not depend on scipy.

A match group with target 0 has β = 0. A match group in which nobody is at the working margin (every
recipient of its groups is observed working, or none is) cannot set its β from a participation
elasticity: it takes the weighted mean β per unit of elasticity of the identified groups (recorded in
run.json); its implied elasticity is 0 whatever β.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ELASTICITY_TOLERANCE = 1e-9  # relative
MAX_EVALUATIONS = 100
GROWTH = 4.0  # largest factor of one step that does not come from a bracket
REACH = 1e4  # x beyond REACH × its small-β value: the target is out of reach


class CalibrationError(RuntimeError):
    """The calibration did not converge (taxben's failure, not the user's), or a target is out of reach."""

    def __init__(self, message: str, match_group: int | None = None):
        super().__init__(message)
        self.match_group = match_group  # 0-4 when one match group's constants failed


@dataclass
class BetaSolution:
    x: np.ndarray  # (5,) β per unit of elasticity target (0 where the target is 0)
    alpha: np.ndarray  # (N_GROUPS, H) month-0 constants at β = target × x
    ratio: np.ndarray  # (5,) implied elasticity ÷ target
    evaluations: int
    identified: np.ndarray  # (5,) bool


def _labels(groups) -> str:
    return ", ".join(str(g + 1) for g in np.flatnonzero(groups))


def solve_beta(model, target: np.ndarray, weight: np.ndarray) -> BetaSolution:
    """x per match group (see the module docstring). ``model`` gives ``calibrate_alpha(0, β, start)`` and
    ``elasticity_parts(β, target, x, α)``; ``weight`` (5,) the choosers' weight per match group."""
    calibrated = target > 0
    zero = np.zeros(5)
    alpha, _ = model.calibrate_alpha(0, zero, np.zeros(model.targets.shape[1:]))
    # at β = 0, with every x equal: the small-β limit s0 of implied / target per unit x
    s0, _, margin = model.elasticity_parts(zero, target, np.where(calibrated, 1.0, 0.0), alpha)
    identified = calibrated & (margin > 0)
    if not calibrated.any():
        return BetaSolution(x=zero, alpha=alpha, ratio=np.where(np.isnan(s0), np.nan, 0.0), evaluations=1,
                            identified=identified)
    if not identified.any():
        raise CalibrationError(f"no recipient of match groups {_labels(calibrated)} is at the working margin (in "
                               "each group all are observed working or none is): a participation elasticity cannot "
                               "set β; check hours_per_week of the recipients")
    floor = identified & ~np.isfinite(s0)
    if floor.any():  # target ratios beyond the floating-point range: a partner's β dwarfs this group's
        raise CalibrationError(f"the participation elasticity targets of match groups {_labels(floor)} are too "
                               "small beside those of the other match groups: their joint couples (who share the "
                               "mean of their two β) already respond more; change them in the behaviour file")
    start = np.where(identified & (s0 > 0), 1.0 / np.where(s0 > 0, s0, 1.0), np.nan)
    if not np.isfinite(start).any():
        raise CalibrationError(f"the gain from full-time work is not positive on average in match groups "
                               f"{_labels(identified)}: no β gives a positive participation elasticity")
    known = np.isfinite(start)
    fallback = np.average(start[known], weights=np.maximum(weight[known], 1e-300))
    start = np.where(identified & ~known, fallback, start)

    def pooled(x):
        x = x.copy()
        x[calibrated & ~identified] = np.average(x[identified], weights=np.maximum(weight[identified], 1e-300))
        return x

    x = pooled(np.where(calibrated, start, 0.0))
    x_prev, f_prev = np.zeros(5), np.full(5, -1.0)  # β = 0: no response, f = −1
    best = np.zeros(5)  # the largest implied ÷ target seen (for the message when out of reach)
    ratio = np.full(5, np.nan)
    for evaluation in range(1, MAX_EVALUATIONS + 1):
        beta = target * x
        try:
            alpha_here, _ = model.calibrate_alpha(0, beta, alpha)
        except CalibrationError as error:
            if error.match_group is None or not identified[error.match_group]:
                raise
            f = np.zeros(5)
            f[error.match_group] = np.inf  # β too large for that group's constants: above the target
        else:
            alpha = alpha_here
            ratio, _, _ = model.elasticity_parts(beta, target, x, alpha)
            f = np.where(identified, ratio - 1.0, 0.0)
            best = np.fmax(best, np.where(identified, ratio, 0.0))
            if np.all(np.abs(f[identified]) < ELASTICITY_TOLERANCE):
                return BetaSolution(x=x, alpha=alpha, ratio=ratio, evaluations=evaluation, identified=identified)
        active = identified & (np.abs(f) >= ELASTICITY_TOLERANCE)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            straddle = (f * f_prev < 0) & np.isfinite(f) & np.isfinite(f_prev)
            secant = x - f * (x - x_prev) / (f - f_prev)  # between x_prev and x when they straddle
            proportional = np.where(1.0 + f > 0, x / (1.0 + f), GROWTH * x)
            # f = +inf: the ratio overflowed, or the constants failed at this β (then back towards the last good x)
            proportional = np.where(np.isfinite(f), proportional, np.where(x_prev < x, (x + x_prev) / 2, 0.0))
        step = np.where(straddle, secant, np.clip(proportional, x / GROWTH, GROWTH * x))
        x_next = np.where(active, step, x)
        for g in np.flatnonzero(active & (x_next > REACH * start)):
            raise CalibrationError(f"no β gives match group {g + 1} a participation elasticity of {target[g]:g} in "
                                   f"this population (the largest reached is {best[g] * target[g]:.3g}); lower it "
                                   "in the behaviour file")
        for g in np.flatnonzero(active & (x_next < start / REACH)):
            raise CalibrationError(f"no β gives match group {g + 1} a participation elasticity as small as "
                                   f"{target[g]:g}: its joint couples with other match groups (who share the mean of "
                                   "their two β) respond more than that even at β = 0; raise it in the behaviour file")
        moved = x_next != x
        x_prev, f_prev = np.where(moved, x, x_prev), np.where(moved, f, f_prev)
        x = pooled(x_next)
    failing = identified & ~(np.abs(ratio - 1.0) < ELASTICITY_TOLERANCE)
    raise CalibrationError(f"β did not converge to the elasticity targets of match groups {_labels(failing)} "
                           f"(implied ÷ target {np.round(ratio[failing], 6).tolist()})")
