"""``taxben rules``: show, check and diff the rule set (rules/dk) and scenarios."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from taxben.safety.errors import guarded

if TYPE_CHECKING:
    from taxben.rules import RuleSet

# the rules, their views and checks are imported inside each command: any other command imports this
# module too (taxben.cli.main)

app = typer.Typer(help="Inspect and validate the rule files (rules/dk/*.yaml) and scenarios.", no_args_is_help=True)
console = Console()
if not console.is_terminal:  # piped or captured: do not squeeze the tables into 80 columns
    console = Console(width=200)
err_console = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"


RULES_DIR = typer.Option(None, "--rules-dir", help="Rule directory (default: the repo's rules/dk).")
SCENARIO = typer.Option(None, "--scenario", "-s", help="Scenario YAML file, or the name of a built-in scenario.")
FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")
OUTSIDE = typer.Option(False, "--allow-outside-coverage",
                       help="Show months outside the declared coverage (values as written, not uprated).")


def _fail(exc: Exception) -> typer.Exit:
    """The user's input (a month, a scenario, a rule file) is wrong: exit 2."""
    err_console.print("[bold red]error:[/] ", end="", markup=True)
    err_console.print(str(exc), markup=False, highlight=False)
    return typer.Exit(code=2)


def _rules(rules_dir: Path | None, scenario: str | None) -> tuple[RuleSet, object | None]:
    from taxben.rules import apply_scenario, find_scenario, load_rules, load_scenario

    rules = load_rules(rules_dir)
    if scenario is None:
        return rules, None
    spec = load_scenario(find_scenario(scenario), rules)
    return apply_scenario(rules, spec), spec


@app.command()
@guarded
def show(
    date: str = typer.Option(..., "--date", "-d", help="Month, YYYY-MM."),
    scenario: str | None = SCENARIO,
    format: Format = FORMAT,
    rules_dir: Path | None = RULES_DIR,
    allow_outside_coverage: bool = OUTSIDE,
) -> None:
    """Every parameter in force in a month: value, unit, status and source."""
    from taxben.cli.rules_view import params_json, params_table, text_value
    from taxben.rules import CoverageError, RulesError, resolve
    from taxben.safety.plausible import parse_month

    try:
        rules, spec = _rules(rules_dir, scenario)
        params = resolve(rules, parse_month(date, "--date"), strict=not allow_outside_coverage)
    except (RulesError, CoverageError, ValueError) as exc:
        raise _fail(exc) from None
    if format is Format.json:
        from taxben.params.compile import rules_hash

        extra = {"rules_dir": str(rules.source_dir), "rules_hash": rules_hash(rules.source_dir)}
        if spec is not None:
            extra["ceiling"] = spec.ceiling.model_dump()
        typer.echo(json.dumps(params_json(rules, params, **extra), ensure_ascii=False, indent=2))
        return
    console.print(params_table(params, console.width))
    estimated = params.estimated()
    if estimated:
        console.print(f"\n[bold]{len(estimated)} estimated value(s) in force[/] (method):")
        for e in estimated:
            console.print(f"  [red]•[/] {e['name']} = {text_value(e['value'])}: {e['method']}", highlight=False)
    if spec is not None:
        console.print(f"\nceiling: {spec.ceiling.model_dump()}", highlight=False)
    if not params.covered:
        console.print(f"\n[yellow]{params.month} is outside the declared coverage; values are not uprated.[/]")


@app.command()
@guarded
def check(
    rules_dir: Path | None = RULES_DIR,
    scenarios_dir: Path | None = typer.Option(None, "--scenarios-dir", help="Scenario directory (default: scenarios/)."),
) -> None:
    """Validate every rule file and scenario; list the problems if any (exit 2)."""
    from taxben.rules import check_all

    report = check_all(rules_dir, scenarios_dir)
    if not report.ok:
        err_console.print(f"[bold red]{len(report.problems)} problem(s):[/]")
        for p in report.problems:
            err_console.print(f"  • {p}", highlight=False, markup=False)
        raise typer.Exit(code=2)
    rules = report.rules
    ranges = ", ".join(f"{a}..{b}" for a, b in rules.covered_ranges())
    console.print(
        f"[green]OK[/]: {len(rules.parameters)} parameters in {len(rules.files)} files ({rules.source_dir}); "
        f"coverage {ranges}; {len(report.scenarios)} scenarios: {', '.join(report.scenarios)}",
        highlight=False,
    )


@app.command()
@guarded
def diff(
    month_a: str = typer.Argument(..., help="First month, YYYY-MM."),
    month_b: str = typer.Argument(..., help="Second month, YYYY-MM."),
    scenario: str | None = SCENARIO,
    format: Format = FORMAT,
    rules_dir: Path | None = RULES_DIR,
    allow_outside_coverage: bool = OUTSIDE,
) -> None:
    """The parameters whose values differ between two months."""
    from rich.table import Table

    from taxben.cli.rules_view import diff_rows, json_value, text_value
    from taxben.rules import CoverageError, RulesError, resolve
    from taxben.safety.plausible import parse_month

    try:
        rules, _spec = _rules(rules_dir, scenario)
        a = resolve(rules, parse_month(month_a, "MONTH_A"), strict=not allow_outside_coverage)
        b = resolve(rules, parse_month(month_b, "MONTH_B"), strict=not allow_outside_coverage)
    except (RulesError, CoverageError, ValueError) as exc:
        raise _fail(exc) from None
    rows = diff_rows(a, b)
    if format is Format.json:
        col = {n: p.column for n, p in rules.parameters.items()}
        payload = {"a": a.month, "b": b.month, "scenario": a.scenario, "differences": [
            {"name": n, "a": json_value(va, col[n]), "b": json_value(vb, col[n]), "status_a": sa, "status_b": sb}
            for n, va, vb, sa, sb in rows]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not rows:
        console.print(f"No differences between {a.month} and {b.month}.")
        return
    table = Table(title=f"{len(rows)} parameter(s) differ: {a.month} → {b.month}")
    for col in ("parameter", a.month, b.month, "status"):
        table.add_column(col, overflow="fold")
    for name, va, vb, sa, sb in rows:
        table.add_row(name, text_value(va), text_value(vb), sa if sa == sb else f"{sa} → {sb}")
    console.print(table)
