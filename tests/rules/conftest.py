"""Fixtures for the rule-set tests: the real rules, and throw-away copies to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taxben.rules import RulesError, default_rules_dir, load_rules


class RulesCopy:
    """A private copy of rules/dk that a test edits, then loads to see what is reported."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def edit(self, file: str, old: str, new: str) -> None:
        """Replace one exact, unique snippet of a rule file (fails loudly if it is not unique)."""
        target = self.path / file
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"snippet must occur exactly once in {file}: {old!r}"
        target.write_text(text.replace(old, new), encoding="utf-8")

    def problems(self) -> list[str]:
        """The problems load_rules reports (the test fails if the copy loads cleanly)."""
        with pytest.raises(RulesError) as info:
            load_rules(self.path)
        return info.value.problems

    def one_problem(self, *fragments: str) -> str:
        """Exactly one problem, containing every fragment (file, parameter path, problem)."""
        found = self.problems()
        assert len(found) == 1, found
        for fragment in fragments:
            assert fragment in found[0], (fragment, found[0])
        return found[0]


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture
def rules_copy(tmp_path: Path) -> RulesCopy:
    target = tmp_path / "dk"
    shutil.copytree(default_rules_dir(), target)
    return RulesCopy(target)
