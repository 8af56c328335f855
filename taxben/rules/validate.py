"""``check_all``: validate every rule file and every scenario (what ``taxben rules check`` runs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from taxben.rules.errors import RulesError
from taxben.rules.loader import load_rules
from taxben.rules.model import RuleSet
from taxben.rules.resolve import covered_months, resolve
from taxben.rules.scenario import apply_scenario, list_scenarios, load_scenario


@dataclass
class CheckReport:
    rules: RuleSet | None = None
    problems: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_all(rules_dir: Path | str | None = None, scenarios_dir: Path | str | None = None) -> CheckReport:
    report = CheckReport()
    try:
        report.rules = load_rules(rules_dir)
    except RulesError as exc:
        report.problems.extend(exc.problems)
        return report
    for path in list_scenarios(scenarios_dir):
        try:
            scenario = load_scenario(path, report.rules)
            overlaid = apply_scenario(report.rules, scenario)
            for month in covered_months(overlaid):
                resolve(overlaid, month)
        except RulesError as exc:
            report.problems.extend(exc.problems)
            continue
        report.scenarios.append(scenario.name)
    return report
