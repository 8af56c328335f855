"""Scenarios: the ceiling block, overlays of rule parameters, and errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxben.rules import (
    CeilingSpec, RulesError, Scenario, apply_scenario, default_scenarios_dir, find_scenario, list_scenarios,
    load_scenario, resolve,
)

SCENARIOS = default_scenarios_dir()
REF = "reference: {title: test, citation: test}"


def write(tmp_path: Path, body: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_the_four_scenarios(rules):
    names = [p.stem for p in list_scenarios()]
    assert names == ["baseline", "ceiling60_mg45", "ceiling70_mg45", "ceiling70_mg45_no_extension"]
    base = load_scenario(SCENARIOS / "baseline.yaml", rules)
    assert base.ceiling.enabled is False and base.overrides == []
    c70 = load_scenario(SCENARIOS / "ceiling70_mg45.yaml", rules).ceiling
    assert c70 == CeilingSpec(enabled=True, rate=0.70, eligible_match_groups=[4, 5], duration_months=12,
                              extension_months=12, clock="working_months", grid_hours=1.0)
    assert load_scenario(SCENARIOS / "ceiling70_mg45_no_extension.yaml", rules).ceiling.extension_months == 0
    assert load_scenario(SCENARIOS / "ceiling60_mg45.yaml", rules).ceiling.rate == 0.60


def test_find_scenario_by_name_or_path(tmp_path):
    assert find_scenario("ceiling70_mg45") == SCENARIOS / "ceiling70_mg45.yaml"
    own = write(tmp_path, "name: own\ndescription: x\n")
    assert find_scenario(own) == own
    with pytest.raises(RulesError, match="baseline"):
        find_scenario("no_such_scenario")


def test_override_replaces_a_parameter_from_its_date(rules, tmp_path):
    path = write(tmp_path, f"""name: disregard20
description: a higher hourly disregard from July 2005
overrides:
  - parameter: kontanthjaelp.hourly_disregard
    from: 2005-07-01
    value: 20.0
    {REF}
    status: estimated
    method: policy assumption
""")
    overlaid = apply_scenario(rules, load_scenario(path, rules))
    assert resolve(overlaid, "2005-06")["kontanthjaelp.hourly_disregard"] == 12.0
    july = resolve(overlaid, "2005-07")
    assert july["kontanthjaelp.hourly_disregard"] == 20.0
    assert july.meta["kontanthjaelp.hourly_disregard"].origin == "scenario:disregard20"
    assert july.scenario == "disregard20"
    assert resolve(overlaid, "2006-01")["kontanthjaelp.hourly_disregard"] == 20.4  # uprated like the baseline
    # the baseline rule set is untouched
    assert resolve(rules, "2005-07")["kontanthjaelp.hourly_disregard"] == 12.0


def test_override_of_a_switch_and_a_schedule(rules, tmp_path):
    path = write(tmp_path, f"""name: reform
description: monthly system and a flat ATP in 2005
overrides:
  - parameter: kontanthjaelp.earnings_deduction_system
    from: 2005-01-01
    value: monthly_disregard
    {REF}
    status: secondary
  - parameter: atp.employee_bands
    from: 2005-01-01
    value: [{{threshold: 0, amount: 50}}]
    {REF}
    status: secondary
""")
    p = resolve(apply_scenario(rules, load_scenario(path, rules)), "2005-03")
    assert p["kontanthjaelp.earnings_deduction_system"] == "monthly_disregard"
    assert p["atp.employee_bands"] == [(0.0, 50.0)]


def test_override_of_an_unknown_parameter_names_it_and_the_file(rules, tmp_path):
    path = write(tmp_path, f"""name: typo
description: x
overrides:
  - parameter: kontanthjaelp.hourly_disregrad
    from: 2005-01-01
    value: 20.0
    {REF}
    status: verified
""", name="typo.yaml")
    with pytest.raises(RulesError) as info:
        load_scenario(path, rules)
    (problem,) = info.value.problems
    assert problem.startswith("typo.yaml: overrides[0].parameter")
    assert "unknown parameter 'kontanthjaelp.hourly_disregrad'" in problem and str(path) in problem


def test_apply_scenario_rejects_an_unknown_parameter_too(rules):
    from taxben.rules.scenario import Override

    ov = Override.model_validate({"parameter": "tax.nope", "from": "2005-01-01", "value": 1.0,
                                  "reference": {"title": "t", "citation": "c"}, "status": "verified"})
    scenario = Scenario(name="code", description="built in code", ceiling=CeilingSpec(), overrides=[ov],
                        path=Path("code.yaml"))
    with pytest.raises(RulesError, match="unknown parameter 'tax.nope'.*code.yaml"):
        apply_scenario(rules, scenario)


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("value: lots\n    status: verified", "expected a number"),
        ("value: 200.0\n    status: verified", "outside the declared range"),
        ("value: 20.0\n    status: estimated", "requires a 'method'"),
        ("value: 20.0", "missing required key 'status'"),
    ],
)
def test_override_values_are_checked_like_rule_values(rules, tmp_path, override, fragment):
    path = write(tmp_path, f"""name: bad
description: x
overrides:
  - parameter: kontanthjaelp.hourly_disregard
    from: 2005-01-01
    {REF}
    {override}
""")
    with pytest.raises(RulesError) as info:
        load_scenario(path, rules)
    assert any(p.startswith("s.yaml: overrides[0]") and fragment in p for p in info.value.problems), info.value.problems


@pytest.mark.parametrize(
    ("ceiling", "fragment"),
    [
        ("rate: 1.2", "ceiling.rate"),
        ("rate: 0", "ceiling.rate"),
        ("eligible_match_groups: [4, 7]", "match groups must be 1..5"),
        ("clock: fortnights", "ceiling.clock"),
        ("duration_months: -1", "ceiling.duration_months"),
        ("grid_hours: 0", "ceiling.grid_hours"),
        ("duration_months: twelve", "ceiling.duration_months"),
        ("colour: red", "unknown key 'colour'"),
    ],
)
def test_bad_ceiling_blocks_are_reported(rules, tmp_path, ceiling, fragment):
    path = write(tmp_path, f"name: bad\ndescription: x\nceiling:\n  enabled: true\n  {ceiling}\n")
    with pytest.raises(RulesError) as info:
        load_scenario(path, rules)
    assert any(p.startswith("s.yaml:") and fragment in p for p in info.value.problems), info.value.problems


def test_unknown_top_level_key_and_missing_name(rules, tmp_path):
    path = write(tmp_path, "description: x\nceilings: {}\n")
    with pytest.raises(RulesError) as info:
        load_scenario(path, rules)
    text = "\n".join(info.value.problems)
    assert "unknown key 'ceilings'" in text and "missing required key 'name'" in text


def test_ceiling_defaults_are_the_slib_proposal():
    spec = CeilingSpec()
    assert (spec.enabled, spec.rate, spec.eligible_match_groups, spec.duration_months, spec.extension_months,
            spec.clock, spec.grid_hours) == (False, 0.70, [4, 5], 12, 12, "working_months", 1.0)
