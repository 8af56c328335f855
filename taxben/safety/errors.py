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


def _click_exception() -> type[Exception]:
    """typer's ``ClickException`` (typer may carry its own copy of click): bad option values, usage errors."""
    import typer

    return next(k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException")


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a typer command: user errors -> exit 2, Ctrl-C -> exit 130, anything else -> exit 1."""
    import typer

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, _click_exception()):  # typer reports these itself (exit 2)
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


# --- pydantic's messages in plain words ---------------------------------------------------------------

_TYPE_WORDS = {
    "finite_number": "must be a finite number",
    "int_parsing": "must be a whole number", "int_from_float": "must be a whole number", "int_type": "must be a whole number",
    "float_parsing": "must be a number", "float_type": "must be a number",
    "bool_parsing": "must be true or false", "bool_type": "must be true or false",
    "string_type": "must be text", "list_type": "must be a list",
    "model_type": "must be a mapping of names to values", "model_attributes_type": "must be a mapping of names to values",
    "dict_type": "must be a mapping of names to values",
}


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return repr(value)


def plain_validation_errors(exc: Any, known_fields: dict[str, Sequence[str]] | None = None) -> list[str]:
    """A pydantic ``ValidationError`` as plain lines ("adult 1: hours per week must be between 0 and 60
    (got 80)"), without pydantic's type names or URLs. Bounds of population columns are read from the
    population schema so the message states the whole allowed range. ``known_fields`` maps a model
    level ("adult", "household") to its field names, for "unknown field" messages."""
    from taxben.safety.plausible import column_specs, label, number_text

    lines = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        prefix, field = "", None
        for k, part in enumerate(loc):
            if part == "adults" and k + 1 < len(loc) and isinstance(loc[k + 1], int):
                prefix = f"adult {loc[k + 1] + 1}: "
            elif isinstance(part, str) and part != "adults":
                field = part
        if field is None and loc and loc[-1] == "adults":
            field = "adults"
        kind, value = err["type"], err.get("input")
        name = label(field) if field else "the household"
        spec = column_specs().get(field or "")
        if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            if spec is not None and spec.min is not None and spec.max is not None:
                text = f"{name} must be between {number_text(spec.min)} and {number_text(spec.max)} (got {_shown(value)})"
            else:
                bound = next(iter(err.get("ctx", {}).values()), "")
                words = {"greater_than_equal": "at least", "less_than_equal": "at most",
                         "greater_than": "above", "less_than": "below"}[kind]
                text = f"{name} must be {words} {bound} (got {_shown(value)})"
        elif kind == "extra_forbidden":
            level = "adult" if prefix else "household"
            known = (known_fields or {}).get(level)
            text = f"unknown field {field!r}" + (f"; known: {', '.join(known)}" if known else "")
        elif kind == "missing":
            text = f"{name} is missing"
        elif kind in ("too_short", "too_long") and field == "adults":
            count = len(value) if isinstance(value, list) else "?"
            text = f"a household has one or two adults (got {count})"
        elif kind == "value_error":
            text = str(err["msg"]).removeprefix("Value error, ")
        elif kind in _TYPE_WORDS:
            text = f"{name} {_TYPE_WORDS[kind]} (got {_shown(value)})"
        else:
            text = f"{name}: {err['msg']}"
        line = prefix + text
        if line not in lines:
            lines.append(line)
    return lines
