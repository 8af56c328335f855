"""Errors raised by the rule loader, the resolver and the scenario loader."""

from __future__ import annotations


class RulesError(Exception):
    """One or more problems in the rule or scenario files.

    ``problems`` lists every problem found, each as ``"<file>: <parameter path>: <problem>"``, so a broken
    rule set is reported in one go instead of one error per run.
    """

    def __init__(self, problems: list[str], source: str = "rules") -> None:
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {source}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class CoverageError(Exception):
    """A month outside the months for which the rule set is declared complete (rules/dk/coverage.yaml)."""

    def __init__(self, month: str, covered: list[tuple[str, str]]) -> None:
        self.month = month
        self.covered = list(covered)
        ranges = ", ".join(f"{a}..{b}" for a, b in covered) or "(none)"
        super().__init__(
            f"month {month} is outside the coverage of the rule set (coverage.yaml); covered months: {ranges}"
        )
