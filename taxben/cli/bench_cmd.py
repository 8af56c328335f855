"""``taxben bench``: engine throughput, its ratio to the numpy reference, the dashboard sweep, cold start.

The workloads and measurements live in ``taxben.benchmarking`` (shared with ``benches/`` and the CI speed
guard); this module is the command and its table.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer


# --- the command ------------------------------------------------------------------------------------------


def _rate(person_months: float, seconds: float) -> str:
    return f"{person_months / seconds / 1e6:,.2f}"


def bench(
    adults: Annotated[list[int] | None, typer.Option(help="Population sizes for engine throughput (repeatable)")] = None,
    reference_adults: Annotated[int, typer.Option(help="Population size for the engine/reference ratio")] = 10_000,
    rounds: Annotated[int, typer.Option(min=1, help="Timed rounds per measurement (the median is shown)")] = 5,
    cold_start: Annotated[bool, typer.Option(help="Time fresh `taxben run` (cold and warm numba cache) and "
                                             "`taxben household` processes")] = True,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write all timings to this JSON file")] = None,
) -> None:
    """Measure engine speed (person-months/s), its ratio to the numpy reference, the dashboard sweep and
    cold start on this machine, and print a table. Nothing is asserted; see docs/performance.md."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from taxben.benchmarking import (
        MONTHS, START, WORKLOADS, eligible_person_months, machine, measure_cold_start, measure_engine,
        measure_paired, measure_sweep, person_months,
    )
    from taxben.cli.startup import collect_garbage_from_here

    collect_garbage_from_here()  # large populations, many rounds (taxben.cli.startup)

    console = Console()
    sizes = adults or [10_000, 100_000]
    results: dict = {"machine": machine(), "start": START, "months": MONTHS, "throughput": [], "ratio": []}
    info = results["machine"]
    console.print(f"[dim]{info['cpus']} CPUs ({info['cpu_model']}), {info['memory_gib']} GiB, numba "
                  f"{info['numba']} with {info['numba_threads']} threads; {rounds} rounds, median shown[/dim]")

    table = Table(title=f"Engine throughput, {MONTHS} months from {START}", box=box.SIMPLE_HEAD, padding=(0, 1),
                  pad_edge=False, caption=(
                      "s: median seconds per run; M pm/s: million person-months per second (eligible: "
                      "ceiling-eligible person-months only); reference: the numpy reference on the same "
                      "population; ratio: engine / reference speed, measured in the same process"))
    for column in ("workload", "adults", "s", "M pm/s", "eligible", "reference", "ratio"):
        table.add_column(column, justify="left" if column == "workload" else "right", no_wrap=True)
    with console.status("measuring engine and reference ...") as status:
        for workload in [w for w in WORKLOADS if w != "envelope"]:
            status.update(f"measuring {workload}: engine and reference on {reference_adults:,} adults ...")
            paired = measure_paired(workload, workload, reference_adults, rounds)
            results["ratio"].append(paired.summary())
            for n in sorted({*sizes, reference_adults}):
                status.update(f"measuring {workload}: engine on {n:,} adults ...")
                same = n == reference_adults
                seconds = paired.engine_s if same else measure_engine(workload, n, rounds)
                median, total = statistics.median(seconds), person_months(workload, n)
                eligible = eligible_person_months(workload, n)
                results["throughput"].append({"workload": workload, "adults": total // MONTHS, "median_s": median,
                                              "seconds": seconds, "pm_per_s": total / median,
                                              "eligible_pm_per_s": eligible / median})
                table.add_row(workload, f"{total // MONTHS:,}", f"{median:.3f}", _rate(total, median),
                              _rate(eligible, median) if eligible else "–",
                              _rate(total, paired.reference_median) if same else "",
                              f"{paired.ratio:.1f}×" if same else "")
    console.print(table)

    other = Table(title="Dashboard and command line", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    other.add_column("measurement")
    other.add_column("median", justify="right")
    other.add_column("rounds", justify="right")
    with console.status("measuring the dashboard sweep ..."):
        sweep = measure_sweep(max(rounds, 5))
    results["sweep_s"] = sweep
    other.add_row(f"dashboard sweep: 0-40 h × baseline/ceiling70 × {MONTHS} months",
                  f"{statistics.median(sweep) * 1e3:.1f} ms", str(len(sweep)))
    if cold_start:
        with console.status("timing `taxben run` and `taxben household` in fresh processes (cold cache compiles "
                            "every kernel) ..."):
            starts = measure_cold_start(warm_rounds=3, cold_rounds=1)
        results["cold_start_s"] = starts
        other.add_row("default `taxben run`, new process, cold numba cache", f"{statistics.median(starts['cold']):.2f} s",
                      str(len(starts["cold"])))
        other.add_row("default `taxben run`, new process, warm numba cache", f"{statistics.median(starts['warm']):.2f} s",
                      str(len(starts["warm"])))
        other.add_row("`taxben household --hours 20 --match-group 4`, warm cache",
                      f"{statistics.median(starts['warm_household']):.2f} s", str(len(starts["warm_household"])))
        other.add_row("`taxben household --file` (a couple), warm cache",
                      f"{statistics.median(starts['warm_household_file']):.2f} s",
                      str(len(starts["warm_household_file"])))
    console.print(other)
    if json_out is not None:
        json_out.write_text(json.dumps(results, indent=2, default=lambda o: asdict(o)), encoding="utf-8")
        console.print(f"wrote {json_out}")


def _main(argv: Sequence[str] | None = None) -> None:  # ``python -m taxben.cli.bench_cmd`` before registration
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command()(bench)
    app(args=list(argv) if argv is not None else None)


if __name__ == "__main__":
    _main()
