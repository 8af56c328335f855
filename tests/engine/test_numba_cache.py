"""Numba compiles once: a second process loads the kernels from the on-disk cache (``cache=True``)."""

from __future__ import annotations

import os
import subprocess
import sys

RUN_ENGINE = """
import numpy as np
from taxben.kernels import fields as F
from taxben.params import layout as L
from taxben.simulate.engine import simulate_households
P = np.zeros((2, L.N_PARAMS)); c = np.zeros(L.N_CEILING)
person = np.zeros((1, F.N_PERSON_FIELDS)); person[0, F.AGE] = 30
out = np.empty((1, 2, F.N_OUT))
simulate_households(P, np.zeros(2, dtype=np.bool_), c, person, np.array([0, 1]), np.zeros(1), np.zeros(1), np.zeros((1, 1)), np.array([1.0, 15.0]), out)
"""


def run_engine_process() -> str:
    env = {**os.environ, "NUMBA_DEBUG_CACHE": "1"}
    done = subprocess.run([sys.executable, "-c", RUN_ENGINE], env=env, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def test_second_process_loads_the_engine_from_cache():
    run_engine_process()  # compiles (or loads) and leaves the cache populated
    second = run_engine_process()
    assert "data loaded" in second
    assert "data saved" not in second, "the second process recompiled a kernel"
