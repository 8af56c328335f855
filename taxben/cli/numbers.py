"""Numbers on the command line as Danish and English users type them.

``--rent 4000``, ``--rent 4.000,50``, ``--wage 110,5`` and ``--wage 110.5`` all work; ``--rent 4.000`` and
``--rent 4,000`` are refused with exit 2 (four thousand in Danish, four in English: the message says how to
write either), never silently read as 4. The parser is the dashboard's (``taxben.numbers``).
"""

from __future__ import annotations

import typer
from pydantic_core import PydanticCustomError

from taxben.numbers import NumberError, parse_either


class Number:
    """A number in either convention, optionally whole and within bounds; otherwise an error typer
    reports as a usage error (exit 2) in these words (typer validates option values with pydantic)."""

    def __init__(self, integer: bool = False, low: float | None = None, high: float | None = None):
        self.integer = integer
        self.low = low
        self.high = high
        self.name = "integer" if integer else "number"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = parse_either(str(value), integer=self.integer)
            except NumberError as error:
                raise PydanticCustomError("taxben_number", self._message(error)) from None
        if self.low is not None and number < self.low or self.high is not None and number > self.high:
            raise PydanticCustomError("taxben_number", f"{value} is {self._bounds()}")
        return int(number) if self.integer else number

    def _bounds(self) -> str:
        """What the value must be, for the message: 'outside 1-120', 'below the minimum 1', ..."""
        if self.low is not None and self.high is not None:
            return f"outside {self.low:g}-{self.high:g}"
        if self.low is not None:
            return f"below the minimum {self.low:g}"
        return f"above the maximum {self.high:g}"

    @staticmethod
    def _message(error: NumberError) -> str:
        text = error.values.get("text", "")
        if error.key == "num_ambiguous_either":
            return (f"'{text}' can be {error.values['big']} (Danish thousands) or {error.values['small']} "
                    f"(English decimals): write {error.values['big']}, or the decimals with a comma or a point "
                    f"that leaves no doubt (e.g. {error.values['small']},0)")
        if error.key == "num_not_finite":
            return f"'{text}' must be a finite number"
        if error.key == "num_not_integer":
            return f"'{text}' is not a whole number"
        if error.key == "num_empty":
            return "give a number"
        return f"'{text}' is not a number (write e.g. 4000, 4.000,50 or 4000.50)"


def number(help: str, *names: str, integer: bool = False, min: float | None = None, max: float | None = None):
    """A ``typer.Option`` (named ``names`` if given) reading a Danish or English number (``Number``)."""
    kind = Number(integer, min, max)
    return typer.Option(*names, help=help, parser=lambda text: kind.convert(text, None, None),
                        metavar=kind.name.upper())
