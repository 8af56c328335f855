"""Earnings, labour-market contribution (AM-bidrag) and employee ATP.

Hours per month are ``hours_per_week × 52 / 12``, multiplied before dividing so that 27 h/week is
exactly 117 hours, the lower edge of the top ATP band (SPEC §4).
"""

from numba import njit

from taxben.kernels.piecewise import at_least, band_amount, zero_like


@njit(cache=True)
def hours_per_month(hours_per_week):
    return hours_per_week * 52.0 / 12.0


@njit(cache=True)
def gross_earnings_m(hourly_wage, hours_per_week):
    """Own gross earnings per month: wage × hours per week × 52 / 12."""
    return hours_per_week * hourly_wage * 52.0 / 12.0


@njit(cache=True)
def am_bidrag_m(tax, earnings_m):
    """Arbejdsmarkedsbidrag: ``am_rate`` of gross earnings (Arbejdsmarkedsbidragsloven § 1-2)."""
    return earnings_m * tax.am_rate


@njit(cache=True)
def atp_employee_m(atp, hours_m):
    """Employee share of the ATP contribution by hours worked in the month (ATP-loven § 2, bands
    ≥117 / 78-116 / 39-77 / <39 hours): the amount of the highest band whose threshold is ≤ hours."""
    return band_amount(hours_m, atp.employee_bands_threshold_hours_m, atp.employee_bands_amount_m,
                       int(atp.employee_bands_n))


@njit(cache=True)
def atp_on_help_m(atp, help_m, full_rate_m, is_due):
    """The recipient's own third of the ATP contribution on kontanthjælp (LAS §§ 79-80): paid by a
    recipient ``is_due`` (after ``on_help_after_months`` months on help, where the year's rules have it)
    in a month whose help is at least the full rate of the person's category; a job that lowers the
    help below it ends the contribution."""
    if not is_due or atp.on_help_applies < 0.5:
        return zero_like(help_m)
    return at_least(help_m, full_rate_m, atp.on_help_employee_m, 0.0)
