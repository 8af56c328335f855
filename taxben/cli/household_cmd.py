"""``taxben household``: one household from the command line — month by month, and the 0-40 hour sweep."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

console = Console()

MONTH_COLUMNS = [("month", "month", "{}"), ("hours_per_week", "h/wk", "{:.0f}"), ("gross_earnings", "earnings", "{:,.0f}"),
                 ("kontanthjaelp", "kontanthjælp", "{:,.0f}"), ("income_tax", "tax", "{:,.0f}"),
                 ("ceiling_clock", "clock", "{:.0f}"), ("ceiling_supplement", "supplement", "{:,.0f}"),
                 ("household_disposable_income", "disposable", "{:,.0f}"), ("emtr", "EMTR", "{:.3f}"),
                 ("ptr", "PTR", "{:.3f}")]


def _household_from_file(path: Path) -> dict:
    """A JSON/YAML file: either {adults: [...], n_children, rent_monthly} or a list of population rows."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        household_keys = ("n_children", "rent_monthly")
        shared = {k: data[0][k] for k in household_keys if k in data[0]}
        drop = {"person_id", "household_id", "weight", *household_keys}
        return {"adults": [{k: v for k, v in row.items() if k not in drop} for row in data], **shared}
    return data


def _table(title: str, frame, columns) -> Table:
    table = Table(title=title)
    for _, label, _ in columns:
        table.add_column(label, justify="right")
    for _, row in frame.iterrows():
        table.add_row(*[("" if row[c] != row[c] else fmt.format(row[c])) for c, _, fmt in columns])
    return table


def household(
    file: Annotated[Path | None, typer.Option(help="JSON/YAML household (population columns)")] = None,
    start: Annotated[str, typer.Option(help="First month, YYYY-MM")] = "2005-01",
    months: Annotated[int, typer.Option(min=1, max=120)] = 24,
    scenario: Annotated[str, typer.Option(help="Scenario file or built-in name")] = "ceiling70_mg45",
    age: int = 35,
    wage: Annotated[float, typer.Option(help="Hourly wage, DKK")] = 110.0,
    hours: Annotated[float, typer.Option(help="Hours per week")] = 15.0,
    match_group: int = 4,
    recipient: bool = True,
    children: int = 0,
    rent: Annotated[float, typer.Option(help="Monthly rent, DKK (0 = no boligsikring)")] = 0.0,
    lives_with_parents: bool = False,
    months_on_benefit: int = 0,
    ceiling_months_used: int = 0,
    extension: Annotated[bool, typer.Option(help="Special-case extension granted")] = False,
) -> None:
    """Print one household's month-by-month table (baseline and scenario) and its 0-40 hour sweep."""
    from taxben import calc

    if file is not None:
        spec = _household_from_file(file)
    else:
        spec = {"adults": [{"age": age, "hourly_wage": wage, "hours_per_week": hours,
                            "match_group": match_group if recipient else None, "receives_kontanthjaelp": recipient,
                            "lives_with_parents": lives_with_parents, "months_on_benefit": months_on_benefit,
                            "ceiling_months_used": ceiling_months_used, "extension_granted": extension}],
                "n_children": children, "rent_monthly": rent}
    try:
        hh = calc.Household.model_validate(spec)
    except ValidationError as error:
        console.print(f"[red]invalid household[/red]\n{error}")
        raise typer.Exit(2) from None
    table = calc.household(hh, start=start, months=months, scenario=scenario)
    for name, part in table[table["adult"] == 0].groupby("scenario", sort=False):
        console.print(_table(f"{name}: adult 1, month by month", part, MONTH_COLUMNS))
    sweep = calc.sweep(hh, start=start, months=1, scenario=scenario)
    wide = sweep.pivot_table(index="hours_per_week", columns="scenario", values=["household_disposable_income", "emtr"])
    view = Table(title=f"Budget constraint in {start}: household disposable income and EMTR by hours per week")
    names = list(sweep["scenario"].unique())
    view.add_column("h/wk", justify="right")
    for name in names:
        view.add_column(f"D {name}", justify="right")
        view.add_column(f"EMTR {name}", justify="right")
    for h, row in wide.iterrows():
        cells = [f"{h:.0f}"]
        for name in names:
            cells += [f"{row[('household_disposable_income', name)]:,.0f}", f"{row[('emtr', name)]:.3f}"]
        view.add_row(*cells)
    console.print(view)
