"""Household disposable income in one month under the baseline rules (SPEC §4, steps 1-7).

``household_budget`` is the function D of the spec: it takes every adult's hours explicitly, so the
ceiling envelope and the indicators can vary one adult's hours with everything else fixed.
"""

from numba import njit

from taxben.kernels import fields as F
from taxben.kernels.contributions import am_bidrag, atp_employee, gross_earnings_m, hours_per_month
from taxben.kernels.housing import (
    benefit_cap_amount_m,
    benefit_cap_reduction,
    boligsikring_y,
    saerlig_stoette_m,
)
from taxben.kernels.kontanthjaelp import (
    couple_help,
    earnings_deduction,
    income_limit_deduction,
    kontanthjaelp_category,
    kontanthjaelp_rate,
)
from taxben.kernels.tax import income_tax_m
from taxben.params import layout as L


@njit(cache=True)
def adult_before_help(p, person, i, hours_per_week, is_provider, is_single):
    """Earnings, AM-bidrag, ATP, the help rate this adult has (or would have) and the amount deducted
    from help for this adult's own income. Returns (E, AM, ATP, rate, deduction)."""
    earnings = gross_earnings_m(person[i, F.HOURLY_WAGE], hours_per_week)
    hours_m = hours_per_month(hours_per_week)
    am = am_bidrag(p, earnings)
    atp = atp_employee(p, hours_m)
    base = earnings - am - atp
    category = kontanthjaelp_category(
        p, person[i, F.AGE], person[i, F.LIVES_WITH_PARENTS], is_provider, person[i, F.RATE_CATEGORY]
    )
    rate = kontanthjaelp_rate(p, category, is_provider, is_single)
    deduction = earnings_deduction(p, base, hours_m, category)
    deduction = income_limit_deduction(p, rate, base, deduction, category) + person[i, F.OTHER_INCOME_M]
    return earnings, am, atp, rate, deduction


@njit(cache=True)
def household_budget(p, person, i0, n_adults, n_children, rent_m, hours_0, hours_1, capped_0, capped_1, comp):
    """Disposable income D of the household (adults at rows i0, i0+1) for the given hours per week.

    Fills ``comp`` (layout ``fields.C_*``) with every component and returns D. ``capped_a`` says
    whether adult a is under the benefit cap this month (state kept by the monthly driver)."""
    is_provider = n_children > 0
    is_single = n_adults == 1
    e0, am0, atp0, rate0, ded0 = adult_before_help(p, person, i0, hours_0, is_provider, is_single)
    help_rate0 = rate0 if person[i0, F.RECIPIENT] > 0.5 else 0.0
    other0 = person[i0, F.OTHER_INCOME_M]
    e1 = am1 = atp1 = ded1 = help_rate1 = other1 = 0.0
    if not is_single:
        e1, am1, atp1, rate1, ded1 = adult_before_help(p, person, i0 + 1, hours_1, is_provider, is_single)
        help_rate1 = rate1 if person[i0 + 1, F.RECIPIENT] > 0.5 else 0.0
        other1 = person[i0 + 1, F.OTHER_INCOME_M]
    help0 = couple_help(help_rate0, ded0, help_rate1, ded1)
    help1 = 0.0 if is_single else couple_help(help_rate1, ded1, help_rate0, ded0)

    tax0 = income_tax_m(p, e0, am0, atp0, help0, other0)
    tax1 = 0.0 if is_single else income_tax_m(p, e1, am1, atp1, help1, other1)
    net0 = e0 - am0 - atp0 + help0 + other0
    net1 = e1 - am1 - atp1 + help1 + other1

    income_y = 12.0 * (net0 + net1)
    boligsikring = boligsikring_y(p, rent_m, n_children, income_y) / 12.0
    special = 0.0
    if p[L.SS_APPLIES] > 0.5 and rent_m > 0.0 and help_rate0 + help_rate1 > 0.0:
        help_only = help_rate0 + other0 - income_tax_m(p, 0.0, 0.0, 0.0, help_rate0, other0)
        if not is_single:
            help_only += help_rate1 + other1 - income_tax_m(p, 0.0, 0.0, 0.0, help_rate1, other1)
        special = saerlig_stoette_m(p, rent_m, boligsikring, n_children, net0 - tax0 + net1 - tax1, help_only)
    cap = 0.0
    if capped_0:
        cap += benefit_cap_amount_m(p, not is_single, is_provider)
    if capped_1:
        cap += benefit_cap_amount_m(p, not is_single, is_provider)
    reduction = benefit_cap_reduction(p, help0 + help1, boligsikring + special, cap, not is_single)

    disposable = net0 - tax0 + net1 - tax1 + boligsikring + special - reduction
    comp[F.C_EARNINGS] = e0
    comp[F.C_EARNINGS + 1] = e1
    comp[F.C_AM] = am0
    comp[F.C_AM + 1] = am1
    comp[F.C_ATP] = atp0
    comp[F.C_ATP + 1] = atp1
    comp[F.C_KONTANTHJAELP] = help0
    comp[F.C_KONTANTHJAELP + 1] = help1
    comp[F.C_TAX] = tax0
    comp[F.C_TAX + 1] = tax1
    comp[F.C_OTHER_INCOME] = other0
    comp[F.C_OTHER_INCOME + 1] = other1
    comp[F.C_BOLIGSIKRING] = boligsikring
    comp[F.C_SAERLIG_STOETTE] = special
    comp[F.C_CAP_REDUCTION] = reduction
    comp[F.C_DISPOSABLE] = disposable
    return disposable


@njit(cache=True)
def budget_varying(p, person, i0, n_adults, n_children, rent_m, who, hours_who, hours_other, capped_0, capped_1, comp):
    """D with adult ``who`` at ``hours_who`` and the other adult at ``hours_other``."""
    if who == 0:
        return household_budget(p, person, i0, n_adults, n_children, rent_m, hours_who, hours_other, capped_0, capped_1, comp)
    return household_budget(p, person, i0, n_adults, n_children, rent_m, hours_other, hours_who, capped_0, capped_1, comp)
