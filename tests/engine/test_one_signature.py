"""Every caller reaches the compiled engine with the same argument types, so one compiled (and cached)
signature serves them all: a cold cache compiles ``simulate_households`` once (about 30 s), not once per
kind of caller (docs/performance.md, "Cold start"). The engine itself is replaced by a recorder here."""

from __future__ import annotations

import numba
import numpy as np
import pytest

import taxben.simulate.engine as engine
from taxben import calc
from taxben.params.compile import compile_ceiling, compile_horizon
from taxben.population.synth import default_population
from taxben.rules import CeilingSpec, load_rules
from taxben.simulate import population_arrays, simulate_arrays, simulate_prepared
from taxben.simulate.scenario import prepare_run


@pytest.fixture
def argument_types(monkeypatch):
    seen = []

    def recorder(*args):
        seen.append(tuple(numba.typeof(arg) for arg in args))

    monkeypatch.setattr(engine, "simulate_households", recorder)
    return seen


def test_household_population_and_hand_built_callers_share_one_signature(argument_types):
    # the single-household calculator (columns built in code, hours writable) ...
    calc.household_outputs({"adults": [{"hours_per_week": 10}]}, start="2005-01", months=2)
    # ... a population frame (pandas gives read-only column views) with an hours schedule ...
    frame = default_population().iloc[:50]
    prepared = prepare_run(["ceiling70_mg45"], "2005-01", 2)
    simulate_prepared(prepared, population_arrays(frame))
    simulate_prepared(prepared, population_arrays(frame, np.full((len(frame), 2), 12.0)))
    # ... and rules compiled by hand (a writable P), as the tests and the reference comparisons do
    _, P = compile_horizon(load_rules(), "2005-01", 2)
    simulate_arrays(P, compile_ceiling(CeilingSpec()), population_arrays(frame))
    assert len(argument_types) == 4
    assert len(set(argument_types)) == 1, set(argument_types)
    inputs = argument_types[0][:7]  # rules, same-as-last-month, ceilings, persons, households, hours, settings
    assert all(t.mutable is False for t in inputs)
    assert all(t.mutable is True for t in argument_types[0][7:])  # the scratch space and the output
