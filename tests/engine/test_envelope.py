"""The fast ceiling envelope equals the spec's grid walk, to the øre.

``joint_supplements`` evaluates the household budget once per linear stretch of D (``LinearPiece``
hours) and walks the other adult's hours row by row; ``grid_walk_supplement`` is SPEC §5's recurrence
over every lattice point. Random households (singles and couples, recipients or not, every category,
rents, children, other income, months on help that switch the cap, the married reduction, ATP on help
and the fritidstillæg on), random hours (whole, half and odd fractions, including band edges), grids of
1, 0.5 and 2.5 hours, c = 0.70 and 0.60, either adult or both on the grid, and the queries the driver
asks (actual hours, each adult + δ, the participation points): 50 batches of 100 households per rule
year, 10,000 households in all.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numba import njit

from taxben.kernels import fields as F
from taxben.kernels.envelope import (ENVELOPE_DTYPE, MAX_QUERIES, cached_row, grid_walk_supplement, joint_supplements,
                                     set_indicator_queries)
from taxben.kernels.household import help_history, household_budget, household_month
from taxben.params.layout import N_CEILING, ceiling_records, rules_records
from taxben.simulate import population_arrays
from taxben.simulate.envelope_bench import DELTA_HOURS, REFERENCE_HOURS  # the driver's defaults (SPEC §6)

from .conftest import household_strategy, population_frame, prepared

BATCH = st.lists(household_strategy, min_size=100, max_size=100)
CASES = settings(max_examples=50, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])


@njit
def compare_envelopes(R, people, households, hours, on_grid, ceilings, months_on_help, fast, walk):
    """For every household: the supplement at each driver query from both algorithms. The anchor cache
    is kept from household to household where the household is the same as the one before (the driver's
    case of a second month), and emptied otherwise."""
    envelope = np.zeros(1, dtype=ENVELOPE_DTYPE)
    s = envelope[0]
    x0 = s.x0
    x1 = s.x1
    for h in range(households.shape[0]):
        s.n_rows = 0
        start = int(households[h].start)
        n_adults = int(households[h].n_adults)
        second = start + 1 if n_adults == 2 else start
        hh = household_month(R[0], people[start], people[second], households[h],
                             help_history(R[0], months_on_help[start], 1.0),
                             help_history(R[0], months_on_help[second], 1.0))
        h0 = hours[start]
        h1 = hours[second] if n_adults == 2 else 0.0
        n_queries = set_indicator_queries(s, h0, h1, n_adults, DELTA_HOURS, REFERENCE_HOURS, True)
        for q in range(n_queries):
            s.d[q] = household_budget(R[0], hh, x0[q], x1[q]).disposable
        grid_0 = on_grid[h, 0]
        grid_1 = on_grid[h, 1] and n_adults == 2
        ceiling = ceilings[h]
        joint_supplements(R[0], hh, ceiling, grid_0, grid_1, n_queries, s)
        for q in range(n_queries):
            fast[h, q] = s.supplement[q]
            if grid_0 or grid_1:
                walk[h, q] = grid_walk_supplement(R[0], hh, 1.0 - ceiling.rate, ceiling.grid_hours, grid_0, grid_1,
                                                  x0[q], x1[q])
            else:
                walk[h, q] = 0.0


@pytest.mark.parametrize("year", [2005, 2026])
@CASES
@given(households=BATCH, seed=st.integers(0, 2**32 - 1))
def test_fast_envelope_equals_the_grid_walk(year, households, seed):
    rng = np.random.default_rng(seed)
    frame = population_frame(households)
    n = len(frame)
    kind = rng.random(n)
    hours = np.where(kind < 0.15, 0.0, np.where(kind < 0.55, rng.integers(1, 46, n),
                     np.where(kind < 0.75, rng.integers(1, 90, n) / 2, rng.uniform(0, 45, n))))
    hours = np.where(rng.random(n) < 0.1, rng.choice([9.0, 18.0, 27.0, 36.9230769230769]), hours)  # band edges
    frame["hours_per_week"] = hours
    arrays = population_arrays(frame)
    base = prepared("baseline", year, 1)
    R = rules_records(base.P)
    n_households = arrays.households.shape[0]
    on_grid = rng.random((n_households, 2)) < 0.7
    ceilings = ceiling_records(np.zeros((n_households, N_CEILING)))
    ceilings["rate"] = rng.choice([0.70, 0.60], n_households)
    ceilings["grid_hours"] = rng.choice([1.0, 1.0, 0.5, 2.5], n_households)
    months_on_help = rng.choice([0.0, 3.0, 6.0, 12.0, 20.0], n)
    fast = np.full((n_households, MAX_QUERIES), np.nan)
    walk = np.full((n_households, MAX_QUERIES), np.nan)
    compare_envelopes(R, F.person_records(arrays.person), arrays.households, arrays.hours[:, 0], on_grid, ceilings,
                      months_on_help, fast, walk)
    np.testing.assert_allclose(fast, walk, atol=0.005, rtol=0, equal_nan=True)
    assert (np.nan_to_num(fast) >= 0).all()


@njit
def _rows_asked(asks, resets_before):
    """``cached_row`` for each (walked adult, fixed adult's hours) of ``asks``; before the asks listed in
    ``resets_before`` the cache is emptied as the driver empties it (``n_rows = 0``, nothing else)."""
    s = np.zeros(1, dtype=ENVELOPE_DTYPE)[0]
    rows = np.empty(asks.shape[0], dtype=np.int64)
    for i in range(asks.shape[0]):
        if resets_before[i]:
            s.n_rows = 0
        rows[i] = cached_row(s, int(asks[i, 0]), asks[i, 1])
    return rows


def test_the_row_cache_finds_each_row_again_and_only_its_own():
    # A couple's month: adult 0 walked with adult 1 at 0, 1, 2, 3 h (new rows 0-3), then adult 1 walked
    # with adult 0 at 30 h (row 4); adult 0's rows at 3 (the highest), 2 and 0 h again (found: rows 3, 2
    # and 0); adult 0 at 1.5 h (below the highest row, not cached: new row 5). Next household (cache
    # emptied): adult 0 at 2 h is new (row 0), though an earlier household had it and its hours are not
    # above the earlier highest; asked again, found (row 0); adult 1 walked at 2 h is another row (row 1).
    asks = np.array([[0, 0.0], [0, 1.0], [0, 2.0], [0, 3.0], [1, 30.0], [0, 3.0], [0, 2.0], [0, 0.0], [0, 1.5],
                     [0, 2.0], [0, 2.0], [1, 2.0]])
    resets = np.zeros(len(asks), dtype=np.bool_)
    resets[9] = True
    assert _rows_asked(asks, resets).tolist() == [0, 1, 2, 3, 4, 3, 2, 0, 5, 0, 0, 1]
