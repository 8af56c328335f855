"""``taxben synth``: write a synthetic population file.

Register it on the main app with ``app.command("synth")(synth)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taxben.cli.numbers import number
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def synth(
    out: Annotated[Path, typer.Option("--out", help="File to write: .parquet (or .pq) or .csv, the format the "
                                      "extension names; a folder of Parquet parts if --partitions > 1.")],
    year: Annotated[int, typer.Option(help="Rule year of the population: 2005 or 2026.")] = 2005,
    n: Annotated[int, number("Number of adults (rows): 100000 or 100.000.", "--n", integer=True, min=1)] = 10_000,
    seed: Annotated[int, typer.Option(min=0, help="Random seed; same seed, same population.")] = 1,
    partitions: Annotated[int, number("Number of part files (households kept whole).", integer=True, min=1)] = 1,
    overwrite: Annotated[bool, typer.Option(help="Replace --out if it is a synthetic population taxben wrote "
                                            "earlier (anything else is never replaced).")] = False,
) -> None:
    """Write a synthetic population of kontanthjælp recipients and low-income non-recipients."""
    from taxben.cli.startup import collect_garbage_from_here
    from taxben.population.synth_params import load_params, supported_years
    from taxben.population.write import write_synthetic

    collect_garbage_from_here()  # block after block of adults (taxben.cli.startup)
    if year not in supported_years():
        raise typer.BadParameter(f"{year} is not one of {supported_years()}", param_hint="--year")
    if partitions > n:
        raise typer.BadParameter(f"at most --n ({n}) partitions", param_hint="--partitions")
    console = Console(stderr=True)
    columns = (TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TextColumn("adults"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("synth", total=n)
        write_synthetic(year, n, seed, out, partitions=partitions, overwrite=overwrite,
                        progress=lambda done: progress.update(task, completed=done),
                        notify=lambda note: console.print(f"note: {note}", markup=False, highlight=False))
    totals = load_params(year).totals
    fmt = "CSV" if out.suffix.lower() == ".csv" and partitions == 1 else "Parquet"
    console.print(
        f"wrote {n:,} adults ({year}, seed {seed}) to {out} ({fmt}); weights gross up to "
        f"{totals.recipients:,.0f} recipients and {totals.non_recipients:,.0f} adults in other households"
    )
