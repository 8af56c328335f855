"""Workloads and measurements shared by ``taxben bench``, the pytest-benchmark suite (``benches/``) and the
CI speed guard (``benches/speed_guard.py``), so all three measure the same workloads the same way:

* a *workload* is a synthetic population (``synthesize(2005, adults, seed=2005)``) run for 24 months
  from 2005-01 under one compiled scenario: ``baseline`` (the rules, no ceiling; still EMTR + PTR) or
  ``ceiling70`` (``ceiling70_mg45``: the baseline budget + the 70 % ceiling envelope + EMTR + PTR);
* throughput is person-months per second of ``simulate_arrays`` (arrays already built, output array
  allocated per call as in a real run);
* the *ratio* is engine speed / reference speed on identical inputs, timed in the same process, rounds
  interleaved (engine, reference, engine, ...) so that a slow patch on the machine hits both;
* ``envelope`` pairs the fast ceiling envelope (``joint_supplements``: one budget per linear stretch)
  with SPEC §5's literal grid walk (``grid_walk_supplement``: one budget per lattice point) on the
  households of the eligible-only population, every query the driver asks, one month.
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

START, MONTHS = "2005-01", 24
YEAR, SEED = 2005, 2005
WORKLOADS = {  # name: (scenario, population of eligible households only)
    "baseline": ("baseline", False),
    "ceiling70": ("ceiling70_mg45", False),
    "ceiling70_eligible": ("ceiling70_mg45", True),
    "envelope": ("ceiling70_mg45", True),  # fast envelope vs the grid walk (not engine vs reference)
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

    if workload == "envelope":
        return envelope_call(adults, fast=True)
    arrays, prepared, settings = workload_population(workload, adults), scenario(workload), indicator_settings()
    return lambda: simulate_arrays(prepared.P, prepared.ceiling, arrays, settings)


def reference_call(workload: str, adults: int) -> Callable[[], object]:
    """The same workload through the numpy reference implementation (same inputs, same output); for
    ``envelope``, the same supplements by SPEC §5's grid walk."""
    from taxben.reference import simulate as reference_simulate
    from taxben.simulate import indicator_settings

    if workload == "envelope":
        return envelope_call(adults, fast=False)
    a, prepared, settings = workload_population(workload, adults), scenario(workload), indicator_settings()
    return lambda: reference_simulate(prepared.P, prepared.ceiling, a.person, a.household_start,
                                      a.household_children, a.household_rent, a.hours, settings)


def envelope_call(adults: int, fast: bool) -> Callable[[], object]:
    """The household supplements of every driver query (actual hours, each adult + 1 h, the participation
    points) of the eligible-only population's first month, by the fast envelope or the grid walk."""
    import numpy as np

    from taxben.kernels import fields as F
    from taxben.kernels.envelope import MAX_QUERIES
    from taxben.params.layout import ceiling_records, rules_records
    from taxben.simulate.envelope_bench import household_supplements

    arrays, prepared = workload_population("envelope", adults), scenario("envelope")
    R, C = rules_records(prepared.P[:1]), ceiling_records(prepared.ceiling)
    people, hours = F.person_records(arrays.person), arrays.hours[:, 0].copy()

    def call():
        out = np.zeros((arrays.households.shape[0], MAX_QUERIES))
        household_supplements(R, C, people, arrays.households, hours, fast, out)
        return out

    return call


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


# A couple for ``taxben household --file`` (EXAMPLES case C: 40 + 38, both on help, two children, rent
# 6,000; adult 1 works 15 h at 120 DKK/h)
COUPLE_FILE = ("adults:\n"
               "  - {age: 40, hourly_wage: 120, hours_per_week: 15, match_group: 4, months_on_benefit: 12}\n"
               "  - {age: 38, hourly_wage: 120, hours_per_week: 0, match_group: 4, months_on_benefit: 12}\n"
               "n_children: 2\nrent_monthly: 6000\n")
# the commands of the cold-start goals (issue 13): name -> taxben arguments ({dir}: a fresh temporary folder)
COLD_START_COMMANDS = {
    "run": ["run", "--out", "{dir}/run"],
    "household": ["household", "--hours", "20", "--match-group", "4"],
    "household_file": ["household", "--file", "{dir}/couple.yaml"],
}


def command_seconds(name: str, cache_dir: str | Path) -> float:
    """Wall seconds of a fresh process running ``taxben`` with the arguments ``COLD_START_COMMANDS[name]``
    (the default ``run``: built-in population, 2005-01, 24 months, ceiling70_mg45, every output written),
    with its numba cache in ``cache_dir`` (an empty directory = cold cache)."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    with tempfile.TemporaryDirectory(prefix="taxben-bench-start-") as folder:
        (Path(folder) / "couple.yaml").write_text(COUPLE_FILE, encoding="utf-8")
        args = [a.format(dir=folder) for a in COLD_START_COMMANDS[name]]
        t0 = time.perf_counter()
        done = subprocess.run([*taxben_command(), *args], env=env, capture_output=True, text=True, cwd=folder)
        seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"taxben {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds


def run_default(cache_dir: str | Path) -> float:
    """Wall seconds of a fresh process running the default ``taxben run`` (``command_seconds("run", ...)``)."""
    return command_seconds("run", cache_dir)


def measure_cold_start(warm_rounds: int = 3, cold_rounds: int = 1) -> dict[str, list[float]]:
    """Cold: each round of the default ``taxben run`` in a fresh, empty NUMBA_CACHE_DIR (compiles every
    kernel). Warm: ``run``, ``household`` and ``household_file`` with the cache a previous run filled (loads
    the kernels), rounds interleaved. The developer's own cache is never touched."""
    cold = []
    warm: dict[str, list[float]] = {name: [] for name in COLD_START_COMMANDS}
    with tempfile.TemporaryDirectory(prefix="taxben-numba-") as root:
        for k in range(max(cold_rounds, 1)):
            cache = Path(root) / f"cache{k}"
            cache.mkdir()
            seconds = command_seconds("run", cache)
            if k < cold_rounds:
                cold.append(seconds)
        for name in COLD_START_COMMANDS:  # untimed: a command whose kernels the run did not compile
            command_seconds(name, Path(root) / "cache0")
        for _ in range(warm_rounds):
            for name in COLD_START_COMMANDS:
                warm[name].append(command_seconds(name, Path(root) / "cache0"))
    return {"cold": cold, "warm": warm["run"], **{f"warm_{name}": warm[name] for name in COLD_START_COMMANDS
                                                    if name != "run"}}


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
