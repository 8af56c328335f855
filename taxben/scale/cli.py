"""``taxben run --engine dask [--scheduler ADDRESS]``: the Dask branch of ``taxben run``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def run_dask(console: Console, print_results: Callable, *, engine: str, scheduler: str | None, population: Path | None,
             start: str, months: int, scenarios: list[str], out: Path, hours_schedule: Path | None,
             emtr_delta: float, ptr_reference: float, chunk: int, no_person_months: bool) -> None:
    from taxben.population import PopulationError
    from taxben.rules.errors import CoverageError, RulesError
    from taxben.safety.errors import UserError, report_user_error
    from taxben.scale.engine import PERSON_MONTHS_DIR, run_population_dask

    if engine != "dask":
        console.print("[red]error:[/red] --scheduler needs --engine dask")
        raise typer.Exit(2)
    if population is None:
        console.print("[red]error:[/red] --engine dask needs --population: a directory of Parquet part files "
                      "(taxben synth --partitions K), a glob such as 'pop/*.parquet', or a Parquet file")
        raise typer.Exit(2)
    where = scheduler or "a LocalCluster on 127.0.0.1 (2 workers × 1 thread)"
    console.print(f"dask: {where}")
    try:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("partitions"), TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("starting", total=None)

            def progress(phase: str, done: int, total: int) -> None:
                bar.update(task, description=phase, completed=done, total=total)

            result = run_population_dask(str(population), out, scenarios, start, months, scheduler=scheduler,
                                         hours_schedule=hours_schedule, chunk_persons=chunk,
                                         emtr_delta_hours=emtr_delta, ptr_reference_hours=ptr_reference,
                                         write_person_months=not no_person_months, progress=progress)
    except PopulationError as error:
        console.print(error.render())
        raise typer.Exit(2) from None
    except (FileNotFoundError, UserError, CoverageError, RulesError) as error:  # the user's input: exit 2
        report_user_error(error)
        raise typer.Exit(2) from None
    except (ValueError, OSError) as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None

    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    print_results(result.summary, result.info)
    engine_info = result.info["engine"]
    person_months = "" if no_person_months else f"{PERSON_MONTHS_DIR}/ ({engine_info['person_months']['files']} files), "
    peak = max(engine_info["worker_peak_rss_mb"].values(), default=0)
    console.print(f"wrote {result.out_dir}/: {person_months}summary.csv, report.html, run.json in "
                  f"{result.info['wall_seconds']:.2f} s on {engine_info['workers']} Dask workers "
                  f"({engine_info['partitions']} partitions; peak worker memory {peak:,.0f} MB)")
