"""Personal income tax, annual schedule applied to 12 × the month's income (SPEC §4.6).

Personskatteloven (PSL) §§ 5-8 (bottom, middle/top taxes), § 10 (personfradrag), § 19 (skatteloft);
Ligningsloven § 9 J (beskæftigelsesfradrag) and § 9 K (jobfradrag); Kommuneskatteloven / Kirkeskat.
``tax`` is the record of the tax rule area (``rules/dk/tax.yaml``).
"""

from numba import njit


@njit(cache=True)
def employment_allowance_y(tax, earnings_y):
    """Beskæftigelsesfradrag (LL § 9 J): a share of earnings up to a maximum."""
    return min(earnings_y * tax.employment_allowance_rate, tax.employment_allowance_max_y)


@njit(cache=True)
def job_allowance_y(tax, earnings_y):
    """Jobfradrag (LL § 9 K, from 2020): a share of earnings above a threshold up to a maximum."""
    excess = max(0.0, earnings_y - tax.job_allowance_threshold_y)
    return min(excess * tax.job_allowance_rate, tax.job_allowance_max_y)


@njit(cache=True)
def single_parent_allowance_y(tax, earnings_y):
    """The extra employment allowance for single parents (LL § 9 J, stk. 2, from 2014): a share of
    earnings up to a maximum (0 where the year's rules have none)."""
    return min(earnings_y * tax.single_parent_allowance_rate, tax.single_parent_allowance_max_y)


@njit(cache=True)
def bracket_room(tax):
    """The cumulative state bracket rate the skatteloft (PSL § 19) still allows on top of municipal,
    health and bottom rates; church tax lies outside the ceiling. Unlimited where there is no ceiling."""
    if tax.tax_ceiling_applies > 0.5:
        return max(0.0, tax.tax_ceiling_rate - tax.municipal_rate - tax.health_rate - tax.bottom_rate)
    return 1e300


@njit(cache=True)
def state_bracket_tax_y(tax, personal_income_y):
    """Middle and top taxes on personal income above their thresholds (PSL §§ 6a-7), the cumulative
    rates cut to the room the skatteloft leaves."""
    room = bracket_room(tax)
    cumulative = tax.state_brackets_rate[0]
    allowed_before = min(cumulative, room)
    total = max(0.0, personal_income_y - tax.state_brackets_threshold_y[0]) * allowed_before
    for k in range(1, int(tax.state_brackets_n)):
        cumulative += tax.state_brackets_rate[k]
        allowed = min(cumulative, room)
        total = total + max(0.0, personal_income_y - tax.state_brackets_threshold_y[k]) * (allowed - allowed_before)
        allowed_before = allowed
    return total


@njit(cache=True)
def income_tax_y(tax, personal_income_y, earnings_y, is_single_parent):
    """Annual income tax of one adult.

    ``personal_income_y`` P = 12 × (earnings − AM − ATP + kontanthjælp + other income);
    taxable income S = P − employment allowance − job allowance (− the single parents' extra allowance).
    Municipal (+ county), church and health contribution on S above the personfradrag, bottom tax on P
    above it, state brackets on P. Unused personfradrag is not transferred between spouses."""
    taxable_y = personal_income_y - employment_allowance_y(tax, earnings_y) - job_allowance_y(tax, earnings_y)
    if is_single_parent:
        taxable_y = taxable_y - single_parent_allowance_y(tax, earnings_y)
    allowance = tax.personfradrag_y
    local_rate = tax.municipal_rate + tax.church_rate + tax.health_rate
    local = max(0.0, taxable_y - allowance) * local_rate
    bottom = max(0.0, personal_income_y - allowance) * tax.bottom_rate
    return local + bottom + state_bracket_tax_y(tax, personal_income_y)


@njit(cache=True)
def income_tax_m(tax, earnings_m, contributions_m, kontanthjaelp_m, other_income_m, is_single_parent):
    """Monthly income tax: the annual schedule at 12 × the month's income, divided by 12 (SPEC §2).
    ``contributions_m``: AM-bidrag and ATP, deducted before tax."""
    personal_income_y = (earnings_m - contributions_m + kontanthjaelp_m + other_income_m) * 12.0
    return income_tax_y(tax, personal_income_y, earnings_m * 12.0, is_single_parent) / 12.0
