"""A one-thread stand-in for ``taxben.simulate.engine.simulate_households``, for profiling only.

gdb samples only the main thread, and the production driver spreads households over numba's threads
with ``prange``. This loop makes the same ``simulate_household`` call per household (same argument
types, so the same compiled ``simulate_household``), on one thread. Same signature as the production
driver, so ``workload.py`` can swap it in under ``simulate_scenarios``, which prepares the arguments.
Keep the call in step with engine.py; workload.py checks that both give the same output.
"""

import numpy as np
from numba import njit

from taxben.simulate.engine import N_KEY, THREAD_GAP, simulate_household


@njit(cache=True)
def simulate_households_serial(R, same_rules, C, people, households, hours, settings, envelopes, out):
    n_households = households.shape[0]
    n_scenarios = C.shape[0]
    # scratch sliced and indexed by row as in production: keys[0] has the type of production's keys[thread]
    keys = np.zeros((1, THREAD_GAP + N_KEY + 2 * n_scenarios))[:, THREAD_GAP:]
    states = np.zeros((1, THREAD_GAP // 2 + 2 + 2 * n_scenarios, 2))[:, THREAD_GAP // 2:]
    for h in range(n_households):
        start = int(households[h].start)
        stop = start + int(households[h].n_adults)
        simulate_household(R, same_rules, C, people[start:stop], households[h], hours[start:stop], settings[0],
                           out[:, start:stop], envelopes[0], keys[0], states[0])
