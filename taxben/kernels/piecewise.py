"""Quantities that are linear in one adult's hours, and where that stops: ``LinearPiece``.

Every rule of SPEC §4 is piecewise linear in an adult's hours (rates, thresholds, maxima, the ATP bands):
household disposable income D(h) is a chain of linear stretches with kinks and jumps between them. The
ceiling envelope (SPEC §5) needs D on a grid of hours, but on a linear stretch it needs only the stretch's
ends, so the engine evaluates D once per stretch instead of once per grid hour
(``taxben.kernels.envelope``).

To know the stretch, the very same kernels are evaluated with the varying adult's hours as a
``LinearPiece(value, slope, reach)`` instead of a float: ``value`` is the quantity at the point, ``slope``
its derivative per hour per week, ``reach`` how many hours further it stays linear (the nearest kink or
jump of anything it was computed from). Arithmetic, ``max`` and ``min`` are overloaded below; a branch
on a varying quantity (``if x > y``) does not compile for a ``LinearPiece``, so a kernel cannot hide a
kink from the envelope: steps go through ``band_amount`` and ``zero_like`` gives an accumulator the type of
its inputs. Evaluated with floats the kernels compile to plain arithmetic, and with pieces the ``value``
part is computed by exactly the same operations, so both agree to the last bit.

Only what the rules need is defined: sums, differences, products and quotients with a float, ``max`` and
``min`` of two values. A product of two pieces would not be linear and does not compile.
"""

import math
import operator
from typing import NamedTuple

from numba import njit, types
from numba.extending import overload


class LinearPiece(NamedTuple):
    value: float
    slope: float  # per hour per week of the varying adult
    reach: float  # hours per week ahead within which ``value + slope × t`` holds exactly


def _is_piece(t) -> bool:
    return isinstance(t, types.BaseNamedTuple) and getattr(t, "instance_class", None) is LinearPiece


def _is_number(t) -> bool:
    return isinstance(t, (types.Float, types.Integer, types.Boolean))


@njit(cache=True)
def varying_hours(hours_per_week):
    """The varying adult's hours as a piece: slope 1, linear for ever (until a rule says otherwise)."""
    return LinearPiece(hours_per_week, 1.0, math.inf)


@njit(cache=True)
def crossing_hours(difference, slope):
    """Hours until ``difference + slope × t`` changes sign (t > 0); inf if it never does."""
    if difference > 0.0 and slope < 0.0:
        return difference / -slope
    if difference < 0.0 and slope > 0.0:
        return -difference / slope
    return math.inf


@njit(cache=True, inline="always")
def reach_until_sign_change(reach, difference, slope):
    """``min(reach, crossing_hours(difference, slope))``, dividing only when the crossing comes first
    (most comparisons in a budget never cross within the stretch: this keeps pieces cheap)."""
    if difference > 0.0 and slope < 0.0:
        if difference < -slope * reach:
            return difference / -slope
    elif difference < 0.0 and slope > 0.0:
        if -difference < slope * reach:
            return -difference / slope
    return reach


@overload(operator.add)
def _add(a, b):
    if _is_piece(a) and _is_piece(b):
        return lambda a, b: LinearPiece(a.value + b.value, a.slope + b.slope, min(a.reach, b.reach))
    if _is_piece(a) and _is_number(b):
        return lambda a, b: LinearPiece(a.value + b, a.slope, a.reach)
    if _is_number(a) and _is_piece(b):
        return lambda a, b: LinearPiece(a + b.value, b.slope, b.reach)
    return None


@overload(operator.sub)
def _sub(a, b):
    if _is_piece(a) and _is_piece(b):
        return lambda a, b: LinearPiece(a.value - b.value, a.slope - b.slope, min(a.reach, b.reach))
    if _is_piece(a) and _is_number(b):
        return lambda a, b: LinearPiece(a.value - b, a.slope, a.reach)
    if _is_number(a) and _is_piece(b):
        return lambda a, b: LinearPiece(a - b.value, -b.slope, b.reach)
    return None


@overload(operator.neg)
def _neg(a):
    if _is_piece(a):
        return lambda a: LinearPiece(-a.value, -a.slope, a.reach)
    return None


@overload(operator.mul)
def _mul(a, b):
    if _is_piece(a) and _is_number(b):
        return lambda a, b: LinearPiece(a.value * b, a.slope * b, a.reach)
    if _is_number(a) and _is_piece(b):
        return lambda a, b: LinearPiece(a * b.value, a * b.slope, b.reach)
    return None


@overload(operator.truediv)
def _truediv(a, b):
    if _is_piece(a) and _is_number(b):
        return lambda a, b: LinearPiece(a.value / b, a.slope / b, a.reach)
    return None


@overload(max)
def _max(a, b):
    # the right-hand branch is chosen at a tie (the one that is larger just after the point)
    if _is_piece(a) and _is_number(b):
        def max_piece_number(a, b):
            difference = a.value - b
            reach = reach_until_sign_change(a.reach, difference, a.slope)
            if difference > 0.0 or (difference == 0.0 and a.slope > 0.0):
                return LinearPiece(a.value, a.slope, reach)
            return LinearPiece(float(b), 0.0, reach)
        return max_piece_number
    if _is_number(a) and _is_piece(b):
        return lambda a, b: max(b, a)
    if _is_piece(a) and _is_piece(b):
        def max_pieces(a, b):
            difference = a.value - b.value
            slope = a.slope - b.slope
            reach = reach_until_sign_change(min(a.reach, b.reach), difference, slope)
            if difference > 0.0 or (difference == 0.0 and slope > 0.0):
                return LinearPiece(a.value, a.slope, reach)
            return LinearPiece(b.value, b.slope, reach)
        return max_pieces
    return None


@overload(min)
def _min(a, b):
    if _is_piece(a) and _is_number(b):
        def min_piece_number(a, b):
            difference = a.value - b
            reach = reach_until_sign_change(a.reach, difference, a.slope)
            if difference < 0.0 or (difference == 0.0 and a.slope < 0.0):
                return LinearPiece(a.value, a.slope, reach)
            return LinearPiece(float(b), 0.0, reach)
        return min_piece_number
    if _is_number(a) and _is_piece(b):
        return lambda a, b: min(b, a)
    if _is_piece(a) and _is_piece(b):
        def min_pieces(a, b):
            difference = a.value - b.value
            slope = a.slope - b.slope
            reach = reach_until_sign_change(min(a.reach, b.reach), difference, slope)
            if difference < 0.0 or (difference == 0.0 and slope < 0.0):
                return LinearPiece(a.value, a.slope, reach)
            return LinearPiece(b.value, b.slope, reach)
        return min_pieces
    return None


def zero_like(x):
    """0 of the type of ``x`` (a float, or a constant piece): the start of an accumulation."""
    return 0.0


@overload(zero_like)
def _zero_like(x):
    if _is_piece(x):
        return lambda x: LinearPiece(0.0, 0.0, math.inf)
    if _is_number(x):
        return lambda x: 0.0
    return None


def band_amount(x, thresholds, amounts, n_bands):
    """The amount of the highest band whose threshold is ≤ ``x`` (thresholds ascending, inclusive), 0
    below the first: a step function of ``x``. For a piece, ``reach`` stops at the next step."""
    amount = 0.0
    for k in range(n_bands):
        if x >= thresholds[k]:
            amount = amounts[k]
    return amount


@overload(band_amount)
def _band_amount(x, thresholds, amounts, n_bands):
    if _is_number(x):
        def band_amount_number(x, thresholds, amounts, n_bands):
            amount = 0.0
            for k in range(n_bands):
                if x >= thresholds[k]:
                    amount = amounts[k]
            return amount
        return band_amount_number
    if _is_piece(x):
        def band_amount_piece(x, thresholds, amounts, n_bands):
            amount = 0.0
            reach = x.reach
            for k in range(n_bands):
                if x.value >= thresholds[k]:
                    amount = amounts[k]
                    if x.slope < 0.0:
                        reach = min(reach, (x.value - thresholds[k]) / -x.slope)
                elif x.slope > 0.0:
                    reach = min(reach, (thresholds[k] - x.value) / x.slope)
            return LinearPiece(amount, 0.0, reach)
        return band_amount_piece
    return None


def value_of(x):
    """The value of a float or a piece."""
    return x


@overload(value_of)
def _value_of(x):
    if _is_piece(x):
        return lambda x: x.value
    if _is_number(x):
        return lambda x: x
    return None


def as_piece_of(x, like):
    """``x`` in the type of ``like``: a float stays a float, or becomes a constant piece."""
    return x


@overload(as_piece_of)
def _as_piece_of(x, like):
    if _is_piece(like) and _is_number(x):
        return lambda x, like: LinearPiece(float(x), 0.0, math.inf)
    if _is_piece(like) and _is_piece(x):
        return lambda x, like: x
    if _is_number(like) and _is_number(x):
        return lambda x, like: float(x)
    return None


def at_least(x, threshold, if_at_least, otherwise):
    """``if_at_least`` where ``x ≥ threshold``, else ``otherwise``: a rule that switches at a threshold
    (a jump in the amounts). For a piece, ``reach`` stops where ``x`` crosses the threshold."""
    return if_at_least if x >= threshold else otherwise


@overload(at_least)
def _at_least(x, threshold, if_at_least, otherwise):
    if _is_number(x):
        def at_least_number(x, threshold, if_at_least, otherwise):
            like = if_at_least + otherwise  # the type both branches take (a piece if either is one)
            if x >= threshold:
                return as_piece_of(if_at_least, like)
            return as_piece_of(otherwise, like)
        return at_least_number
    if _is_piece(x):
        def at_least_piece(x, threshold, if_at_least, otherwise):
            difference = x.value - threshold
            if difference >= 0.0:
                chosen = as_piece_of(if_at_least, x)
                reach = difference / -x.slope if x.slope < 0.0 else math.inf
            else:
                chosen = as_piece_of(otherwise, x)
                reach = -difference / x.slope if x.slope > 0.0 else math.inf
            return LinearPiece(chosen.value, chosen.slope, min(min(chosen.reach, x.reach), reach))
        return at_least_piece
    return None


@njit(cache=True)
def where_positive(x, if_positive, otherwise):
    """``if_positive`` where ``x > 0``, else ``otherwise`` (``at_least`` on −x ≥ 0, branches swapped)."""
    return at_least(-x, 0.0, otherwise, if_positive)
