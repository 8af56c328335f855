"""``taxben household``: one household from the command line — month by month, and the 0-40 hour sweep.

The tables fit an 80-column terminal: short headers explained in each table's caption. A single adult
gets one table per scenario; a couple gets each adult's own columns and then the household's columns
once (the per-adult ceiling supplement in the adults' tables, the household's in its own).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taxben.cli.numbers import number
from rich import box
from rich.console import Console
from rich.table import Table

console = Console()

# (output column, header, format); captions explain the headers
ADULT_COLUMNS = [("hours_per_week", "h/wk", "{:.0f}"), ("gross_earnings_m", "earned", "{:,.0f}"),
                 ("kontanthjaelp_m", "help", "{:,.0f}"), ("income_tax_m", "tax", "{:,.0f}"),
                 ("ceiling_clock", "clk", "{:.0f}"), ("ceiling_supplement_m", "suppl", "{:,.0f}")]
RATES = [("gain_from_work_m", "gain", "{:,.0f}"), ("emtr", "EMTR", "{:.2f}"), ("ptr", "PTR", "{:.2f}")]
HOUSEHOLD_COLUMNS = [("household_boligsikring_m", "housing", "{:,.0f}"), ("household_saerlig_stoette_m", "særlig", "{:,.0f}"),
                     ("household_cap_reduction_m", "cap", "{:,.0f}"), ("household_ceiling_supplement_m", "suppl", "{:,.0f}"),
                     ("household_disposable_income_m", "income", "{:,.0f}")]
SINGLE_COLUMNS = [*ADULT_COLUMNS, ("household_disposable_income_m", "income", "{:,.0f}"), *RATES]
COUPLE_ADULT_COLUMNS = [*ADULT_COLUMNS, *RATES]
CAPTION = {
    "h/wk": "hours/week", "earned": "gross earnings", "help": "kontanthjælp", "tax": "income tax",
    "clk": "ceiling months used", "suppl": "ceiling supplement", "income": "household disposable income",
    "gain": "gain from work (income at own hours, or at 15 h if not working, minus income at 0 hours)", "EMTR": "effective marginal tax rate",
    "PTR": "participation tax rate", "housing": "boligsikring", "særlig": "særlig støtte",
    "cap": "benefit-cap reduction",
}
# household options: option name -> (population column it stands for, or None)
OPTION_COLUMNS = {"age": "age", "wage": "hourly_wage", "hours": "hours_per_week", "match_group": "match_group",
                  "recipient": None, "children": "n_children", "rent": "rent_monthly",
                  "lives_with_parents": None, "months_on_benefit": "months_on_benefit",
                  "ceiling_months_used": "ceiling_months_used", "extension": None,
                  "other_income": "other_income_monthly"}


def _table(title: str, months, records, columns, caption: bool = True) -> Table:
    """One row per month: ``records`` are one adult's output records (``fields.out_records``), by month."""
    text = "; ".join(f"{h}: {CAPTION[h]}" for _, h, _ in columns if h in CAPTION) if caption else None
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                  title_justify="left", caption=text, caption_justify="left")
    table.add_column("month", no_wrap=True)
    for _, header, _ in columns:
        table.add_column(header, justify="right", no_wrap=True)
    for month, row in zip(months, records):
        table.add_row(str(month), *[("" if row[c] != row[c] else fmt.format(row[c])) for c, _, fmt in columns])
    return table


def _option_flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _given_options(ctx: typer.Context) -> list[str]:
    def typed(name: str) -> bool:  # by name: typer may carry its own copy of click's enum
        return getattr(ctx.get_parameter_source(name), "name", "DEFAULT") not in ("DEFAULT", "DEFAULT_MAP")

    return [_option_flag(name) for name in OPTION_COLUMNS if typed(name)]


def _print_months(result, n_adults: int) -> None:
    """Month-by-month tables; the caption explaining the headers under the last scenario's tables only."""
    from taxben.kernels.fields import out_records

    for k, (name, out) in enumerate(zip(result.scenarios, result.outs)):
        records, last = out_records(out), k == len(result.scenarios) - 1  # (adult, month)
        if n_adults == 1:
            console.print(_table(f"{name}: month by month", result.months, records[0], SINGLE_COLUMNS, last))
            continue
        for adult in range(n_adults):
            console.print(_table(f"{name}: adult {adult + 1}, month by month", result.months, records[adult],
                                 COUPLE_ADULT_COLUMNS, last and adult == n_adults - 1))
        console.print(_table(f"{name}: the household, month by month", result.months, records[0],
                             HOUSEHOLD_COLUMNS, last))


def _print_sweep(result, start: str, n_adults: int) -> None:
    """Income, gain over 0 hours and EMTR at each hour level of the first month, scenario beside scenario."""
    from taxben.kernels.fields import out_records

    names = result.scenarios
    first = [out_records(out)[:, 0] for out in result.outs]  # (hour level,) records of the first month
    marks = {name: "*" * k for k, name in enumerate(names)}
    who = " (adult 1's hours; adult 2 as given)" if n_adults == 2 else ""
    view = Table(title=f"Budget constraint in {start}{who}", box=box.SIMPLE_HEAD, padding=(0, 1),
                 collapse_padding=True, pad_edge=False,
                 title_justify="left", caption_justify="left",
                  caption="income: household disposable income; gain: income minus income at 0 hours; "
                         + "; ".join(f"{mark or 'no mark'}: {name}" for name, mark in marks.items()))
    view.add_column("h/wk", justify="right")
    for name in names:
        for header in ("income", "gain", "EMTR"):
            view.add_column(header + marks[name], justify="right", no_wrap=True)
    zero = list(result.hours).index(0.0)
    for level, hours in enumerate(result.hours):
        cells = [f"{hours:.0f}"]
        for records in first:
            income = records["household_disposable_income_m"][level]
            at_zero = records["household_disposable_income_m"][zero]
            cells += [f"{income:,.0f}", f"{income - at_zero:,.0f}", f"{records['emtr'][level]:.2f}"]
        view.add_row(*cells)
    console.print(view)


def household(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Option(help="Household file instead of the options below: YAML/JSON "
                                              "{adults: [...], n_children, rent_monthly}, or one or two rows of "
                                              "population-file columns (YAML/JSON list or CSV); see docs/population.md")] = None,
    start: Annotated[str, typer.Option(help="First month, YYYY-MM")] = "2005-01",
    months: Annotated[int, number("Months in the month-by-month table", integer=True, min=1, max=120)] = 24,
    scenario: Annotated[str, typer.Option(help="Scenario file or built-in name")] = "ceiling70_mg45",
    age: Annotated[int, number("Age in years (18-120)", integer=True)] = 35,
    wage: Annotated[float, number("Hourly wage, DKK before tax (110, 110,50 or 110.50)")] = 110.0,
    hours: Annotated[float, number("Hours worked per week (0-60)")] = 15.0,
    match_group: Annotated[int, number("Match group (matchgruppe) 1-5 of a recipient", integer=True)] = 4,
    recipient: Annotated[bool, typer.Option(help="Receives kontanthjælp (--no-recipient: does not)")] = True,
    children: Annotated[int, number("Dependent children in the household", integer=True)] = 0,
    rent: Annotated[float, number("Monthly rent, DKK (4000 or 4.000,00; 0 = no boligsikring)")] = 0.0,
    lives_with_parents: Annotated[bool, typer.Option(help="Lives with their parents (hjemmeboende)")] = False,
    months_on_benefit: Annotated[int, number("Months on kontanthjælp before --start", integer=True)] = 0,
    ceiling_months_used: Annotated[int, number("Months of the ceiling already used before --start", integer=True)] = 0,
    extension: Annotated[bool, typer.Option(help="Special-case extension of the ceiling granted")] = False,
    other_income: Annotated[float, number("Other taxable income per month, DKK")] = 0.0,
) -> None:
    """Print one household's month-by-month table (baseline and scenario) and its 0-40 hour budget
    constraint, with the gain from work. A single adult from the options, or a single or a couple
    from --file."""
    from taxben import calc
    from taxben.cli.household_input import read_household_file, validate_household
    from taxben.safety.errors import UserError
    from taxben.safety.plausible import check_horizon, check_options

    check_horizon(start, months)
    if file is not None:
        given = _given_options(ctx)
        if given:
            raise UserError(f"--file and {', '.join(given)} together: the file describes the whole household; "
                            "change the file, or leave out --file")
        hh, notes = read_household_file(file)
        for note in notes:
            console.print(f"note: {note}", highlight=False, markup=False)
    else:
        values = dict(age=age, wage=wage, hours=hours, match_group=match_group, children=children, rent=rent,
                      months_on_benefit=months_on_benefit, ceiling_months_used=ceiling_months_used,
                      other_income=other_income)
        warnings = check_options({_option_flag(k): (float(v), OPTION_COLUMNS[k]) for k, v in values.items()})
        for warning in warnings:
            console.print(f"warning: {warning}", highlight=False, markup=False)
        spec = {"adults": [{"age": age, "hourly_wage": wage, "hours_per_week": hours,
                            "match_group": match_group if recipient else None, "receives_kontanthjaelp": recipient,
                            "lives_with_parents": lives_with_parents, "months_on_benefit": months_on_benefit,
                            "ceiling_months_used": ceiling_months_used, "extension_granted": extension,
                            "other_income_monthly": other_income}],
                "n_children": children, "rent_monthly": rent}
        hh = validate_household(spec, "options")
    _print_months(calc.household_outputs(hh, start=start, months=months, scenario=scenario), len(hh.adults))
    _print_sweep(calc.sweep_outputs(hh, start=start, months=1, scenario=scenario), start, len(hh.adults))
