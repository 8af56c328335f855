"""Conditional logit over hours options: probabilities, calibration sums, elasticity and responses.

Households of one class share a layout: ``k`` choosers (1, or 2 for a couple that chooses jointly) and a
table of alternatives ``alt_options`` (n_alt, k): in alternative a chooser c works option
``alt_options[a, c]``. Utility of alternative a in month m: ``beta_hh * D[hh, m, a] / unit + Σ_c
alpha[group_c, option_c]``, with ``alpha = -inf`` for options never observed in a group (probability
exactly 0, whatever D holds there).

Arrays (one class): ``D`` (n, M, n_alt) float32 household disposable income; ``weight`` (n,); ``group``
(n, 2) int64 (−1 where no chooser); ``beta_hh`` (n,) utility weight of the household.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

N_PARTS = 64  # fixed partial sums: the same result whatever the number of threads


@njit(cache=True)
def _probabilities(D_row, beta_scaled, alpha, g0, g1, alt_options, p):
    """Fill ``p`` with the logit probabilities of one household-month."""
    n_alt = p.shape[0]
    k = alt_options.shape[1]
    best = -np.inf
    for a in range(n_alt):
        v = alpha[g0, alt_options[a, 0]]
        if k == 2:
            v += alpha[g1, alt_options[a, 1]]
        if v > -np.inf:
            v += beta_scaled * D_row[a]
            if v > best:
                best = v
        p[a] = v
    total = 0.0
    for a in range(n_alt):
        e = np.exp(p[a] - best) if p[a] > -np.inf else 0.0
        p[a] = e
        total += e
    for a in range(n_alt):
        p[a] /= total


@njit(cache=True, parallel=True)
def expected_sums(D, m, weight, group, beta_hh, unit, alpha, alt_options, H, n_groups):
    """Σ weight × P(chooser in group g works option h) and the within-chooser covariance blocks
    Σ weight × (diag p − p pᵀ) per group (the Newton Hessian, block-diagonal by group)."""
    n = D.shape[0]
    n_alt = D.shape[2]
    k = alt_options.shape[1]
    expected = np.zeros((N_PARTS, n_groups, H))
    hessian = np.zeros((N_PARTS, n_groups, H, H))
    for t in prange(N_PARTS):
        p = np.empty(n_alt)
        marginal = np.empty(H)
        for hh in range(t * n // N_PARTS, (t + 1) * n // N_PARTS):
            w = weight[hh]
            if w == 0.0:
                continue
            _probabilities(D[hh, m], beta_hh[hh] / unit, alpha, group[hh, 0], max(group[hh, 1], 0), alt_options, p)
            for c in range(k):
                g = group[hh, c]
                marginal[:] = 0.0
                for a in range(n_alt):
                    marginal[alt_options[a, c]] += p[a]
                for h in range(H):
                    mh = marginal[h]
                    if mh == 0.0:
                        continue
                    expected[t, g, h] += w * mh
                    hessian[t, g, h, h] += w * mh
                    for h2 in range(H):
                        hessian[t, g, h, h2] -= w * mh * marginal[h2]
    return expected.sum(axis=0), hessian.sum(axis=0)


@njit(cache=True, parallel=True)
def elasticity_sums(D, m, weight, group, match_group, beta_hh, slope_weight, unit, alpha, alt_options, gain):
    """Per match group (0-4), three sums over choosers: Σ weight × slope_weight × gain × P(work) ×
    (1 − P(work)) / unit, Σ weight × P(work), and Σ weight × P(work) × (1 − P(work)).

    ε raising every alternative in which chooser c works by ε × ``gain[hh, c]`` (the household's gain
    from full-time work) moves P(work) by dP/dε = beta_hh × gain × P(1 − P) / unit; ``slope_weight`` =
    beta_hh / β of the chooser's match group, so the first sum is that slope per unit of the match
    group's β (no product of two small numbers: the calibration stays exact for tiny β)."""
    n = D.shape[0]
    n_alt = D.shape[2]
    k = alt_options.shape[1]
    slope = np.zeros((N_PARTS, 5))
    level = np.zeros((N_PARTS, 5))
    margin = np.zeros((N_PARTS, 5))
    for t in prange(N_PARTS):
        p = np.empty(n_alt)
        for hh in range(t * n // N_PARTS, (t + 1) * n // N_PARTS):
            w = weight[hh]
            if w == 0.0:
                continue
            _probabilities(D[hh, m], beta_hh[hh] / unit, alpha, group[hh, 0], max(group[hh, 1], 0), alt_options, p)
            for c in range(k):
                work = 0.0
                for a in range(n_alt):
                    if alt_options[a, c] > 0:
                        work += p[a]
                mg = match_group[hh, c]
                spread = work * (1.0 - work)
                slope[t, mg] += w * slope_weight[hh, c] * gain[hh, c] * spread / unit
                level[t, mg] += w * work
                margin[t, mg] += w * spread
    return slope.sum(axis=0), level.sum(axis=0), margin.sum(axis=0)


@njit(cache=True, parallel=True)
def responses(D_base, D_scen, cost_scen, group, beta_hh, unit, alpha_by_month, alt_options, option_hours, earnings,
              scenario_is_baseline, chooser_rows, adult_rows, write_levels, out_levels, out_changes, out_d_cost):
    """Per household-month, written straight into person-month columns (row = first row + month):
    each chooser's P(work), expected hours and earnings under the scenario (``out_levels`` (3, n_rows),
    only with ``write_levels``), their change against the baseline probabilities (``out_changes`` (3,
    n_rows): work, hours, earnings), and the household's change in public cost from the shifted
    probabilities, Σ_a (P_scen(a) − P_base(a)) × cost_scen(a), split equally between its adults
    (``out_d_cost`` (n_rows,)). ``chooser_rows`` (n, k) and ``adult_rows`` (n, 2) give the first
    person-month row of each chooser and adult (−1: no second adult). With ``scenario_is_baseline`` the
    scenario's probabilities are the baseline's and every change is 0."""
    n, n_months, n_alt = D_base.shape
    k = alt_options.shape[1]
    for hh in prange(n):
        p_base = np.empty(n_alt)
        p_scen = np.empty(n_alt)
        beta_scaled = beta_hh[hh] / unit
        g0 = group[hh, 0]
        g1 = max(group[hh, 1], 0)
        n_adults = 2 if adult_rows[hh, 1] >= 0 else 1
        for m in range(n_months):
            alpha = alpha_by_month[m]
            _probabilities(D_base[hh, m], beta_scaled, alpha, g0, g1, alt_options, p_base)
            d_cost = 0.0
            if scenario_is_baseline:
                p_scen[:] = p_base
            else:
                _probabilities(D_scen[hh, m], beta_scaled, alpha, g0, g1, alt_options, p_scen)
                for a in range(n_alt):
                    if p_scen[a] != p_base[a]:
                        d_cost += (p_scen[a] - p_base[a]) * cost_scen[hh, m, a]
            for i in range(n_adults):
                out_d_cost[adult_rows[hh, i] + m] = d_cost / n_adults
            for c in range(k):
                work_b = work_s = hours_b = hours_s = earn_b = earn_s = 0.0
                for a in range(n_alt):
                    i = alt_options[a, c]
                    if i > 0:
                        work_b += p_base[a]
                        work_s += p_scen[a]
                    hours_b += p_base[a] * option_hours[i]
                    hours_s += p_scen[a] * option_hours[i]
                    earn_b += p_base[a] * earnings[hh, c, i]
                    earn_s += p_scen[a] * earnings[hh, c, i]
                row = chooser_rows[hh, c] + m
                if write_levels:
                    out_levels[0, row] = work_s
                    out_levels[1, row] = hours_s
                    out_levels[2, row] = earn_s
                out_changes[0, row] = work_s - work_b
                out_changes[1, row] = hours_s - hours_b
                out_changes[2, row] = earn_s - earn_b
