"""``taxben run --engine dask``: a partitioned population through the numba engine on a Dask cluster.

The run, in order:

1. **check** (one task per input file): read it and check it with the single-file validator; file
   sizes, id ranges, columns and SHA-256 come back to the client (a few numbers per file).
2. **across files** (only when the files' id ranges overlap): a Dask shuffle of the key columns finds
   households split between files and person_ids in more than one file. Any violation stops the run,
   every one listed with file, column and rows.
3. **repartition** (only when a household is split): the population is shuffled by ``household_id``
   so that every household is whole inside one partition, then sorted within each partition into the
   single-file order (household, file, row). Without a split the files are the partitions as they are.
4. **simulate** (``map_partitions``): each partition runs ``accumulate_chunks`` (the numba engine, from
   an importable module, so workers load the numba cache) chunk by chunk, writes its person-months
   to ``person_months/part-NNNNN.parquet`` and returns its weighted sums and winner counts only.
5. **reduce**: the per-partition sums are added up with a Dask groupby; the client gets one small
   table, turns it into ``summary.csv`` and ``report.html`` exactly as a single-process run does,
   and writes ``run.json``. Everything is written into a temporary directory renamed at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dask
import numpy as np
import pandas as pd

from taxben.population.errors import PopulationError, Violation
from taxben.run.population_run import (
    CHUNK_PERSONS,
    DEFAULT_SCENARIOS,
    _AtomicDir,
    accumulate_chunks,
    hours_matrix,
)
from taxben.run.person_months import PersonMonthWriter
from taxben.run.provenance import run_info
from taxben.run.summary import SUM_COLUMNS, SummaryAccumulator, summary_table
from taxben.scale import inputs as I
from taxben.scale.cluster import dask_client, worker_environment, worker_peak_rss_mb
from taxben.simulate import indicator_settings
from taxben.simulate.inputs import child_age_assumption
from taxben.simulate.scenario import PreparedScenario, check_rate_categories, prepare_run

GROUP_KEYS = ["table", "scenario", "dimension", "group"]
PERSON_MONTHS_DIR = "person_months"


@dataclass
class DaskRunResult:
    out_dir: Path
    summary: pd.DataFrame
    info: dict
    notes: list[str] = field(default_factory=list)  # what the run did that the user should know


# --- on workers ---------------------------------------------------------------------------------------

def sums_meta() -> pd.DataFrame:
    columns = {"table": "str", "scenario": "str", "dimension": "str", "group": "str"}
    columns |= {c: "float64" for c in [*SUM_COLUMNS, "winners"]}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _long_sums(accumulator: SummaryAccumulator) -> pd.DataFrame:
    """Weighted sums and winner counts of a partition in one frame (``table`` tells which)."""
    sums = accumulator.sums().assign(table="sums", winners=0.0)
    winners = accumulator.winners()
    winners = winners.assign(table="winners", **{c: 0.0 for c in SUM_COLUMNS})
    frame = pd.concat([sums, winners], ignore_index=True)
    meta = sums_meta()
    return frame[list(meta.columns)].astype(meta.dtypes.to_dict())


def run_partition(frame: pd.DataFrame, *, prepared: Sequence[PreparedScenario], settings: np.ndarray,
                  schedule: pd.DataFrame | None, out_dir: str | None, chunk_persons: int,
                  partition_info: dict | None = None) -> pd.DataFrame:
    """Simulate one partition of whole households; write its person-months (if ``out_dir``) and return
    its weighted sums. Runs on a worker; the same calls, in the same order, as ``run_population``."""
    if frame.empty:
        return sums_meta()
    number = partition_info["number"] if partition_info else 0
    frame = frame.sort_values(["household_id", I.FILE, I.ROW], kind="stable").reset_index(drop=True)
    frame = frame.drop(columns=I.HELPER_COLUMNS)
    month_keys = list(prepared[0].months)
    accumulator = SummaryAccumulator(len(month_keys), baseline=prepared[0].name)
    hours_all = None
    if schedule is not None:
        mine = schedule[schedule["person_id"].isin(frame["person_id"])]
        hours_all = hours_matrix(frame, mine, month_keys)
    check_rate_categories(frame, prepared)
    target = partial = writer = None
    if out_dir is not None:
        target = Path(out_dir) / f"part-{number:05d}.parquet"
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}")  # a retried task never clashes
        writer = PersonMonthWriter(partial)
    try:
        accumulate_chunks(frame, prepared, settings, hours_all, chunk_persons, accumulator, person_months=writer)
        if writer is not None:
            writer.close()
            writer = None
            if partial.exists():
                os.replace(partial, target)
    finally:
        if writer is not None:
            writer.abort()
        if partial is not None and partial.exists():
            partial.unlink()
    return _long_sums(accumulator)


# --- on the client ------------------------------------------------------------------------------------

def _manifest_sha256(checks: list[I.FileCheck]) -> str:
    """SHA-256 of the list 'file-name sha256' of the input files, in order."""
    root = os.path.commonpath([c.path for c in checks]) if len(checks) > 1 else str(Path(checks[0].path).parent)
    lines = "".join(f"{os.path.relpath(c.path, root)} {c.sha256}\n" for c in checks)
    return hashlib.sha256(lines.encode()).hexdigest()


def _cross_file(client, checks: list[I.FileCheck], shuffle_method: str | None) -> I.CrossFile:
    """Households and person_ids across files, with Dask shuffles of the key columns; only when the
    files' id ranges overlap."""
    import dask.dataframe as dd

    valid = [c for c in checks if c.household_range is not None]  # also files with violations
    households = I.ranges_overlap([c.household_range for c in valid])
    persons = I.ranges_overlap([c.person_range for c in valid])
    if not (households or persons):
        return I.CrossFile([], [])
    keys = dd.from_map(I.load_keys, [c.path for c in valid], [c.index for c in valid], meta=I.keys_meta(),
                       label="taxben-keys")
    names = [Path(c.path).name for c in checks]
    parts = []
    if households:
        parts.append(keys.shuffle("household_id", shuffle_method=shuffle_method)
                     .map_partitions(I.household_findings, names, meta=I.findings_meta()))
    if persons:
        parts.append(keys[["person_id", I.FILE, I.ROW]].shuffle("person_id", shuffle_method=shuffle_method)
                     .map_partitions(I.person_findings, meta=I.findings_meta()))
    found = client.compute(parts, sync=True)
    return I.summarise_findings(pd.concat(found, ignore_index=True), [c.path for c in checks])


def _read_schedule(client, path: Path, ddf) -> pd.DataFrame:
    """Validate an hours schedule like ``read_hours_schedule``; the person_ids it names are looked up
    in the partitions with Dask (the population's ids never come to the client)."""
    from taxben.population.checks import validate_schedule_frame
    from taxben.population.io import _load
    from taxben.population.schema import SCHEDULE_COLUMNS

    raw, violations = _load(Path(path), SCHEDULE_COLUMNS)
    if raw is None:
        raise PopulationError(violations)
    wanted = pd.to_numeric(raw["person_id"], errors="coerce") if "person_id" in raw else pd.Series([], dtype=float)
    wanted = wanted[np.isfinite(wanted) & (wanted == np.round(wanted))].astype(np.int64).unique()
    pid = ddf["person_id"]
    found = client.compute(pid[pid.isin(list(wanted))].unique(), sync=True) if len(wanted) else []
    frame, violations = validate_schedule_frame(raw, np.asarray(found, dtype=np.int64), str(path))
    if violations:
        raise PopulationError(violations)
    return frame


def run_population_dask(population: str | Path, out_dir: str | Path, scenarios: Sequence[str | Path] = DEFAULT_SCENARIOS,
                        start: str = "2005-01", months: int = 24, *, scheduler: str | None = None, client=None,
                        hours_schedule: str | Path | None = None, n_workers: int = 2, threads_per_worker: int = 1,
                        memory_limit: str | float | None = "auto", chunk_persons: int = CHUNK_PERSONS,
                        emtr_delta_hours: float = 1.0, ptr_reference_hours: float = 15.0,
                        write_person_months: bool = True, split_households: str = "repartition",
                        shuffle_method: str | None = None,
                        progress: Callable[[str, int, int], None] | None = None) -> DaskRunResult:
    """Run the baseline and ``scenarios`` over a partitioned Parquet population on Dask.

    ``population``: a directory of Parquet part files, a glob (``"pop/*.parquet"``) or one Parquet
    file; every file is one partition. ``scheduler``: address of a running Dask scheduler; ``client``:
    an existing ``distributed.Client`` (it is left open); neither: a LocalCluster on 127.0.0.1 with
    ``n_workers`` × ``threads_per_worker``. ``split_households``: ``"repartition"`` (shuffle by
    household_id; said in ``notes`` and run.json) or ``"error"`` (raise PopulationError naming the
    files and rows). ``progress(phase, done, total)`` is called as partitions finish.

    Writes ``out_dir/person_months/part-*.parquet`` (unless ``write_person_months`` is false),
    ``summary.csv``, ``report.html`` and ``run.json``, atomically. Results equal ``run_population``
    over the same adults: person-months bit for bit, summary up to the order of floating-point sums.
    On a multi-machine cluster the input files and ``out_dir`` must be on storage every worker sees
    at the same path.
    """
    if split_households not in ("repartition", "error"):
        raise ValueError(f"split_households must be 'repartition' or 'error', got {split_households!r}")
    started = time.perf_counter()
    prepared = prepare_run(scenarios, start, months)
    settings = indicator_settings(emtr_delta_hours, ptr_reference_hours)
    files = I.resolve_files(population)
    out_dir = Path(out_dir).resolve()
    report = progress or (lambda phase, done, total: None)

    if client is not None:
        return _run(client, str(client.scheduler.address), files, out_dir, prepared, settings, started,
                    population=population, start=start, months=months, hours_schedule=hours_schedule,
                    chunk_persons=chunk_persons, write_person_months=write_person_months,
                    split_households=split_households, shuffle_method=shuffle_method, report=report,
                    indicator={"emtr_delta_hours": emtr_delta_hours, "ptr_reference_hours": ptr_reference_hours})
    with dask_client(scheduler, n_workers=n_workers, threads_per_worker=threads_per_worker,
                     memory_limit=memory_limit) as own:
        where = scheduler or f"LocalCluster 127.0.0.1 ({n_workers} workers × {threads_per_worker} thread)"
        return _run(own, where, files, out_dir, prepared, settings, started,
                    population=population, start=start, months=months, hours_schedule=hours_schedule,
                    chunk_persons=chunk_persons, write_person_months=write_person_months,
                    split_households=split_households, shuffle_method=shuffle_method, report=report,
                    indicator={"emtr_delta_hours": emtr_delta_hours, "ptr_reference_hours": ptr_reference_hours})


def _run(client, where: str, files: list[Path], out_dir: Path, prepared, settings, started, *, population,
         start, months, hours_schedule, chunk_persons, write_person_months, split_households, shuffle_method,
         report, indicator) -> DaskRunResult:
    import dask.dataframe as dd
    from distributed import as_completed, futures_of

    notes: list[str] = []
    # 1. every file checked on the workers, with the single-file validator
    clock = {"start": time.perf_counter()}
    report("checking files", 0, len(files))
    futures = client.map(I.check_file, [str(p) for p in files], list(range(len(files))), pure=False)
    checks: list[I.FileCheck] = client.gather(futures)
    report("checking files", len(files), len(files))
    violations = [v for c in checks for v in c.violations] + I.column_violations(checks)
    if not violations and not any(c.n_rows for c in checks):
        violations.append(Violation(str(population), "", "no data rows"))
    # 2. across files
    clock["check"] = time.perf_counter()
    report("checking across files", 0, 1)
    cross = _cross_file(client, checks, shuffle_method)
    clock["cross_file"] = time.perf_counter()
    violations += cross.violations
    if split_households == "error":
        violations += cross.split
    if violations:
        raise PopulationError(violations)

    used = [c for c in checks if c.n_rows]
    n_persons = sum(c.n_rows for c in used)
    meta = used[0].meta.copy()
    ddf = dd.from_map(I.load_partition, [c.path for c in used], [c.index for c in used], meta=meta,
                      label="taxben-population", enforce_metadata=False)
    schedule = _read_schedule(client, Path(hours_schedule), ddf) if hours_schedule else None
    # 3. households whole inside one partition
    if cross.split_households:
        ddf = ddf.shuffle("household_id", npartitions=len(used), shuffle_method=shuffle_method)
        notes.append(f"{cross.split_households:,} household(s) ({cross.split_adults:,} adults) were split across "
                     f"input files: repartitioned by household_id (Dask shuffle) so each is simulated whole")

    with _AtomicDir(out_dir) as tmp:
        tmp = tmp.resolve()
        pm_dir = tmp / PERSON_MONTHS_DIR if write_person_months else None
        if pm_dir is not None:
            pm_dir.mkdir()
            unseen = {w: ok for w, ok in client.run(os.path.isdir, str(pm_dir)).items() if not ok}
            if unseen:
                raise OSError(f"workers {sorted(unseen)} cannot see {pm_dir}: put the output directory on "
                              "storage that every worker mounts at the same path")
        # 4. simulate, one task per partition; only weighted sums come back
        shipped = None if schedule is None else dask.delayed(schedule, pure=True)  # one copy per worker, not per task
        sums = ddf.map_partitions(run_partition, prepared=prepared, settings=settings, schedule=shipped,
                                  out_dir=None if pm_dir is None else str(pm_dir), chunk_persons=chunk_persons,
                                  meta=sums_meta(), enforce_metadata=False)
        sums = client.persist(sums)
        pending = futures_of(sums)
        report("simulating", 0, len(pending))
        for done, future in enumerate(as_completed(pending, loop=client.loop), 1):
            if future.status == "error":
                future.result()  # raises the worker's exception here
            report("simulating", done, len(pending))
        # 5. reduce with Dask
        clock["simulate"] = time.perf_counter()
        total = client.compute(sums.groupby(GROUP_KEYS).sum().reset_index(), sync=True)
        clock["reduce"] = time.perf_counter()
        del sums
        summary = _summary(total, months, prepared[0].name)
        summary.to_csv(tmp / "summary.csv", index=False)

        rows_written, parts = _person_month_rows(pm_dir)
        expected = n_persons * months * len(prepared)
        if pm_dir is not None and rows_written != expected:
            raise RuntimeError(f"person_months holds {rows_written:,} rows, expected {expected:,}")
        info = run_info(prepared, start=start, months=months, population_source=str(population),
                        population_sha256=_manifest_sha256(checks), n_persons=n_persons,
                        wall_seconds=time.perf_counter() - started, settings=indicator,
                        assumptions=[child_age_assumption(used[0].columns)])
        workers = client.scheduler_info().get("workers", {})
        info["engine"] = {
            "name": "dask",
            "scheduler": where,
            "workers": len(workers),
            "threads": sum(w.get("nthreads", 0) for w in workers.values()),
            "input_files": len(files),
            "partitions": len(used),
            "households_split_across_files": cross.split_households,
            "repartitioned_by_household_id": bool(cross.split_households),
            "person_months": {"directory": PERSON_MONTHS_DIR, "files": parts, "rows": rows_written}
            if pm_dir is not None else None,
            "worker_peak_rss_mb": client.run(worker_peak_rss_mb),  # since each worker started
            "client_peak_rss_mb": worker_peak_rss_mb(),
            "worker_numba_threads": {w: e["numba_threads"] for w, e in client.run(worker_environment).items()},
            "notes": notes,
            "phase_seconds": {"check_files": clock["check"] - clock["start"],
                              "cross_file_checks": clock["cross_file"] - clock["check"],
                              "simulate_and_write": clock["simulate"] - clock["cross_file"],
                              "reduce_sums": clock["reduce"] - clock["simulate"]},
        }
        info["engine"]["phase_seconds"] = {k: round(v, 2) for k, v in info["engine"]["phase_seconds"].items()}
        info["population"]["files"] = [{"file": c.path, "sha256": c.sha256, "adults": c.n_rows} for c in checks]
        info["population"]["sha256_of"] = "the list of input files and their SHA-256 (population.files)"
        from taxben.run.report import write_report

        write_report(tmp / "report.html", summary, info)
        (tmp / "run.json").write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    return DaskRunResult(out_dir=out_dir, summary=summary, info=info, notes=notes)


def _summary(total: pd.DataFrame, months: int, baseline: str) -> pd.DataFrame:
    keys = ["scenario", "dimension", "group"]
    sums = total[total["table"] == "sums"][keys + SUM_COLUMNS].reset_index(drop=True)
    winners = total[total["table"] == "winners"][keys + ["winners"]].reset_index(drop=True)
    return summary_table(sums, winners, months, baseline)


def _person_month_rows(pm_dir: Path | None) -> tuple[int, int]:
    """Rows and files in person_months/ (from the Parquet footers)."""
    if pm_dir is None:
        return 0, 0
    import pyarrow.parquet as pq

    parts = sorted(pm_dir.glob("part-*.parquet"))
    return sum(pq.ParquetFile(p).metadata.num_rows for p in parts), len(parts)
