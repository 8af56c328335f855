"""Violations of the population rules and the error that carries all of them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table

MAX_ROWS_SHOWN = 10
ROWS_CONVENTION = ("rows are 1-based data rows (the header and empty lines are not counted; in a CSV file "
                   "without empty lines, line = row + 1)")


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (file, column, first rows), which rule, how often, an example value."""

    file: str
    column: str
    rule: str
    rows: tuple[int, ...] = ()  # first MAX_ROWS_SHOWN offending rows, 1-based data rows
    count: int = 0  # offending rows in all (0 for a file- or column-level problem)
    example: str = ""  # an offending value as it stood in the file

    def __str__(self) -> str:
        where = f"{self.file}: column {self.column!r}" if self.column else self.file
        text = f"{where}: {self.rule}"
        if self.count:
            more = f" (+{self.count - len(self.rows)} more)" if self.count > len(self.rows) else ""
            rows = ", ".join(map(str, self.rows))
            text += f"; {self.count} row(s): {rows}{more}"
        if self.example:
            text += f"; e.g. {self.example}"
        return text


class PopulationError(ValueError):
    """A population or hours-schedule file broke one or more rules; ``violations`` lists all of them."""

    def __init__(self, violations: list[Violation]):
        self.violations = list(violations)
        convention = f" ({ROWS_CONVENTION})" if self.names_rows else ""
        lines = [f"{len(self.violations)} violation(s){convention}:"]
        lines += [f"  - {v}" for v in self.violations]
        super().__init__("\n".join(lines))

    @property
    def names_rows(self) -> bool:
        """Some violation lists rows (and the reader needs to know how they are counted)."""
        return any(v.rows for v in self.violations)

    def render(self) -> Table:
        """The violations as a rich table (print it with ``rich.console.Console().print``)."""
        table = Table(
            title=f"Population file rejected: {len(self.violations)} violation(s)",
            caption=ROWS_CONVENTION if self.names_rows else None,
        )
        for header in ("file", "column", "rule", "rows", "count", "example"):
            table.add_column(header, overflow="fold")
        for v in self.violations:
            more = "…" if v.count > len(v.rows) else ""
            rows = ", ".join(map(str, v.rows)) + more
            table.add_row(v.file, v.column, v.rule, rows, str(v.count or ""), v.example)
        return table
