"""What the driver keeps from one month to the next holds only while the month's rules and household record
stay the same: the stretches of D (the ceiling envelope's anchor cache) and D at each adult's participation
point (0 hours if working, the PTR's reference hours if not), which comes back month after month.

A story where the household record changes between two months while the participation point stays where
it was. The expected amounts come from the independent numpy reference (``taxben.reference``), which keeps
nothing from month to month. And reforms that run in one pass share that cache: each must get what it
gets alone, whatever the other's grid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from taxben.kernels import fields as F
from taxben.params.compile import compile_ceiling
from taxben.reference import simulate as reference_simulate
from taxben.rules import CeilingSpec
from taxben.simulate import indicator_settings, population_arrays, simulate_arrays, simulate_scenarios

from .conftest import population_frame, prepared


def col(out, name):
    return out[:, :, F.OUT_COLUMNS.index(name)]


def test_atp_on_help_due_from_the_second_month_moves_d_at_the_participation_point():
    """Jens, 40, single, match group 4, 120 DKK/h, rent 4,000, 11 months on help before January 2005.
    He works 10 h in January and 12 h in February (earnings 5,200 and 6,240 a month leave him some help,
    so January counts as his 12th month on help). From February he pays ATP on help (2005: 75 DKK a month
    after 12 months, on help at the full rate): at 0 hours, his participation point, where his help is
    the full rate, not at 10-12 h, where his earnings reduce it. So D(0), which the engine keeps from
    January when nothing changes, falls in February: his gain from work must be computed from February's
    D(0), as the reference computes it."""
    frame = pd.DataFrame([dict(person_id=1, household_id=1, age=40, lives_with_parents=False,
                               receives_kontanthjaelp=True, match_group=4, hourly_wage=120.0, hours_per_week=10.0,
                               months_on_benefit=11, other_income_monthly=0.0, ceiling_months_used=0,
                               extension_granted=False, weight=1.0, n_children=0, rent_monthly=4_000.0)])
    arrays = population_arrays(frame, np.array([[10.0, 12.0]]))
    settings = indicator_settings()
    for scenario in ("baseline", "ceiling70_mg45"):
        rules = prepared(scenario, 2005, 2)
        out = simulate_arrays(rules.P, rules.ceiling, arrays, settings).copy()
        expected = reference_simulate(rules.P, rules.ceiling, arrays.person, arrays.household_start,
                                      arrays.household_children, arrays.household_rent, arrays.hours, settings)

        # the story holds: help in January, ATP on help due in February, and D(0) lower in February
        assert col(out, "kontanthjaelp_m")[0, 0] > 0
        assert col(out, "months_on_help")[0].tolist() == [11.0, 12.0]
        d_at_zero = col(out, "household_disposable_income_m")[0] - col(out, "gain_from_work_m")[0]
        assert d_at_zero[1] < d_at_zero[0] - 1.0, scenario

        np.testing.assert_allclose(out, expected, atol=1e-6, rtol=0, equal_nan=True)


def random_households(rng: np.random.Generator, n_households: int) -> list[dict]:
    """Singles and couples, most of them recipients in any match group, working 0-37 h at 90-218 DKK/h
    (in the form of ``conftest.household_strategy``)."""
    def adult():
        return dict(age=int(rng.integers(18, 60)), lives_with_parents=False,
                    receives_kontanthjaelp=bool(rng.random() < 0.85), match_group=int(rng.integers(1, 6)),
                    hourly_wage=float(rng.choice([90.0, 110.0, 160.0, 218.0])),
                    hours_per_week=float(rng.choice([0, 0, 5, 10, 15, 20, 25, 30, 37])),
                    months_on_benefit=int(rng.integers(0, 14)), other_income_monthly=0.0, ceiling_months_used=0,
                    extension_granted=False)
    return [dict(adults=[adult() for _ in range(1 if rng.random() < 0.6 else 2)],
                 n_children=int(rng.integers(0, 3)), rent_monthly=float(rng.choice([0.0, 3000.0, 5000.0])))
            for _ in range(n_households)]


@pytest.mark.parametrize("seed", [1, 2])
def test_two_ceilings_with_different_grids_in_one_pass_each_get_their_own_result(seed):
    """A 70 % ceiling on a 1-hour grid and a 60 % ceiling on a half-hour grid, both for match groups 4-5,
    run in one pass over 300 random households for 6 months, each worker's hours moving by 0-2 h a
    month: they share the stretches of D (which do not depend on the ceiling), not the grid points of
    those stretches. Each reform's outputs equal those of its own run (to 1e-6 DKK: which points of a
    stretch were evaluated depends on what was asked before, so the last bits may differ)."""
    months = 6
    rng = np.random.default_rng(seed)
    frame = population_frame(random_households(rng, 300))
    base_hours = frame["hours_per_week"].to_numpy()[:, None]
    hours = np.where(base_hours > 0, base_hours + rng.integers(0, 3, (len(frame), months)), 0.0)
    arrays = population_arrays(frame, hours)
    rules = prepared("baseline", 2005, months)
    ceilings = [compile_ceiling(CeilingSpec(enabled=True, rate=0.70, grid_hours=1.0)),
                compile_ceiling(CeilingSpec(enabled=True, rate=0.60, grid_hours=0.5))]
    together = simulate_scenarios(rules.P, ceilings, arrays).copy()
    supplement = F.OUT_COLUMNS.index("household_ceiling_supplement_m")
    for k, ceiling in enumerate(ceilings):
        alone = simulate_scenarios(rules.P, [ceiling], arrays)[0]
        assert (alone[:, 1:, supplement] > 0).sum() > 50  # supplements paid after the first month
        np.testing.assert_allclose(together[k], alone, atol=1e-6, rtol=0, equal_nan=True)
