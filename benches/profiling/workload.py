"""The profiled workload: one month (or more) of one reform for a large population, through the numba engine.

    python workload.py [--seconds 60] [--population peer|synth] [--months 1] [--lean-debug] [--line-map PATH]

Runs the production engine once (the reference), then loops the same call with the one-thread driver
of serial_driver.py swapped in for ``--seconds``, checking every run's output equals the reference:
the profile is of code that computes what production computes. Prints the time per run.
Population ``peer`` (default): the OpenFisca peer's benchmark population (its ``population(n)``), read
from ``<repo>/../shared/peers/openfisca_dk/scripts``; ``synth``: taxben's own synthetic population.
``--months M`` > 1: M months from ``--month`` with each worker's hours moving by −2..+2 a month, as the
peer script's 12-month comparison (``side_by_side.py --months``) moves them, so no month is a copy.
"""

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PEER_SCRIPTS = REPO.parent / "shared" / "peers" / "openfisca_dk" / "scripts"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=60.0, help="how long to loop after the reference run")
    p.add_argument("--population", choices=("peer", "synth"), default="peer")
    p.add_argument("--peer-scripts", type=Path, default=PEER_SCRIPTS, help="folder of the peer's benchmark.py")
    p.add_argument("--households", type=int, default=100_000, help="peer population size (about 1.3 adults each)")
    p.add_argument("--adults", type=int, default=130_000, help="synth population size")
    p.add_argument("--month", default="2005-01", help="first month")
    p.add_argument("--months", type=int, default=1, help="months from --month (hours varying by month if > 1)")
    p.add_argument("--scenario", default="ceiling70_mg45")
    p.add_argument("--lean-debug", action="store_true",
                   help="with NUMBA_DEBUGINFO=1: keep line tables, compile like production (numba_patches.py)")
    p.add_argument("--line-map", type=Path, help="write the line map here (needs an empty NUMBA_CACHE_DIR)")
    return p.parse_args()


def import_taxben_from_this_repo():
    """taxben of the checkout this script sits in, not whatever the venv's editable install points to."""
    sys.path.insert(0, str(REPO))
    import taxben

    where = Path(taxben.__file__).resolve().parent
    if where != REPO / "taxben":
        sys.exit(f"taxben imported from {where}, expected {REPO / 'taxben'}")
    print(f"taxben from {where}", flush=True)


def population_frame(args):
    import numpy as np
    import pandas as pd

    if args.population == "synth":
        from taxben.population import synthesize

        return synthesize(int(args.month[:4]), args.adults, seed=2005)
    if not (args.peer_scripts / "benchmark.py").exists():
        sys.exit(f"peer population not found: {args.peer_scripts / 'benchmark.py'} is missing "
                 "(give --peer-scripts DIR, or use --population synth)")
    sys.path.insert(0, str(args.peer_scripts))
    from benchmark import population  # the peer's benchmark population, as its own benchmark builds it

    frame = pd.DataFrame(population(args.households))
    # the columns taxben's population has and the peer's lacks (as in benches/ comparisons with the peer)
    frame["weight"] = 1.0
    receives = frame["receives_kontanthjaelp"]
    frame["match_group"] = pd.array(np.where(receives, frame["match_group"], pd.NA), dtype="Int64")
    frame["ceiling_months_used"] = 0
    frame["extension_granted"] = False
    return frame


def varying_hours(frame, months):
    """None for one month; else (adults, months) hours: each worker's hours plus −2..+2 drawn per month
    (seed 7), clipped to 0-60, as ``side_by_side.py --months`` draws them."""
    import numpy as np

    if months <= 1:
        return None
    rng = np.random.default_rng(7)
    hours = frame["hours_per_week"].to_numpy(float)
    steps = rng.choice([-2.0, -1.0, 0.0, 1.0, 2.0], (len(hours), months))
    return np.clip(hours[:, None] + steps * (hours[:, None] > 0), 0, 60)


@contextlib.contextmanager
def serial_driver():
    """simulate_scenarios imports simulate_households from the engine module at each call: swap it there."""
    import taxben.simulate.engine as engine
    from serial_driver import simulate_households_serial

    production = engine.simulate_households
    engine.simulate_households = simulate_households_serial
    try:
        yield
    finally:
        engine.simulate_households = production


def main():
    args = parse_args()
    if args.lean_debug or args.line_map:
        if os.environ.get("NUMBA_DEBUGINFO") != "1":
            sys.exit("--lean-debug / --line-map need NUMBA_DEBUGINFO=1 in the environment (run.py sets it)")
        import warnings

        from numba.core.errors import NumbaDebugInfoWarning

        import numba_patches  # before anything is compiled

        # numba warns for every lambda overload and the parfor function that it has no source: noise here
        warnings.filterwarnings("ignore", category=NumbaDebugInfoWarning)

        if args.lean_debug:
            numba_patches.lean_debug()
        if args.line_map:
            numba_patches.log_line_map(args.line_map)
    import_taxben_from_this_repo()
    import numpy as np

    from taxben.simulate import population_arrays, simulate_arrays
    from taxben.simulate.scenario import prepare_run

    frame = population_frame(args)
    _, reform = prepare_run([args.scenario], args.month, args.months)
    arrays = population_arrays(frame, varying_hours(frame, args.months))
    print(f"{args.population} population: {arrays.n_persons} adults; {args.scenario} {args.month}, "
          f"{args.months} month(s)", flush=True)

    t = time.perf_counter()
    reference = simulate_arrays(reform.P, reform.ceiling, arrays).copy()  # the engine's buffer is reused
    print(f"production engine (compile or cache load + 1 run): {time.perf_counter() - t:.1f} s", flush=True)
    with serial_driver():
        t = time.perf_counter()
        out = simulate_arrays(reform.P, reform.ceiling, arrays)
        print(f"serial driver (compile or cache load + 1 run): {time.perf_counter() - t:.1f} s", flush=True)
        assert np.array_equal(out, reference, equal_nan=True), "serial driver differs from the production engine"
        del out
        times = []
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            t = time.perf_counter()
            out = simulate_arrays(reform.P, reform.ceiling, arrays)
            times.append(time.perf_counter() - t)
            assert np.array_equal(out, reference, equal_nan=True), "serial driver differs from the production engine"
            del out
    if times:
        times.sort()
        print(f"{len(times)} runs, per run min {times[0]:.3f} s, median {times[len(times) // 2]:.3f} s", flush=True)


if __name__ == "__main__":
    main()
