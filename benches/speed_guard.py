"""CI speed guard: fail when the engine gets slower *relative to the numpy reference measured in the same run*.

    python benches/speed_guard.py                 # the check .ci/run runs (2.5-6 min on 2 cores:
                                                  # the reference rounds; a fresh checkout compiles first)
    python benches/speed_guard.py --calibrate 5   # measure 5 times, print the spread and suggested floors

For each check in ``benches/floors.toml`` (workloads baseline, ceiling70_mg45 and ceiling70_mg45 on
ceiling-eligible households; 24 months of a synthetic population) it times, in interleaved rounds on
identical inputs, the numba engine (all threads, and one thread) and the numpy reference, and takes
medians. The guarded number is the speed ratio engine / reference; it must stay at or above its floor.
Absolute times are printed, never asserted: a slow or busy CI machine slows both sides. A check below its
floor but above half of it is measured once more (a burst of load from another process) and fails only if
it is below its floor both times.

Exit status: 0 all ratios at or above their floors, 1 a ratio below its floor, 2 bad floors file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

FLOORS = Path(__file__).with_name("floors.toml")


def load_floors(path: Path) -> dict:
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        guard = config["guard"]
        floors = {name: float(entry["floor"]) for name, entry in config["floors"].items()}
        adults = {name: int(entry.get("adults", guard["adults"])) for name, entry in config["floors"].items()}
        int(guard["rounds"])
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as error:
        print(f"speed guard: cannot read floors from {path}: {error!r}", file=sys.stderr)
        raise SystemExit(2) from None
    return {"guard": guard, "floors": floors, "adults": adults, "path": path}


def threads_of(check: str) -> int | None:
    return 1 if check.endswith("_1thread") else None


def workload_of(check: str) -> str:
    return check.removesuffix("_1thread")


def measure(checks: list[str], adults: dict[str, int], rounds: int) -> dict:
    """{check: Paired} for the named checks; the reference is timed once per workload."""
    from taxben.benchmarking import measure_interleaved

    results = {}
    for workload in dict.fromkeys(workload_of(c) for c in checks):
        mine = [c for c in checks if workload_of(c) == workload]
        threads = [threads_of(c) for c in mine]
        for paired in measure_interleaved(workload, adults[mine[0]], rounds, threads):
            results[paired.name] = paired
    return results


def report(results: dict, floors: dict[str, float]) -> None:
    header = (f"{'check':<26} {'adults':>7} {'engine s':>9} {'engine M pm/s':>14} {'reference s':>12} {'reference M pm/s':>17} "
              f"{'ratio':>7} {'rounds min-max':>15} {'floor':>6}  status")
    print(header)
    print("-" * len(header))
    for name, paired in results.items():
        s = paired.summary()
        floor = floors[name]
        status = "ok" if paired.ratio >= floor else "BELOW FLOOR"
        if status == "ok" and paired.ratio < 1.5 * floor:
            status = "ok (less than 1.5x above the floor)"
        print(f"{name:<26} {s['adults']:>7,} {s['engine_median_s']:>9.4f} {s['engine_pm_per_s'] / 1e6:>14.2f} "
              f"{s['reference_median_s']:>12.3f} {s['reference_pm_per_s'] / 1e6:>17.3f} {paired.ratio:>7.1f} "
              f"{min(paired.round_ratios):>7.1f}-{max(paired.round_ratios):<7.1f} {floor:>6.1f}  {status}")


def guard(config: dict, sweep: bool) -> int:
    from taxben.benchmarking import MONTHS, machine, measure_sweep

    floors, adults, rounds = config["floors"], config["adults"], int(config["guard"]["rounds"])
    info = machine()
    import taxben

    print(f"speed guard: synthetic adults x {MONTHS} months, {rounds} interleaved rounds (median), "
          f"taxben from {Path(taxben.__file__).parent}")
    print(f"machine: {info['cpus']} CPUs ({info['cpu_model']}), numba {info['numba']} with {info['numba_threads']} "
          f"threads, load average {', '.join(f'{x:.2f}' for x in info['load_average'] or ())}")
    t0 = time.perf_counter()
    results = measure(list(floors), adults, rounds)
    report(results, floors)
    below = [name for name, paired in results.items() if paired.ratio < floors[name]]
    # Just below the floor may be a burst of load from another process: measure those once more. Below half
    # the floor is not noise (the busiest passes of the calibration stayed above 1.7x their floors).
    retry = [name for name in below if results[name].ratio >= floors[name] / 2]
    if retry:
        print(f"\n{', '.join(retry)} below the floor but above half of it: measuring "
              f"{'it' if len(retry) == 1 else 'them'} once more (a burst of load from another process would pass now)")
        again = measure(retry, adults, rounds)
        report(again, floors)
        for name in retry:
            if again[name].ratio > results[name].ratio:
                results[name] = again[name]
        below = [name for name in below if results[name].ratio < floors[name]]
    if sweep:
        seconds = measure_sweep(7)
        print(f"\ndashboard sweep (1 household, 0-40 h x baseline/ceiling70 x {MONTHS} months): median "
              f"{statistics.median(seconds) * 1e3:.1f} ms (printed, not asserted)")
    print(f"speed guard took {time.perf_counter() - t0:.0f} s")
    if below:
        print(flush=True)
        for name in below:
            paired = results[name]
            print(f"SPEED GUARD FAILED: {name}: engine/reference speed ratio {paired.ratio:.2f} is below the floor "
                  f"{floors[name]:.2f} (engine {paired.engine_median:.4f} s, reference {paired.reference_median:.3f} s "
                  f"for {paired.persons:,} adults x {MONTHS} months; floors in {config['path']})",
                  file=sys.stderr)
        return 1
    print("speed guard passed: every engine/reference ratio is at or above its floor")
    return 0


def calibrate(config: dict, passes: int) -> int:
    """Measure ``passes`` times and print each check's median ratio, spread and a floor of 1/3 the median."""
    floors, adults, rounds = config["floors"], config["adults"], int(config["guard"]["rounds"])
    ratios: dict[str, list[float]] = {name: [] for name in floors}
    for k in range(passes):
        results = measure(list(floors), adults, rounds)
        print(f"pass {k + 1}: " + ", ".join(f"{name} {paired.ratio:.1f}" for name, paired in results.items()), flush=True)
        for name, paired in results.items():
            ratios[name].append(paired.ratio)
    print(f"\n{'check':<26} {'median':>7} {'min':>7} {'max':>7} {'floor now':>10} {'median/3':>9}")
    for name, values in ratios.items():
        median = statistics.median(values)
        print(f"{name:<26} {median:>7.1f} {min(values):>7.1f} {max(values):>7.1f} {floors[name]:>10.1f} {median / 3:>9.1f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floors", type=Path, default=FLOORS, help="floors file (default: benches/floors.toml)")
    parser.add_argument("--calibrate", type=int, metavar="N", help="measure N times and print the spread")
    parser.add_argument("--no-sweep", action="store_true", help="skip the (printed only) dashboard sweep time")
    args = parser.parse_args(argv)
    config = load_floors(args.floors)
    if args.calibrate:
        return calibrate(config, args.calibrate)
    return guard(config, sweep=not args.no_sweep)


if __name__ == "__main__":
    sys.exit(main())
