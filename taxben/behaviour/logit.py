"""Conditional logit over hours options: probabilities, calibration sums, elasticity and responses.

Households of one class share a layout: ``k`` choosers (1, or 2 for a couple that chooses jointly) and
``H ** k`` alternatives; in alternative ``a`` chooser ``c`` works option ``(a // H ** (k - 1 - c)) % H``.
Utility of alternative a in month m: ``beta_hh * D[hh, m, a] / unit + Σ_c alpha[group_c, option_c]``,
with ``alpha = -inf`` for options never observed in a group (probability exactly 0).

Arrays (one class): ``D`` (n, M, H**k) float32 household disposable income; ``weight`` (n,); ``group``
(n, 2) int64 (−1 where no chooser); ``beta_hh`` (n,) utility weight of the household.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

N_PARTS = 64  # fixed partial sums: the same result whatever the number of threads


@njit(cache=True)
def option_of(a, c, k, H):
    """The option index of chooser ``c`` in alternative ``a``."""
    return (a // H ** (k - 1 - c)) % H


@njit(cache=True)
def _probabilities(D_row, beta_scaled, alpha, g0, g1, k, H, shift, gain0, gain1, p):
    """Fill ``p`` with the logit probabilities of one household-month. ``shift`` adds
    ``shift * gain_c`` to the utility of every alternative in which chooser c works (elasticity)."""
    n_alt = p.shape[0]
    best = -np.inf
    for a in range(n_alt):
        i = option_of(a, 0, k, H)
        v = beta_scaled * D_row[a] + alpha[g0, i]
        if i > 0:
            v += shift * gain0
        if k == 2:
            j = option_of(a, 1, k, H)
            v += alpha[g1, j]
            if j > 0:
                v += shift * gain1
        p[a] = v
        if v > best:
            best = v
    total = 0.0
    for a in range(n_alt):
        e = np.exp(p[a] - best) if p[a] > -np.inf else 0.0
        p[a] = e
        total += e
    for a in range(n_alt):
        p[a] /= total


@njit(cache=True, parallel=True)
def expected_sums(D, m, weight, group, beta_hh, unit, alpha, k, H, n_groups):
    """Σ weight × P(chooser in group g works option h) and the within-chooser covariance blocks
    Σ weight × (diag p − p pᵀ) per group (the Newton Hessian, block-diagonal by group)."""
    n = D.shape[0]
    n_alt = D.shape[2]
    n_threads = N_PARTS
    expected = np.zeros((n_threads, n_groups, H))
    hessian = np.zeros((n_threads, n_groups, H, H))
    for t in prange(n_threads):
        p = np.empty(n_alt)
        marginal = np.empty(H)
        for hh in range(t * n // n_threads, (t + 1) * n // n_threads):
            w = weight[hh]
            if w == 0.0:
                continue
            _probabilities(D[hh, m], beta_hh[hh] / unit, alpha, group[hh, 0], max(group[hh, 1], 0), k, H,
                           0.0, 0.0, 0.0, p)
            for c in range(k):
                g = group[hh, c]
                marginal[:] = 0.0
                for a in range(n_alt):
                    marginal[option_of(a, c, k, H)] += p[a]
                for h in range(H):
                    expected[t, g, h] += w * marginal[h]
                    hessian[t, g, h, h] += w * marginal[h]
                    for h2 in range(H):
                        hessian[t, g, h, h2] -= w * marginal[h] * marginal[h2]
    return expected.sum(axis=0), hessian.sum(axis=0)


@njit(cache=True, parallel=True)
def elasticity_sums(D, m, weight, group, match_group, beta_hh, unit, alpha, k, H, full_option):
    """Per match group (0-4): Σ weight × dP(work)/dε and Σ weight × P(work), where ε raises every
    alternative in which the chooser works by ε × the household's gain from full-time work
    (D with this chooser at ``full_option``, the partner at 0, minus D with both at 0)."""
    n = D.shape[0]
    n_alt = D.shape[2]
    n_threads = N_PARTS
    slope = np.zeros((n_threads, 5))
    level = np.zeros((n_threads, 5))
    for t in prange(n_threads):
        p = np.empty(n_alt)
        for hh in range(t * n // n_threads, (t + 1) * n // n_threads):
            w = weight[hh]
            if w == 0.0:
                continue
            beta_scaled = beta_hh[hh] / unit
            _probabilities(D[hh, m], beta_scaled, alpha, group[hh, 0], max(group[hh, 1], 0), k, H,
                           0.0, 0.0, 0.0, p)
            for c in range(k):
                full = full_option * H ** (k - 1 - c)
                gain = float(D[hh, m, full]) - float(D[hh, m, 0])
                work = 0.0
                for a in range(n_alt):
                    if option_of(a, c, k, H) > 0:
                        work += p[a]
                mg = match_group[hh, c]
                # d P(work)/dε = beta × gain × P(work) × (1 − P(work)) for a lump sum on working alternatives
                slope[t, mg] += w * beta_scaled * gain * work * (1.0 - work)
                level[t, mg] += w * work
    return slope.sum(axis=0), level.sum(axis=0)


@njit(cache=True, parallel=True)
def responses(D_base, D_scen, cost_scen, weight, group, beta_hh, unit, alpha_by_month, k, H, option_hours,
              earnings, out_p_work, out_hours, out_earnings, out_d_work, out_d_hours, out_d_earnings, out_d_cost):
    """Per household-month: each chooser's P(work), expected hours and earnings under the scenario
    (``out_p_work``, ``out_hours``, ``out_earnings``: (n, M, k)), their change against the baseline
    probabilities (``out_d_*``), and the household's change in public cost from the shifted
    probabilities, Σ_a (P_scen(a) − P_base(a)) × cost_scen(a) (``out_d_cost``: (n, M))."""
    n, n_months, n_alt = D_base.shape
    for hh in prange(n):
        p_base = np.empty(n_alt)
        p_scen = np.empty(n_alt)
        beta_scaled = beta_hh[hh] / unit
        g0 = group[hh, 0]
        g1 = max(group[hh, 1], 0)
        for m in range(n_months):
            alpha = alpha_by_month[m]
            _probabilities(D_base[hh, m], beta_scaled, alpha, g0, g1, k, H, 0.0, 0.0, 0.0, p_base)
            _probabilities(D_scen[hh, m], beta_scaled, alpha, g0, g1, k, H, 0.0, 0.0, 0.0, p_scen)
            d_cost = 0.0
            for a in range(n_alt):
                d_cost += (p_scen[a] - p_base[a]) * cost_scen[hh, m, a]
            out_d_cost[hh, m] = d_cost
            for c in range(k):
                work_b = work_s = hours_b = hours_s = earn_b = earn_s = 0.0
                for a in range(n_alt):
                    i = option_of(a, c, k, H)
                    if i > 0:
                        work_b += p_base[a]
                        work_s += p_scen[a]
                    hours_b += p_base[a] * option_hours[i]
                    hours_s += p_scen[a] * option_hours[i]
                    earn_b += p_base[a] * earnings[hh, c, i]
                    earn_s += p_scen[a] * earnings[hh, c, i]
                out_p_work[hh, m, c] = work_s
                out_hours[hh, m, c] = hours_s
                out_earnings[hh, m, c] = earn_s
                out_d_work[hh, m, c] = work_s - work_b
                out_d_hours[hh, m, c] = hours_s - hours_b
                out_d_earnings[hh, m, c] = earn_s - earn_b
