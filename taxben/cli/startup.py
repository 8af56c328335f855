"""How a ``taxben`` process treats Python's garbage collector, for a fast start and exit.

A command imports about a thousand modules (the compiler, pandas, pyarrow; bokeh for the report), which
allocate some 250,000 long-lived objects and no cyclic garbage. With CPython's default thresholds the
collector scans them all again each time their number has grown by a quarter while they are created, and
once more while the interpreter shuts down: about 0.5 s of the 1.4 s ``taxben household`` took
(docs/performance.md, "Cold start"). So the console script (``taxben.cli.main:main``):

* collects the youngest generation every 20,000 allocations instead of every 700, and the oldest after
  100 collections of the middle one instead of 10: cyclic garbage is still collected (``taxben run`` on
  millions of adults, the dashboard server), just without rescanning the imported modules' objects
  over and over;
* freezes what is alive when the command is done (``gc.freeze``), so that the shutdown does not scan it.
  Objects are still freed as their references go; only cycles among them are left to the OS, which
  takes back the whole process anyway (every output file is written and closed before that).

``taxben.cli.main.app`` called in-process (tests, other programs) leaves the collector as it finds it.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 10, 100)  # CPython's defaults: (700, 10, 10)


def begin() -> None:
    """The command starts."""
    gc.set_threshold(*THRESHOLDS)


def end() -> None:
    """The command is done: nothing left to collect that the exit would not free."""
    gc.freeze()
