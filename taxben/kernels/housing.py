"""Housing support and the benefit cap.

Boligsikring: Lov om individuel boligstøtte (boligstøtteloven) § 22-24. Særlig støtte: LAS § 34.
Kontanthjælpsloft 2004-2011: LAS § 25 b-c.
"""

from numba import njit

from taxben.params import layout as L


@njit(cache=True)
def boligsikring_y(p, rent_m, n_children, household_income_y):
    """Annual boligsikring (boligstøtteloven § 22): 60 % of counted rent less 18 % of household income
    above a threshold (raised per child after the first, up to a maximum number of children), at most
    rent − minimum own payment, at most the maximum benefit (+25 % for many children), for households
    without children at most 15 % of the rent; never negative."""
    if p[L.BS_APPLIES] < 0.5 or rent_m <= 0.0:
        return 0.0
    rent_y = min(12.0 * rent_m, p[L.BS_MAX_RENT_Y])
    counted_children = max(0.0, min(n_children, p[L.BS_THRESHOLD_CHILDREN_MAX]) - 1.0)
    threshold_y = p[L.BS_INCOME_THRESHOLD_Y] + p[L.BS_THRESHOLD_PER_CHILD_Y] * counted_children
    benefit = p[L.BS_RENT_SHARE] * rent_y - p[L.BS_INCOME_TAPER_RATE] * max(0.0, household_income_y - threshold_y)
    benefit = min(benefit, rent_y - p[L.BS_MINIMUM_OWN_PAYMENT_Y])
    maximum = p[L.BS_MAX_BENEFIT_Y]
    if n_children >= p[L.BS_MANY_CHILDREN_FROM]:
        maximum *= p[L.BS_MANY_CHILDREN_MAX_FACTOR]
    benefit = min(benefit, maximum)
    if n_children <= 0:
        benefit = min(benefit, p[L.BS_CHILDLESS_MAX_SHARE_OF_RENT] * rent_y)
    return max(0.0, benefit)


@njit(cache=True)
def saerlig_stoette_m(p, rent_m, boligsikring_m, n_children, net_income_m, net_income_help_only_m):
    """Særlig støtte (LAS § 34): housing cost after boligsikring above the limit amount for the
    household type, reduced krone for krone by the amount by which net income exceeds the net income
    on kontanthjælp alone. Off where the year's rules have no limit amounts."""
    if p[L.SS_APPLIES] < 0.5 or rent_m <= 0.0:
        return 0.0
    if n_children <= 0:
        limit = p[L.SS_LIMIT_NO_CHILDREN_M]
    else:
        limit = p[L.SS_LIMIT_ONE_CHILD_M] - p[L.SS_LIMIT_REDUCTION_PER_EXTRA_CHILD_M] * (n_children - 1.0)
    need = max(0.0, rent_m - boligsikring_m - limit)
    return max(0.0, need - max(0.0, net_income_m - net_income_help_only_m))


@njit(cache=True)
def benefit_cap_amount_m(p, is_couple, is_provider):
    """Per-person cap of the kontanthjælpsloft for the household type (LAS § 25 b)."""
    if is_couple:
        return p[L.CAP_COUPLE_PROVIDER_M] if is_provider else p[L.CAP_COUPLE_OTHER_M]
    return p[L.CAP_SINGLE_PROVIDER_M] if is_provider else p[L.CAP_SINGLE_OTHER_M]


@njit(cache=True)
def benefit_cap_reduction(p, help_m, housing_support_m, cap_m, is_couple):
    """Reduction of housing support under the 2004-2011 kontanthjælpsloft (LAS § 25 c): the amount by
    which help + housing support exceed the cap, at most the maximum reduction (a couple together /
    per single) and at most the housing support itself; kontanthjælp is never cut."""
    if p[L.CAP_APPLIES] < 0.5 or cap_m <= 0.0:
        return 0.0
    max_reduction = p[L.CAP_MAX_REDUCTION_COUPLE_M] if is_couple else p[L.CAP_MAX_REDUCTION_SINGLE_M]
    excess = help_m + housing_support_m - cap_m
    return max(0.0, min(excess, max_reduction, housing_support_m))
