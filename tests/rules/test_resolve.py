"""Resolution: the values in force on the first day of a month, uprating, and coverage."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from taxben.rules import CoverageError, is_covered, load_rules, resolve
from taxben.rules.resolve import resolve_months

# (parameter, 2005 value, 2026 value) as the rule files cite them (the worked examples depend on them;
# the sources are in each rule file and docs/rules-sources.md)
PARAMETERS_MD = [
    ("kontanthjaelp.rate_full_provider_m", 11397, 13060),
    ("kontanthjaelp.rate_full_other_m", 8577, 13060),
    ("kontanthjaelp.rate_young_away_m", 5527, 7529),
    ("kontanthjaelp.rate_young_home_m", 2668, 3057),
    ("kontanthjaelp.rate_minimum_m", None, 7095),
    ("kontanthjaelp.child_supplement_m", 0, 2909),
    ("kontanthjaelp.single_parent_supplement_m", 0, 1712),
    ("kontanthjaelp.single_supplement_m", 0, 1141),
    ("kontanthjaelp.full_rate_age", 25, 30),
    ("kontanthjaelp.provider_gets_full_rate", True, False),
    ("kontanthjaelp.earnings_deduction_system", "hourly_disregard", "monthly_disregard"),
    ("kontanthjaelp.hourly_disregard", 12.0, None),
    ("kontanthjaelp.disregard_max_hours_m", 160, 160),
    ("kontanthjaelp.withdrawal_rate", 1.0, 0.65),
    ("kontanthjaelp.monthly_disregard_full_m", None, 2500),
    ("kontanthjaelp.monthly_disregard_young_away_m", None, 5000),
    ("kontanthjaelp.monthly_disregard_young_home_m", None, 0),
    ("kontanthjaelp.income_limit_applies", False, True),
    ("kontanthjaelp.max_unemployment_benefit_y", None, 264492),
    ("kontanthjaelp.income_limit_share_full", None, 1.0),
    ("kontanthjaelp.income_limit_share_other", None, 0.85),
    ("tax.am_rate", 0.08, 0.08),
    ("tax.personfradrag_y", 37600, 54100),
    ("tax.bottom_rate", 0.055, 0.1201),
    ("tax.municipal_rate", 0.3256, 0.25049),
    ("tax.church_rate", 0.0074, 0.00639),
    ("tax.health_rate", 0.0, 0.0),
    ("tax.tax_ceiling_applies", True, False),
    ("tax.tax_ceiling_rate", 0.59, None),
    ("tax.employment_allowance_rate", 0.025, 0.1275),
    ("tax.employment_allowance_max_y", 7200, 63300),
    ("tax.job_allowance_rate", 0.0, 0.045),
    ("tax.job_allowance_threshold_y", 0, 235200),
    ("tax.job_allowance_max_y", 0, 3100),
    ("tax.state_brackets", [(259500, 0.06), (311500, 0.15)], [(641200, 0.075), (777900, 0.075), (2592700, 0.05)]),
    # ATP 2005: 223.65 / 3 = 74.55 at >= 117 h, 2/3 and 1/3 of it below (borger.dk historical A-bidrag);
    # 2026: 297.00 / 3 = 99.00, 66.00, 33.00 (borger.dk ATP-satser for privat virksomhed, from 2024)
    ("atp.employee_bands", [(0, 0), (39, 24.85), (78, 49.70), (117, 74.55)], [(0, 0), (39, 33.0), (78, 66.0), (117, 99.0)]),
    ("benefit_cap.applies", True, False),
    ("benefit_cap.after_months", 6, None),
    ("benefit_cap.couple_provider_m", 11397, None),
    ("benefit_cap.couple_other_m", 8577, None),
    ("benefit_cap.single_provider_m", 14218, None),
    ("benefit_cap.single_other_m", 11397, None),
    ("benefit_cap.max_reduction_couple_m", 2045, None),
    ("benefit_cap.max_reduction_single_m", 1354, None),
    ("boligsikring.applies", True, True),
    ("boligsikring.rent_share", 0.60, 0.60),
    ("boligsikring.income_taper_rate", 0.18, 0.18),
    ("boligsikring.income_threshold_y", 108600, 171500),
    ("boligsikring.threshold_per_child_y", 28600, 45200),
    ("boligsikring.threshold_children_max", 4, 4),
    ("boligsikring.minimum_own_payment_y", 18300, 28900),
    ("boligsikring.max_benefit_y", 32200, 50760),
    ("boligsikring.many_children_from", 5, 5),
    ("boligsikring.many_children_max_factor", 1.25, 1.25),
    ("boligsikring.max_rent_y", 60900, 96200),
    ("boligsikring.childless_max_share_of_rent", 0.15, 0.15),
    ("saerlig_stoette.applies", False, False),
]


@pytest.mark.parametrize(("name", "v2005", "v2026"), PARAMETERS_MD, ids=[p[0] for p in PARAMETERS_MD])
def test_2005_and_2026_values_are_those_of_parameters_md(rules, name, v2005, v2026):
    assert resolve(rules, "2005-03").values[name] == v2005
    assert resolve(rules, "2026-03").values[name] == v2026


def test_municipal_total_including_church_is_33_3_percent_in_2005(rules):
    p = resolve(rules, "2005-06")
    assert p["tax.municipal_rate"] + p["tax.church_rate"] == pytest.approx(0.333)


def test_status_follows_the_source(rules):
    p = resolve(rules, "2005-03")
    assert p.meta["kontanthjaelp.rate_full_provider_m"].status == "verified"
    assert "id=30200" in p.meta["kontanthjaelp.rate_full_provider_m"].reference["url"]
    assert p.meta["tax.personfradrag_y"].status == "secondary"
    hourly = p.meta["kontanthjaelp.hourly_disregard"]
    assert hourly.status == "estimated" and "11.50" in hourly.method
    assert {e["name"] for e in p.estimated()} >= {"kontanthjaelp.hourly_disregard", "boligsikring.income_threshold_y"}


def test_the_deduction_system_switches_on_1_july_2025(rules):
    june = resolve(rules, "2025-06", strict=False)
    july = resolve(rules, "2025-07", strict=False)
    assert june["kontanthjaelp.earnings_deduction_system"] == "hourly_disregard"
    assert july["kontanthjaelp.earnings_deduction_system"] == "monthly_disregard"
    assert (june["kontanthjaelp.withdrawal_rate"], july["kontanthjaelp.withdrawal_rate"]) == (1.0, 0.65)
    assert july["kontanthjaelp.hourly_disregard"] is None
    assert not june.covered and not july.covered


def test_a_value_applies_from_the_first_day_of_its_month(rules):
    assert resolve(rules, dt.date(2025, 7, 31), strict=False)["kontanthjaelp.withdrawal_rate"] == 0.65
    assert resolve(rules, "2025-06-30", strict=False)["kontanthjaelp.withdrawal_rate"] == 1.0


def test_new_year_2006_changes_tax_and_uprates_transfers(rules):
    dec, jan = resolve(rules, "2005-12"), resolve(rules, "2006-01")
    assert (dec["tax.personfradrag_y"], jan["tax.personfradrag_y"]) == (37600, 38500)
    assert jan["tax.state_brackets"] == [(265500, 0.06), (318700, 0.15)]
    assert jan.meta["tax.state_brackets"].status == "verified"
    assert (dec["kontanthjaelp.rate_full_provider_m"], jan["kontanthjaelp.rate_full_provider_m"]) == (11397, 11625)
    meta = jan.meta["kontanthjaelp.rate_full_provider_m"]
    assert meta.status == "estimated" and meta.uprated_from == "2005-01-01"
    assert "satsregulering 2006 +2.00 %" in meta.method


def test_the_2007_municipal_reform(rules):
    p = resolve(rules, "2007-01")
    assert p["tax.health_rate"] == 0.08
    assert p["tax.municipal_rate"] + p["tax.church_rate"] + p["tax.health_rate"] == pytest.approx(0.33314)


def test_2027_amounts_are_uprated_and_rates_kept(rules):
    p = resolve(rules, "2027-05")
    # satsregulering 2027: PSL § 20 estimate 4.1 % - 0.3 satspulje - 0.45 one-off (L 161, 2023-24) = 3.35 %
    assert p["kontanthjaelp.rate_full_provider_m"] == 13498  # 13,060 x 1.0335 = 13,497.5, half up
    # PSL § 20, stk. 2: "afrundes opad til nærmeste kronebeløb, der kan deles med 100"
    assert p["tax.personfradrag_y"] == 56400  # 54,100 x 1.041 = 56,318.1, rounded UP to 100
    assert p["tax.bottom_rate"] == 0.1201 and p.meta["tax.bottom_rate"].status == "secondary"
    assert p["kontanthjaelp.monthly_disregard_young_home_m"] == 0
    assert p["kontanthjaelp.rate_minimum_m"] == 7333  # 7,095 x 1.0335 = 7,332.7
    # boligsikring follows the boligstøtte regulation (2.1 % a year, as observed 2025 -> 2026), not 3.35 %
    assert p["boligsikring.income_threshold_y"] == 175100  # 171,500 x 1.021 = 175,101.5, to 100
    assert "boligstoette 2027 +2.10 %" in p.meta["boligsikring.income_threshold_y"].method


def test_psl20_amounts_round_up_but_transfers_round_half_up(rules):
    p = resolve(rules, "2027-01")
    assert p["tax.job_allowance_max_y"] == 3300  # 3,100 x 1.041 = 3,227.1: up to 3,300 (half-up gives 3,200)
    assert "rounded up to 100" in p.meta["tax.job_allowance_max_y"].method
    assert p["tax.single_parent_allowance_max_y"] == 52700  # 50,600 x 1.041 = 52,674.6 -> 52,700


def test_schedule_uprating_moves_thresholds_not_rates(rules):
    brackets = resolve(rules, "2028-01")["tax.state_brackets"]
    assert [rate for _, rate in brackets] == [0.075, 0.075, 0.05]
    assert brackets[0][0] == math.ceil(641200 * 1.041 * 1.041 / 100) * 100  # PSL § 20: up to 100


def test_null_amounts_stay_null_when_uprated(rules):
    p = resolve(rules, "2007-06")
    assert p["kontanthjaelp.monthly_disregard_full_m"] is None
    assert p.meta["kontanthjaelp.monthly_disregard_full_m"].status == "secondary"


def test_hourly_disregard_is_uprated_to_the_ore(rules):
    assert resolve(rules, "2006-02")["kontanthjaelp.hourly_disregard"] == 12.24


@pytest.mark.parametrize("month", ["2004-12", "2008-01", "2010-06", "2025-12", "2029-01"])
def test_months_outside_coverage_are_refused(rules, month):
    with pytest.raises(CoverageError) as info:
        resolve(rules, month)
    message = str(info.value)
    assert month in message and "2005-01..2007-12" in message and "2026-01..2028-12" in message
    assert not is_covered(rules, month)


@pytest.mark.parametrize("month", ["2005-01", "2007-12", "2026-01", "2028-12"])
def test_coverage_edges_are_inclusive(rules, month):
    assert resolve(rules, month).covered


@pytest.mark.parametrize("bad", ["2005/03", "March 2005", "2005-13", ""])
def test_bad_month_text(rules, bad):
    with pytest.raises(ValueError, match="bad month|month must be"):
        resolve(rules, bad)


def test_zero_amounts_are_not_reported_as_uprated(rules):
    meta = resolve(rules, "2006-05").meta["kontanthjaelp.child_supplement_m"]
    assert meta.status == "verified" and meta.method is None


@pytest.mark.parametrize("start", ["2005-01", "2026-01"])
def test_a_horizon_resolves_as_each_month_alone(rules, start):
    """A run resolves its horizon with ``resolve_months``, which resolves a month only when a dated value
    takes effect or the year changes (uprating goes by year) and copies the month before otherwise. Three
    years of each era, every month: the same month, values, metadata and notes as ``resolve`` of that month
    alone (by definition: the copy must change nothing)."""
    months = [f"{int(start[:4]) + k // 12}-{k % 12 + 1:02d}" for k in range(36)]
    for month, resolved in zip(months, resolve_months(rules, months)):
        assert resolved == resolve(rules, month), month  # Params: every field compared


def test_a_value_dated_mid_year_is_not_copied_over(rules_copy):
    """A copy of the rules where the recipient's own ATP on help rises from 99 to 101 DKK on 1 July 2026 (a
    made-up date: every real change in the covered years falls on 1 January). The horizon March-September
    2026 must show 99 through June and 101 from July, as each month resolved alone does; a horizon that
    copied June into July would keep 99."""
    tail = "no satser table for 2024-2026 was found; see docs/rules.md\n"
    rules_copy.edit("atp.yaml", tail,
                    tail + "      2026-07-01: {value: 101, reference: *atp_help_2016, status: estimated, "
                           "method: test}\n")
    edited = load_rules(rules_copy.path)
    months = [f"2026-{m:02d}" for m in range(3, 10)]
    resolved = resolve_months(edited, months)
    assert [r["atp.on_help_employee_m"] for r in resolved] == [99, 99, 99, 99, 101, 101, 101]
    for month, r in zip(months, resolved):
        assert r == resolve(edited, month), month
