"""``taxben run``: a population through the baseline and scenarios, with a progress bar and a headline table."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from taxben.cli.numbers import number
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()


class Engine(str, Enum):
    local = "local"
    dask = "dask"


TERMINAL_COLUMNS = [  # (summary column, short header, format): fits an 80-column terminal
    ("persons_baseline", "persons", "{:,.0f}"),
    ("mean_emtr_baseline", "EMTR", "{:.2f}"),
    ("mean_emtr_scenario", "EMTR*", "{:.2f}"),
    ("share_emtr_90_plus_baseline", "≥90%", "{:.0%}"),
    ("share_emtr_90_plus_scenario", "≥90%*", "{:.0%}"),
    ("persons_eligible_scenario", "eligible", "{:,.0f}"),
    ("fiscal_cost_dkk_y", "cost m/yr", "{:,.1f}"),
    ("winners", "winners", "{:,.0f}"),
]


def _headline_table(summary, scenario: str) -> Table:
    rows = summary[(summary["scenario"] == scenario) & summary["dimension"].isin(["all", "match_group"])]
    table = Table(title=f"{scenario} (*) vs baseline, by match group", caption=(
        "persons, eligible: average weighted count per month; ≥90%: share of person-months with EMTR ≥ 0.9; "
        "cost: DKK million per year; winners: adults whose household gains in some month"), box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    table.add_column("group", no_wrap=True)
    for _, header, _ in TERMINAL_COLUMNS:
        table.add_column(header, justify="right", no_wrap=True)
    for _, row in rows.iterrows():
        for side in ("baseline", "scenario"):
            row[f"share_emtr_90_plus_{side}"] = row[f"share_emtr_90_100_{side}"] + row[f"share_emtr_100_plus_{side}"]
        cells = ["total" if row["dimension"] == "all" else str(row["group"])]
        for name, _, fmt in TERMINAL_COLUMNS:
            value = row[name] / 1e6 if name == "fiscal_cost_dkk_y" else row[name]
            cells.append("" if value != value else fmt.format(value))
        table.add_row(*cells)
    return table


def _behaviour_table(summary, scenario: str, info: dict) -> Table:
    """Static beside after-behaviour (headline variant) with the low-high band, by match group."""
    rows = summary[(summary["scenario"] == scenario) & summary["dimension"].isin(["all", "match_group"])]
    band = "employment_change_persons_low" in summary and "employment_change_persons_high" in summary
    table = Table(title=f"{scenario}: static and after behaviour ({info['behaviour']['headline']} elasticities)",
                  caption=("cost: DKK million per year; +working: average persons per month; band: low-high "
                           "elasticities (docs/behaviour.md)"), box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    for header in ["group", "cost static", "cost after", *(["band"] if band else []), "+working",
                   *(["band "] if band else []), "Δhours/wk"]:
        table.add_column(header, justify="left" if header == "group" else "right", no_wrap=True)
    for _, row in rows.iterrows():
        cells = ["total" if row["dimension"] == "all" else str(row["group"]),
                 f"{row['fiscal_cost_dkk_y'] / 1e6:,.1f}", f"{row['fiscal_cost_after_behaviour_dkk_y'] / 1e6:,.1f}"]
        if band:
            cells.append(f"{row['fiscal_cost_after_behaviour_dkk_y_low'] / 1e6:,.1f}–"
                         f"{row['fiscal_cost_after_behaviour_dkk_y_high'] / 1e6:,.1f}")
        cells.append(f"{row['employment_change_persons']:,.0f}")
        if band:
            cells.append(f"{row['employment_change_persons_low']:,.0f}–{row['employment_change_persons_high']:,.0f}")
        cells.append(f"{row['hours_change']:,.0f}")
        table.add_row(*cells)
    return table


def print_results(summary, info: dict) -> None:
    """The headline table of each scenario and the count of estimated parameter values used."""
    for name in summary["scenario"].unique():
        if name != "baseline":
            console.print(_headline_table(summary, name))
            if "behaviour" in info and "employment_change_persons" in summary:
                console.print(_behaviour_table(summary, name, info))
    estimated = info["estimated_parameters"]
    if estimated:
        console.print(f"[yellow]{len(estimated)} estimated parameter values used[/yellow] (listed in run.json and report.html)")


def run(
    population: Annotated[Path | None, typer.Option(help="Population file (Parquet or CSV, also Danish Excel CSV) or "
                                                    "a folder of Parquet parts; default: built-in")] = None,
    start: Annotated[str, typer.Option(help="First month, YYYY-MM")] = "2005-01",
    months: Annotated[int, number("Months in the horizon", integer=True, min=1, max=600)] = 24,
    scenario: Annotated[list[str] | None, typer.Option(help="Scenario file or built-in name (repeatable)")] = None,
    out: Annotated[Path, typer.Option(help="Output folder: a new one, or a results folder of an earlier run "
                                      "with --overwrite; written atomically")] = Path("out/run"),
    overwrite: Annotated[bool, typer.Option(help="Replace --out if it is a results folder of an earlier run")] = False,
    hours_schedule: Annotated[Path | None, typer.Option(help="Hours schedule file (person_id, month, hours_per_week)")] = None,
    emtr_delta: Annotated[float, number("Extra hours per week for the EMTR (0-20)")] = 1.0,
    ptr_reference: Annotated[float, number("Hours per week for the PTR of non-workers (0-60)")] = 15.0,
    chunk: Annotated[int, number("Adults per chunk (memory bound)", integer=True, min=1000)] = 100_000,
    no_person_months: Annotated[bool, typer.Option(help="Skip person_months.parquet (summary only)")] = False,
    engine: Annotated[Engine, typer.Option(help="local: this process; dask: partitioned Parquet on a Dask cluster "
                                           "(docs/scale-out.md)")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (--engine dask); "
                                                  "default: a LocalCluster on 127.0.0.1")] = None,
    behaviour: Annotated[str | None, typer.Option(help="Labour-supply response: low, central, high (built-in "
                                                  "elasticities) or a YAML file (docs/behaviour.md)")] = None,
    lang: Annotated[str, typer.Option(help="Language of report.html: en or da")] = "en",
) -> None:
    """Run the baseline and each scenario over a population; write person_months.parquet, summary.csv,
    report.html and run.json into OUT, and print the headline table."""
    from taxben.cli.startup import collect_garbage_from_here
    from taxben.population import read_hours_schedule, read_population
    from taxben.population.synth import default_population
    from taxben.run.population_run import DEFAULT_SCENARIOS, run_population
    from taxben.run.provenance import file_sha256
    from taxben.safety.errors import UserError
    from taxben.safety.output import claim_output
    from taxben.safety.plausible import check_horizon, plausibility_warnings, require_positive
    from taxben.simulate.scenario import prepare_run

    scenarios = scenario or list(DEFAULT_SCENARIOS)
    # the user's input is checked before any work (exit 2, taxben.safety)
    check_horizon(start, months)
    prepare_run(scenarios, start, months)  # a broken scenario stops here (cached for the run)
    require_positive({"--emtr-delta": emtr_delta}, 20)
    require_positive({"--ptr-reference": ptr_reference}, 60)
    if lang not in ("en", "da"):
        raise UserError(f"--lang must be en or da, not {lang!r}")
    behaviour_spec, calibration_errors = None, ()
    if behaviour is not None:
        from taxben.behaviour.model import CalibrationError
        from taxben.behaviour.spec import BehaviourFileError, load_behaviour

        calibration_errors = (CalibrationError,)
        if engine == "dask" or scheduler:
            raise UserError("--behaviour runs on the local engine only; drop --engine dask/--scheduler")
        try:
            behaviour_spec = load_behaviour(behaviour)
        except BehaviourFileError as error:
            raise UserError(str(error)) from None
    with claim_output(out, overwrite=overwrite) as claim:  # refused before any work; locked until written
        for note in claim.notes:
            console.print(f"[yellow]note:[/yellow] {note}", highlight=False, soft_wrap=True)
        if engine == "dask" or scheduler:  # taxben/scale (docs/scale-out.md)
            from taxben.scale.cli import run_dask

            collect_garbage_from_here()  # taxben.cli.startup
            return run_dask(console, print_results, engine=engine.value, scheduler=scheduler, population=population,
                            start=start, months=months, scenarios=scenarios, out=claim, hours_schedule=hours_schedule,
                            emtr_delta=emtr_delta, ptr_reference=ptr_reference, chunk=chunk,
                            no_person_months=no_person_months)
        if population is None:
            frame, source, digest = default_population(), "built-in default population", "built-in"
        else:
            frame, source, digest = read_population(population), str(population), file_sha256(population)
        if "csv_format" in frame.attrs:
            console.print(f"read {population} as {frame.attrs['csv_format'].describe()}", highlight=False)
        for warning in plausibility_warnings(frame, source):
            console.print(f"[yellow]warning:[/yellow] {warning['message']}", highlight=False, soft_wrap=True)
        schedule = read_hours_schedule(hours_schedule, frame) if hours_schedule else None
        if len(frame) > chunk or behaviour_spec is not None:  # chunk after chunk, or the behaviour model's
            collect_garbage_from_here()  # iterations: collect cyclic garbage as usual (taxben.cli.startup)

        try:
            with Progress(TextColumn("[bold]simulating"), BarColumn(), MofNCompleteColumn(), TextColumn("adults"),
                          TimeElapsedColumn(), console=console, transient=True) as bar:
                task = bar.add_task("run", total=len(frame))
                result = run_population(frame, out_dir=claim, scenarios=scenarios, start=start, months=months,
                                        schedule=schedule, population_source=source, population_sha256=digest,
                                        chunk_persons=chunk, emtr_delta_hours=emtr_delta,
                                        ptr_reference_hours=ptr_reference, write_person_months=not no_person_months,
                                        progress=lambda n: bar.advance(task, n), behaviour=behaviour_spec, lang=lang)
        except calibration_errors as error:  # the behavioural model could not be calibrated: taxben's failure
            console.print(f"[red]error:[/red] {error}")
            raise typer.Exit(1) from None

    print_results(result.summary, result.info)
    written = ", ".join(sorted(p.name for p in result.out_dir.iterdir()))
    console.print(f"wrote {result.out_dir}/: {written} in {result.info['wall_seconds']:.2f} s")
