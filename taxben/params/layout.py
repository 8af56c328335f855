"""The compiled parameter records, generated from the rule schema (``taxben.rules.schema``).

One month's rules compile into one float64 row; a horizon is a matrix ``P`` of shape
``(n_months, N_PARAMS)``. The row is laid out as one record per rule area (``tax``, ``kontanthjaelp``,
``benefit_cap``, ``boligsikring``, ``saerlig_stoette``, ``atp``), each field float64, so the matrix can be
viewed as records without a copy::

    R = rules_records(P)            # (n_months,) records of RULES_DTYPE, a view of P
    R[m].boligsikring.max_rent_y    # what a kernel reads: boligsikring_y(R[m].boligsikring, ...)

Hashing, ``same_as_previous_month``, Dask pickling and compile keep working on the flat matrix. Nothing
here is typed by hand: a new parameter is one line in the schema. A schedule compiles to a row-count
field (``<name>_n``; NaN when the schedule is not in force) and two sub-arrays of ``MAX_SCHEDULE_ROWS``
(thresholds padded with +inf, values with 0).

The reform's ``ceiling:`` block compiles the same way into ``CEILING_DTYPE`` (one row per scenario).
Because numba types a record by its dtype, a changed layout is a new signature: cached kernels compiled
for the old layout are never reused for the new one (``taxben.kernels.cache`` covers changed sources).
"""

from __future__ import annotations

import numpy as np

from taxben.rules.schema import (
    ENUMS,
    MAX_SCHEDULE_ROWS,
    SCALARS,
    SCHEDULES,
    area_of,
    field_of,
    schedule_count_field,
)

EARNINGS_DEDUCTION_HOURLY = ENUMS["kontanthjaelp.earnings_deduction_system"]["hourly_disregard"]
EARNINGS_DEDUCTION_MONTHLY = ENUMS["kontanthjaelp.earnings_deduction_system"]["monthly_disregard"]


def _area_fields() -> dict[str, list[tuple]]:
    areas: dict[str, list[tuple]] = {}
    for name, _kind in SCALARS:
        areas.setdefault(area_of(name), []).append((field_of(name), np.float64))
    for spec in SCHEDULES:
        fields = areas.setdefault(area_of(spec.name), [])
        fields.append((schedule_count_field(spec), np.float64))
        fields.append((spec.threshold_field, np.float64, (MAX_SCHEDULE_ROWS,)))
        fields.append((spec.value_field, np.float64, (MAX_SCHEDULE_ROWS,)))
    return areas


AREA_DTYPES: dict[str, np.dtype] = {area: np.dtype(fields) for area, fields in _area_fields().items()}
RULES_DTYPE = np.dtype([(area, dtype) for area, dtype in AREA_DTYPES.items()])
N_PARAMS = RULES_DTYPE.itemsize // 8


def _slot(area: str, field: str) -> int:
    return (RULES_DTYPE.fields[area][1] + AREA_DTYPES[area].fields[field][1]) // 8


# flat positions, for code that works on the matrix itself (compile, the numpy reference, tests)
SCALAR_INDEX: dict[str, int] = {name: _slot(area_of(name), field_of(name)) for name, _ in SCALARS}
SCHEDULE_SLOTS: dict[str, tuple[int, int, int]] = {
    # name: (count slot, first threshold slot, first value slot)
    s.name: (_slot(area_of(s.name), schedule_count_field(s)), _slot(area_of(s.name), s.threshold_field),
             _slot(area_of(s.name), s.value_field))
    for s in SCHEDULES
}


def rules_records(P: np.ndarray) -> np.ndarray:
    """The month matrix ``(n_months, N_PARAMS)`` viewed as ``(n_months,)`` records (no copy)."""
    P = np.ascontiguousarray(P, dtype=np.float64)
    if P.ndim != 2 or P.shape[1] != N_PARAMS:
        raise ValueError(f"expected a (n_months, {N_PARAMS}) parameter matrix, got shape {P.shape}")
    return P.view(RULES_DTYPE)[:, 0]


# --- the reform (scenario ``ceiling:`` block) -------------------------------------------------------
CLOCK_WORKING_MONTHS = 0
CLOCK_CALENDAR_MONTHS = 1
CLOCKS = {"working_months": CLOCK_WORKING_MONTHS, "calendar_months": CLOCK_CALENDAR_MONTHS}
MATCH_GROUPS = 5

CEILING_DTYPE = np.dtype([
    ("enabled", np.float64),  # 1.0 = the ceiling applies in this scenario
    ("rate", np.float64),  # c, the combined marginal rate the ceiling allows
    ("duration_months", np.float64),
    ("extension_months", np.float64),  # added when the caseworker grants the extension
    ("clock", np.float64),  # CLOCK_WORKING_MONTHS or CLOCK_CALENDAR_MONTHS
    ("grid_hours", np.float64),  # g, the step of the hours grid the envelope walks
    ("eligible_match_group", np.float64, (MATCH_GROUPS,)),  # [g − 1] = 1.0 if match group g is eligible
])
N_CEILING = CEILING_DTYPE.itemsize // 8


def ceiling_records(C: np.ndarray) -> np.ndarray:
    """Ceiling rows ``(N_CEILING,)`` or ``(n, N_CEILING)`` viewed as ``(n,)`` records (no copy)."""
    C = np.ascontiguousarray(np.atleast_2d(C), dtype=np.float64)
    if C.shape[1] != N_CEILING:
        raise ValueError(f"expected ceiling rows of length {N_CEILING}, got shape {C.shape}")
    return C.view(CEILING_DTYPE)[:, 0]
