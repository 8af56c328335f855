"""How a ``taxben`` process treats Python's garbage collector, for a fast start and exit.

A command imports about a thousand modules (the compiler, pandas, pyarrow), which
allocate some 250,000 long-lived objects and no cyclic garbage. With the collector on, CPython scans
them while they are created (0.06 s of ``taxben household``, 0.17 s of ``taxben run`` even with high
thresholds; 0.2-0.3 s with the default ones) and once more while the interpreter shuts down (0.3 s).
docs/performance.md, "Cold start", has the figures. So the console script (``taxben.cli.main:main``):

* runs a command with the collector off (``begin``);
* a command whose work is not bounded by a small input turns it back on before that work
  (``collect_garbage_from_here``): ``taxben run`` on more than one chunk of adults, with a behaviour
  model or on Dask, ``taxben synth``, ``taxben bench``, the dashboard server. What the imports
  allocated is frozen first (``gc.freeze``: never scanned again), so collecting costs little;
* freezes what is alive when the command is done (``end``), so that the shutdown does not scan it.
  Objects are still freed as their references go; only cycles among them are left to the operating
  system, which takes back the whole process anyway (every output file is closed before that).

``taxben.cli.main.app`` called in-process (tests, other programs) leaves the collector as it finds it:
``collect_garbage_from_here`` does nothing while the collector is on.
"""

from __future__ import annotations

import gc


def begin() -> None:
    """The command starts: no collections while it imports and reads its small inputs."""
    gc.disable()


def collect_garbage_from_here() -> None:
    """The command is about to work on data of unbounded size: collect cyclic garbage from now on, as
    usual, without rescanning what the imports allocated."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def end() -> None:
    """The command is done: nothing left to collect that the exit would not free."""
    gc.freeze()
