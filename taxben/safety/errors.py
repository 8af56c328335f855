"""One way to report errors in every command: exit 2 for the user's input, 1 for taxben's own failure.

``UserError`` carries a sentence that says what to change. ``guarded(command)`` wraps a typer command
so that every known kind of bad input ends in one clear message and exit 2, Ctrl-C in
"interrupted: nothing written" and exit 130, and anything unexpected in one line and exit 1 — never a
traceback in front of a user (set ``TAXBEN_DEBUG=1`` to see it).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

EXIT_USER = 2  # the user's input is wrong: the message says what to change
EXIT_FAILED = 1  # taxben itself failed
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class UserError(ValueError):
    """The user's input is wrong. ``problems`` lists every problem found (one line each)."""

    def __init__(self, message: str, problems: Sequence[str] = ()):
        self.message = message
        self.problems = list(problems)
        super().__init__("\n".join([message, *(f"  - {p}" for p in self.problems)]))


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def report_user_error(error: BaseException) -> None:
    """Print a user-input error (any of the kinds ``user_error_types`` names) on stderr."""
    from taxben.population.errors import PopulationError
    from taxben.rules.errors import RulesError

    console = _console()
    if isinstance(error, PopulationError):
        console.print(error.render())
        return
    if isinstance(error, RulesError):
        console.print(f"[red]error:[/red] {len(error.problems)} problem(s) in {error.source}:", markup=True)
        for problem in error.problems:
            console.print(f"  - {problem}", markup=False)
        return
    console.print("[red]error:[/red] ", end="", markup=True)
    console.print(getattr(error, "message", str(error)), markup=False)
    for problem in getattr(error, "problems", []):
        console.print(f"  - {problem}", markup=False)


def user_error_types() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "the user's input is wrong" (exit 2)."""
    from taxben.population.errors import PopulationError
    from taxben.rules.errors import CoverageError, RulesError

    return (UserError, PopulationError, RulesError, CoverageError)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a typer command: user errors -> exit 2, Ctrl-C -> exit 130, anything else -> exit 1."""
    import typer

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _console().print("interrupted: nothing written", markup=False)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except user_error_types() as error:
            report_user_error(error)
            raise typer.Exit(EXIT_USER) from None
        except Exception as error:  # taxben's own failure: one line, no traceback
            if os.environ.get("TAXBEN_DEBUG"):
                raise
            kind = type(error).__name__
            _console().print(f"[red]taxben failed[/red] ({kind}): {error}", markup=True)
            print("This is a bug in taxben, not in your input; run again with TAXBEN_DEBUG=1 to see where, "
                  "and report it.", file=sys.stderr)
            raise typer.Exit(EXIT_FAILED) from None

    return wrapper
