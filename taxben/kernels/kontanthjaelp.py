"""Kontanthjælp: rate by category, earnings deduction, income limit and the couple's mutual maintenance.

2005: Lov om aktiv socialpolitik (LAS) § 25 (rates), § 30 (deduction of earnings after an hourly
disregard, krone for krone). From 1 July 2025: LAS as amended by the cash-benefit reform (rates by
forhøjet sats / grundsats / hjemmeboende / mindstesats, 65 % withdrawal above a monthly disregard, a
limit at 100 % / 85 % of the maximum unemployment benefit). Which system applies is a dated switch in
``rules/dk/kontanthjaelp.yaml``, never a year test in code.
"""

from numba import njit

from taxben.kernels import fields as F
from taxben.params import layout as L


@njit(cache=True)
def kontanthjaelp_category(p, age, lives_with_parents, is_provider, rate_category):
    """The rate category of an adult: the override when given, else by age, children and home."""
    if rate_category >= 0:
        return int(rate_category)
    if age >= p[L.KH_FULL_RATE_AGE] or (is_provider and p[L.KH_PROVIDER_GETS_FULL_RATE] > 0.5):
        return F.CAT_FULL_PROVIDER if is_provider else F.CAT_FULL_OTHER
    if lives_with_parents > 0.5:
        return F.CAT_YOUNG_HOME
    return F.CAT_YOUNG_AWAY


@njit(cache=True)
def kontanthjaelp_rate(p, category, is_provider, is_single):
    """Monthly rate (LAS § 25 / § 22-25 as amended 2025) with the child, single-parent and single
    supplements where the year's rules have them."""
    if category == F.CAT_FULL_PROVIDER:
        rate = p[L.KH_RATE_FULL_PROVIDER_M]
    elif category == F.CAT_FULL_OTHER:
        rate = p[L.KH_RATE_FULL_OTHER_M]
    elif category == F.CAT_YOUNG_AWAY:
        rate = p[L.KH_RATE_YOUNG_AWAY_M]
    elif category == F.CAT_YOUNG_HOME:
        rate = p[L.KH_RATE_YOUNG_HOME_M]
    else:
        rate = p[L.KH_RATE_MINIMUM_M]
    full = category == F.CAT_FULL_PROVIDER or category == F.CAT_FULL_OTHER
    if is_provider:
        rate += p[L.KH_CHILD_SUPPLEMENT_M]
        if is_single and (category == F.CAT_YOUNG_AWAY or category == F.CAT_MINIMUM):
            rate += p[L.KH_SINGLE_PARENT_SUPPLEMENT_M]
    elif is_single and (full or category == F.CAT_YOUNG_AWAY):
        rate += p[L.KH_SINGLE_SUPPLEMENT_M]
    return rate


@njit(cache=True)
def monthly_disregard_m(p, category):
    if category == F.CAT_FULL_PROVIDER or category == F.CAT_FULL_OTHER:
        return p[L.KH_MONTHLY_DISREGARD_FULL_M]
    if category == F.CAT_YOUNG_HOME:
        return p[L.KH_MONTHLY_DISREGARD_YOUNG_HOME_M]
    return p[L.KH_MONTHLY_DISREGARD_YOUNG_AWAY_M]


@njit(cache=True)
def earnings_deduction(p, base_m, hours_m, category):
    """Earnings deducted in the help. ``base_m`` = earnings after AM-bidrag and ATP.

    Hourly system (LAS § 30, 2005): everything above ``hourly_disregard`` × hours (at most
    ``disregard_max_hours_m`` hours) is deducted at ``withdrawal_rate`` (1.0, krone for krone).
    Monthly system (from 1 July 2025): ``withdrawal_rate`` (0.65) of earnings above the category's
    monthly disregard."""
    if int(p[L.KH_EARNINGS_DEDUCTION_SYSTEM]) == L.EARNINGS_DEDUCTION_HOURLY:
        counted_hours = min(hours_m, p[L.KH_DISREGARD_MAX_HOURS_M])
        disregard = p[L.KH_HOURLY_DISREGARD] * counted_hours
    else:
        disregard = monthly_disregard_m(p, category)
    return p[L.KH_WITHDRAWAL_RATE] * max(0.0, base_m - disregard)


@njit(cache=True)
def income_limit_deduction(p, rate_m, base_m, deduction_m, category):
    """Help + earnings may not exceed a share of the maximum unemployment benefit (2025 reform):
    raise the deduction so that rate − deduction ≤ limit − base, i.e. wages count krone for krone
    above the limit."""
    if p[L.KH_INCOME_LIMIT_APPLIES] < 0.5:
        return deduction_m
    full = category == F.CAT_FULL_PROVIDER or category == F.CAT_FULL_OTHER
    share = p[L.KH_INCOME_LIMIT_SHARE_FULL] if full else p[L.KH_INCOME_LIMIT_SHARE_OTHER]
    limit_m = share * p[L.KH_MAX_UNEMPLOYMENT_BENEFIT_Y] / 12.0
    return max(deduction_m, base_m + rate_m - limit_m)


@njit(cache=True)
def couple_help(rate_a, deduction_a, rate_b, deduction_b):
    """Help of adult a in a married/cohabiting couple (mutual maintenance duty, LAS § 26):
    a's own deduction first reduces a's own rate; what b's deduction leaves over after b's own rate
    reduces a's help. A non-recipient has rate 0 (all of its deduction carries over)."""
    own = max(0.0, rate_a - deduction_a)
    carried_over_from_b = max(0.0, deduction_b - rate_b)
    return max(0.0, own - carried_over_from_b)
