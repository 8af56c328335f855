"""``taxben bench``: engine throughput, its ratio to the numpy reference, the dashboard sweep, cold start.

The measurement helpers here are shared by the command, the pytest-benchmark suite (``benches/``) and the
CI speed guard (``benches/speed_guard.py``), so all three measure the same workloads the same way:

* a *workload* is a synthetic population (``synthesize(2005, adults, seed=2005)``) run for 24 months
  from 2005-01 under one compiled scenario: ``baseline`` (the rules, no ceiling; still EMTR + PTR) or
  ``ceiling70`` (``ceiling70_mg45``: the baseline budget + the 70 % ceiling envelope + EMTR + PTR);
* throughput is person-months per second of ``simulate_arrays`` (arrays already built, output array
  allocated per call as in a real run);
* the *ratio* is engine speed / reference speed on identical inputs, timed in the same process, rounds
  interleaved (engine, reference, engine, ...) so that a slow patch on the machine hits both.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import typer

START, MONTHS = "2005-01", 24
YEAR, SEED = 2005, 2005
WORKLOADS = {  # name: (scenario, population of eligible households only)
    "baseline": ("baseline", False),
    "ceiling70": ("ceiling70_mg45", False),
    "ceiling70_eligible": ("ceiling70_mg45", True),
}
SCENARIOS = {name: scenario for name, (scenario, _) in WORKLOADS.items()}
SWEEP_HOUSEHOLD = {  # a single parent on help for 2½ years, 2 children, rent 6,000: eligible for the ceiling
    "adults": [{"age": 35, "hourly_wage": 130.0, "months_on_benefit": 30, "match_group": 4}],
    "n_children": 2,
    "rent_monthly": 6000.0,
}


# --- workloads ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def population(adults: int, eligible_only: bool = False):
    """Engine arrays of the synthetic population with ``adults`` adults (households contiguous).

    ``eligible_only``: only households with an adult eligible for the ceiling supplement in some month
    under ceiling70_mg45 (about 3 % of the synthetic adults), drawn from a 100,000-adult synthetic
    population and repeated to ``adults`` adults; every person-month of it walks the ceiling envelope or
    is a month of a household that does."""
    from taxben.population.synth import synthesize
    from taxben.simulate import population_arrays

    if not eligible_only:
        return population_arrays(synthesize(YEAR, adults, SEED))
    return population_arrays(eligible_frame(adults))


def eligible_frame(adults: int):
    import numpy as np
    import pandas as pd

    from taxben.kernels import fields as F
    from taxben.population.synth import synthesize
    from taxben.simulate import indicator_settings, population_arrays, simulate_arrays

    source = synthesize(YEAR, 100_000, SEED)
    prepared = scenario("ceiling70")
    out = simulate_arrays(prepared.P, prepared.ceiling, population_arrays(source), indicator_settings())
    eligible_adult = out[:, :, F.O_CEILING_ELIGIBLE].max(axis=1) > 0.5
    keep = source["household_id"].isin(source.loc[eligible_adult, "household_id"])
    base = source[keep].reset_index(drop=True)
    copies = -(-adults // len(base))
    frames = []
    for k in range(copies):
        copy = base.copy()
        copy["household_id"] = base["household_id"] + k * (int(source["household_id"].max()) + 1)
        copy["person_id"] = base["person_id"] + k * (int(source["person_id"].max()) + 1)
        frames.append(copy)
    frame = pd.concat(frames, ignore_index=True)
    ends = np.flatnonzero(frame["household_id"].to_numpy()[1:] != frame["household_id"].to_numpy()[:-1]) + 1
    cut = ends[np.searchsorted(ends, adults, side="right") - 1] if adults < len(frame) and len(ends) else len(frame)
    return frame.iloc[:max(int(cut), 1)].reset_index(drop=True)


def workload_population(workload: str, adults: int):
    return population(adults, WORKLOADS[workload][1])


def person_months(workload: str, adults: int) -> int:
    """Person-months of the workload (the eligible-only population may hold a few adults less)."""
    return workload_population(workload, adults).n_persons * MONTHS


@lru_cache(maxsize=8)
def scenario(workload: str):
    from taxben.simulate.scenario import prepare_scenario

    return prepare_scenario(SCENARIOS[workload], START, MONTHS)


def engine_call(workload: str, adults: int) -> Callable[[], object]:
    """A no-argument function running the numba engine on the workload; returns ``out``."""
    from taxben.simulate import indicator_settings, simulate_arrays

    arrays, prepared, settings = workload_population(workload, adults), scenario(workload), indicator_settings()
    return lambda: simulate_arrays(prepared.P, prepared.ceiling, arrays, settings)


def reference_call(workload: str, adults: int) -> Callable[[], object]:
    """The same workload through the numpy reference implementation (same inputs, same output)."""
    from taxben.reference import simulate as reference_simulate
    from taxben.simulate import indicator_settings

    a, prepared, settings = workload_population(workload, adults), scenario(workload), indicator_settings()
    return lambda: reference_simulate(prepared.P, prepared.ceiling, a.person, a.household_start,
                                      a.household_children, a.household_rent, a.hours, settings)


def eligible_person_months(workload: str, adults: int) -> int:
    """Person-months eligible for the ceiling supplement (0 under the baseline)."""
    from taxben.kernels import fields as F

    return int(engine_call(workload, adults)()[:, :, F.O_CEILING_ELIGIBLE].sum())


@contextmanager
def numba_threads(n: int | None) -> Iterator[None]:
    """Run the numba engine with ``n`` threads (``None``: leave as is)."""
    if n is None:
        yield
        return
    import numba

    before = numba.get_num_threads()
    numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        numba.set_num_threads(before)


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    del result  # free the output before the next call (they are large)
    return seconds


@dataclass
class Paired:
    """Interleaved engine and reference timings of one workload on identical inputs."""

    name: str
    workload: str
    adults: int
    threads: int | None
    persons: int = 0
    engine_s: list[float] = field(default_factory=list)
    reference_s: list[float] = field(default_factory=list)

    @property
    def person_months(self) -> int:
        return self.persons * MONTHS

    @property
    def engine_median(self) -> float:
        return statistics.median(self.engine_s)

    @property
    def reference_median(self) -> float:
        return statistics.median(self.reference_s)

    @property
    def ratio(self) -> float:
        """Engine speed / reference speed: median reference time over median engine time."""
        return self.reference_median / self.engine_median

    @property
    def round_ratios(self) -> list[float]:
        return [r / e for e, r in zip(self.engine_s, self.reference_s)]

    def summary(self) -> dict:
        return {"name": self.name, "workload": self.workload, "adults": self.persons, "months": MONTHS,
                "threads": self.threads, "engine_median_s": self.engine_median,
                "reference_median_s": self.reference_median,
                "engine_pm_per_s": self.person_months / self.engine_median,
                "reference_pm_per_s": self.person_months / self.reference_median,
                "ratio": self.ratio, "round_ratios": self.round_ratios}


def measure_interleaved(workload: str, adults: int, rounds: int, threads: Sequence[int | None] = (None,),
                        warmup: int = 2) -> list[Paired]:
    """``rounds`` interleaved rounds on identical inputs: each round times the engine once per entry of
    ``threads`` (numba thread count, ``None`` = all) and then the reference once. Before that, ``warmup``
    untimed engine calls per thread count (kernel cache load, first touch of the output pages) and one
    untimed reference call. Returns one ``Paired`` per thread count, sharing the reference timings."""
    engine, reference = engine_call(workload, adults), reference_call(workload, adults)
    persons = workload_population(workload, adults).n_persons
    results = [Paired(workload if t is None else f"{workload}_{t}thread", workload, adults, t, persons)
               for t in threads]
    for t in threads:
        with numba_threads(t):
            for _ in range(warmup):
                _timed(engine)
    _timed(reference)
    for _ in range(rounds):
        for t, result in zip(threads, results):
            with numba_threads(t):
                result.engine_s.append(_timed(engine))
        seconds = _timed(reference)
        for result in results:
            result.reference_s.append(seconds)
    return results


def measure_paired(name: str, workload: str, adults: int, rounds: int, threads: int | None = None,
                   warmup: int = 2) -> Paired:
    """Engine (``threads`` numba threads, ``None`` = all) and reference, interleaved, on identical inputs."""
    (result,) = measure_interleaved(workload, adults, rounds, (threads,), warmup)
    result.name = name
    return result


def measure_engine(workload: str, adults: int, rounds: int, warmup: int = 2) -> list[float]:
    engine = engine_call(workload, adults)
    for _ in range(warmup):
        _timed(engine)
    return [_timed(engine) for _ in range(rounds)]


# --- the dashboard sweep and cold start -------------------------------------------------------------------


def sweep_call() -> Callable[[], object]:
    """One household, 0-40 hours × baseline/ceiling70_mg45 × 24 months (what the dashboard recomputes)."""
    from taxben import calc

    return lambda: calc.sweep(SWEEP_HOUSEHOLD, hours=range(0, 41), start=START, months=MONTHS,
                              scenario=SCENARIOS["ceiling70"])


def measure_sweep(rounds: int, warmup: int = 2) -> list[float]:
    sweep = sweep_call()
    for _ in range(warmup):
        _timed(sweep)
    return [_timed(sweep) for _ in range(rounds)]


def taxben_command() -> list[str]:
    """The ``taxben`` console script of this interpreter's environment (else ``python -m taxben.cli.main``)."""
    script = Path(sys.executable).parent / "taxben"
    if script.exists():
        return [str(script)]
    found = shutil.which("taxben")
    return [found] if found else [sys.executable, "-m", "taxben.cli.main"]


def run_default(cache_dir: str | Path) -> float:
    """Wall seconds of a fresh process running the default ``taxben run`` (built-in population, 2005-01,
    24 months, ceiling70_mg45) with its numba cache in ``cache_dir`` (an empty directory = cold cache)."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    with tempfile.TemporaryDirectory(prefix="taxben-bench-run-") as out:
        t0 = time.perf_counter()
        done = subprocess.run([*taxben_command(), "run", "--out", str(Path(out) / "run")], env=env,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"taxben run failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds


def measure_cold_start(warm_rounds: int = 3, cold_rounds: int = 1) -> dict[str, list[float]]:
    """Cold: each round in a fresh, empty NUMBA_CACHE_DIR (compiles every kernel). Warm: the same cache dir
    as a previous run (loads the kernels). The developer's own cache is never touched."""
    cold, warm = [], []
    with tempfile.TemporaryDirectory(prefix="taxben-numba-") as root:
        for k in range(max(cold_rounds, 1)):
            cache = Path(root) / f"cache{k}"
            cache.mkdir()
            seconds = run_default(cache)
            if k < cold_rounds:
                cold.append(seconds)
        for _ in range(warm_rounds):
            warm.append(run_default(Path(root) / "cache0"))
    return {"cold": cold, "warm": warm}


def machine() -> dict:
    import platform

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    import numba

    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": memory_gib,
            "numba_threads": numba.config.NUMBA_NUM_THREADS, "python": platform.python_version(),
            "numba": numba.__version__, "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


# --- the command ------------------------------------------------------------------------------------------


def _rate(person_months: float, seconds: float) -> str:
    return f"{person_months / seconds / 1e6:,.2f}"


def bench(
    adults: Annotated[list[int] | None, typer.Option(help="Population sizes for engine throughput (repeatable)")] = None,
    reference_adults: Annotated[int, typer.Option(help="Population size for the engine/reference ratio")] = 10_000,
    rounds: Annotated[int, typer.Option(min=1, help="Timed rounds per measurement (the median is shown)")] = 5,
    cold_start: Annotated[bool, typer.Option(help="Time a fresh `taxben run` process, cold and warm numba cache")] = True,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write all timings to this JSON file")] = None,
) -> None:
    """Measure engine speed (person-months/s), its ratio to the numpy reference, the dashboard sweep and
    cold start on this machine, and print a table. Nothing is asserted; see docs/performance.md."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

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
        for workload in WORKLOADS:
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
        with console.status("timing `taxben run` in fresh processes (cold cache compiles every kernel) ..."):
            starts = measure_cold_start(warm_rounds=3, cold_rounds=1)
        results["cold_start_s"] = starts
        other.add_row("default `taxben run`, new process, cold numba cache", f"{statistics.median(starts['cold']):.2f} s",
                      str(len(starts["cold"])))
        other.add_row("default `taxben run`, new process, warm numba cache", f"{statistics.median(starts['warm']):.2f} s",
                      str(len(starts["warm"])))
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
