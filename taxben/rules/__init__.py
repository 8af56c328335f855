"""taxben.rules: the versioned rule files (rules/dk/*.yaml) as validated, resolvable data.

    rules = load_rules()                       # validate rules/dk, raise RulesError listing every problem
    rules = load_rules_cached()                # the same, once per process while the files are unchanged
    params = resolve(rules, "2005-03")         # values in force on 2005-03-01 (CoverageError outside coverage)
    params.values["kontanthjaelp.rate_full_provider_m"], params.meta[...].status
    scenario = load_scenario("scenarios/ceiling70_mg45.yaml", rules)
    reform_rules = apply_scenario(rules, scenario)
"""

from taxben.rules.errors import CoverageError, RulesError
from taxben.rules.loader import load_rules, load_rules_cached
from taxben.rules.model import Parameter, RuleSet
from taxben.rules.paths import default_rules_dir, default_scenarios_dir
from taxben.rules.resolve import ParamMeta, Params, covered_months, is_covered, month_start, resolve
from taxben.rules.scenario import (
    CeilingSpec, Scenario, apply_scenario, find_scenario, list_scenarios, load_scenario,
)
from taxben.rules.validate import CheckReport, check_all

__all__ = [
    "CeilingSpec", "CheckReport", "CoverageError", "Parameter", "ParamMeta", "Params", "RuleSet",
    "RulesError", "Scenario", "apply_scenario", "check_all", "covered_months", "default_rules_dir",
    "default_scenarios_dir", "find_scenario", "is_covered", "list_scenarios", "load_rules", "load_rules_cached", "load_scenario", "month_start",
    "resolve",
]
