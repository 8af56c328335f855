"""taxben.kernels: the monthly rules of SPEC §4-6 as pure numba functions, one per legal quantity.

Importing the package first makes sure numba's on-disk cache matches the current sources
(``taxben.kernels.cache``): a kernel edited in one file can never be run through a stale compiled caller.
"""

from taxben.kernels.cache import ensure_fresh_cache

ensure_fresh_cache()
