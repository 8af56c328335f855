"""Behaviour files: the built-in variants, user files, and bad files named with what to change."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from taxben.behaviour.spec import BehaviourFileError, built_in_path, load_behaviour
from taxben.cli.main import app

from .conftest import behaviour_file, uniform


def test_built_in_variants_are_lower_for_match_groups_4_and_5():
    spec = load_behaviour("central")
    assert spec.headline == "central" and spec.has_band
    assert spec.hours == (0, 5, 10, 15, 20, 25, 30, 37)
    for variant in ("low", "central", "high"):
        targets = spec.targets[variant]
        assert targets[4] < targets[1] and targets[5] <= targets[4]
        assert spec.targets["low"][4] <= targets[4] <= spec.targets["high"][4]
    assert load_behaviour("low").headline == "low"


def test_every_built_in_value_has_a_reference_and_a_status():
    data = yaml.safe_load(built_in_path().read_text(encoding="utf-8"))
    for variant in data["elasticities"].values():
        for value in variant["by_match_group"].values():
            assert value["reference"]["url"] and value["status"] in {"verified", "secondary", "estimated"}
            if value["status"] == "estimated":
                assert value["method"]


def test_a_user_file_without_a_band_is_its_own_central(tmp_path):
    spec = load_behaviour(behaviour_file(tmp_path, "mine", uniform(0.2), hours=(0, 10, 20, 37)))
    assert spec.name == "mine" and spec.headline == "central" and not spec.has_band
    assert spec.hours == (0, 10, 20, 37)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["choice_set"].update(hours_per_week=[5, 10]), "choice_set.hours_per_week"),
    (lambda d: d["choice_set"].update(hours_per_week=[0, 20, 10]), "strictly increasing"),
    (lambda d: d["elasticities"]["central"]["by_match_group"].pop(4), "missing [4]"),
    (lambda d: d["elasticities"]["central"]["by_match_group"][5].update(value=-0.1), "greater than or equal to 0"),
    (lambda d: d["elasticities"].pop("central"), "central"),
])
def test_bad_files_name_the_file_and_what_to_change(tmp_path, change, message):
    path = behaviour_file(tmp_path, "bad", uniform(0.2))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(BehaviourFileError) as error:
        load_behaviour(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_cli_refuses_a_missing_file_with_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["run", "--behaviour", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no such behaviour file" in result.output and not (tmp_path / "o").exists()


def test_cli_refuses_an_unknown_report_language(tmp_path):
    result = CliRunner().invoke(app, ["run", "--lang", "de", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--lang" in result.output
