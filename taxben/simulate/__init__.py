"""Households × months through the kernels: inputs, the parallel driver, tidy outputs."""

from __future__ import annotations

import numpy as np

from taxben.kernels import fields as F
from taxben.simulate.inputs import PopulationArrays, population_arrays


def indicator_settings(emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0) -> np.ndarray:
    settings = np.empty(F.N_SETTINGS)
    settings[F.S_EMTR_DELTA_HOURS] = emtr_delta_hours
    settings[F.S_PTR_REFERENCE_HOURS] = ptr_reference_hours
    return settings


def simulate_arrays(P: np.ndarray, ceiling: np.ndarray, arrays: PopulationArrays,
                    settings: np.ndarray | None = None) -> np.ndarray:
    """Run the numba engine: returns ``out`` (n_persons, n_months, N_OUT), columns ``F.OUT_COLUMNS``."""
    from taxben.simulate.engine import simulate_households

    if settings is None:
        settings = indicator_settings()
    P = np.ascontiguousarray(P, dtype=np.float64)
    out = np.empty((arrays.n_persons, P.shape[0], F.N_OUT))
    simulate_households(P, same_as_previous_month(P), np.asarray(ceiling, dtype=np.float64), arrays.person,
                        arrays.household_start, arrays.household_children, arrays.household_rent, arrays.hours,
                        settings, out)
    return out


def same_as_previous_month(P: np.ndarray) -> np.ndarray:
    """``same[m]``: every parameter of month m equals month m − 1 (NaN equal to NaN)."""
    same = np.zeros(P.shape[0], dtype=np.bool_)
    if P.shape[0] > 1:
        equal = (P[1:] == P[:-1]) | (np.isnan(P[1:]) & np.isnan(P[:-1]))
        same[1:] = equal.all(axis=1)
    return same


__all__ = ["PopulationArrays", "population_arrays", "indicator_settings", "simulate_arrays"]
