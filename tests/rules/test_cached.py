"""``load_rules_cached``: one command checks its months against the coverage and compiles its scenarios from
one loaded and validated rule set; a rule file changed meanwhile is read (and validated) again."""

from __future__ import annotations

import os

import pytest

from taxben.rules import RulesError, load_rules_cached, resolve


def test_the_same_rule_set_while_the_files_are_unchanged(rules_copy):
    first = load_rules_cached(rules_copy.path)
    assert load_rules_cached(rules_copy.path) is first
    assert load_rules_cached(str(rules_copy.path)) is first


def test_an_edited_rule_file_is_read_again(rules_copy):
    before = load_rules_cached(rules_copy.path)
    # PARAMETERS.md: the 2005 personfradrag is 37,600 kr. a year; the copy says 37,700 from now on
    rules_copy.edit("tax.yaml", "value: 37600", "value: 37700")
    after = load_rules_cached(rules_copy.path)
    assert after is not before
    assert resolve(before, "2005-03").values["tax.personfradrag_y"] == 37600
    assert resolve(after, "2005-03").values["tax.personfradrag_y"] == 37700


def test_a_broken_edit_is_refused_not_served_from_the_cache(rules_copy):
    load_rules_cached(rules_copy.path)
    rules_copy.edit("coverage.yaml", 'from: "2005-01"', 'from: "2004-12"')  # no rule has a value in 2004-12
    stat = (rules_copy.path / "coverage.yaml").stat()
    os.utime(rules_copy.path / "coverage.yaml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(RulesError):
        load_rules_cached(rules_copy.path)


def test_a_prepared_scenario_follows_an_edited_rule_file(rules_copy):
    """A dashboard runs for days: after a rule file is edited, the next calculation compiles the new value
    (the prepared-scenario cache is keyed on the rule files too, not only on the scenario file)."""
    from taxben.params.layout import rules_records
    from taxben.simulate.scenario import prepare_scenario

    before = prepare_scenario("baseline", "2005-03", 1, rules_copy.path)
    assert prepare_scenario("baseline", "2005-03", 1, rules_copy.path) is before  # cached while unchanged
    rules_copy.edit("tax.yaml", "value: 37600", "value: 37700")  # 2005 personfradrag, DKK a year
    after = prepare_scenario("baseline", "2005-03", 1, rules_copy.path)
    assert rules_records(before.P)["tax"]["personfradrag_y"][0] == 37600
    assert rules_records(after.P)["tax"]["personfradrag_y"][0] == 37700
