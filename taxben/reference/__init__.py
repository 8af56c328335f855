"""Independent reference implementation of taxben's rules (SPEC §4-6) in plain numpy.

Used only by tests (cross-check of the numba engine to 1e-6 DKK) and benchmarks (denominator of the speed
ratio). Written from the spec; it shares with the engine only the array layouts
(``taxben.kernels.fields``, ``taxben.params.layout``), never the kernels.

``simulate(P, C, person, household_start, household_children, household_rent, hours, settings)`` returns ``out`` of shape ``(n_persons, n_months, fields.N_OUT)``;
vectorised over households, loops over months, adult slots and the ceiling envelope's lattice only.

``param_row`` builds a compiled parameter row from a ``{name: value}`` dict (for hand-made test params).
"""

from taxben.reference.engine import simulate
from taxben.reference.params import MonthParams, param_row

__all__ = ["simulate", "param_row", "MonthParams"]
