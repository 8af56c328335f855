"""Small populations for the behaviour model, and behaviour files written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from taxben.behaviour.spec import built_in_path, load_behaviour
from taxben.population.synth import synthesize
from taxben.simulate.scenario import prepare_run

HORIZON = 24


def behaviour_file(tmp_path: Path, name: str, central: dict[int, float], low=None, high=None,
                   hours=(0, 5, 10, 15, 20, 25, 30, 37)) -> Path:
    """A behaviour YAML like the built-in one with the given elasticities per match group."""
    data = yaml.safe_load(built_in_path().read_text(encoding="utf-8"))
    data.pop("sources")
    data["name"] = name
    data["choice_set"]["hours_per_week"] = list(hours)
    source = {"title": "test value", "citation": "tests/behaviour"}

    def variant(values):
        return {"by_match_group": {g: {"value": v, "reference": source, "status": "verified"} for g, v in values.items()}}

    data["elasticities"] = {"central": variant(central)}
    if low is not None:
        data["elasticities"]["low"] = variant(low)
    if high is not None:
        data["elasticities"]["high"] = variant(high)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def uniform(value: float) -> dict[int, float]:
    return {g: value for g in range(1, 6)}


@pytest.fixture(scope="session")
def small_population():
    """3,000 synthetic 2005 adults: recipients in every match group, singles and couples (some couples
    with two recipients, who choose jointly), workers at 5-25 hours."""
    return synthesize(2005, 3000, seed=11)


@pytest.fixture(scope="session")
def prepared():
    return prepare_run(["ceiling70_mg45"], "2005-01", HORIZON)


@pytest.fixture(scope="session")
def central_spec():
    return load_behaviour("central")
