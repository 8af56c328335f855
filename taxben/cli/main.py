"""The ``taxben`` command (console script: ``taxben.cli.main:main``).

Each command (group) lives in its own module in this package. To add one, import it and register it with
one line below, e.g.::

    from taxben.cli.run_cmd import run            # a single command: a function with typer options
    app.command("run")(run)

    from taxben.cli.bench_cmd import app as bench_app   # a group of subcommands: a typer.Typer
    app.add_typer(bench_app, name="bench")

A command module is imported whenever any command runs (typer reads each command's options from its
signature), so it imports only typer, rich and the small ``taxben.cli.numbers`` at the top, and everything
else inside the command (tests/cli/test_imports.py checks which libraries each command loads).
"""

from __future__ import annotations

import typer

from taxben.cli import startup
from taxben.cli.bench_cmd import bench
from taxben.cli.dashboard_cmd import dashboard
from taxben.cli.household_cmd import household
from taxben.cli.rules_cmd import app as rules_app
from taxben.cli.run_cmd import run
from taxben.cli.synth_cmd import synth
from taxben.safety.errors import guarded

app = typer.Typer(
    name="taxben",
    help="Danish kontanthjælp microsimulation: effective marginal tax rates and a combined ceiling.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"taxben {version('taxben')}")
        except PackageNotFoundError:
            typer.echo("taxben (not installed)")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", callback=_version, is_eager=True),
) -> None:
    """taxben: what do EMTRs look like for cash-assistance recipients, and what would a 70 % ceiling change?"""


# --- commands (one import above + one line here each) --------------------------------------------
# ``guarded``: the user's mistakes exit 2 with one message, taxben's failures exit 1, Ctrl-C exits 130;
# never a traceback (taxben.safety.errors)
app.add_typer(rules_app, name="rules")
app.command("run")(guarded(run))
app.command("household")(guarded(household))
app.command("synth")(guarded(synth))
app.command("dashboard")(guarded(dashboard))
app.command("bench")(guarded(bench))


def main() -> None:
    """The console script: ``app`` with the garbage collector tuned for a short process
    (taxben.cli.startup)."""
    startup.begin()
    try:
        app()
    finally:
        startup.end()


if __name__ == "__main__":
    main()
