"""The monthly driver: every household through every month of the horizon, in parallel.

State carried from month to month per adult: months on help (for the benefit cap) and the ceiling
clock. Parameters are one compiled row per month (``P[m]``), so a horizon may cross a year and the
rules change mid-run. Households are independent: ``prange`` over chunks of households, each chunk
with its own scratch arrays (no allocation per household or month).
"""

import numpy as np
from numba import njit, prange

from taxben.kernels import fields as F
from taxben.kernels.ceiling import ceiling_available, ceiling_clock_after, ceiling_supplement_pair
from taxben.kernels.household import household_budget
from taxben.kernels.indicators import adult_indicators
from taxben.params import layout as L


@njit(cache=True)
def simulate_household(P, same_params, c, person, i0, n_adults, n_children, rent_m, hours_in, settings, out,
                       comp_at, comp_up, hours, available, supplements, supplements_up, help_months, clock, started,
                       previous):
    n_months = P.shape[0]
    per_month_hours = hours_in.shape[1] > 1
    delta = settings[F.S_EMTR_DELTA_HOURS]
    for a in range(n_adults):
        help_months[a] = person[i0 + a, F.MONTHS_ON_BENEFIT]
        clock[a] = person[i0 + a, F.CEILING_MONTHS_USED]
        started[a] = clock[a] > 0.0
    hours[1] = 0.0
    available[1] = False
    supplements[1] = 0.0
    supplements_up[1] = 0.0
    for m in range(n_months):
        p = P[m]
        col = m if per_month_hours else 0
        for a in range(n_adults):
            hours[a] = hours_in[i0 + a, col]
        capped_0 = p[L.CAP_APPLIES] > 0.5 and person[i0, F.RECIPIENT] > 0.5 and help_months[0] >= p[L.CAP_AFTER_MONTHS]
        capped_1 = False
        if n_adults == 2:
            capped_1 = (p[L.CAP_APPLIES] > 0.5 and person[i0 + 1, F.RECIPIENT] > 0.5
                        and help_months[1] >= p[L.CAP_AFTER_MONTHS])
        for a in range(n_adults):
            available[a] = ceiling_available(c, person, i0 + a, clock[a])

        # A month whose rules, hours, cap and ceiling status equal last month's has last month's
        # amounts and indicators: copy them instead of recomputing (only the state columns move on).
        key = (hours[0], hours[1], 1.0 if capped_0 else 0.0, 1.0 if capped_1 else 0.0,
               1.0 if available[0] else 0.0, 1.0 if available[1] else 0.0)
        same_as_previous = m > 0 and same_params[m]
        for k in range(6):
            same_as_previous = same_as_previous and previous[k] == key[k]
            previous[k] = key[k]
        if same_as_previous:
            for a in range(n_adults):
                for column in range(F.N_OUT):
                    out[i0 + a, m, column] = out[i0 + a, m - 1, column]
        else:
            d_actual = household_budget(p, person, i0, n_adults, n_children, rent_m, hours[0], hours[1],
                                        capped_0, capped_1, comp_at)
            for a in range(n_adults):
                supplements[a] = 0.0
                supplements_up[a] = 0.0
                if available[a] and hours[a] > 0.0:
                    supplements[a], supplements_up[a] = ceiling_supplement_pair(
                        p, c, person, i0, n_adults, n_children, rent_m, a, hours[1 - a], capped_0, capped_1,
                        hours[a], hours[a] + delta, comp_up)
            household_supplement = supplements[0] + supplements[1]
            for a in range(n_adults):
                row = out[i0 + a, m]
                row[F.O_HOURS] = hours[a]
                row[F.O_EARNINGS] = comp_at[F.C_EARNINGS + a]
                row[F.O_AM] = comp_at[F.C_AM + a]
                row[F.O_ATP] = comp_at[F.C_ATP + a]
                row[F.O_KONTANTHJAELP] = comp_at[F.C_KONTANTHJAELP + a]
                row[F.O_TAX] = comp_at[F.C_TAX + a]
                row[F.O_OTHER_INCOME] = comp_at[F.C_OTHER_INCOME + a]
                row[F.O_SUPPLEMENT] = supplements[a]
                row[F.O_HH_BOLIGSIKRING] = comp_at[F.C_BOLIGSIKRING]
                row[F.O_HH_SAERLIG_STOETTE] = comp_at[F.C_SAERLIG_STOETTE]
                row[F.O_HH_CAP_REDUCTION] = comp_at[F.C_CAP_REDUCTION]
                row[F.O_HH_SUPPLEMENT] = household_supplement
                row[F.O_HH_DISPOSABLE] = d_actual + household_supplement
                adult_indicators(p, c, person, i0, n_adults, n_children, rent_m, a, hours, capped_0, capped_1,
                                 available, supplements, supplements_up, d_actual, comp_at, comp_up, settings, row)

        # state: cap status and months on help, the ceiling clock
        for a in range(n_adults):
            row = out[i0 + a, m]
            eligible = available[a] and hours[a] > 0.0
            clock[a], started[a] = ceiling_clock_after(c, clock[a], started[a], eligible)
            row[F.O_CAPPED] = 1.0 if (capped_0 if a == 0 else capped_1) else 0.0
            row[F.O_MONTHS_ON_HELP] = help_months[a]
            row[F.O_CEILING_ELIGIBLE] = 1.0 if eligible else 0.0
            row[F.O_CEILING_CLOCK] = clock[a]
            if row[F.O_KONTANTHJAELP] > 0.0:
                help_months[a] += 1.0


@njit(cache=True, parallel=True)
def simulate_households(P, same_params, c, person, household_start, household_children, household_rent, hours,
                        settings, out):
    """Fill ``out`` (n_persons, n_months, N_OUT) for every household. See ``fields`` for layouts.
    ``same_params[m]`` says that ``P[m]`` equals ``P[m − 1]`` (rules unchanged since last month)."""
    n_households = household_start.shape[0] - 1
    n_chunks = min(n_households, 1024)
    for chunk in prange(n_chunks):
        comp_at = np.empty(F.N_COMP)
        comp_up = np.empty(F.N_COMP)
        hours_now = np.zeros(2)
        available = np.zeros(2, dtype=np.bool_)
        supplements = np.zeros(2)
        supplements_up = np.zeros(2)
        previous = np.zeros(6)
        help_months = np.zeros(2)
        clock = np.zeros(2)
        started = np.zeros(2, dtype=np.bool_)
        first = chunk * n_households // n_chunks
        last = (chunk + 1) * n_households // n_chunks
        for hh in range(first, last):
            i0 = household_start[hh]
            n_adults = household_start[hh + 1] - i0
            simulate_household(P, same_params, c, person, i0, n_adults, household_children[hh], household_rent[hh],
                               hours, settings, out, comp_at, comp_up, hours_now, available, supplements,
                               supplements_up, help_months, clock, started, previous)
