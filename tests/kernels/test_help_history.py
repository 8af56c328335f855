"""``help_history``: which rules an adult's months on help have started, under the rule files' values.

The thresholds, from rules/dk (docs/rules.md): in 2005 ATP is paid on the help after 12 months on help
(``atp.on_help_after_months``, estimated from BEK 1600/2019 § 2), the married reduction after 6
(``kontanthjaelp.married_reduction_after_months``, LAS § 25, stk. 5) and the benefit cap after 6
(``benefit_cap.after_months``, LAS § 25 b); from July 2025 the fritidstillæg is paid after 3 months on help
and for 3 months after the last month with help (``leisure_supplement_after_months``,
``leisure_supplement_continues_months``), and the cap of 2005 is gone (no threshold: never due).
"""

from __future__ import annotations

import pytest

from taxben.kernels.household import help_history
from taxben.params.layout import rules_records
from taxben.simulate.scenario import prepare_run

NEVER = 1e9  # the driver's months since help of an adult never on help


@pytest.fixture(scope="module")
def rules_2005():
    return rules_records(prepare_run([], "2005-01", 1)[0].P)[0]


@pytest.fixture(scope="module")
def rules_2026():
    return rules_records(prepare_run([], "2026-01", 1)[0].P)[0]


def test_lis_five_months_on_help_in_2005_has_no_rule_due_yet(rules_2005):
    lis = help_history(rules_2005, 5.0, 1.0)
    assert not lis.married_reduction_due and not lis.benefit_cap_due and not lis.atp_on_help_due


def test_lis_at_six_months_is_due_the_married_reduction_and_the_cap_not_atp(rules_2005):
    lis = help_history(rules_2005, 6.0, 1.0)
    assert lis.married_reduction_due and lis.benefit_cap_due
    assert not lis.atp_on_help_due  # 12 months


def test_ole_at_twelve_months_pays_atp_on_his_help(rules_2005):
    assert help_history(rules_2005, 12.0, 1.0).atp_on_help_due
    assert not help_history(rules_2005, 11.0, 1.0).atp_on_help_due


def test_no_fritidstillaeg_in_2005_rules_before_its_threshold(rules_2005):
    # the 2005 files carry the threshold (3 months) with an amount of 0: due, but worth nothing
    assert not help_history(rules_2005, 2.0, 1.0).fritidstillaeg_due
    assert help_history(rules_2005, 3.0, 1.0).fritidstillaeg_due


def test_mette_keeps_the_fritidstillaeg_three_months_after_leaving_help_in_2026(rules_2026):
    # Mette, 8 months on help, left help: months since the last month with help 1, 2, 3 (run-off), 4 (over)
    assert [help_history(rules_2026, 8.0, since).fritidstillaeg_run_off for since in (1.0, 2.0, 3.0, 4.0)] == [
        True, True, True, False]
    assert not help_history(rules_2026, 8.0, NEVER).fritidstillaeg_run_off


def test_the_2026_rules_have_no_benefit_cap_threshold(rules_2026):
    assert not help_history(rules_2026, 120.0, 1.0).benefit_cap_due
