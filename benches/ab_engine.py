"""Is a change to the engine faster? The engine of a base revision and this checkout's, alternating in one process.

    python benches/ab_engine.py --base main [--months 12] [--threads 1] [--pairs 20] [--population peer|synth]

On the VMs taxben is developed on, the time of the same call drifts by up to ±50 % within minutes (other
tenants; two vCPUs that behave like one core's two threads: docs/performance.md). Two processes timed one
after the other then cannot show a change of a few per cent. Here both engines run in one process, call
after call, on the same inputs: the base revision's ``taxben``, ``rules`` and ``scenarios`` are exported
with ``git archive`` into a scratch folder and the package is imported as ``taxben_base`` (every mention of
the package name rewritten; its numba cache lives there, so the first run compiles it, 2-3 minutes). The
order within each pair alternates. Prints each side's minimum and median, the median and spread of the
per-pair ratios base / this (above 1: this checkout is faster) and whether the outputs' sums agree.

A developer tool, not part of taxben: nothing imports it and pytest does not collect it. The population
and the month-to-month hours are the profiler's (benches/profiling/workload.py).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benches" / "profiling"))
from workload import PEER_SCRIPTS, population_frame, varying_hours  # noqa: E402  (the profiler's workload)

BASE_PACKAGE = "taxben_base"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", default="main", help="git revision to compare this checkout against")
    p.add_argument("--months", type=int, default=12, help="months from --month (hours varying by month if > 1)")
    p.add_argument("--month", default="2005-01", help="first month")
    p.add_argument("--threads", type=int, default=1, help="numba threads (1: steadier on a shared machine)")
    p.add_argument("--pairs", type=int, default=20, help="timed pairs of calls")
    p.add_argument("--scenario", default="ceiling70_mg45")
    p.add_argument("--population", choices=("peer", "synth"), default="peer")
    p.add_argument("--households", type=int, default=100_000, help="peer population size (about 1.3 adults each)")
    p.add_argument("--adults", type=int, default=130_000, help="synth population size")
    p.add_argument("--peer-scripts", type=Path, default=PEER_SCRIPTS, help="folder of the peer's benchmark.py")
    p.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "taxben-ab",
                   help="where the base revision is exported (one folder per commit, reused)")
    return p.parse_args()


def export_base(revision: str, scratch: Path) -> Path:
    """The folder holding ``taxben_base`` (the base revision's package, renamed), ``rules`` and ``scenarios``."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{revision}^{{commit}}"],
                            capture_output=True, text=True)
    if commit.returncode != 0:
        sys.exit(f"not a revision of {REPO}: {revision!r}")
    folder = scratch / commit.stdout.strip()[:12]
    if (folder / BASE_PACKAGE).is_dir():
        return folder
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit.stdout.strip(), "taxben", "rules", "scenarios"],
                             capture_output=True, check=True).stdout
    scratch.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=scratch))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(partial, filter="data")
    (partial / "taxben").rename(partial / BASE_PACKAGE)
    name = re.compile(r"\btaxben\b")
    for source in (partial / BASE_PACKAGE).rglob("*.py"):
        source.write_text(name.sub(BASE_PACKAGE, source.read_text(encoding="utf-8")), encoding="utf-8")
    partial.rename(folder)  # whole or not at all: a run stopped midway leaves only its temporary folder
    return folder


def engines(base_folder: Path):
    """(name, simulate module, scenario module) of the base and of this checkout."""
    sys.path[:0] = [str(base_folder), str(REPO)]
    import importlib

    this = importlib.import_module("taxben.simulate")
    if Path(this.__file__).resolve().parents[1] != REPO / "taxben":
        sys.exit(f"taxben imported from {this.__file__}, expected this checkout")
    return [("base", importlib.import_module(f"{BASE_PACKAGE}.simulate"),
             importlib.import_module(f"{BASE_PACKAGE}.simulate.scenario")),
            ("this", this, importlib.import_module("taxben.simulate.scenario"))]


def main():
    args = parse_args()
    os.environ.setdefault("NUMBA_NUM_THREADS", str(args.threads))
    base_folder = export_base(args.base, args.scratch)
    import numpy as np

    sides = engines(base_folder)
    frame = population_frame(args)
    hours = varying_hours(frame, args.months)
    calls, sums = {}, {}
    for name, simulate, scenario in sides:
        _, reform = scenario.prepare_run([args.scenario], args.month, args.months)
        arrays = simulate.population_arrays(frame, hours)
        started = time.perf_counter()
        sums[name] = float(np.nansum(simulate.simulate_arrays(reform.P, reform.ceiling, arrays)))
        print(f"{name}: first call (compile or cache load) {time.perf_counter() - started:.1f} s", flush=True)
        calls[name] = (simulate.simulate_arrays, reform.P, reform.ceiling, arrays)
    seconds = {"base": [], "this": []}
    for pair in range(args.pairs):
        for name in ("base", "this") if pair % 2 == 0 else ("this", "base"):
            simulate_arrays, P, ceiling, arrays = calls[name]
            started = time.perf_counter()
            out = simulate_arrays(P, ceiling, arrays)
            seconds[name].append(time.perf_counter() - started)
            del out  # back to the buffer pool before the other side's call
    n_adults = len(frame)
    print(f"{args.population} population, {n_adults:,} adults × {args.months} month(s), {args.scenario}, "
          f"{os.environ['NUMBA_NUM_THREADS']} thread(s), {args.pairs} pairs; base {args.base}")
    for name, times in seconds.items():
        print(f"  {name}: min {min(times) * 1e3:.1f} ms, median {statistics.median(times) * 1e3:.1f} ms")
    ratios = sorted(b / t for b, t in zip(seconds["base"], seconds["this"]))
    print(f"  base / this per pair: median {statistics.median(ratios):.3f} "
          f"(middle half {ratios[len(ratios) // 4]:.3f}-{ratios[(3 * len(ratios)) // 4]:.3f})")
    same = sums["base"] == sums["this"]
    print(f"  outputs' sum: {'the same' if same else 'DIFFERENT'} ({sums['base']:.10e} / {sums['this']:.10e})")


if __name__ == "__main__":
    main()
