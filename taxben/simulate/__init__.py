"""Households × months through the kernels: inputs, the parallel driver, tidy outputs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from taxben.kernels import fields as F
from taxben.simulate.buffers import BUFFERS
from taxben.simulate.inputs import PopulationArrays, population_arrays


def indicator_settings(emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
                       indicators: bool = True) -> np.ndarray:
    """The indicator definitions of SPEC §6 as a (N_SETTINGS,) row (fields of ``fields.SETTINGS_DTYPE``).
    ``indicators=False``: amounts only (household budget and supplement at the actual hours), EMTR, PTR
    and gain from work NaN: for callers that need D at many hours (the behaviour model)."""
    settings = np.zeros(F.N_SETTINGS)
    record = settings.view(F.SETTINGS_DTYPE)[0]
    record["emtr_delta_hours"] = emtr_delta_hours
    record["ptr_reference_hours"] = ptr_reference_hours
    record["indicators"] = 1.0 if indicators else 0.0
    return settings


def simulate_scenarios(P: np.ndarray, ceilings: Sequence[np.ndarray], arrays: PopulationArrays,
                       settings: np.ndarray | None = None) -> np.ndarray:
    """Run the numba engine for several ceiling blocks that share the rules ``P`` in one pass.

    Returns ``out`` (n_scenarios, n_persons, n_months, N_OUT), columns ``F.OUT_COLUMNS``: a buffer of
    ``taxben.simulate.buffers.BUFFERS``, reused by a later call once every view of it is gone."""
    import numba

    from taxben.kernels.envelope import ENVELOPE_DTYPE
    from taxben.params.layout import ceiling_records, rules_records
    from taxben.simulate.engine import simulate_households

    if settings is None:
        settings = indicator_settings()
    P = np.ascontiguousarray(P, dtype=np.float64)
    C = np.ascontiguousarray(np.vstack([np.asarray(c, dtype=np.float64) for c in ceilings]))
    out = BUFFERS.empty((C.shape[0], arrays.n_persons, P.shape[0], F.N_OUT))
    hours = np.ascontiguousarray(arrays.hours, dtype=np.float64)
    settings = np.ascontiguousarray(settings, dtype=np.float64).view(F.SETTINGS_DTYPE)
    simulate_households(_read_only(rules_records(P)), _read_only(same_as_previous_month(P)),
                        _read_only(ceiling_records(C)), _read_only(F.person_records(arrays.person)),
                        _read_only(arrays.households), _read_only(hours), _read_only(settings),
                        np.empty(numba.config.NUMBA_NUM_THREADS, dtype=ENVELOPE_DTYPE), F.out_records(out))
    return out


def _read_only(array: np.ndarray) -> np.ndarray:
    """A read-only view: the engine's inputs reach it read-only whatever their source (a pandas column
    is a read-only view, an array built in code is not), so one compiled signature serves every caller
    and a cold cache compiles the engine once, not once per kind of caller."""
    view = array.view()
    view.setflags(write=False)
    return view


def simulate_arrays(P: np.ndarray, ceiling: np.ndarray, arrays: PopulationArrays,
                    settings: np.ndarray | None = None) -> np.ndarray:
    """Run the numba engine: returns ``out`` (n_persons, n_months, N_OUT), columns ``F.OUT_COLUMNS``."""
    return simulate_scenarios(P, [ceiling], arrays, settings)[0]


def simulate_prepared(prepared, arrays: PopulationArrays, settings: np.ndarray | None = None) -> list[np.ndarray]:
    """``out`` of each prepared scenario (``taxben.simulate.scenario.PreparedScenario``), in order.
    Scenarios whose rules are the same month by month (the baseline and every reform that only adds a
    ceiling) run in one pass of the engine: their budgets are computed once."""
    groups: list[list[int]] = []
    for k, scenario in enumerate(prepared):
        for group in groups:
            P = prepared[group[0]].P
            if P.shape == scenario.P.shape and np.array_equal(P, scenario.P, equal_nan=True):
                group.append(k)
                break
        else:
            groups.append([k])
    outs: list[np.ndarray | None] = [None] * len(prepared)
    for group in groups:
        together = simulate_scenarios(prepared[group[0]].P, [prepared[k].ceiling for k in group], arrays, settings)
        for position, k in enumerate(group):
            outs[k] = together[position]
    return outs


def same_as_previous_month(P: np.ndarray) -> np.ndarray:
    """``same[m]``: every parameter of month m equals month m − 1 (NaN equal to NaN)."""
    same = np.zeros(P.shape[0], dtype=np.bool_)
    if P.shape[0] > 1:
        equal = (P[1:] == P[:-1]) | (np.isnan(P[1:]) & np.isnan(P[:-1]))
        same[1:] = equal.all(axis=1)
    return same


__all__ = ["PopulationArrays", "population_arrays", "indicator_settings", "simulate_arrays", "simulate_scenarios",
           "simulate_prepared"]
