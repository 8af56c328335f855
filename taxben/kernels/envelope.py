"""The ceiling envelope of SPEC §5 over one or both adults' hours, computed one linear stretch at a time.

The spec defines the household supplement at hours (x₀, x₁) by a walk over the lattice of both adults'
hours grids (an adult who is not available for the ceiling stays at their hours: one point):
``M(0, 0) = D(0, 0)``, ``M(i, j) = max(D(i, j), M(i−1, j) + k·ΔE₀, M(i, j−1) + k·ΔE₁)`` with k = 1 − c,
supplement ``M(I, J) − D(I, J)``. Every monotone path from (i, j) to (I, J) gains the same k·ΔE, so

    M(I, J) = k·(E₀(x₀) + E₁(x₁)) + max over lattice points (y₀, y₁) of f(y₀, y₁),
    f(y₀, y₁) = D(y₀, y₁) − k·E₀(y₀) − k·E₁(y₁)        (E of an adult off the ceiling not subtracted)

and the supplement is ``max(0, k·(E₀(x₀) + E₁(x₁)) + max over the lattice without its corner of f −
D(x₀, x₁))``. The lattice of an available adult at x is the grid 0, g, 2g, … below x − ε plus x itself.

``grid_walk_supplement`` is that recurrence, literally (one budget per lattice point): the definition,
kept for the tests and the speed guard. ``joint_supplements`` gives the same numbers from far fewer
budgets: along one adult's hours D is linear between the kinks and jumps of the rules, so f is too, and
its maximum over the grid points of a stretch is at the stretch's first or last point. The budget is
evaluated with that adult's hours as a ``LinearPiece`` (``taxben.kernels.piecewise``), which gives D, its
slope and how far it stays linear, once per stretch; the other adult's lattice is walked row by row.
One call answers every query the indicators of a household-month need (actual hours, each adult + δ,
the participation points), sharing the rows they have in common.
"""

import math

from numba import njit

from taxben.kernels.contributions import gross_earnings_m
from taxben.kernels.household import BeforeHelp, adult_before_help, budget_after_help, household_budget
from taxben.kernels.piecewise import varying_hours

GRID_EPSILON = 1e-9  # a grid point k·g lies below x when k·g < x − GRID_EPSILON; the last point is x itself
REACH_MARGIN = 1e-7  # hours: a point this close to a kink or jump starts a new stretch (evaluated, not extrapolated)
MAX_QUERIES = 8


@njit(cache=True)
def grid_points_below(x, grid):
    """How many grid points 0, g, 2g, … lie strictly below ``x − GRID_EPSILON``."""
    if x <= GRID_EPSILON:
        return 0
    k = int(math.ceil((x - GRID_EPSILON) / grid))
    while k > 0 and (k - 1) * grid >= x - GRID_EPSILON:
        k -= 1
    while k * grid < x - GRID_EPSILON:
        k += 1
    return k


@njit(cache=True)
def last_grid_point_before(y_end, grid):
    """Index of the last grid point strictly below ``y_end`` (−1 if none)."""
    if y_end == math.inf:
        return 1 << 40
    k = int(math.ceil(y_end / grid)) - 1
    while k >= 0 and k * grid >= y_end:
        k -= 1
    while (k + 1) * grid < y_end:
        k += 1
    return k


@njit(cache=True)
def fixed_side(rules, hh, who, hours_other):
    """The earnings side of the adult the walk does not vary (``1 − who``), at its hours: computed once
    per row (all zeros for a single)."""
    if hh.n_adults == 1:
        return BeforeHelp(0.0, 0.0, 0.0, 0.0, 0.0)
    return adult_before_help(rules, hh.adult_1 if who == 0 else hh.adult_0, hours_other)


@njit(cache=True)
def disposable_at(rules, hh, who, hours_who, other_side):
    """D with adult ``who`` at ``hours_who`` and the other adult's side fixed (``fixed_side``)."""
    if who == 0:
        return budget_after_help(rules, hh, adult_before_help(rules, hh.adult_0, hours_who), other_side).disposable
    return budget_after_help(rules, hh, other_side, adult_before_help(rules, hh.adult_1, hours_who)).disposable


@njit(cache=True)
def walk_prefix_maxima(rules, hh, who, hours_other, keep, grid, limits, n_limits, order, best_below, f_at):
    """Walk adult ``who``'s hours (the other adult at ``hours_other``) with f(y) = D(y) − keep·E(y).

    For each limit x_l: ``best_below[l]`` = the maximum of f over the grid points below x_l − ε (−inf if
    there are none) and ``f_at[l]`` = f(x_l). ``order`` (scratch) receives the limits' ascending order.
    One budget per linear stretch of D that holds a point the walk needs."""
    wage = hh.adult_0.hourly_wage if who == 0 else hh.adult_1.hourly_wage
    earnings_slope = gross_earnings_m(wage, 1.0)
    other_side = fixed_side(rules, hh, who, hours_other)
    for l in range(n_limits):
        order[l] = l
    for a in range(1, n_limits):  # insertion sort: at most MAX_QUERIES limits
        b = a
        while b > 0 and limits[order[b - 1]] > limits[order[b]]:
            order[b - 1], order[b] = order[b], order[b - 1]
            b -= 1
    anchor_y = -1.0
    anchor_f = 0.0
    anchor_slope = 0.0
    anchor_end = -1.0
    running = -math.inf
    i = 0  # next grid point
    for r in range(n_limits):
        l = order[r]
        x = limits[l]
        n_below = grid_points_below(x, grid)
        while i < n_below:
            y = i * grid
            if not (anchor_y <= y < anchor_end - REACH_MARGIN):
                d = disposable_at(rules, hh, who, varying_hours(y), other_side)
                anchor_y = y
                anchor_f = d.value - keep * gross_earnings_m(wage, y)
                anchor_slope = d.slope - keep * earnings_slope
                anchor_end = y + d.reach
            j = max(i, min(last_grid_point_before(anchor_end - REACH_MARGIN, grid), n_below - 1))
            running = max(running, anchor_f + anchor_slope * (y - anchor_y))
            running = max(running, anchor_f + anchor_slope * (j * grid - anchor_y))
            i = j + 1
        best_below[l] = running
        if not (anchor_y <= x < anchor_end - REACH_MARGIN):
            d = disposable_at(rules, hh, who, varying_hours(x), other_side)
            anchor_y = x
            anchor_f = d.value - keep * gross_earnings_m(wage, x)
            anchor_slope = d.slope - keep * earnings_slope
            anchor_end = x + d.reach
        f_at[l] = anchor_f + anchor_slope * (x - anchor_y)


@njit(cache=True)
def joint_supplements(rules, hh, keep, grid, on_grid_0, on_grid_1, x0, x1, d_at, n_queries, supplement,
                      scratch_limits, scratch_order, scratch_best, scratch_f, scratch_query_limit, scratch_best_query):
    """The household supplement (SPEC §5) at each query (x0[q], x1[q]) with baseline D ``d_at[q]``.

    ``on_grid_a``: adult a is available for the ceiling, so its hours run over the grid (otherwise it
    stays at its query hours). The walked adult is one on the grid; the other adult's points are rows.
    Scratch arrays hold at least MAX_QUERIES entries."""
    for q in range(n_queries):
        supplement[q] = 0.0
        scratch_best_query[q] = -math.inf
    if not (on_grid_0 or on_grid_1):
        return
    # walk the adult on the grid with the longer walk; the other adult's lattice points are the rows
    walked = 0 if on_grid_0 else 1
    if on_grid_0 and on_grid_1 and hh.n_adults == 2:
        longest_0 = 0.0
        longest_1 = 0.0
        for q in range(n_queries):
            longest_0 = max(longest_0, x0[q])
            longest_1 = max(longest_1, x1[q])
        walked = 0 if longest_0 >= longest_1 else 1
    row_adult = 1 - walked
    rows_on_grid = hh.n_adults == 2 and (on_grid_1 if walked == 0 else on_grid_0)
    wage_row = hh.adult_1.hourly_wage if walked == 0 else hh.adult_0.hourly_wage

    n_grid_rows = 0
    if rows_on_grid:
        for q in range(n_queries):
            x_row = x1[q] if walked == 0 else x0[q]
            n_grid_rows = max(n_grid_rows, grid_points_below(x_row, grid))
    # rows: the on-grid rows, then each distinct query value of the row adult that is not one of them
    n_candidates = n_grid_rows + n_queries
    for candidate in range(n_candidates):
        on_grid_row = candidate < n_grid_rows  # a grid point: in the lattice of every query above it
        if on_grid_row:
            y_row = candidate * grid
        else:
            q_row = candidate - n_grid_rows
            y_row = x1[q_row] if walked == 0 else x0[q_row]
            if hh.n_adults == 1 and q_row > 0:
                continue  # a single: one row
            seen = False
            if rows_on_grid and grid_points_below(y_row, grid) < n_grid_rows and y_row == grid_points_below(y_row, grid) * grid:
                seen = True  # an on-grid row already walked
            for earlier in range(q_row):
                if (x1[earlier] if walked == 0 else x0[earlier]) == y_row:
                    seen = True
            if seen:
                continue
        # the queries whose lattice holds this row, and their limits for the walked adult
        n_limits = 0
        for q in range(n_queries):
            x_row = x1[q] if walked == 0 else x0[q]
            member = y_row == x_row or hh.n_adults == 1
            if rows_on_grid and on_grid_row and y_row < x_row - GRID_EPSILON:
                member = True
            scratch_query_limit[q] = -1
            if not member:
                continue
            x_walk = x0[q] if walked == 0 else x1[q]
            found = -1
            for l in range(n_limits):
                if scratch_limits[l] == x_walk:
                    found = l
            if found < 0:
                found = n_limits
                scratch_limits[n_limits] = x_walk
                n_limits += 1
            scratch_query_limit[q] = found
        if n_limits == 0:
            continue
        walk_prefix_maxima(rules, hh, walked, y_row, keep, grid, scratch_limits, n_limits, scratch_order,
                           scratch_best, scratch_f)
        row_term = keep * gross_earnings_m(wage_row, y_row) if rows_on_grid else 0.0
        for q in range(n_queries):
            l = scratch_query_limit[q]
            if l < 0:
                continue
            x_row = x1[q] if walked == 0 else x0[q]
            corner = y_row == x_row or hh.n_adults == 1
            best = scratch_best[l] if corner else max(scratch_best[l], scratch_f[l])
            scratch_best_query[q] = max(scratch_best_query[q], best - row_term)
    wage_walked = hh.adult_0.hourly_wage if walked == 0 else hh.adult_1.hourly_wage
    for q in range(n_queries):
        if scratch_best_query[q] == -math.inf:
            continue
        x_walk = x0[q] if walked == 0 else x1[q]
        x_row = x1[q] if walked == 0 else x0[q]
        kept = keep * gross_earnings_m(wage_walked, x_walk)
        if rows_on_grid:
            kept += keep * gross_earnings_m(wage_row, x_row)
        supplement[q] = max(0.0, kept + scratch_best_query[q] - d_at[q])


@njit(cache=True)
def grid_walk_supplement(rules, hh, keep, grid, on_grid_0, on_grid_1, x0, x1):
    """SPEC §5 literally: the envelope recurrence over the lattice of both adults' hours, one budget per
    point, and the household supplement ``M(I, J) − D(I, J)``. The definition the fast path is tested
    against (and timed against by the speed guard)."""
    n_0 = grid_points_below(x0, grid) + 1 if on_grid_0 else 1
    n_1 = grid_points_below(x1, grid) + 1 if (on_grid_1 and hh.n_adults == 2) else 1
    envelope_row = [-math.inf] * n_1
    earnings_prev_0 = 0.0
    for i in range(n_0):
        y0 = (i * grid if i < n_0 - 1 else x0) if on_grid_0 else x0
        e0 = gross_earnings_m(hh.adult_0.hourly_wage, y0)
        left = -math.inf
        earnings_prev_1 = 0.0
        for j in range(n_1):
            y1 = (j * grid if j < n_1 - 1 else x1) if n_1 > 1 else x1
            e1 = gross_earnings_m(hh.adult_1.hourly_wage, y1)
            m = household_budget(rules, hh, y0, y1).disposable
            if i > 0:
                m = max(m, envelope_row[j] + keep * (e0 - earnings_prev_0))
            if j > 0:
                m = max(m, left + keep * (e1 - earnings_prev_1))
            envelope_row[j] = m
            left = m
            earnings_prev_1 = e1
        earnings_prev_0 = e0
    d = household_budget(rules, hh, x0, x1).disposable
    return envelope_row[n_1 - 1] - d
