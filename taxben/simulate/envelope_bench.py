"""The ceiling envelope on its own, for the speed guard: fast (one budget per linear stretch) against
SPEC §5's grid walk (one budget per lattice point), on the same households and queries."""

import numpy as np
from numba import njit, prange

from taxben.kernels.ceiling import ceiling_available
from taxben.kernels.envelope import MAX_QUERIES, grid_walk_supplement, joint_supplements
from taxben.kernels.household import household_budget, household_month


@njit(cache=True, parallel=True)
def household_supplements(R, C, people, households, hours, fast, out):
    """``out[h, q]``: the household supplement of household h at the driver's queries (actual hours,
    each adult + 1 h, each adult's participation point) in month 0 under ceiling ``C[0]``."""
    for h in prange(households.shape[0]):
        x0 = np.zeros(MAX_QUERIES)
        x1 = np.zeros(MAX_QUERIES)
        d_at = np.zeros(MAX_QUERIES)
        supplement = np.zeros(MAX_QUERIES)
        limits = np.zeros(MAX_QUERIES)
        order = np.zeros(2 * MAX_QUERIES, dtype=np.int64)
        best = np.zeros(MAX_QUERIES)
        f_at = np.zeros(MAX_QUERIES)
        best_query = np.zeros(MAX_QUERIES)
        start = int(households[h].start)
        n_adults = int(households[h].n_adults)
        second = start + 1 if n_adults == 2 else start
        hh = household_month(R[0], people[start], people[second], households[h],
                             (people[start].months_on_benefit, people[second].months_on_benefit), (1.0, 1.0))
        h0 = hours[start]
        h1 = hours[second] if n_adults == 2 else 0.0
        available_0 = ceiling_available(C[0], people[start], people[start].ceiling_months_used)
        available_1 = n_adults == 2 and ceiling_available(C[0], people[second], people[second].ceiling_months_used)
        x0[0], x1[0] = h0, h1
        x0[1], x1[1] = h0 + 1.0, h1
        x0[2], x1[2] = (0.0 if h0 > 0 else 15.0), h1
        x0[3], x1[3] = h0, h1 + 1.0
        x0[4], x1[4] = h0, (0.0 if h1 > 0 else 15.0)
        n_queries = 5 if n_adults == 2 else 3
        if not (available_0 or available_1):
            continue
        keep = 1.0 - C[0].rate
        if fast:
            for q in range(n_queries):
                d_at[q] = household_budget(R[0], hh, x0[q], x1[q]).disposable
            joint_supplements(R[0], hh, keep, C[0].grid_hours, available_0, available_1, x0, x1, d_at, n_queries,
                              supplement, limits, order, best, f_at, order[MAX_QUERIES:], best_query)
            for q in range(n_queries):
                out[h, q] = supplement[q]
        else:
            for q in range(n_queries):
                out[h, q] = grid_walk_supplement(R[0], hh, keep, C[0].grid_hours, available_0, available_1,
                                                 x0[q], x1[q])
