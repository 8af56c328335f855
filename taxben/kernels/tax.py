"""Personal income tax, annual schedule applied to 12 × the month's income (SPEC §4.6).

Personskatteloven (PSL) §§ 5-8 (bottom, middle/top taxes), § 10 (personfradrag), § 19 (skatteloft);
Ligningsloven § 9 J (beskæftigelsesfradrag) and § 9 K (jobfradrag); Kommuneskatteloven / Kirkeskat.
"""

from numba import njit

from taxben.params import layout as L


@njit(cache=True)
def employment_allowance_y(p, earnings_y):
    """Beskæftigelsesfradrag (LL § 9 J): a share of earnings up to a maximum."""
    return min(p[L.EMPLOYMENT_ALLOWANCE_RATE] * earnings_y, p[L.EMPLOYMENT_ALLOWANCE_MAX_Y])


@njit(cache=True)
def job_allowance_y(p, earnings_y):
    """Jobfradrag (LL § 9 K, from 2020): a share of earnings above a threshold up to a maximum."""
    excess = max(0.0, earnings_y - p[L.JOB_ALLOWANCE_THRESHOLD_Y])
    return min(p[L.JOB_ALLOWANCE_RATE] * excess, p[L.JOB_ALLOWANCE_MAX_Y])


@njit(cache=True)
def state_bracket_tax_y(p, personal_income_y):
    """Middle and top taxes on personal income above their thresholds (PSL §§ 6a-7).

    Where the skatteloft applies (PSL § 19), the cumulative bracket rates are cut so that municipal +
    health + bottom + bracket rates do not exceed the ceiling; church tax is outside the ceiling."""
    room = 1e300
    if p[L.TAX_CEILING_APPLIES] > 0.5:
        room = max(0.0, p[L.TAX_CEILING_RATE] - p[L.MUNICIPAL_RATE] - p[L.HEALTH_RATE] - p[L.BOTTOM_RATE])
    tax = 0.0
    cumulative = 0.0
    allowed_before = 0.0
    for k in range(int(p[L.TAX_BRACKETS_N])):
        cumulative += p[L.TAX_BRACKETS_RATE + k]
        allowed = min(cumulative, room)
        tax += (allowed - allowed_before) * max(0.0, personal_income_y - p[L.TAX_BRACKETS_THRESHOLD_Y + k])
        allowed_before = allowed
    return tax


@njit(cache=True)
def income_tax_y(p, personal_income_y, earnings_y):
    """Annual income tax of one adult.

    ``personal_income_y`` P = 12 × (earnings − AM − ATP + kontanthjælp + other income);
    taxable income S = P − employment allowance − job allowance. Municipal (+ county), church and health
    contribution on S above the personfradrag, bottom tax on P above it, state brackets on P. Unused
    personfradrag is not transferred between spouses."""
    taxable_y = personal_income_y - employment_allowance_y(p, earnings_y) - job_allowance_y(p, earnings_y)
    allowance = p[L.PERSONFRADRAG_Y]
    local_rate = p[L.MUNICIPAL_RATE] + p[L.CHURCH_RATE] + p[L.HEALTH_RATE]
    local = local_rate * max(0.0, taxable_y - allowance)
    bottom = p[L.BOTTOM_RATE] * max(0.0, personal_income_y - allowance)
    return local + bottom + state_bracket_tax_y(p, personal_income_y)


@njit(cache=True)
def income_tax_m(p, earnings_m, am_m, atp_m, kontanthjaelp_m, other_income_m):
    """Monthly income tax: the annual schedule at 12 × the month's income, divided by 12 (SPEC §2)."""
    personal_income_y = 12.0 * (earnings_m - am_m - atp_m + kontanthjaelp_m + other_income_m)
    return income_tax_y(p, personal_income_y, 12.0 * earnings_m) / 12.0
