"""The engine call of the behaviour model: one pass per alternative gives the baseline's and the
reform's budgets, and the public cost is the summary's fiscal cost."""

from __future__ import annotations

import numpy as np
import pandas as pd

from taxben.behaviour.options import alternatives_table, option_budgets
from taxben.simulate import indicator_settings, population_arrays, simulate_arrays

from .test_clock import COLUMNS

# Anna (34) and Bent (38), a couple on help with two children, rent 6,500, 120 DKK/hour, match groups 4
# and 5, observed at 0 hours; Carl (45), a single recipient in match group 4 without children, rent 4,000,
# 105 DKK/hour, observed at 0 hours.
COUPLE = [
    (1, 1, 1.0, 34, 2, False, True, 4, 24, 120.0, 0.0, 6500.0, 0.0, 0, False),  # Anna
    (2, 1, 1.0, 38, 2, False, True, 5, 24, 120.0, 0.0, 6500.0, 0.0, 0, False),  # Bent
]
SINGLE = [(3, 2, 1.0, 45, 0, False, True, 4, 24, 105.0, 0.0, 4000.0, 0.0, 0, False)]  # Carl

PER_ADULT = ["kontanthjaelp_m", "ceiling_supplement_m", "income_tax_m", "am_bidrag_m"]
SIGN = np.array([1.0, 1.0, -1.0, -1.0])
HOUSEHOLD = ["household_boligsikring_m", "household_saerlig_stoette_m", "household_cap_reduction_m",
             "household_child_benefits_m", "household_fritidstillaeg_m"]
HOUSEHOLD_SIGN = np.array([1.0, 1.0, -1.0, 1.0, 1.0])


def fiscal_cost(out: np.ndarray) -> np.ndarray:
    """The summary's fiscal cost of one household (taxben.run.summary): benefits (kontanthjælp,
    supplement, housing support after the cap, child benefits, fritidstillæg) minus income tax and
    AM-bidrag, per month. ``out`` (adults, months, N_OUT) from a static run."""
    from taxben.kernels.fields import OUT_COLUMNS

    adults = out[:, :, [OUT_COLUMNS.index(c) for c in PER_ADULT]] @ SIGN
    household = out[0, :, [OUT_COLUMNS.index(c) for c in HOUSEHOLD]].T @ HOUSEHOLD_SIGN
    return adults.sum(axis=0) + household


def test_each_alternative_equals_a_static_run_at_those_hours_for_baseline_and_reform(prepared):
    base, reform = prepared
    assert np.array_equal(base.P, reform.P, equal_nan=True)  # the ceiling reform shares every rule: one pass for both
    frame = pd.DataFrame(COUPLE, columns=COLUMNS)
    arrays = population_arrays(frame, np.zeros((2, base.P.shape[0])))
    hours = np.array([0.0, 5.0, 10.0, 37.0])
    alternatives = alternatives_table(np.array([0, 2, 3]), 2)  # Anna × Bent in {0, 10, 37}²: 9 alternatives
    budgets = option_budgets(base.P, [base.ceiling, reform.ceiling], arrays, np.array([[0, 1]]), hours, alternatives)
    assert budgets.disposable.shape == (2, 1, base.P.shape[0], 9)
    from taxben.kernels.fields import OUT_COLUMNS

    for a, (anna, bent) in enumerate(alternatives):
        schedule = np.repeat([[hours[anna]], [hours[bent]]], base.P.shape[0], axis=1)
        static = population_arrays(frame, schedule)
        for s, scenario in enumerate(prepared):
            out = simulate_arrays(scenario.P, scenario.ceiling, static, indicator_settings())
            disposable = out[0, :, OUT_COLUMNS.index("household_disposable_income_m")]
            np.testing.assert_allclose(budgets.disposable[s, 0, :, a], disposable, atol=0.01)
            np.testing.assert_allclose(budgets.public_cost[s, 0, :, a], fiscal_cost(out), atol=0.01)
        if bent == 0:
            assert budgets.earnings[0, 0, anna] == out[0, 0, OUT_COLUMNS.index("gross_earnings_m")]
    # the reform differs from the baseline where Anna (match group 4) works: the supplement
    working = alternatives[:, 0] > 0
    assert (budgets.disposable[1, 0, :12, working] > budgets.disposable[0, 0, :12, working]).any()


def test_households_are_computed_in_blocks_without_mixing_them(prepared, monkeypatch):
    # a block of one household per engine call must give what one call for all households gives
    import taxben.behaviour.options as options

    base = prepared[0]
    frame = pd.DataFrame(COUPLE + SINGLE, columns=COLUMNS)
    arrays = population_arrays(frame.iloc[[2]], None)  # Carl alone, then with the couple below
    single_rows = np.array([[0]])
    alternatives = alternatives_table(np.arange(4), 1)
    hours = np.array([0.0, 10.0, 20.0, 37.0])
    whole = option_budgets(base.P, [base.ceiling], arrays, single_rows, hours, alternatives)
    two = population_arrays(pd.DataFrame(SINGLE + [(4, 3, 1.0, 45, 0, False, True, 4, 24, 105.0, 0.0, 4000.0, 0.0,
                                                   0, False)], columns=COLUMNS), None)
    monkeypatch.setattr(options, "BLOCK_BYTES", 1)  # one household per block
    blocked = option_budgets(base.P, [base.ceiling], two, np.array([[0], [1]]), hours, alternatives)
    np.testing.assert_array_equal(blocked.disposable[:, 0], whole.disposable[:, 0])
    np.testing.assert_array_equal(blocked.disposable[:, 1], whole.disposable[:, 0])  # Carl's twin
    np.testing.assert_array_equal(blocked.public_cost[:, 1], whole.public_cost[:, 0])
