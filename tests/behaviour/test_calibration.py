"""Calibration: the baseline reproduces the observed hours shares exactly, β hits the elasticity targets."""

from __future__ import annotations

import numpy as np
import pytest

from taxben.behaviour.model import BehaviourModel, N_GROUPS, observed_options


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
    assert joint.D_base.shape[2] == 64


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
