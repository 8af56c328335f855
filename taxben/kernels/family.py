"""Family benefits: børne- og ungeydelse, børnetilskud and the fritidstillæg.

Børne- og ungeydelse (lov om en børne- og ungeydelse § 2, by the child's age, with the 2 % income taper
above a threshold), børnetilskud (lov om børnetilskud og forskudsvis udbetaling af børnebidrag §§ 2-3:
the ordinary supplement per child and the extra supplement per family, for single parents) and the
fritidstillæg (LAS as amended from 1 July 2025: per child for recipients with children). All tax-free and
not counted as income anywhere else; they are lines of disposable income, as in published household
budgets. ``cb`` is the ``child_benefit`` record, ``kh`` the ``kontanthjaelp`` record.
"""

from numba import njit

from taxben.kernels.piecewise import where_positive, zero_like


@njit(cache=True)
def boerne_og_ungeydelse_y(cb, children_0_2, children_3_6, children_7_14, children_15_17):
    """Annual børne- og ungeydelse before the income taper: the amount of each age band per child."""
    return (children_0_2 * cb.amount_0_2_y + children_3_6 * cb.amount_3_6_y
            + children_7_14 * cb.amount_7_14_y + children_15_17 * cb.amount_15_17_y)


@njit(cache=True)
def boerne_og_ungeydelse_taper_y(cb, ydelse_y, personal_income_y_0, personal_income_y_1):
    """The income taper of the børne- og ungeydelse (from 2014): ``taper_rate`` of each parent's personal
    income above ``taper_threshold_y``, at most the ydelse itself."""
    if cb.taper_rate <= 0.0 or ydelse_y <= 0.0:
        return zero_like(personal_income_y_0 + personal_income_y_1)
    excess = max(0.0, personal_income_y_0 - cb.taper_threshold_y) + max(0.0, personal_income_y_1 - cb.taper_threshold_y)
    return min(excess * cb.taper_rate, ydelse_y)


@njit(cache=True)
def boernetilskud_y(cb, n_children, is_single_parent):
    """Børnetilskud for single parents: the ordinary supplement per child and the extra one per family."""
    if not is_single_parent or n_children <= 0:
        return 0.0
    return n_children * cb.ordinary_supplement_y + cb.extra_supplement_y


@njit(cache=True)
def fritidstillaeg_amount_m(kh, n_children, is_single_parent):
    """The fritidstillæg of a household with children, when it is paid: per child (at most
    ``leisure_supplement_max_children``), single providers ``leisure_supplement_single_share`` of it."""
    amount = min(n_children, kh.leisure_supplement_max_children) * kh.leisure_supplement_per_child_m
    if is_single_parent:
        amount *= kh.leisure_supplement_single_share
    return amount


@njit(cache=True)
def fritidstillaeg_m(amount_m, paid_whatever_the_help, paid_with_help, help_m):
    """The month's fritidstillæg: paid for sure while the household's recipient is within the months
    after leaving help, else only if help is received this month (``help_m`` > 0)."""
    if paid_whatever_the_help:
        return amount_m + zero_like(help_m)
    if paid_with_help:
        return where_positive(help_m, amount_m, 0.0)
    return zero_like(help_m)
