"""Household disposable income in one month under the baseline rules (SPEC §4, steps 1-7).

``household_month`` gathers once per household and month everything that does not depend on hours
(categories, rates, disregards, limits, the cap); ``household_budget`` is the function D of the spec at
given hours of both adults. Hours may be floats or, for the one adult whose hours the ceiling envelope
varies, a ``LinearPiece`` (``taxben.kernels.piecewise``): the same code then also says how far D stays
linear.
"""

from typing import NamedTuple

from numba import njit

from taxben.kernels.contributions import am_bidrag_m, atp_employee_m, gross_earnings_m, hours_per_month
from taxben.kernels.housing import benefit_cap_m, benefit_cap_reduction_m, boligsikring_y, saerlig_stoette_m
from taxben.kernels.kontanthjaelp import (
    couple_help_m,
    earnings_deduction_m,
    income_limit_deduction_m,
    income_limit_m,
    kontanthjaelp_category,
    kontanthjaelp_rate_m,
    monthly_disregard_m,
)
from taxben.kernels.piecewise import zero_like
from taxben.kernels.tax import income_tax_m


class AdultMonth(NamedTuple):
    """What an adult's budget depends on besides hours, fixed within a month."""

    hourly_wage: float
    category: int  # fields.CAT_*
    rate_m: float  # the kontanthjælp rate the adult has, or would have as a recipient
    help_rate_m: float  # rate_m for a recipient, 0 otherwise
    disregard_m: float  # monthly earnings disregard of the category (2025 system)
    limit_m: float  # income limit per month (1e300 where none applies)
    other_income_m: float


class HouseholdMonth(NamedTuple):
    """A household in one month: both adults (adult_1 is a placeholder for a single) and the
    household facts. Built once per household and month by ``household_month``."""

    adult_0: AdultMonth
    adult_1: AdultMonth
    n_adults: int
    n_children: float
    rent_m: float
    cap_m: float  # the household's benefit cap: Σ over capped recipients of the per-person cap
    saerlig_stoette_possible: bool  # a recipient in the household (LAS § 34 is for recipients)
    net_income_help_only_m: float  # net income on kontanthjælp alone (særlig støtte)


class Budget(NamedTuple):
    """D and its components (DKK/month) at one set of hours; ``_0``/``_1`` are the two adults."""

    earnings_0: float
    earnings_1: float
    am_0: float
    am_1: float
    atp_0: float
    atp_1: float
    kontanthjaelp_0: float
    kontanthjaelp_1: float
    income_tax_0: float
    income_tax_1: float
    boligsikring: float
    saerlig_stoette: float
    cap_reduction: float
    disposable: float


@njit(cache=True)
def adult_month(kh, person, is_provider, is_single):
    """The hours-independent part of an adult's kontanthjælp: category, rate, disregard, limit."""
    category = kontanthjaelp_category(kh, person.age, person.lives_with_parents, is_provider, person.rate_category)
    rate = kontanthjaelp_rate_m(kh, category, is_provider, is_single)
    help_rate = rate if person.receives_kontanthjaelp > 0.5 else 0.0
    return AdultMonth(person.hourly_wage, category, rate, help_rate, monthly_disregard_m(kh, category),
                      income_limit_m(kh, category), person.other_income_m)


@njit(cache=True)
def household_month(rules, person_0, person_1, n_adults, n_children, rent_m, capped_0, capped_1):
    """Build the household record of one month. ``person_1`` is ignored for a single; ``capped_a``
    says whether adult a is under the benefit cap this month (state kept by the monthly driver)."""
    is_provider = n_children > 0
    is_single = n_adults == 1
    adult_0 = adult_month(rules.kontanthjaelp, person_0, is_provider, is_single)
    if is_single:
        adult_1 = AdultMonth(0.0, adult_0.category, 0.0, 0.0, 0.0, 1e300, 0.0)
    else:
        adult_1 = adult_month(rules.kontanthjaelp, person_1, is_provider, is_single)
    cap_m = 0.0
    if capped_0:
        cap_m += benefit_cap_m(rules.benefit_cap, not is_single, is_provider)
    if capped_1:
        cap_m += benefit_cap_m(rules.benefit_cap, not is_single, is_provider)
    possible = rules.saerlig_stoette.applies > 0.5 and rent_m > 0.0 and adult_0.help_rate_m + adult_1.help_rate_m > 0.0
    help_only = 0.0
    if possible:
        help_only = net_income_on_help_only_m(rules.tax, adult_0)
        if not is_single:
            help_only += net_income_on_help_only_m(rules.tax, adult_1)
    return HouseholdMonth(adult_0, adult_1, n_adults, n_children, rent_m, cap_m, possible, help_only)


@njit(cache=True)
def net_income_on_help_only_m(tax, adult):
    """Net income of an adult living on the help rate and other income alone (LAS § 34's yardstick)."""
    income = adult.help_rate_m + adult.other_income_m
    return income - income_tax_m(tax, 0.0, 0.0, 0.0, adult.help_rate_m, adult.other_income_m)


@njit(cache=True)
def adult_before_help(rules, adult, hours_per_week):
    """Earnings, AM-bidrag, ATP and the amount deducted from help for this adult's own income.
    Returns (E, AM, ATP, deduction)."""
    earnings = gross_earnings_m(adult.hourly_wage, hours_per_week)
    hours_m = hours_per_month(hours_per_week)
    am = am_bidrag_m(rules.tax, earnings)
    atp = atp_employee_m(rules.atp, hours_m)
    base = earnings - am - atp
    deduction = earnings_deduction_m(rules.kontanthjaelp, base, hours_m, adult.disregard_m, adult.category)
    deduction = income_limit_deduction_m(adult.rate_m, base, deduction, adult.limit_m) + adult.other_income_m
    return earnings, am, atp, deduction


@njit(cache=True)
def household_budget(rules, hh, hours_0, hours_1):
    """D, household disposable income (SPEC §4.7), with its components, for the given hours per week of
    both adults (``hours_1`` is ignored for a single)."""
    adult_0 = hh.adult_0
    adult_1 = hh.adult_1
    is_couple = hh.n_adults == 2
    e0, am0, atp0, ded0 = adult_before_help(rules, adult_0, hours_0)
    if is_couple:
        e1, am1, atp1, ded1 = adult_before_help(rules, adult_1, hours_1)
    else:
        e1 = am1 = atp1 = ded1 = zero_like(hours_1)
    help0 = couple_help_m(adult_0.help_rate_m, ded0, adult_1.help_rate_m, ded1)
    help1 = couple_help_m(adult_1.help_rate_m, ded1, adult_0.help_rate_m, ded0)

    tax0 = income_tax_m(rules.tax, e0, am0, atp0, help0, adult_0.other_income_m)
    if is_couple:
        tax1 = income_tax_m(rules.tax, e1, am1, atp1, help1, adult_1.other_income_m)
    else:
        tax1 = zero_like(help1)
    net0 = e0 - am0 - atp0 + help0 + adult_0.other_income_m
    net1 = e1 - am1 - atp1 + help1 + adult_1.other_income_m

    boligsikring = boligsikring_y(rules.boligsikring, hh.rent_m, hh.n_children, (net0 + net1) * 12.0) / 12.0
    if hh.saerlig_stoette_possible:
        special = saerlig_stoette_m(rules.saerlig_stoette, hh.rent_m, boligsikring, hh.n_children,
                                    net0 - tax0 + net1 - tax1, hh.net_income_help_only_m)
    else:
        special = zero_like(boligsikring)
    reduction = benefit_cap_reduction_m(rules.benefit_cap, help0 + help1, boligsikring + special, hh.cap_m, is_couple)
    disposable = net0 - tax0 + net1 - tax1 + boligsikring + special - reduction
    return Budget(e0, e1, am0, am1, atp0, atp1, help0, help1, tax0, tax1, boligsikring, special, reduction, disposable)
