"""``taxben run``: a population through the baseline and each scenario, written atomically.

Households are processed in chunks (every household whole inside one chunk), so memory is bounded by
the chunk size, not the population. Outputs go to a temporary sibling directory that is renamed to
the target only when everything is written: an interrupted run leaves no half-written results.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from taxben.run.person_months import PersonMonthTables, PersonMonthWriter, frame_table, person_month_frame
from taxben.run.provenance import run_info
from taxben.run.summary import SummaryAccumulator
from taxben.simulate import indicator_settings, population_arrays, simulate_prepared
from taxben.simulate.inputs import child_age_assumption
from taxben.simulate.scenario import PreparedScenario, check_rate_categories, prepare_run

DEFAULT_SCENARIOS = ("ceiling70_mg45",)
CHUNK_PERSONS = 100_000


@dataclass
class RunResult:
    out_dir: Path
    summary: pd.DataFrame
    info: dict


def household_chunks(household_id: np.ndarray, chunk_persons: int) -> list[tuple[int, int]]:
    """Row ranges of about ``chunk_persons`` adults that never split a household."""
    n = len(household_id)
    bounds = [0]
    while bounds[-1] < n:
        stop = min(bounds[-1] + chunk_persons, n)
        while 0 < stop < n and household_id[stop] == household_id[stop - 1]:
            stop += 1
        bounds.append(stop)
    return list(zip(bounds[:-1], bounds[1:]))


def hours_matrix(frame: pd.DataFrame, schedule: pd.DataFrame | None, months: Sequence[str]) -> np.ndarray | None:
    """Hours per week per adult and month: ``hours_per_week`` overridden where the schedule lists it."""
    if schedule is None or schedule.empty:
        return None
    hours = np.repeat(frame["hours_per_week"].to_numpy(dtype=float)[:, None], len(months), axis=1)
    row_of = pd.Series(np.arange(len(frame)), index=frame["person_id"].to_numpy())
    col_of = pd.Series(np.arange(len(months)), index=list(months))
    inside = schedule["month"].isin(col_of.index)
    rows = row_of.reindex(schedule.loc[inside, "person_id"]).to_numpy()
    cols = col_of.reindex(schedule.loc[inside, "month"]).to_numpy()
    hours[rows, cols] = schedule.loc[inside, "hours_per_week"].to_numpy(dtype=float)
    return hours


def simulate_chunk(chunk: pd.DataFrame, prepared: Sequence[PreparedScenario], settings: np.ndarray,
                   hours: np.ndarray | None = None, behaviour=None, rows: tuple[int, int] | None = None):
    """Person-month frames of one chunk of whole households, the baseline first, then each scenario.
    With a ``behaviour`` model (taxben.behaviour) each frame gains its columns; ``rows`` are the chunk's
    rows in the model's frame."""
    outs = simulate_prepared(prepared, population_arrays(chunk, hours), settings)
    for k, scenario in enumerate(prepared):
        pm = person_month_frame(scenario.name, chunk, outs[k], list(scenario.months))
        outs[k] = None  # each output array freed once its frame is built
        if behaviour is not None:
            pm = behaviour.annotate(pm, scenario, *rows, is_baseline=scenario is prepared[0])
        yield pm


def accumulate_chunks(frame: pd.DataFrame, prepared: Sequence[PreparedScenario], settings: np.ndarray,
                      hours_all: np.ndarray | None, chunk_persons: int, accumulator: SummaryAccumulator,
                      progress: Callable[[int], None] | None = None, behaviour=None,
                      person_months: PersonMonthWriter | None = None) -> None:
    """Simulate ``frame`` chunk by chunk (whole households), add each chunk to the summary
    ``accumulator`` (sums, and winners against the baseline) and, with a ``person_months`` writer, hand
    it the chunk's person-month tables (the baseline's, then each scenario's).

    All scenarios of a chunk run in one engine pass (``simulate_prepared``); the sums come straight from
    the engine's output arrays (taxben.run.output_sums) and the tables are built only to be written.
    With a ``behaviour`` model, which adds columns to person-month frames, the frames are built and
    summed instead (the same numbers; slower). Rate categories must have been checked on ``frame``
    (``check_rate_categories``)."""
    names = [scenario.name for scenario in prepared]
    months = list(prepared[0].months)
    tables = PersonMonthTables(months) if person_months is not None and behaviour is None else None
    for lo, hi in household_chunks(frame["household_id"].to_numpy(), chunk_persons):
        chunk = frame.iloc[lo:hi]
        hours = None if hours_all is None else hours_all[lo:hi]
        if behaviour is None:
            outs = simulate_prepared(prepared, population_arrays(chunk, hours), settings)
            accumulator.add_outputs(chunk, names, outs, months)
            if tables is not None:
                for table in tables.tables(chunk, names, outs):
                    person_months.write(table)
            del outs
        else:
            base_pm = None
            for pm in simulate_chunk(chunk, prepared, settings, hours, behaviour, (lo, hi)):
                accumulator.add(pm)
                if base_pm is None:
                    base_pm = pm
                else:
                    accumulator.add_winners(base_pm, pm, str(pm["scenario"].iloc[0]))
                if person_months is not None:
                    person_months.write(frame_table(pm))
        if progress is not None:
            progress(hi - lo)


@contextmanager
def _AtomicDir(target, overwrite: bool = False):
    """Write a results folder: into a temporary sibling folder, moved onto ``target`` on success only.
    ``target`` is a path (checked and locked here: a new folder, or a results folder with ``overwrite``)
    or an ``OutputClaim`` the caller made earlier (``taxben run`` claims the target before reading)."""
    from taxben.safety.output import OutputClaim, claim_output

    if isinstance(target, OutputClaim):
        with target.staging() as tmp:
            yield tmp
        return
    with claim_output(target, overwrite=overwrite) as claim, claim.staging() as tmp:  # noqa: SIM117
        yield tmp


def run_population(frame: pd.DataFrame, *, out_dir, scenarios: Sequence[str | Path] = DEFAULT_SCENARIOS,
                   start: str = "2005-01", months: int = 24, schedule: pd.DataFrame | None = None,
                   population_source: str = "built-in default", population_sha256: str = "",
                   chunk_persons: int = CHUNK_PERSONS, emtr_delta_hours: float = 1.0,
                   ptr_reference_hours: float = 15.0, write_person_months: bool = True,
                   progress: Callable[[int], None] | None = None, behaviour=None, lang: str = "en",
                   overwrite: bool = False) -> RunResult:
    """Run the baseline and ``scenarios`` over ``frame`` (validated, households contiguous); with a
    ``behaviour`` spec (taxben.behaviour.load_behaviour) also the labour-supply response.

    ``out_dir``: a new folder, or a results folder of an earlier run when ``overwrite`` (anything else is
    refused, see ``taxben.safety.output``), or an ``OutputClaim`` made by the caller. Values above a
    column's plausibility threshold are listed in ``info["warnings"]`` (run.json)."""
    from taxben.safety.plausible import plausibility_warnings

    started = time.perf_counter()
    prepared = prepare_run(scenarios, start, months)
    check_rate_categories(frame, prepared, population_source)
    warnings = plausibility_warnings(frame, population_source)
    month_keys = list(prepared[0].months)
    settings = indicator_settings(emtr_delta_hours, ptr_reference_hours)
    accumulator = SummaryAccumulator(months, baseline=prepared[0].name,
                                     behaviour_variants=behaviour.variants if behaviour else (),
                                     behaviour_headline=behaviour.headline if behaviour else None)
    hours_all = hours_matrix(frame, schedule, month_keys)
    model = None
    if behaviour is not None:
        from taxben.behaviour.model import BehaviourModel

        model = BehaviourModel(behaviour, frame, prepared, hours_all, chunk_persons)

    phases = {"prepare": time.perf_counter() - started}
    with _AtomicDir(out_dir, overwrite) as tmp:
        writer = PersonMonthWriter(tmp / "person_months.parquet") if write_person_months else None
        try:
            accumulate_chunks(frame, prepared, settings, hours_all, chunk_persons, accumulator, progress, model,
                              person_months=writer)
            phases["simulate_and_summarise"] = time.perf_counter() - started - sum(phases.values())
            # the writer's thread goes on writing person_months (outside the GIL, mostly) while this one
            # builds the summary and the report: closed (waited for) last
            summary = accumulator.table()
            summary.to_csv(tmp / "summary.csv", index=False)
            info = run_info(prepared, start=start, months=months, population_source=population_source,
                            population_sha256=population_sha256, n_persons=len(frame),
                            wall_seconds=time.perf_counter() - started,
                            settings={"emtr_delta_hours": emtr_delta_hours, "ptr_reference_hours": ptr_reference_hours},
                            assumptions=[child_age_assumption(frame.columns, bool((frame["n_children"] > 0).any()))])
            info["warnings"] = [w["message"] for w in warnings]
            if model is not None:
                info["behaviour"] = model.describe()
            phases["summary_table"] = time.perf_counter() - started - sum(phases.values())
            from taxben.run.report import write_report

            write_report(tmp / "report.html", summary, info, lang=lang, monthly=accumulator.monthly(),
                         deciles=accumulator.deciles())
            phases["report"] = time.perf_counter() - started - sum(phases.values())
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        if writer is not None:
            writer.close()  # waits for the tables still being written
        phases["person_months_left_to_write"] = time.perf_counter() - started - sum(phases.values())
        info["wall_seconds"] = round(time.perf_counter() - started, 3)  # all written but run.json
        info["phase_seconds"] = {phase: round(seconds, 3) for phase, seconds in phases.items()}
        (tmp / "run.json").write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    return RunResult(out_dir=Path(out_dir), summary=summary, info=info)
