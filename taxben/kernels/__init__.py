"""taxben.kernels: the monthly rules of SPEC §4-6 as pure numba functions, one per legal quantity.

Importing the package first makes sure numba's on-disk cache matches the current sources
(``taxben.kernels.cache``): a kernel edited in one file can never be run through a stale compiled caller.
"""

import warnings

from numba.core.errors import NumbaIRAssumptionWarning

from taxben.kernels.cache import ensure_fresh_cache

# The LinearPiece operators are inlined into the kernels at numba-IR level (``inline="always"``: a call
# per max/min made pieces 1.5x slower); numba's internal pedantic check then reports phi variables of the
# inlined ternaries as "not in scope". The compiled code is right (tests/engine/test_envelope.py): the
# note is for numba's developers, not for taxben's users.
warnings.filterwarnings("ignore", category=NumbaIRAssumptionWarning)

ensure_fresh_cache()
