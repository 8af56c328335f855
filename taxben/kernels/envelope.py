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

The stretches of D (where each starts, its value, slope and end) depend on the rules, the household's
month record and the fixed adult's hours, not on the queries: ``ENVELOPE_DTYPE``'s anchor cache keeps
them per row from month to month, so a household whose hours change month by month walks each stretch
once. The driver empties the cache whenever the rules or the household's month record change.
"""

import math

import numpy as np
from numba import njit

from taxben.kernels.contributions import gross_earnings_m
from taxben.kernels.household import BeforeHelp, adult_before_help, budget_after_help, household_budget
from taxben.kernels.piecewise import varying_hours

GRID_EPSILON = 1e-9  # a grid point k·g lies below x when k·g < x − GRID_EPSILON; the last point is x itself
REACH_MARGIN = 1e-7  # hours: a point this close to a kink or jump starts a new stretch (evaluated, not extrapolated)
MAX_QUERIES = 8
CACHE_ROWS = 96  # rows (walked adult × fixed adult's hours) kept per household
CACHE_ANCHORS = 32  # stretches kept per row

# The helpers called once per row or per stretch are inlined into their callers (inline="always"): each
# call passed the household record (some 40 numbers) and cost more than the arithmetic of a small helper;
# inlined (with the row search below), one month of the peer's population took about 10 % less time
# (docs/performance.md).

# the envelope's working record, one per worker: the queries and their results, the walk's scratch, and
# the anchor cache (per row: which adult is walked, the other adult's hours, its stretches)
ENVELOPE_DTYPE = np.dtype([
    ("x0", np.float64, (MAX_QUERIES,)),  # query q: adult 0's hours
    ("x1", np.float64, (MAX_QUERIES,)),  # query q: adult 1's hours
    ("d", np.float64, (MAX_QUERIES,)),  # query q: baseline D there
    ("supplement", np.float64, (MAX_QUERIES,)),  # query q: the household supplement (the result)
    ("limits", np.float64, (MAX_QUERIES,)),
    ("order", np.int64, (MAX_QUERIES,)),
    ("best_below", np.float64, (MAX_QUERIES,)),
    ("f_at", np.float64, (MAX_QUERIES,)),
    ("f_at_needed", np.int64, (MAX_QUERIES,)),  # 1: some query needs f at the limit itself
    ("query_limit", np.int64, (MAX_QUERIES,)),
    ("best_query", np.float64, (MAX_QUERIES,)),
    ("n_rows", np.int64),
    ("last_row", np.int64),  # the row found last (where the next search starts)
    ("row_who", np.int64, (CACHE_ROWS,)),
    ("row_hours", np.float64, (CACHE_ROWS,)),
    ("row_anchors", np.int64, (CACHE_ROWS,)),
    ("row_hours_max", np.float64, (2,)),  # per walked adult: no cached row has higher fixed hours
    ("anchor_y", np.float64, (CACHE_ROWS, CACHE_ANCHORS)),
    ("anchor_d", np.float64, (CACHE_ROWS, CACHE_ANCHORS)),
    ("anchor_slope", np.float64, (CACHE_ROWS, CACHE_ANCHORS)),
    ("anchor_end", np.float64, (CACHE_ROWS, CACHE_ANCHORS)),
    # per stretch, the index of the last grid point before its end and the grid it was found for (NaN: not
    # yet): a stretch cached in an earlier month is walked again without the division
    ("anchor_last", np.int64, (CACHE_ROWS, CACHE_ANCHORS)),
    ("anchor_last_grid", np.float64, (CACHE_ROWS, CACHE_ANCHORS)),
])


def envelope_scratch() -> np.ndarray:
    """A fresh working record (an array of one, as numba passes records by reference)."""
    return np.zeros(1, dtype=ENVELOPE_DTYPE)


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


@njit(cache=True, inline="always")
def fixed_side(rules, hh, who, hours_other):
    """The earnings side of the adult the walk does not vary (``1 − who``), at its hours: computed once
    per row (all zeros for a single)."""
    if hh.n_adults == 1:
        return BeforeHelp(0.0, 0.0, 0.0, 0.0, 0.0)
    return adult_before_help(rules, hh.adult_1 if who == 0 else hh.adult_0, hours_other)


@njit(cache=True, inline="always")
def disposable_at(rules, hh, who, hours_who, other_side):
    """D with adult ``who`` at ``hours_who`` and the other adult's side fixed (``fixed_side``)."""
    if who == 0:
        return budget_after_help(rules, hh, adult_before_help(rules, hh.adult_0, hours_who), other_side).disposable
    return budget_after_help(rules, hh, other_side, adult_before_help(rules, hh.adult_1, hours_who)).disposable


@njit(cache=True, inline="always")
def cached_row(s, who, hours_other):
    """The cache row of (walked adult, fixed adult's hours), added empty if new; a full cache starts over.
    The search starts after the last row found: rows are asked for in the same order month after month.
    A row above the walked adult's highest cached row is new without a search: in a household's first
    month every row is new, and the grid rows come in increasing order (the search made the first month
    of a couple where both adults are on the grid quadratic in its rows)."""
    n = s.n_rows
    if n > 0 and hours_other <= s.row_hours_max[who]:  # higher rows are new: the usual case in a first month
        row = s.last_row
        for _ in range(n):
            row += 1
            if row >= n:
                row = 0
            if s.row_who[row] == who and s.row_hours[row] == hours_other:
                s.last_row = row
                return row
    if n == CACHE_ROWS:
        n = 0
    if n == 0:  # the cache is empty (or starts over)
        s.row_hours_max[0] = -math.inf
        s.row_hours_max[1] = -math.inf
    s.row_hours_max[who] = max(s.row_hours_max[who], hours_other)
    row = n
    s.row_who[row] = who
    s.row_hours[row] = hours_other
    s.row_anchors[row] = 0
    s.n_rows = n + 1
    s.last_row = row
    return row


@njit(cache=True, inline="always")
def cached_anchor(s, row, y, cursor):
    """Where hours ``y`` stand among the cached stretches of ``row`` (searched from ``cursor`` on: the walk
    asks in increasing order): (True, k) if stretch k holds them, else (False, the index where a stretch
    starting at ``y`` belongs)."""
    n = s.row_anchors[row]
    k = cursor
    while k < n and s.anchor_y[row, k] <= y:
        if y < s.anchor_end[row, k] - REACH_MARGIN:
            return True, k
        k += 1
    return False, k


@njit(cache=True, inline="always")
def new_anchor(rules, hh, s, row, who, other_side, y, k):
    """Evaluate the budget at ``y`` and cache the stretch that starts there at index ``k`` of ``row``
    (``cached_anchor`` found none); returns its index."""
    n = s.row_anchors[row]
    d = disposable_at(rules, hh, who, varying_hours(y), other_side)
    if n == CACHE_ANCHORS:  # a full row starts over
        n = 0
        k = 0
    for j in range(n, k, -1):  # keep the stretches in order of their start
        s.anchor_y[row, j] = s.anchor_y[row, j - 1]
        s.anchor_d[row, j] = s.anchor_d[row, j - 1]
        s.anchor_slope[row, j] = s.anchor_slope[row, j - 1]
        s.anchor_end[row, j] = s.anchor_end[row, j - 1]
        s.anchor_last[row, j] = s.anchor_last[row, j - 1]
        s.anchor_last_grid[row, j] = s.anchor_last_grid[row, j - 1]
    s.anchor_last_grid[row, k] = math.nan
    s.anchor_y[row, k] = y
    s.anchor_d[row, k] = d.value
    s.anchor_slope[row, k] = d.slope
    s.anchor_end[row, k] = y + d.reach
    s.row_anchors[row] = n + 1
    return k


@njit(cache=True, inline="always")
def anchor_at(rules, hh, s, row, who, hours_other, other_side, have_other_side, y, cursor):
    """The index of the stretch of ``row`` that holds hours ``y`` (cached, or evaluated and cached now).
    The other adult's side is computed at the walk's first budget evaluation (``have_other_side``: it is
    already), since a walk over stretches cached in an earlier month needs none. Returns (index,
    other_side, have_other_side)."""
    cached, k = cached_anchor(s, row, y, cursor)
    if not cached:
        if not have_other_side:
            other_side = fixed_side(rules, hh, who, hours_other)
            have_other_side = True
        k = new_anchor(rules, hh, s, row, who, other_side, y, k)
    return k, other_side, have_other_side


@njit(cache=True)
def set_indicator_queries(s, hours_0, hours_1, n_adults, delta, reference, with_indicators):
    """Write the points the driver asks the envelope about into ``s.x0``/``s.x1`` and return their number:
    0 actual hours; with indicators also 1 adult 0 + δ, 2 adult 0's participation counterpart (0 hours if
    working, else the PTR reference hours), and for a couple 3 adult 1 + δ, 4 adult 1's counterpart."""
    s.x0[0], s.x1[0] = hours_0, hours_1
    if not with_indicators:
        return 1
    s.x0[1], s.x1[1] = hours_0 + delta, hours_1
    s.x0[2], s.x1[2] = (0.0 if hours_0 > 0.0 else reference), hours_1
    if n_adults < 2:
        return 3
    s.x0[3], s.x1[3] = hours_0, hours_1 + delta
    s.x0[4], s.x1[4] = hours_0, (0.0 if hours_1 > 0.0 else reference)
    return 5


@njit(cache=True)
def walk_prefix_maxima(rules, hh, ceiling, who, hours_other, n_limits, s):
    """Walk adult ``who``'s hours (the other adult at ``hours_other``) with f(y) = D(y) − keep·E(y).

    For each limit x_l (``s.limits[:n_limits]``): ``s.best_below[l]`` = the maximum of f over the grid
    points below x_l − ε (−inf if there are none) and, where ``s.f_at_needed[l]``, ``s.f_at[l]`` = f(x_l)
    (a row's own corner is not in its lattice: there f(x_l) is not asked for, and not evaluated). One
    budget per linear stretch of D that holds a point the walk needs, and none for a stretch cached in
    an earlier month."""
    keep = 1.0 - ceiling.rate
    grid = ceiling.grid_hours
    wage = hh.adult_0.hourly_wage if who == 0 else hh.adult_1.hourly_wage
    earnings_slope = gross_earnings_m(wage, 1.0)
    other_side = BeforeHelp(0.0, 0.0, 0.0, 0.0, 0.0)
    have_other_side = False
    row = cached_row(s, who, hours_other)
    for l in range(n_limits):
        s.order[l] = l
    for a in range(1, n_limits):  # insertion sort: at most MAX_QUERIES limits
        b = a
        while b > 0 and s.limits[s.order[b - 1]] > s.limits[s.order[b]]:
            s.order[b - 1], s.order[b] = s.order[b], s.order[b - 1]
            b -= 1
    cursor = 0
    running = -math.inf
    i = 0  # next grid point
    for r in range(n_limits):
        l = s.order[r]
        x = s.limits[l]
        n_below = grid_points_below(x, grid)
        while i < n_below:
            y = i * grid
            cursor, other_side, have_other_side = anchor_at(rules, hh, s, row, who, hours_other, other_side,
                                                            have_other_side, y, cursor)
            anchor_y = s.anchor_y[row, cursor]
            anchor_f = s.anchor_d[row, cursor] - keep * gross_earnings_m(wage, anchor_y)
            anchor_slope = s.anchor_slope[row, cursor] - keep * earnings_slope
            if s.anchor_last_grid[row, cursor] != grid:
                s.anchor_last[row, cursor] = last_grid_point_before(s.anchor_end[row, cursor] - REACH_MARGIN, grid)
                s.anchor_last_grid[row, cursor] = grid
            j = max(i, min(s.anchor_last[row, cursor], n_below - 1))
            running = max(running, anchor_f + anchor_slope * (y - anchor_y))
            running = max(running, anchor_f + anchor_slope * (j * grid - anchor_y))
            i = j + 1
        s.best_below[l] = running
        if s.f_at_needed[l] == 0:
            s.f_at[l] = -math.inf
            continue
        cursor, other_side, have_other_side = anchor_at(rules, hh, s, row, who, hours_other, other_side,
                                                        have_other_side, x, cursor)
        anchor_y = s.anchor_y[row, cursor]
        anchor_f = s.anchor_d[row, cursor] - keep * gross_earnings_m(wage, anchor_y)
        s.f_at[l] = anchor_f + (s.anchor_slope[row, cursor] - keep * earnings_slope) * (x - anchor_y)


@njit(cache=True)
def joint_supplements(rules, hh, ceiling, on_grid_0, on_grid_1, n_queries, s):
    """The household supplement (SPEC §5) at each query (``s.x0[q]``, ``s.x1[q]``) with baseline D
    ``s.d[q]``, into ``s.supplement[q]``.

    ``on_grid_a``: adult a is available for the ceiling, so its hours run over the grid (otherwise it
    stays at its query hours). The walked adult is one on the grid; the other adult's points are rows."""
    keep = 1.0 - ceiling.rate
    grid = ceiling.grid_hours
    x0 = s.x0
    x1 = s.x1
    for q in range(n_queries):
        s.supplement[q] = 0.0
        s.best_query[q] = -math.inf
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
            below = grid_points_below(y_row, grid)
            if rows_on_grid and below < n_grid_rows and y_row == below * grid:
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
            s.query_limit[q] = -1
            if not member:
                continue
            x_walk = x0[q] if walked == 0 else x1[q]
            found = -1
            for l in range(n_limits):
                if s.limits[l] == x_walk:
                    found = l
            if found < 0:
                found = n_limits
                s.limits[n_limits] = x_walk
                s.f_at_needed[n_limits] = 0
                n_limits += 1
            s.query_limit[q] = found
            if not (y_row == x_row or hh.n_adults == 1):  # not this query's corner: (x_walk, y_row) is in its lattice
                s.f_at_needed[found] = 1
        if n_limits == 0:
            continue
        walk_prefix_maxima(rules, hh, ceiling, walked, y_row, n_limits, s)
        row_term = keep * gross_earnings_m(wage_row, y_row) if rows_on_grid else 0.0
        for q in range(n_queries):
            l = s.query_limit[q]
            if l < 0:
                continue
            x_row = x1[q] if walked == 0 else x0[q]
            corner = y_row == x_row or hh.n_adults == 1
            best = s.best_below[l] if corner else max(s.best_below[l], s.f_at[l])
            s.best_query[q] = max(s.best_query[q], best - row_term)
    wage_walked = hh.adult_0.hourly_wage if walked == 0 else hh.adult_1.hourly_wage
    for q in range(n_queries):
        if s.best_query[q] == -math.inf:
            continue
        x_walk = x0[q] if walked == 0 else x1[q]
        x_row = x1[q] if walked == 0 else x0[q]
        kept = keep * gross_earnings_m(wage_walked, x_walk)
        if rows_on_grid:
            kept += keep * gross_earnings_m(wage_row, x_row)
        s.supplement[q] = max(0.0, kept + s.best_query[q] - s.d[q])


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
