"""Earnings, labour-market contribution (AM-bidrag) and employee ATP.

Hours per month are ``hours_per_week × 52 / 12``, multiplied before dividing so that 27 h/week is
exactly 117 hours, the lower edge of the top ATP band (SPEC §4).
"""

from numba import njit

from taxben.params import layout as L


@njit(cache=True)
def hours_per_month(hours_per_week):
    return hours_per_week * 52.0 / 12.0


@njit(cache=True)
def gross_earnings_m(hourly_wage, hours_per_week):
    """Own gross earnings per month: wage × hours per week × 52 / 12."""
    return hourly_wage * hours_per_week * 52.0 / 12.0


@njit(cache=True)
def am_bidrag(p, earnings_m):
    """Arbejdsmarkedsbidrag: ``am_rate`` of gross earnings (Arbejdsmarkedsbidragsloven §1-2)."""
    return p[L.AM_RATE] * earnings_m


@njit(cache=True)
def atp_employee(p, hours_m):
    """Employee share of the ATP contribution by hours worked in the month (ATP-loven §2, bands
    ≥117 / 78-116 / 39-77 / <39 hours): the amount of the highest band whose threshold is ≤ hours."""
    amount = 0.0
    for k in range(int(p[L.ATP_BANDS_N])):
        if hours_m >= p[L.ATP_BANDS_THRESHOLD_HOURS_M + k]:
            amount = p[L.ATP_BANDS_AMOUNT_M + k]
    return amount
