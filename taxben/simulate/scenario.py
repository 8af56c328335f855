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
def _prepare_cached(path: Path, mtime: float, start: str, n_months: int, rules_dir: str | None) -> PreparedScenario:
    from taxben.params.compile import compile_ceiling, compile_horizon, estimated_values
    from taxben.rules import apply_scenario, load_rules, load_scenario

    rules = load_rules(rules_dir)
    spec = load_scenario(path, rules)
    overlaid = apply_scenario(rules, spec)
    months, P = compile_horizon(overlaid, start, n_months)
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
        estimated=tuple(estimated_values(overlaid, months)),
    )


def prepare_scenario(scenario: str | Path, start: str, n_months: int, rules_dir: str | Path | None = None) -> PreparedScenario:
    """Load, overlay and compile a scenario for ``n_months`` from ``start`` ('YYYY-MM')."""
    from taxben.rules import find_scenario

    path = find_scenario(scenario).resolve()
    return _prepare_cached(path, path.stat().st_mtime, str(start), int(n_months),
                           None if rules_dir is None else str(rules_dir))


def prepare_run(scenarios, start: str, n_months: int, rules_dir: str | Path | None = None) -> list[PreparedScenario]:
    """The baseline followed by each scenario, compiled for the horizon; scenario names must be distinct."""
    prepared = [prepare_scenario(name, start, n_months, rules_dir) for name in (BASELINE, *scenarios)]
    names = [p.name for p in prepared]
    if len(set(names)) != len(names):
        raise ValueError(f"scenario names must be distinct, got {names}")
    return prepared
