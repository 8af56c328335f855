"""Calibration: the baseline reproduces the observed hours shares exactly, β hits the elasticity targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxben.behaviour.model import BehaviourModel, CalibrationError, N_GROUPS, observed_options
from taxben.behaviour.spec import load_behaviour

from .conftest import behaviour_file


def test_observed_hours_go_to_the_nearest_positive_option():
    # options 0, 5, 10, 15, 20, 25, 30, 37 (indexes 0-7): 2 h is work, so option 5 h (index 1), never 0;
    # 7.5 h lies halfway between 5 and 10 and goes to the lower; 12 → 10; 26 → 25; 40 → 37.
    options = np.array([0, 5, 10, 15, 20, 25, 30, 37], dtype=float)
    hours = np.array([0, 2, 7.5, 12, 26, 40], dtype=float)
    assert observed_options(hours, options).tolist() == [0, 1, 1, 2, 5, 7]


@pytest.fixture(scope="module")
def model(small_population, prepared, central_spec):
    return BehaviourModel(central_spec, small_population, prepared[0], None, chunk_persons=1000)


def test_both_kinds_of_household_are_present(model):
    single_chooser, joint = model.classes
    assert single_chooser.n > 100 and joint.n > 5  # couples of two recipients choose jointly (8 × 8)
    assert joint.D_base.shape[2] == len(model.live_options) ** 2  # pairs of options observed somewhere


@pytest.mark.parametrize("variant", ["low", "central", "high"])
def test_calibrated_baseline_reproduces_observed_shares_in_every_group_and_month(model, variant):
    for m in range(model.months):
        predicted, observed = model.baseline_shares(variant, m)
        present = np.isfinite(observed)
        assert present.sum() >= 8 * 5  # at least five groups present
        assert np.abs(predicted[present] - observed[present]).max() < 1e-9


@pytest.mark.parametrize("variant", ["low", "central", "high"])
def test_implied_participation_elasticity_equals_the_target(model, central_spec, variant):
    implied = model.calibrations[variant].elasticity
    targets = np.array([central_spec.targets[variant][g] for g in range(1, 6)])
    np.testing.assert_allclose(implied, targets, rtol=1e-6)


def test_options_never_observed_in_a_group_get_probability_zero(model):
    # recipients in the synthetic population work 5-25 h: 30 and 37 h are never observed
    predicted, observed = model.baseline_shares("central", 0)
    present = np.isfinite(observed[:, 0])
    assert (observed[present][:, 6:] == 0).all()
    assert (predicted[present][:, 6:] == 0).all()
    assert model.calibrations["central"].alpha.shape == (model.months, N_GROUPS, 8)


# --- β is found for any target, however small (the failing hypothesis example) -------------------------
# For a small β the choice probabilities barely move, so the implied elasticity is proportional to β:
# β / target is the same number for every small target (here that of 1e-6). The first version updated
# β ← β × target / implied; from β = 1e-3 the product β × target underflowed to 0 for targets below about
# 1e-154 (the hypothesis example was 2.2e-309), the implied elasticity became 0 and the run stopped with
# "the gain from full-time work is not positive".
@pytest.mark.parametrize("target", [1e-6, 1e-160, 1e-300, 2.2250738585072014e-308, 2.225073858507203e-309])
def test_a_tiny_elasticity_target_is_met_with_a_proportionally_tiny_beta(model, target):
    reference = model.calibrate({g: 1e-6 for g in range(1, 6)})
    cal = model.calibrate({g: target for g in range(1, 6)})
    np.testing.assert_allclose(cal.elasticity / target, 1.0, rtol=1e-9, atol=0)
    np.testing.assert_allclose(cal.beta / target, reference.beta / 1e-6, rtol=1e-6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(level=st.floats(0.0, 1.0), spread=st.lists(st.floats(0.5, 1.0), min_size=5, max_size=5))
def test_any_elasticity_targets_within_a_factor_two_are_met(model, level, spread):
    # targets between level/2 and level per match group, level anywhere in [0, 1] including subnormal numbers
    targets = {g: level * spread[g - 1] for g in range(1, 6)}
    cal = model.calibrate(targets)
    for g in range(1, 6):
        if targets[g] > 0:
            assert abs(cal.elasticity[g - 1] / targets[g] - 1) < 1e-9
            assert cal.beta[g - 1] >= 0
        else:
            assert cal.beta[g - 1] == 0


def test_a_target_below_what_joint_couples_give_stops_with_a_sentence(model):
    # match group 5 shares the mean β with partners in match groups 1-4 in joint couples: at 1e-6 its
    # elasticity cannot fall that low while the others have 0.3, whatever its own β
    with pytest.raises(CalibrationError, match="match group 5 a participation elasticity as small as 1e-06"):
        model.calibrate({1: 0.3, 2: 0.3, 3: 0.3, 4: 0.3, 5: 1e-6})


# Seven single recipients aged 40 without children, on help for 24 months, 110 DKK/hour, rent 4,000:
# in match group 4 Mette and Ole work 0 hours, Kim 10 and Lis 20; in match group 5 Bo and Ida both work
# 10 hours. Nobody in match group 5 is at the working margin (all work, option 0 never observed there), so
# no β changes its participation: its β is the β per unit of elasticity of the identified match group 4.
MARGIN_ROWS = [
    (1, 1, 1.0, 40, 0, False, True, 4, 24, 110.0, 0.0, 4000.0, 0.0, 0, False),  # Mette
    (2, 2, 1.0, 40, 0, False, True, 4, 24, 110.0, 10.0, 4000.0, 0.0, 0, False),  # Kim
    (3, 3, 1.0, 40, 0, False, True, 4, 24, 110.0, 20.0, 4000.0, 0.0, 0, False),  # Lis
    (4, 4, 1.0, 40, 0, False, True, 4, 24, 110.0, 0.0, 4000.0, 0.0, 0, False),  # Ole
    (5, 5, 1.0, 40, 0, False, True, 5, 24, 110.0, 10.0, 4000.0, 0.0, 0, False),  # Bo
    (6, 6, 1.0, 40, 0, False, True, 5, 24, 110.0, 10.0, 4000.0, 0.0, 0, False),  # Ida
]


def test_a_match_group_nobody_is_at_the_margin_of_takes_the_pooled_beta(prepared, tmp_path):
    from .test_clock import COLUMNS

    frame = pd.DataFrame(MARGIN_ROWS, columns=COLUMNS)
    spec = load_behaviour(behaviour_file(tmp_path, "margin", {1: 0.3, 2: 0.3, 3: 0.3, 4: 0.15, 5: 0.1}))
    model = BehaviourModel(spec, frame, prepared[0], None, chunk_persons=1000)
    cal = model.calibrations["central"]
    assert cal.identified.tolist() == [False, False, False, True, False]
    assert cal.elasticity[3] == pytest.approx(0.15, rel=1e-9)
    assert cal.elasticity[4] == 0.0  # everybody works whatever β: participation cannot respond
    assert cal.beta[4] / 0.1 == pytest.approx(cal.beta[3] / 0.15, rel=1e-12)
    assert model.describe()["variants"]["central"]["beta_pooled_for_match_groups"] == [5]
