"""A scenario made ready for the engine: rules overlaid, parameters compiled for every month."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np


BASELINE = "baseline"


@dataclass(frozen=True)
class PreparedScenario:
    name: str
    path: Path
    months: tuple[str, ...]
    P: np.ndarray  # (n_months, N_PARAMS)
    ceiling: np.ndarray  # (N_CEILING,)
    ceiling_enabled: bool
    estimated: tuple[dict, ...]  # estimated parameter values used in these months


@lru_cache(maxsize=64)
def _prepare_cached(path: Path, mtime: float, start: str, n_months: int, rules_dir: str | None,
                    rules_stamp: tuple | None) -> PreparedScenario:
    """Keyed on the scenario file's and the rule files' modification times, so that a long-running
    dashboard serves edited rules on the next calculation."""
    from taxben.params.compile import compile_ceiling, compile_rows, estimated_values, resolve_horizon
    from taxben.rules import apply_scenario, load_rules_cached, load_scenario

    rules = load_rules_cached(rules_dir)
    spec = load_scenario(path, rules)
    overlaid = apply_scenario(rules, spec)
    resolved = resolve_horizon(overlaid, start, n_months)  # once, for the rows and the estimated values
    months = [params.month for params in resolved]
    P = compile_rows(resolved)
    P.setflags(write=False)
    ceiling = compile_ceiling(spec.ceiling)
    ceiling.setflags(write=False)
    return PreparedScenario(
        name=spec.name,
        path=path,
        months=tuple(months),
        P=P,
        ceiling=ceiling,
        ceiling_enabled=bool(spec.ceiling.enabled),
        estimated=tuple(estimated_values(overlaid, months, resolved)),
    )


def prepare_scenario(scenario: str | Path, start: str, n_months: int, rules_dir: str | Path | None = None) -> PreparedScenario:
    """Load, overlay and compile a scenario for ``n_months`` from ``start`` ('YYYY-MM')."""
    from taxben.rules import find_scenario

    from taxben.rules.loader import rules_stamp

    path = find_scenario(scenario).resolve()
    rules_dir = None if rules_dir is None else str(rules_dir)
    stamp = rules_stamp(rules_dir)
    prepare = _prepare_cached if stamp is not None else _prepare_cached.__wrapped__
    return prepare(path, path.stat().st_mtime, str(start), int(n_months), rules_dir, stamp)


def prepare_run(scenarios, start: str, n_months: int, rules_dir: str | Path | None = None) -> list[PreparedScenario]:
    """The baseline followed by each scenario, compiled for the horizon; scenario names must be distinct."""
    prepared = [prepare_scenario(name, start, n_months, rules_dir) for name in (BASELINE, *scenarios)]
    names = [p.name for p in prepared]
    if len(set(names)) != len(names):
        from taxben.rules.errors import RulesError

        repeated = sorted({name for name in names if names.count(name) > 1})
        hint = ("the baseline always runs: name a reform (e.g. ceiling70_mg45), not baseline"
                if BASELINE in repeated else "give each scenario once, or give the files distinct `name:` fields")
        raise RulesError([f"scenario {name!r} is asked for more than once ({hint})" for name in repeated],
                         source="the --scenario options")
    return prepared


def check_rate_categories(frame, prepared, source: str = "") -> None:
    """A ``rate_category`` override needs its rate to be in force in every month of the horizon
    (mindstesats does not exist under the 2005 rules): else ``PopulationError`` naming the column, the
    months and the adults. ``frame``: a DataFrame or a mapping of column to array (``population_arrays``)."""
    from taxben.kernels import fields as F
    from taxben.params.layout import rules_records
    from taxben.population.errors import PopulationError, Violation
    from taxben.simulate.inputs import texts

    if "rate_category" not in frame:
        return
    categories, distinct = texts(frame, "rate_category")
    wanted = distinct - {""}
    if not wanted:
        return
    rate_field = {"minimum": "rate_minimum_m", "young_home": "rate_young_home_m", "young_away": "rate_young_away_m",
                  "full_other": "rate_full_other_m", "full_provider": "rate_full_provider_m"}
    violations = []
    for scenario in prepared:
        rates = rules_records(scenario.P)["kontanthjaelp"]
        for category in sorted(wanted & set(F.RATE_CATEGORIES)):
            missing = [m for m, rate in zip(scenario.months, rates[rate_field[category]]) if np.isnan(rate)]
            if missing:
                who = np.asarray(frame["person_id"])[categories == category].tolist()
                shown = ", ".join(map(str, who[:10])) + (" …" if len(who) > 10 else "")
                violations.append(Violation(
                    source or "population", "rate_category",
                    f"'{category}' is not in force under the rules of {missing[0]}..{missing[-1]} (scenario "
                    f"{scenario.name}): remove it from these adults or choose months where it exists",
                    count=0, example=f"person_id {shown}"))
        if violations:
            break  # the baseline says it; the scenarios would repeat it
    if violations:
        raise PopulationError(violations)
