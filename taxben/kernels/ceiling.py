"""The reform: a combined tax-and-withdrawal ceiling c on the gain from extra hours (SPEC §5).

The supplement is the cheapest top-up that keeps every grid step's marginal rate ≤ c without making
anyone worse off: walk the adult's hours 0, g, 2g, … up to the actual hours with the running envelope
``M_0 = D(0)``, ``M_k = max(M_{k−1} + (1 − c)·ΔE_k, D(E_k))``; the supplement is ``M_K − D(E)``.
"""

from numba import njit

from taxben.kernels import fields as F
from taxben.kernels.contributions import gross_earnings_m
from taxben.kernels.household import budget_varying
from taxben.params import layout as L

HOURS_EPSILON = 1e-9


@njit(cache=True)
def ceiling_available(c, person, i, clock_months):
    """The adult may receive the supplement this month: entitled to kontanthjælp at zero earnings, in
    an eligible match group, and the clock below the duration (+ extension if granted)."""
    if c[L.CEILING_ENABLED] < 0.5 or person[i, F.RECIPIENT] < 0.5:
        return False
    group = int(person[i, F.MATCH_GROUP])
    if group < 1 or group > 5 or c[L.CEILING_GROUP_1 + group - 1] < 0.5:
        return False
    return clock_months < ceiling_limit_months(c, person, i)


@njit(cache=True)
def ceiling_limit_months(c, person, i):
    limit = c[L.CEILING_DURATION_MONTHS]
    if person[i, F.EXTENSION_GRANTED] > 0.5:
        limit += c[L.CEILING_EXTENSION_MONTHS]
    return limit


@njit(cache=True)
def ceiling_supplement_pair(p, c, person, i0, n_adults, n_children, rent_m, who, hours_other,
                            capped_0, capped_1, hours_low, hours_high, comp):
    """Ceiling supplements of adult ``who`` at two hour levels ``hours_low ≤ hours_high`` (the other
    adult fixed at ``hours_other``), from one walk of the grid. Returns (s_low, s_high)."""
    keep = 1.0 - c[L.CEILING_RATE]
    grid = c[L.CEILING_GRID_HOURS]
    wage = person[i0 + who, F.HOURLY_WAGE]
    if hours_high <= HOURS_EPSILON:
        return 0.0, 0.0
    envelope = budget_varying(p, person, i0, n_adults, n_children, rent_m, who, 0.0, hours_other, capped_0, capped_1, comp)
    earnings_prev = 0.0
    have_low = hours_low <= HOURS_EPSILON
    s_low = 0.0
    k = 1
    while True:
        h = k * grid
        if h >= hours_high - HOURS_EPSILON:
            break
        if not have_low and hours_low < h - HOURS_EPSILON:
            d_low = budget_varying(p, person, i0, n_adults, n_children, rent_m, who, hours_low, hours_other, capped_0, capped_1, comp)
            m_low = max(envelope + keep * (gross_earnings_m(wage, hours_low) - earnings_prev), d_low)
            s_low = m_low - d_low
            have_low = True
        d_k = budget_varying(p, person, i0, n_adults, n_children, rent_m, who, h, hours_other, capped_0, capped_1, comp)
        earnings_k = gross_earnings_m(wage, h)
        envelope = max(envelope + keep * (earnings_k - earnings_prev), d_k)
        earnings_prev = earnings_k
        if not have_low and abs(hours_low - h) <= HOURS_EPSILON:
            s_low = envelope - d_k
            have_low = True
        k += 1
    d_high = budget_varying(p, person, i0, n_adults, n_children, rent_m, who, hours_high, hours_other, capped_0, capped_1, comp)
    s_high = max(envelope + keep * (gross_earnings_m(wage, hours_high) - earnings_prev), d_high) - d_high
    if not have_low:
        if hours_low >= hours_high - HOURS_EPSILON:
            s_low = s_high
        else:
            d_low = budget_varying(p, person, i0, n_adults, n_children, rent_m, who, hours_low, hours_other, capped_0, capped_1, comp)
            s_low = max(envelope + keep * (gross_earnings_m(wage, hours_low) - earnings_prev), d_low) - d_low
    return s_low, s_high


@njit(cache=True)
def ceiling_supplement(p, c, person, i0, n_adults, n_children, rent_m, who, hours_who, hours_other,
                       capped_0, capped_1, comp):
    """Ceiling supplement of adult ``who`` at ``hours_who`` (SPEC §5)."""
    return ceiling_supplement_pair(p, c, person, i0, n_adults, n_children, rent_m, who, hours_other,
                                   capped_0, capped_1, hours_who, hours_who, comp)[1]


@njit(cache=True)
def ceiling_clock_after(c, clock_months, started, eligible):
    """Advance the ceiling clock by one month. ``working_months`` counts months in which the adult
    was eligible and worked; ``calendar_months`` counts every month from the first such month.
    Returns (clock, started)."""
    if eligible:
        started = True
    if int(c[L.CEILING_CLOCK]) == L.CLOCK_WORKING_MONTHS:
        if eligible:
            clock_months += 1.0
    elif started:
        clock_months += 1.0
    return clock_months, started
