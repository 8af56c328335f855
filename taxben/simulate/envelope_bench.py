"""The ceiling envelope on its own, for the speed guard: fast (one budget per linear stretch) against
SPEC §5's grid walk (one budget per lattice point), on the same households and queries."""

import numpy as np
from numba import njit

from taxben.kernels import fields as F
from taxben.kernels.ceiling import ceiling_available
from taxben.kernels.envelope import ENVELOPE_DTYPE, grid_walk_supplement, joint_supplements, set_indicator_queries
from taxben.kernels.household import help_history, household_budget, household_month
from taxben.simulate import indicator_settings

# the driver's default indicator definitions (SPEC §6): EMTR at + δ hours, PTR at the reference hours
_DEFAULTS = indicator_settings().view(F.SETTINGS_DTYPE)[0]
DELTA_HOURS = float(_DEFAULTS["emtr_delta_hours"])
REFERENCE_HOURS = float(_DEFAULTS["ptr_reference_hours"])


@njit(cache=True)
def household_supplements(R, C, people, households, hours, fast, out):
    """``out[h, q]``: the household supplement of household h at the driver's queries (actual hours,
    each adult + 1 h, each adult's participation point) in month 0 under ceiling ``C[0]``. One thread:
    the speed guard compares the two algorithms, not the threading."""
    envelope = np.empty(1, dtype=ENVELOPE_DTYPE)  # every field is written before it is read
    s = envelope[0]
    for h in range(households.shape[0]):
        s.n_rows = 0
        x0 = s.x0
        x1 = s.x1
        start = int(households[h].start)
        n_adults = int(households[h].n_adults)
        second = start + 1 if n_adults == 2 else start
        hh = household_month(R[0], people[start], people[second], households[h],
                             help_history(R[0], people[start].months_on_benefit, 1.0),
                             help_history(R[0], people[second].months_on_benefit, 1.0))
        h0 = hours[start]
        h1 = hours[second] if n_adults == 2 else 0.0
        available_0 = ceiling_available(C[0], people[start], people[start].ceiling_months_used)
        available_1 = n_adults == 2 and ceiling_available(C[0], people[second], people[second].ceiling_months_used)
        n_queries = set_indicator_queries(s, h0, h1, n_adults, DELTA_HOURS, REFERENCE_HOURS, True)
        if not (available_0 or available_1):
            continue
        keep = 1.0 - C[0].rate
        if fast:
            for q in range(n_queries):
                s.d[q] = household_budget(R[0], hh, x0[q], x1[q]).disposable
            joint_supplements(R[0], hh, C[0], available_0, available_1, n_queries, s)
            for q in range(n_queries):
                out[h, q] = s.supplement[q]
        else:
            for q in range(n_queries):
                out[h, q] = grid_walk_supplement(R[0], hh, keep, C[0].grid_hours, available_0, available_1,
                                                 x0[q], x1[q])
