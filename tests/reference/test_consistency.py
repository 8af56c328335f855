"""The vectorised reference is consistent with itself: population = households one by one, hours shapes,
parameters resolved per month (a horizon crossing a rule change)."""

from __future__ import annotations

import numpy as np
import pytest
from reference_cases import NO_CEILING, SETTINGS, adult, ceiling, params, random_population, run

from taxben.kernels import fields as F
from taxben.reference import simulate


def _assert_same(a, b):
    np.testing.assert_allclose(a, b, atol=1e-9, rtol=0, equal_nan=True)


@pytest.mark.parametrize("C", [NO_CEILING, ceiling(), ceiling(clock="calendar_months", grid=0.5)])
def test_population_equals_household_by_household(C):
    rng = np.random.default_rng(5)
    person, start, children, rent, hours = random_population(rng, 60, 6, schedule=True)
    P = np.vstack([params(2005, 3), params(2026, 3)])
    whole = simulate(P, C, person, start, children, rent, hours, SETTINGS)
    for i in range(len(start) - 1):
        s, e = start[i], start[i + 1]
        one = simulate(
            P, C, person[s:e], np.array([0, e - s]), children[i : i + 1], rent[i : i + 1], hours[s:e], SETTINGS
        )
        _assert_same(whole[s:e], one)


def test_hours_one_column_equals_repeated_columns():
    rng = np.random.default_rng(6)
    person, start, children, rent, hours = random_population(rng, 100, 1)
    P = params(2005, 4)
    a = simulate(P, ceiling(), person, start, children, rent, hours, SETTINGS)
    b = simulate(P, ceiling(), person, start, children, rent, np.repeat(hours, 4, axis=1), SETTINGS)
    _assert_same(a, b)


def test_parameters_resolved_per_month():
    """Months 0-1 under 2005 rules, months 2-3 under 2026 rules: each month equals a one-month run of its
    year with the state (months on help, clock) carried over."""
    hh = [([adult(35, 110, months_on_benefit=3)], 1, 5_000)]
    P = np.vstack([params(2005, 2), params(2026, 2)])
    out = run(P, ceiling(), hh, [15])
    r05 = run(params(2005), ceiling(), hh, [15])[0, 0]
    hh26 = [([adult(35, 110, months_on_benefit=5, ceiling_months_used=2)], 1, 5_000)]
    r26 = run(params(2026), ceiling(), hh26, [15])[0, 0]
    _assert_same(out[0, 0], r05)
    skip = [F.O_MONTHS_ON_HELP, F.O_CEILING_CLOCK]
    keep = [c for c in range(F.N_OUT) if c not in skip]
    _assert_same(out[0, 2, keep], r26[keep])
    assert out[0, 2, F.O_MONTHS_ON_HELP] == 5 and out[0, 2, F.O_CEILING_CLOCK] == 3


def test_single_household_layouts_and_errors():
    person = np.array([adult(35, 110)])
    with pytest.raises(ValueError):
        simulate(params(2005), NO_CEILING, person, np.array([0, 3]), np.zeros(1), np.zeros(1), np.zeros((1, 1)), SETTINGS)
    with pytest.raises(ValueError):
        simulate(params(2005, 2), NO_CEILING, person, np.array([0, 1]), np.zeros(1), np.zeros(1), np.zeros((1, 3)), SETTINGS)
    out = simulate(params(2005, 2), NO_CEILING, person, np.array([0, 1]), np.zeros(1), np.zeros(1), np.zeros((1, 1)), SETTINGS)
    assert out.shape == (1, 2, F.N_OUT) and out.dtype == np.float64
