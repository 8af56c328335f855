"""Housing support and the benefit cap.

Boligsikring: Lov om individuel boligstøtte (boligstøtteloven) §§ 22-24. Særlig støtte: LAS § 34.
Kontanthjælpsloft 2004-2011: LAS § 25 b-c. Each kernel receives the record of its rule area.
"""

from numba import njit

from taxben.kernels.piecewise import where_positive, zero_like


@njit(cache=True)
def boligsikring_y(bs, rent_m, n_children, household_income_y):
    """Annual boligsikring (boligstøtteloven § 22): 60 % of counted rent less 18 % of household income
    above a threshold (raised per child after the first, up to a maximum number of children), at most
    rent − minimum own payment, at most the maximum benefit (+25 % for many children), for households
    without children at most 15 % of the rent; never negative. Nil where the rule is not in force."""
    if bs.applies < 0.5 or rent_m <= 0.0:
        return zero_like(household_income_y)
    rent_y = min(12.0 * rent_m, bs.max_rent_y)
    counted_children = max(0.0, min(n_children, bs.threshold_children_max) - 1.0)
    threshold_y = bs.income_threshold_y + bs.threshold_per_child_y * counted_children
    maximum = bs.max_benefit_y
    if n_children >= bs.many_children_from:
        maximum *= bs.many_children_max_factor
    if n_children <= 0:
        maximum = min(maximum, bs.childless_max_share_of_rent * rent_y)
    benefit = bs.rent_share * rent_y - max(0.0, household_income_y - threshold_y) * bs.income_taper_rate
    benefit = min(benefit, rent_y - bs.minimum_own_payment_y)
    benefit = min(benefit, maximum)
    return max(0.0, benefit)


@njit(cache=True)
def saerlig_stoette_m(ss, rent_m, boligsikring_m, n_children, net_income_m, net_income_help_only_m):
    """Særlig støtte (LAS § 34): housing cost after boligsikring above the limit amount for the
    household type, reduced krone for krone by the amount by which net income exceeds the net income
    on kontanthjælp alone. Nil where the year's rules have no limit amounts."""
    if ss.applies < 0.5 or rent_m <= 0.0:
        return zero_like(net_income_m - boligsikring_m)
    if n_children <= 0:
        limit = ss.limit_no_children_m
    else:
        limit = ss.limit_one_child_m - ss.limit_reduction_per_extra_child_m * (n_children - 1.0)
    need = max(0.0, rent_m - boligsikring_m - limit)
    return max(0.0, need - max(0.0, net_income_m - net_income_help_only_m))


@njit(cache=True)
def benefit_cap_m(cap, is_couple, is_provider):
    """Per-person cap of the kontanthjælpsloft for the household type (LAS § 25 b)."""
    if is_couple:
        return cap.couple_provider_m if is_provider else cap.couple_other_m
    return cap.single_provider_m if is_provider else cap.single_other_m


@njit(cache=True)
def benefit_cap_reduction_m(cap, help_m, housing_support_m, household_cap_m, is_couple):
    """Reduction of housing support under the 2004-2011 kontanthjælpsloft (LAS § 25 c): the amount by
    which help + housing support exceed the cap, at most the maximum reduction (a couple together /
    per single) and at most the housing support itself; kontanthjælp is never cut."""
    if cap.applies < 0.5 or household_cap_m <= 0.0:
        return zero_like(help_m + housing_support_m)
    max_reduction = cap.max_reduction_couple_m if is_couple else cap.max_reduction_single_m
    excess = help_m + housing_support_m - household_cap_m
    return max(0.0, min(min(excess, max_reduction), housing_support_m))


@njit(cache=True)
def boligstoetteloft_m(bs, boligsikring_m, help_on_forhoejet_sats_m):
    """Boligstøtteloft (boligstøtteloven as amended by lov nr. 1655 af 30. december 2024, from 1 July
    2025): a married or cohabiting couple in which an adult receives help on the forhøjet sats in the
    month gets at most ``couple_cap_m`` in housing support. ``help_on_forhoejet_sats_m``: the couple's
    help on the forhøjet sats this month (the loft applies when it is positive)."""
    if bs.couple_cap_applies < 0.5:
        return boligsikring_m
    return where_positive(help_on_forhoejet_sats_m, min(boligsikring_m, bs.couple_cap_m), boligsikring_m)
