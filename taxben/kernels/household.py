"""Household disposable income in one month under the baseline rules (SPEC §4, steps 1-7).

``household_month`` gathers once per household and month everything that does not depend on hours
(categories, rates, disregards, limits, the cap, which rules are due after so many months on help);
``household_budget`` is the function D of the spec at given hours of both adults. Hours may be floats
or, for the one adult whose hours the ceiling envelope varies, a ``LinearPiece``
(``taxben.kernels.piecewise``): the same code then also says how far D stays linear.
"""

from typing import NamedTuple

from numba import njit

from taxben.kernels.contributions import (
    am_bidrag_m,
    atp_employee_m,
    atp_on_help_m,
    gross_earnings_m,
    hours_per_month,
)
from taxben.kernels.family import (
    boerne_og_ungeydelse_taper_y,
    boerne_og_ungeydelse_y,
    boernetilskud_y,
    fritidstillaeg_amount_m,
    fritidstillaeg_m,
)
from taxben.kernels.housing import (
    benefit_cap_m,
    benefit_cap_reduction_m,
    boligsikring_y,
    boligstoetteloft_m,
    saerlig_stoette_m,
)
from taxben.kernels.kontanthjaelp import (
    carried_deduction_m,
    category_base_rate_m,
    couple_help_m,
    earnings_deduction_m,
    income_limit_deduction_m,
    income_limit_m,
    is_full_rate,
    kontanthjaelp_category,
    kontanthjaelp_rate_m,
    married_reduction_applies,
    monthly_disregard_m,
    saerligt_ungetillaeg_m,
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
    full_rate_m: float  # the category's rate before supplements (the ATP-on-help threshold)
    pays_atp_on_help: bool  # a recipient long enough on help to pay ATP on it (if the help is high enough)
    on_forhoejet_sats: bool  # a recipient at a full rate (forhøjet sats; the boligstøtteloft)


class HouseholdMonth(NamedTuple):
    """A household in one month: both adults (adult_1 is a placeholder for a single) and the
    household facts. Built once per household and month by ``household_month``."""

    adult_0: AdultMonth
    adult_1: AdultMonth
    n_adults: int
    n_children: float
    rent_m: float
    is_single_parent: bool
    capped_0: bool  # adult 0 is under the benefit cap this month
    capped_1: bool
    cap_m: float  # the household's benefit cap: Σ over capped recipients of the per-person cap
    saerlig_stoette_possible: bool  # a recipient in the household (LAS § 34 is for recipients)
    net_income_help_only_m: float  # net income on kontanthjælp alone (særlig støtte)
    boerne_og_ungeydelse_y: float  # before the income taper
    boernetilskud_m: float
    fritidstillaeg_m: float  # the amount, when it is paid
    fritidstillaeg_whatever_the_help: bool  # paid this month in any case (recipient within its run-off)
    fritidstillaeg_with_help: bool  # paid this month if the recipient receives help


class Budget(NamedTuple):
    """D and its components (DKK/month) at one set of hours; ``_0``/``_1`` are the two adults."""

    earnings_0: float
    earnings_1: float
    am_0: float
    am_1: float
    atp_0: float
    atp_1: float
    atp_on_help_0: float
    atp_on_help_1: float
    kontanthjaelp_0: float
    kontanthjaelp_1: float
    income_tax_0: float
    income_tax_1: float
    boligsikring: float
    saerlig_stoette: float
    cap_reduction: float
    child_benefits: float
    fritidstillaeg: float
    disposable: float


class HelpHistory(NamedTuple):
    """What an adult's months on help decide in one month: the rules that start after so many months on
    help, or go on so many months after it. ``household_month`` sees the months only through these, so a
    household's month record stays last month's while the rules and both adults' ``HelpHistory`` do (the
    monthly driver keeps it then)."""

    atp_on_help_due: bool  # ATP is paid on the help: ``atp.on_help_after_months`` on help (LAS §§ 79-80)
    married_reduction_due: bool  # ``kontanthjaelp.married_reduction_after_months`` on help (LAS § 25, stk. 5)
    benefit_cap_due: bool  # ``benefit_cap.after_months`` on help (LAS § 25 b)
    fritidstillaeg_due: bool  # ``kontanthjaelp.leisure_supplement_after_months`` on help
    fritidstillaeg_run_off: bool  # within ``leisure_supplement_continues_months`` after the last month with help


@njit(cache=True)
def help_history(rules, months_on_help, months_since_help):
    """The ``HelpHistory`` of an adult at the start of a month, ``months_on_help`` months on help and
    ``months_since_help`` months after the last month with help (1: last month), under ``rules``. A
    threshold the year's rules do not have (NaN) is never reached."""
    kh = rules.kontanthjaelp
    return HelpHistory(months_on_help >= rules.atp.on_help_after_months,
                       months_on_help >= kh.married_reduction_after_months,
                       months_on_help >= rules.benefit_cap.after_months,
                       months_on_help >= kh.leisure_supplement_after_months,
                       0.0 < months_since_help <= kh.leisure_supplement_continues_months)


@njit(cache=True)
def adult_month(rules, person, is_provider, is_single, history):
    """The hours-independent part of an adult's kontanthjælp: category, rate (with the særligt
    ungetillæg), disregard, limit, and whether the ATP-on-help rule is due (``history``: the adult's
    ``HelpHistory``)."""
    kh = rules.kontanthjaelp
    category = kontanthjaelp_category(kh, person.age, person.lives_with_parents, is_provider, person.rate_category)
    rate = kontanthjaelp_rate_m(kh, category, is_provider, is_single)
    rate += saerligt_ungetillaeg_m(kh, category, person.age, person.match_group, is_provider)
    recipient = person.receives_kontanthjaelp > 0.5
    help_rate = rate if recipient else 0.0
    due = recipient and history.atp_on_help_due
    forhoejet = recipient and is_full_rate(category)
    return AdultMonth(person.hourly_wage, category, rate, help_rate, monthly_disregard_m(kh, category),
                      income_limit_m(kh, category), person.other_income_m, category_base_rate_m(kh, category),
                      due, forhoejet)


@njit(cache=True)
def with_married_reduction(adult, reduction_m):
    """The adult's rate lowered by the kontanthjælpsnedsættelse for married recipients."""
    return AdultMonth(adult.hourly_wage, adult.category, adult.rate_m - reduction_m, adult.help_rate_m - reduction_m,
                      adult.disregard_m, adult.limit_m, adult.other_income_m, adult.full_rate_m,
                      adult.pays_atp_on_help, adult.on_forhoejet_sats)


@njit(cache=True)
def household_month(rules, person_0, person_1, household, history_0, history_1):
    """Build the household record of one month. ``person_1`` (and ``history_1``) are ignored for a single;
    ``household`` is the household's input record (``fields.HOUSEHOLD_DTYPE``); ``history_a`` is adult
    a's ``HelpHistory`` at the start of the month (from the months on help the monthly driver keeps)."""
    n_adults = int(household.n_adults)
    n_children = household.n_children
    rent_m = household.rent_m
    is_provider = n_children > 0
    is_single = n_adults == 1
    adult_0 = adult_month(rules, person_0, is_provider, is_single, history_0)
    if is_single:
        adult_1 = AdultMonth(0.0, adult_0.category, 0.0, 0.0, 0.0, 1e300, 0.0, 0.0, False, False)
    else:
        adult_1 = adult_month(rules, person_1, is_provider, is_single, history_1)
        if (adult_0.help_rate_m > 0.0 and adult_1.help_rate_m > 0.0
                and married_reduction_applies(rules.kontanthjaelp, adult_0.category, adult_1.category,
                                              history_0.married_reduction_due, history_1.married_reduction_due)):
            adult_0 = with_married_reduction(adult_0, rules.kontanthjaelp.married_reduction_m)
            adult_1 = with_married_reduction(adult_1, rules.kontanthjaelp.married_reduction_m)

    cap = rules.benefit_cap
    capped_0 = cap.applies > 0.5 and adult_0.help_rate_m > 0.0 and history_0.benefit_cap_due
    capped_1 = not is_single and cap.applies > 0.5 and adult_1.help_rate_m > 0.0 and history_1.benefit_cap_due
    cap_m = 0.0
    if capped_0:
        cap_m += benefit_cap_m(cap, not is_single, is_provider)
    if capped_1:
        cap_m += benefit_cap_m(cap, not is_single, is_provider)

    possible = rules.saerlig_stoette.applies > 0.5 and rent_m > 0.0 and adult_0.help_rate_m + adult_1.help_rate_m > 0.0
    help_only = 0.0
    if possible:
        help_only = net_income_on_help_only_m(rules.tax, adult_0)
        if not is_single:
            help_only += net_income_on_help_only_m(rules.tax, adult_1)

    is_single_parent = is_single and is_provider
    cb = rules.child_benefit
    ydelse_y = boerne_og_ungeydelse_y(cb, household.n_children_0_2, household.n_children_3_6,
                                      household.n_children_7_14, household.n_children_15_17)
    tilskud_m = boernetilskud_y(cb, n_children, is_single_parent) / 12.0
    kh = rules.kontanthjaelp
    whatever_the_help = False
    with_help = False
    for a in range(n_adults):
        help_rate = adult_0.help_rate_m if a == 0 else adult_1.help_rate_m
        history = history_0 if a == 0 else history_1
        if is_provider and help_rate > 0.0 and history.fritidstillaeg_due:
            with_help = True
            if history.fritidstillaeg_run_off:
                whatever_the_help = True
    leisure_m = fritidstillaeg_amount_m(kh, n_children, is_single_parent) if is_provider else 0.0
    return HouseholdMonth(adult_0, adult_1, n_adults, n_children, rent_m, is_single_parent, capped_0, capped_1,
                          cap_m, possible, help_only, ydelse_y, tilskud_m, leisure_m, whatever_the_help, with_help)


@njit(cache=True)
def net_income_on_help_only_m(tax, adult):
    """Net income of an adult living on the help rate and other income alone (LAS § 34's yardstick)."""
    income = adult.help_rate_m + adult.other_income_m
    return income - income_tax_m(tax, 0.0, 0.0, adult.help_rate_m, adult.other_income_m, False)


class BeforeHelp(NamedTuple):
    """An adult's earnings side at given hours, before the couple's help is shared out."""

    earnings: float
    am: float
    atp: float
    deduction: float  # deducted from the adult's own help
    carried: float  # the part of it that counts against the spouse's help


@njit(cache=True, inline="always")
def adult_before_help(rules, adult, hours_per_week):
    """Earnings, AM-bidrag, ATP, the amount deducted from help for this adult's own income, and the
    part of it that counts against the spouse's help."""
    kh = rules.kontanthjaelp
    earnings = gross_earnings_m(adult.hourly_wage, hours_per_week)
    hours_m = hours_per_month(hours_per_week)
    am = am_bidrag_m(rules.tax, earnings)
    atp = atp_employee_m(rules.atp, hours_m)
    base = earnings - am - atp
    before_limit = earnings_deduction_m(kh, base, hours_m, adult.disregard_m, adult.category)
    deduction = income_limit_deduction_m(adult.rate_m, base, before_limit, adult.limit_m) + adult.other_income_m
    carried = carried_deduction_m(kh, deduction, before_limit + adult.other_income_m, adult.rate_m)
    return BeforeHelp(earnings, am, atp, deduction, carried)


@njit(cache=True, inline="always")
def adults_before_help(rules, hh, hours_0, hours_1):
    """Both adults' earnings side; for a single, the second adult is all zeros (of the type of the hours)."""
    before_0 = adult_before_help(rules, hh.adult_0, hours_0)
    if hh.n_adults == 2:
        before_1 = adult_before_help(rules, hh.adult_1, hours_1)
    else:
        zero = zero_like(hours_1)
        before_1 = BeforeHelp(zero, zero, zero, zero, zero)
    return before_0, before_1


@njit(cache=True)
def household_budget(rules, hh, hours_0, hours_1):
    """D, household disposable income (SPEC §4.7), with its components, for the given hours per week of
    both adults (``hours_1`` is ignored for a single)."""
    before_0, before_1 = adults_before_help(rules, hh, hours_0, hours_1)
    return budget_after_help(rules, hh, before_0, before_1)


@njit(cache=True, inline="always")
def budget_after_help(rules, hh, before_0, before_1):
    """The household budget from both adults' earnings side: the couple's help, contributions, taxes,
    housing support, the cap, family benefits, D. The ceiling envelope computes the side of the adult
    whose hours it does not vary once per row and passes it in here."""
    adult_0 = hh.adult_0
    adult_1 = hh.adult_1
    is_couple = hh.n_adults == 2
    e0, am0, atp0, ded0, carried0 = before_0
    e1, am1, atp1, ded1, carried1 = before_1
    help0 = couple_help_m(adult_0.help_rate_m, ded0, adult_1.help_rate_m, carried1)
    help1 = couple_help_m(adult_1.help_rate_m, ded1, adult_0.help_rate_m, carried0)
    atp_help0 = atp_on_help_m(rules.atp, help0, adult_0.full_rate_m, adult_0.pays_atp_on_help)
    atp_help1 = atp_on_help_m(rules.atp, help1, adult_1.full_rate_m, adult_1.pays_atp_on_help)
    contributions0 = am0 + atp0 + atp_help0
    contributions1 = am1 + atp1 + atp_help1

    tax0 = income_tax_m(rules.tax, e0, contributions0, help0, adult_0.other_income_m, hh.is_single_parent)
    if is_couple:
        tax1 = income_tax_m(rules.tax, e1, contributions1, help1, adult_1.other_income_m, False)
    else:
        tax1 = zero_like(help1)
    net0 = e0 - contributions0 + help0 + adult_0.other_income_m
    net1 = e1 - contributions1 + help1 + adult_1.other_income_m

    boligsikring = boligsikring_y(rules.boligsikring, hh.rent_m, hh.n_children, (net0 + net1) * 12.0) / 12.0
    if is_couple:
        zero = zero_like(help0)
        on_forhoejet = (help0 if adult_0.on_forhoejet_sats else zero) + (help1 if adult_1.on_forhoejet_sats else zero)
        boligsikring = boligstoetteloft_m(rules.boligsikring, boligsikring, on_forhoejet)
    if hh.saerlig_stoette_possible:
        special = saerlig_stoette_m(rules.saerlig_stoette, hh.rent_m, boligsikring, hh.n_children,
                                    net0 - tax0 + net1 - tax1, hh.net_income_help_only_m)
    else:
        special = zero_like(boligsikring)
    reduction = benefit_cap_reduction_m(rules.benefit_cap, help0 + help1, boligsikring + special, hh.cap_m, is_couple)

    taper_y = boerne_og_ungeydelse_taper_y(rules.child_benefit, hh.boerne_og_ungeydelse_y, net0 * 12.0, net1 * 12.0)
    child_benefits = (hh.boerne_og_ungeydelse_y - taper_y) / 12.0 + hh.boernetilskud_m
    leisure = fritidstillaeg_m(hh.fritidstillaeg_m, hh.fritidstillaeg_whatever_the_help, hh.fritidstillaeg_with_help,
                               help0 + help1)
    disposable = net0 - tax0 + net1 - tax1 + boligsikring + special - reduction + child_benefits + leisure
    return Budget(e0, e1, am0, am1, atp0, atp1, atp_help0, atp_help1, help0, help1, tax0, tax1, boligsikring,
                  special, reduction, child_benefits, leisure, disposable)
