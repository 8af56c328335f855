"""Kontanthjælp: rate by category, earnings deduction, income limit and the couple's mutual maintenance.

2005: Lov om aktiv socialpolitik (LAS) § 25 (rates), § 30 (deduction of earnings after an hourly
disregard, krone for krone). From 1 July 2025: LAS as amended by the cash-benefit reform (rates by
forhøjet sats / grundsats / hjemmeboende / mindstesats, 65 % withdrawal above a monthly disregard, a
limit at 100 % / 85 % of the maximum unemployment benefit). Which system applies is a dated switch in
``rules/dk/kontanthjaelp.yaml`` (``kh`` below is that area's record), never a year test in code.
"""

from numba import njit

from taxben.kernels import fields as F
from taxben.params.layout import EARNINGS_DEDUCTION_HOURLY


@njit(cache=True)
def kontanthjaelp_category(kh, age, lives_with_parents, is_provider, rate_category):
    """The rate category of an adult: the override when given, else by age, children and home."""
    if rate_category >= 0:
        return int(rate_category)
    if age >= kh.full_rate_age or (is_provider and kh.provider_gets_full_rate > 0.5):
        return F.CAT_FULL_PROVIDER if is_provider else F.CAT_FULL_OTHER
    if lives_with_parents > 0.5:
        return F.CAT_YOUNG_HOME
    return F.CAT_YOUNG_AWAY


@njit(cache=True)
def is_full_rate(category):
    """2005: the 25+ rates; 2026: forhøjet sats."""
    return category == F.CAT_FULL_PROVIDER or category == F.CAT_FULL_OTHER


@njit(cache=True)
def kontanthjaelp_rate_m(kh, category, is_provider, is_single):
    """Monthly rate (LAS § 25 / §§ 22-25 as amended 2025) with the child, single-parent and single
    supplements where the year's rules have them."""
    rate = category_base_rate_m(kh, category)
    if is_provider:
        rate += kh.child_supplement_m
        if is_single and (category == F.CAT_YOUNG_AWAY or category == F.CAT_MINIMUM):
            rate += kh.single_parent_supplement_m
    elif is_single and (is_full_rate(category) or category == F.CAT_YOUNG_AWAY):
        rate += kh.single_supplement_m
    return rate


@njit(cache=True)
def saerligt_ungetillaeg_m(kh, category, age, match_group, is_provider):
    """Særligt ungetillæg (LAS § 19, from 1 July 2025): for a recipient under 30 on the grundsats who is
    aktivitetsparat (in the current-law runs: match group ``aktivitetsparat_from_match_group`` or higher).
    One amount under 25 without children, another for 25-29 without children, a third with children.
    Part of the rate, so earnings deductions reduce it. 0 where the year's rules have none."""
    if category != F.CAT_YOUNG_AWAY or age >= kh.young_supplement_below_age:
        return 0.0
    if match_group < kh.aktivitetsparat_from_match_group:
        return 0.0
    if is_provider:
        return kh.young_supplement_provider_m
    if age < kh.young_supplement_split_age:
        return kh.young_supplement_under25_m
    return kh.young_supplement_25_29_m


@njit(cache=True)
def category_base_rate_m(kh, category):
    """The category's rate before supplements: the "full rate" of the ATP-on-help rule."""
    if category == F.CAT_FULL_PROVIDER:
        return kh.rate_full_provider_m
    if category == F.CAT_FULL_OTHER:
        return kh.rate_full_other_m
    if category == F.CAT_YOUNG_AWAY:
        return kh.rate_young_away_m
    if category == F.CAT_YOUNG_HOME:
        return kh.rate_young_home_m
    return kh.rate_minimum_m


@njit(cache=True)
def monthly_disregard_m(kh, category):
    """The part of monthly earnings kept before the 65 % withdrawal (2025 system), by category."""
    if is_full_rate(category):
        return kh.monthly_disregard_full_m
    if category == F.CAT_YOUNG_HOME:
        return kh.monthly_disregard_young_home_m
    return kh.monthly_disregard_young_away_m


@njit(cache=True)
def income_limit_m(kh, category):
    """Help + earnings may not exceed this share of the maximum unemployment benefit (2025 reform):
    100 % on forhøjet sats, 85 % otherwise. Infinite where the rule is not in force."""
    if kh.income_limit_applies < 0.5:
        return 1e300
    share = kh.income_limit_share_full if is_full_rate(category) else kh.income_limit_share_other
    return share * kh.max_unemployment_benefit_y / 12.0


@njit(cache=True)
def earnings_deduction_m(kh, base_m, hours_m, disregard_m, category):
    """Earnings deducted in the help. ``base_m`` = earnings after AM-bidrag and ATP.

    Hourly system (LAS § 30, 2005): everything above ``hourly_disregard`` × hours (at most
    ``disregard_max_hours_m`` hours) is deducted at ``withdrawal_rate`` (1.0, krone for krone).
    Monthly system (from 1 July 2025): ``withdrawal_rate`` (0.65) of earnings above the category's
    monthly disregard ``disregard_m``."""
    if int(kh.earnings_deduction_system) == EARNINGS_DEDUCTION_HOURLY:
        counted_hours = min(hours_m, kh.disregard_max_hours_m)
        return max(0.0, base_m - counted_hours * kh.hourly_disregard) * kh.withdrawal_rate
    return max(0.0, base_m - disregard_m) * kh.withdrawal_rate


@njit(cache=True)
def income_limit_deduction_m(rate_m, base_m, deduction_m, limit_m):
    """The 2025 income limit: raise the deduction so that rate − deduction ≤ limit − base, i.e. wages
    count krone for krone above the limit (with no limit in force, ``limit_m`` is 1e300)."""
    return max(deduction_m, base_m + rate_m - limit_m)


@njit(cache=True)
def married_reduction_applies(kh, category_0, category_1, due_0, due_1):
    """Kontanthjælpsnedsættelse for married recipients (LAS § 25, stk. 5, 2004-2011): when both spouses
    receive help at a 25+ rate and both have been on help ``married_reduction_after_months`` months
    (``due_a``: ``HelpHistory.married_reduction_due`` of spouse a), each spouse's rate is
    ``married_reduction_m`` lower (0 where the year's rules have none)."""
    if kh.married_reduction_m <= 0.0:
        return False
    return is_full_rate(category_0) and is_full_rate(category_1) and due_0 and due_1


@njit(cache=True)
def couple_help_m(rate_a, deduction_a, rate_b, deduction_b_carried):
    """Help of adult a in a married/cohabiting couple (mutual maintenance duty, LAS § 26):
    a's own deduction first reduces a's own rate; what b's deduction leaves over after b's own rate
    reduces a's help. A non-recipient has rate 0 (all of its deduction carries over).
    ``deduction_b_carried`` is the part of b's deduction that may carry over (see ``carried_deduction_m``)."""
    own = max(0.0, rate_a - deduction_a)
    carried_over_from_b = max(0.0, deduction_b_carried - rate_b)
    return max(0.0, own - carried_over_from_b)


@njit(cache=True)
def carried_deduction_m(kh, deduction_m, deduction_before_limit_m, rate_m):
    """The deduction of an adult as it counts against the spouse's help. By default (SPEC §4.2) all of
    it, including what the 2025 income limit adds; with ``income_limit_excess_to_spouse`` off, what the
    limit adds beyond the adult's own rate stays with the adult."""
    if kh.income_limit_excess_to_spouse > 0.5:
        return deduction_m
    return min(deduction_m, max(deduction_before_limit_m, rate_m))
