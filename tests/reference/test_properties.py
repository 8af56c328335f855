"""Properties of SPEC §4-6 on random populations (24 months, crossing from 2005 to 2026 rules)."""

from __future__ import annotations

import numpy as np
import pytest
from reference_cases import NO_CEILING, SETTINGS, adult, ceiling, params, random_population, run

from taxben.kernels import fields as F
from taxben.reference import simulate

SEEDS = [11, 12, 13]
N_HOUSEHOLDS = 600
N_MONTHS = 24
AMOUNTS = [
    F.O_EARNINGS,
    F.O_AM,
    F.O_ATP,
    F.O_KONTANTHJAELP,
    F.O_TAX,
    F.O_SUPPLEMENT,
    F.O_HH_BOLIGSIKRING,
    F.O_HH_SAERLIG_STOETTE,
    F.O_HH_CAP_REDUCTION,
    F.O_HH_SUPPLEMENT,
]
HOUSEHOLD_COLS = [
    F.O_HH_BOLIGSIKRING,
    F.O_HH_SAERLIG_STOETTE,
    F.O_HH_CAP_REDUCTION,
    F.O_HH_SUPPLEMENT,
    F.O_HH_DISPOSABLE,
]


def _horizon(kind: str) -> np.ndarray:
    if kind == "2005":
        return params(2005, N_MONTHS)
    if kind == "2026":
        return params(2026, N_MONTHS)
    if kind == "2005-ss":  # særlig støtte switched on (2016 limit amounts) to exercise that rule
        from reference_cases import SS_ON

        return params(2005, N_MONTHS, **{k.replace(".", "__"): v for k, v in SS_ON.items()})
    return np.vstack([params(2005, 12), params(2026, 12)])  # the rules change mid-horizon


@pytest.fixture(scope="module", params=[(s, k) for s in SEEDS for k in ("2005", "2026", "cross", "2005-ss")])
def runs(request):
    seed, kind = request.param
    rng = np.random.default_rng(seed)
    person, start, children, rent, hours = random_population(rng, N_HOUSEHOLDS, N_MONTHS, schedule=True)
    P = _horizon(kind)
    base = simulate(P, NO_CEILING, person, start, children, rent, hours, SETTINGS)
    clock = "calendar_months" if seed % 2 else "working_months"
    reform = simulate(P, ceiling(clock=clock), person, start, children, rent, hours, SETTINGS)
    return dict(person=person, start=start, hours=hours, base=base, reform=reform)


def _second_adult(start, n):
    """For each person row, the row of the other adult of its household (-1 for a single)."""
    other = np.full(n, -1)
    two = np.flatnonzero(np.diff(start) == 2)
    other[start[two]] = start[two] + 1
    other[start[two] + 1] = start[two]
    return other


def test_amounts_never_negative(runs):
    for out in (runs["base"], runs["reform"]):
        assert np.all(out[:, :, AMOUNTS] >= 0.0)
        assert not np.isnan(out[:, :, AMOUNTS]).any()


def test_emtr_parts_add_up_and_nan_iff_no_wage(runs):
    no_wage = runs["person"][:, F.HOURLY_WAGE] == 0
    for out in (runs["base"], runs["reform"]):
        emtr = out[:, :, F.O_EMTR]
        parts = out[:, :, F.O_EMTR_AM_ATP : F.O_EMTR_SUPPLEMENT + 1]
        np.testing.assert_allclose(parts.sum(axis=2)[~no_wage], emtr[~no_wage], atol=1e-9, rtol=0)
        assert np.isnan(emtr[no_wage]).all() and np.isnan(parts[no_wage]).all()
        assert np.isnan(out[no_wage, :, F.O_PTR]).all()
        assert np.all(out[no_wage, :, F.O_GAIN] == 0)
        assert not np.isnan(emtr[~no_wage]).any() and not np.isnan(out[~no_wage, :, F.O_PTR]).any()


def test_household_columns_agree_between_adults(runs):
    other = _second_adult(runs["start"], runs["person"].shape[0])
    two = other >= 0
    for out in (runs["base"], runs["reform"]):
        np.testing.assert_array_equal(out[two][:, :, HOUSEHOLD_COLS], out[other[two]][:, :, HOUSEHOLD_COLS])
        own = out[:, :, F.O_SUPPLEMENT] + np.where(two[:, None], out[other, :, F.O_SUPPLEMENT], 0.0)
        np.testing.assert_allclose(out[:, :, F.O_HH_SUPPLEMENT], own, atol=1e-9)


def test_reform_is_baseline_plus_supplements(runs):
    base, reform = runs["base"], runs["reform"]
    same = [F.O_HOURS, F.O_EARNINGS, F.O_AM, F.O_ATP, F.O_KONTANTHJAELP, F.O_TAX, F.O_OTHER_INCOME, F.O_CAPPED]
    same += [F.O_MONTHS_ON_HELP, F.O_HH_BOLIGSIKRING, F.O_HH_SAERLIG_STOETTE, F.O_HH_CAP_REDUCTION]
    np.testing.assert_array_equal(reform[:, :, same], base[:, :, same])
    np.testing.assert_allclose(
        reform[:, :, F.O_HH_DISPOSABLE], base[:, :, F.O_HH_DISPOSABLE] + reform[:, :, F.O_HH_SUPPLEMENT], atol=1e-9
    )
    assert np.all(base[:, :, [F.O_SUPPLEMENT, F.O_HH_SUPPLEMENT, F.O_CEILING_ELIGIBLE]] == 0)
    # nobody is worse off; a supplement only in an eligible person-month
    assert np.all(reform[:, :, F.O_HH_DISPOSABLE] >= base[:, :, F.O_HH_DISPOSABLE] - 1e-9)
    assert np.all(reform[:, :, F.O_CEILING_ELIGIBLE][reform[:, :, F.O_SUPPLEMENT] > 0] == 1)
    # outside eligible months the reform equals the baseline to the krone
    other = _second_adult(runs["start"], runs["person"].shape[0])
    elig = reform[:, :, F.O_CEILING_ELIGIBLE] == 1
    any_elig = elig | np.where((other >= 0)[:, None], elig[other], False)
    np.testing.assert_array_equal(
        reform[~any_elig][:, F.O_HH_DISPOSABLE], base[~any_elig][:, F.O_HH_DISPOSABLE]
    )
    # the indicators too, where no adult is available (not a recipient in groups 4-5 at all)
    groups = np.isin(runs["person"][:, F.MATCH_GROUP], [4, 5]) & (runs["person"][:, F.RECIPIENT] == 1)
    never = ~groups & np.where(other >= 0, ~groups[other], True)
    cols = [F.O_EMTR, F.O_PTR, F.O_GAIN]
    np.testing.assert_array_equal(reform[never][:, :, cols], base[never][:, :, cols])


def test_emtr_at_most_c_in_eligible_months_on_the_grid(runs):
    """δ = g = 1 h: for whole hours the EMTR is measured between two grid points, so <= c in an eligible
    month, for singles and for each eligible adult of a couple (the joint envelope, SPEC §5)."""
    reform, hours = runs["reform"], runs["hours"]
    n_months = reform.shape[1]
    h = np.broadcast_to(hours, (hours.shape[0], n_months))
    other = _second_adult(runs["start"], runs["person"].shape[0])
    elig = reform[:, :, F.O_CEILING_ELIGIBLE] == 1
    other_elig = np.where((other >= 0)[:, None], elig[other], False)
    sel = elig & (h == np.round(h)) & (runs["person"][:, F.HOURLY_WAGE] > 0)[:, None]
    assert sel.sum() > 50 and (sel & other_elig).sum() > 10  # couples where both are eligible are in it
    assert np.all(reform[:, :, F.O_EMTR][sel] <= 0.70 + 1e-9)


def test_months_on_help_counts_months_with_help(runs):
    base = runs["base"]
    moh = base[:, :, F.O_MONTHS_ON_HELP]
    np.testing.assert_array_equal(moh[:, 0], runs["person"][:, F.MONTHS_ON_BENEFIT])
    np.testing.assert_array_equal(moh[:, 1:], moh[:, :-1] + (base[:, :-1, F.O_KONTANTHJAELP] > 0))


def test_ceiling_clock_rules(runs):
    reform, person = runs["reform"], runs["person"]
    clock = reform[:, :, F.O_CEILING_CLOCK]
    elig = reform[:, :, F.O_CEILING_ELIGIBLE]
    before = np.concatenate([person[:, [F.CEILING_MONTHS_USED]], clock[:, :-1]], axis=1)
    step = clock - before
    if np.all(step == elig):  # working months
        return
    # calendar months: +1 every month from the first eligible month (or from the start if months used > 0)
    started = np.maximum.accumulate(elig, axis=1) + (person[:, F.CEILING_MONTHS_USED] > 0)[:, None]
    np.testing.assert_array_equal(step, np.minimum(started, 1))


def test_couple_both_eligible_stays_at_or_below_c():
    """The joint envelope (SPEC §5): one adult's extra hours can no longer shrink the partner's supplement
    so far that the household's marginal rate passes c. 2005, couple 35+35 without children, wage 110,
    both in group 4: adult 1 at 37 h, adult 0 from 0 h (summing two single walks gave 0.734 here)."""
    hh = [([adult(35, 110), adult(35, 110)], 0, 0)]
    o = run(params(2005), ceiling(), hh, [0, 37])[:, 0]
    assert o[0, F.O_EMTR] <= 0.70 + 1e-9
    # adult 1's 37 hours alone, with adult 0 at 0 h: the supplement is adult 1's single walk (SPEC §5:
    # with one eligible adult the joint envelope is exactly the single walk)
    alone = run(params(2005), ceiling(), [([adult(35, 110, match_group=2), adult(35, 110)], 0, 0)], [0, 37])[:, 0]
    assert o[1, F.O_HH_SUPPLEMENT] == pytest.approx(alone[1, F.O_HH_SUPPLEMENT], abs=1e-9)


