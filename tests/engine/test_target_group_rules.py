"""Rules of the target group added for current law (issue 12), each as a worked household.

The expected amounts are derived by hand from the cited sources (``docs/rules-sources.md``) and the rule
values in ``rules/dk/`` (``docs/rules-worked-2026.md`` W1-W8 has the full derivations), never from the
code. 2026 values used: forhøjet sats 13,060, grundsats 7,529, enlig ikke-forsørger 1,141, børnetillæg
2,909; særligt ungetillæg 1,083 (under 25) / 2,707 (25-29); AM 8 %; ATP 33/66/99 by hours; personfradrag
54,100; kommune + kirke 25.688 %; bundskat 12.01 %; so the tax on help alone is
(12 K − 54,100) × 0.37698 / 12. Amounts to 1 DKK (0.01 where the derivation is exact).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taxben import calc

SCENARIOS = Path(__file__).with_name("scenarios")


def month(household: dict, year: int = 2026, months: int = 1, scenario="ceiling70_mg45", **kwargs):
    """The baseline table (one row per adult and month)."""
    table = calc.household(household, start=f"{year}-01", months=months, scenario=scenario, **kwargs)
    return table[table.scenario == "baseline"].reset_index(drop=True)


def tax_on_help_alone(help_m: float) -> float:
    return (12 * help_m - 54_100) * (0.25688 + 0.1201) / 12


# --- W1 særligt ungetillæg (LAS § 19), aktivitetsparat = match group 4 or 5 ---------------------------

@pytest.mark.parametrize("age, match_group, expected_help", [
    (27, 4, 7_529 + 1_141 + 2_707),  # 25-29, aktivitetsparat: 11,377 (= EXAMPLES case H)
    (27, 3, 7_529 + 1_141),  # match group 3 is not aktivitetsparat: 8,670
    (22, 5, 7_529 + 1_141 + 1_083),  # under 25: 9,753
    (31, 4, 13_060 + 1_141),  # 30 or older: forhøjet sats, no supplement
])
def test_saerligt_ungetillaeg_is_part_of_the_rate(age, match_group, expected_help):
    """Sofie, single, no children, no rent, living away from her parents, 0 h in January 2026."""
    row = month({"adults": [{"age": age, "match_group": match_group, "hourly_wage": 145}]}).iloc[0]
    assert row.kontanthjaelp_m == pytest.approx(expected_help, abs=0.01)
    assert row.income_tax_m == pytest.approx(tax_on_help_alone(expected_help), abs=0.01)


def test_saerligt_ungetillaeg_is_withdrawn_like_the_rest_of_the_help():
    """Sofie at 10 h, 145 DKK/h: E = 6,283.33, AM 502.67, ATP 33, B = 5,747.67; the deduction
    0.65 × (5,747.67 − 5,000) = 485.98 is the same with or without the supplement, which only lifts the
    level: help 11,377 − 485.98 = 10,891.02 in match group 4, 8,670 − 485.98 = 8,184.02 in group 3."""
    for match_group, expected in ((4, 10_891.02), (3, 8_184.02)):
        row = month({"adults": [{"age": 27, "match_group": match_group, "hourly_wage": 145,
                                 "hours_per_week": 10}]}).iloc[0]
        assert row.kontanthjaelp_m == pytest.approx(expected, abs=0.01)


# --- W2 boligstøtteloft -----------------------------------------------------------------------------

def test_boligstoetteloft_caps_a_couple_on_the_forhoejet_sats():
    """Ole (40) and Lis (38), both on help at 0 h on the forhøjet sats with two children, rent 6,000
    (EXAMPLES case C, 0 h). Help 2 × (13,060 + 2,909) = 31,938 a month, household income 383,256 a year;
    boligsikring 0.6 × 72,000 − 0.18 × (383,256 − (171,500 + 45,200)) = 13,219.92 a year = 1,101.66 a
    month, above the loft of 363: they get 363. At 15 h for Ole (174 DKK/h) the boligsikring is 155.71,
    under the loft, which then does not bind."""
    couple = {"adults": [{"age": 40, "hourly_wage": 174}, {"age": 38, "hourly_wage": 174}],
              "n_children": 2, "rent_monthly": 6_000}
    assert month(couple).iloc[0].household_boligsikring_m == pytest.approx(363, abs=0.01)
    couple["adults"][0]["hours_per_week"] = 15
    assert month(couple).iloc[0].household_boligsikring_m == pytest.approx(155.71, abs=0.01)


def test_boligstoetteloft_leaves_singles_alone():
    """Karin, single parent, on help at 0 h, rent 5,000 (EXAMPLES case B): 2,592 a month, no loft."""
    row = month({"adults": [{"hourly_wage": 160}], "n_children": 1, "rent_monthly": 5_000}).iloc[0]
    assert row.household_boligsikring_m == pytest.approx(2_592, abs=1)


# --- W3 the extra employment allowance for single parents (LL § 9 J) ----------------------------------

def test_single_parent_extra_employment_allowance():
    """Karin, single parent 35, one child, rent 5,000, 15 h at 160 DKK/h (EXAMPLES case B): E = 10,400,
    help 11,396.25, P = 251,175 a year; allowances 0.1275 × 124,800 = 15,912 and the single parents'
    0.115 × 124,800 = 14,352: taxable 220,911, tax (220,911 − 54,100) × 0.25688 + (251,175 − 54,100) ×
    0.1201 = 66,519.12 a year = 5,543.26 a month. As a couple's adult (no single-parent allowance) the
    same income pays 14,352 × 0.25688 / 12 = 307.23 more."""
    single = {"adults": [{"hourly_wage": 160, "hours_per_week": 15}], "n_children": 1, "rent_monthly": 5_000}
    assert month(single).iloc[0].income_tax_m == pytest.approx(5_543.26, abs=0.01)


# --- W4 ATP on the help itself (LAS §§ 79-80) ---------------------------------------------------------

def test_atp_on_help_after_twelve_months():
    """Jens, single 35, no children, no rent, 0 h, 2026. After 12 months on help his help 14,201 is at
    least the forhøjet sats 13,060: he pays 99 of ATP on it, deducted before tax: tax on 12 × 14,102 =
    3,616.62, D = 14,201 − 99 − 3,616.62 = 10,485.38. Before 12 months: no contribution (EXAMPLES case A:
    D 10,547.06). At 10 h his help 11,701 is below 13,060: no contribution on the help."""
    jens = {"adults": [{"hourly_wage": 160, "months_on_benefit": 12}]}
    row = month(jens).iloc[0]
    assert row.atp_on_help_m == 99
    assert row.income_tax_m == pytest.approx(3_616.62, abs=0.01)
    assert row.household_disposable_income_m == pytest.approx(10_485.38, abs=0.01)
    jens["adults"][0]["months_on_benefit"] = 11
    assert month(jens).iloc[0].household_disposable_income_m == pytest.approx(10_547.06, abs=0.01)
    jens["adults"][0].update(months_on_benefit=12, hours_per_week=10)
    assert month(jens).iloc[0].atp_on_help_m == 0


# --- W5 child benefits in disposable income -------------------------------------------------------

def test_child_benefits_for_a_single_parent():
    """Karin, single parent, one child aged 4, 2026: børne- og ungeydelse 16,992 / 12 = 1,416 and
    børnetilskud (6,964 ordinary + 7,096 extra) / 12 = 1,171.67: 2,587.67 a month, on top of EXAMPLES
    case B's D of 14,240 (the benefits are tax-free and count nowhere else)."""
    karin = {"adults": [{"hourly_wage": 160}], "n_children": 1, "rent_monthly": 5_000,
             "n_children_0_2": 0, "n_children_3_6": 1, "n_children_7_14": 0, "n_children_15_17": 0}
    row = month(karin).iloc[0]
    assert row.household_child_benefits_m == pytest.approx(2_587.67, abs=0.01)
    assert row.household_disposable_income_m == pytest.approx(14_240 + 2_587.67, abs=1)


def test_child_benefits_of_a_couple_and_the_default_age_split():
    """A couple with children aged 1 and 8: (21,480 + 13,368) / 12 = 2,904 a month, no børnetilskud.
    Without ages, each child counts by the default split of ages 0-17 (3, 4, 8 and 3 years of 18):
    (3 × 21,480 + 4 × 16,992 + 11 × 13,368) / 18 / 12 = 1,293.78 a month per child."""
    couple = {"adults": [{"age": 40, "hourly_wage": 174}, {"age": 38, "hourly_wage": 174}], "n_children": 2,
              "rent_monthly": 6_000}
    aged = {**couple, "n_children_0_2": 1, "n_children_3_6": 0, "n_children_7_14": 1, "n_children_15_17": 0}
    assert month(aged).iloc[0].household_child_benefits_m == pytest.approx(2_904, abs=0.01)
    assert month(couple).iloc[0].household_child_benefits_m == pytest.approx(2 * 1_293.78, abs=0.01)


# --- W6 fritidstillæg -----------------------------------------------------------------------------

def test_fritidstillaeg_per_child_and_its_three_months_after_help():
    """Ole and Lis (2 children) after 3 months on help: 2 × 470 = 940 a month; Karin, a single parent
    with one child: 0.25 × 470 = 117.50. It continues 3 months after the last month with help: Karin
    starts a 37-hour job that ends her help in January; she keeps 117.50 in January, February and March
    (1, 2 and 3 months after December), not in April."""
    couple = {"adults": [{"age": 40, "hourly_wage": 174, "months_on_benefit": 3},
                         {"age": 38, "hourly_wage": 174, "months_on_benefit": 3}], "n_children": 2}
    assert month(couple).iloc[0].household_fritidstillaeg_m == pytest.approx(940, abs=0.01)
    karin = {"adults": [{"hourly_wage": 160, "months_on_benefit": 3, "hours_per_week": 37}], "n_children": 1}
    table = month(karin, months=5)
    assert list(table.kontanthjaelp_m.round(2)) == [0.0] * 5
    assert list(table.household_fritidstillaeg_m.round(2)) == [117.5, 117.5, 117.5, 0.0, 0.0]


# --- W7 2005: kontanthjælpsnedsættelse for married recipients (LAS § 25, stk. 5) --------------------

def test_married_reduction_2005():
    """Ole and Lis in 2005 (EXAMPLES case C, 0 h), both on help at the 25+ provider rate for 12 months:
    each spouse's rate 11,397 − 542 = 10,855. Household income 12 × 21,710 = 260,520; boligsikring
    0.6 × 60,900 − 0.18 × (260,520 − 137,200) = 14,342.40 a year = 1,195.20 a month; the cap
    (2 × 11,397 = 22,794) takes 21,710 + 1,195.20 − 22,794 = 111.20 of it; tax per adult
    (130,260 − 37,600) × 0.33300 + (130,260 − 37,600) × 0.055 = 35,952.08 → 2,996.01 a month;
    D = 2 × (10,855 − 2,996.01) + 1,195.20 − 111.20 = 16,801.99 (before child benefits). Before 6 months
    on help, no reduction."""
    couple = {"adults": [{"age": 40, "hourly_wage": 120, "months_on_benefit": 12},
                         {"age": 38, "hourly_wage": 120, "months_on_benefit": 12}],
              "n_children": 2, "rent_monthly": 6_000}
    table = month(couple, year=2005)
    assert list(table.kontanthjaelp_m.round(2)) == [10_855.0, 10_855.0]
    first = table.iloc[0]
    assert first.household_boligsikring_m == pytest.approx(1_195.20, abs=0.01)
    assert first.household_cap_reduction_m == pytest.approx(111.20, abs=0.01)
    assert first.income_tax_m == pytest.approx(2_996.01, abs=0.01)
    assert first.household_disposable_income_m - first.household_child_benefits_m == pytest.approx(16_801.99, abs=0.01)
    for adult in couple["adults"]:
        adult["months_on_benefit"] = 5
    assert list(month(couple, year=2005).kontanthjaelp_m.round(2)) == [11_397.0, 11_397.0]


def test_married_reduction_and_cap_start_in_the_month_the_couple_reaches_six_months_on_help():
    """Ole and Lis as above, 5 months on help before January 2005, two months at 0 h: January is their
    6th month on help, so the reduction and the cap (both after 6 months) start in February (the months
    on help count only through the rules they start, and the engine keeps a household's month record
    while those stay the same: here it must not). January, neither: help 2 × 11,397 = 22,794, tax 2 ×
    3,206.30 (income 136,764 − 37,600 at 0.333 + 0.055: 38,475.63 a year), boligsikring 0.6 × 60,900 −
    0.18 × (273,528 − 137,200) = 12,000.96 a year = 1,000.08 a month, no cap cut: D = 22,794 − 6,412.61 +
    1,000.08 = 17,381.47 before child benefits. February: the reduced and capped month above, 16,801.99."""
    couple = {"adults": [{"age": 40, "hourly_wage": 120, "months_on_benefit": 5},
                         {"age": 38, "hourly_wage": 120, "months_on_benefit": 5}],
              "n_children": 2, "rent_monthly": 6_000}
    table = month(couple, year=2005, months=2)
    january, february = table[table.month == table.month.min()], table[table.month == table.month.max()]
    assert list(january.kontanthjaelp_m.round(2)) == [11_397.0, 11_397.0]
    assert list(february.kontanthjaelp_m.round(2)) == [10_855.0, 10_855.0]
    assert january.iloc[0].household_cap_reduction_m == 0.0
    assert february.iloc[0].household_cap_reduction_m == pytest.approx(111.20, abs=0.01)
    for row, expected in ((january.iloc[0], 17_381.47), (february.iloc[0], 16_801.99)):
        assert row.household_disposable_income_m - row.household_child_benefits_m == pytest.approx(expected, abs=0.01)


# --- W8 the 2026 income limit in a couple: the two readings ------------------------------------------

def test_income_limit_excess_carries_to_the_spouse_unless_switched_off():
    """Case G, 35 h (EXAMPLES): adult 1's deduction is raised by the income limit to 13,245.33, 185.33
    beyond his own rate 13,060. SPEC §4.2 (default): the excess reduces adult 2's help 6,435.63 to
    6,250.30, D 30,350.46. With ``income_limit_excess_to_spouse`` off it stays with adult 1: adult 2
    keeps 6,435.63, tax 5,056.77, D 30,465.93."""
    couple = {"adults": [{"hourly_wage": 160, "hours_per_week": 35}, {"hourly_wage": 160, "hours_per_week": 20}],
              "rent_monthly": 4_000}
    default = month(couple)
    assert default.loc[1].kontanthjaelp_m == pytest.approx(6_250.30, abs=0.01)
    assert default.loc[0].household_disposable_income_m == pytest.approx(30_350.46, abs=0.01)
    table = calc.household(couple, start="2026-01", months=1, scenario=SCENARIOS / "limit_excess_stays.yaml")
    switched = table[table.scenario == "limit_excess_stays"].reset_index(drop=True)
    assert switched.loc[1].kontanthjaelp_m == pytest.approx(6_435.63, abs=0.01)
    assert switched.loc[1].income_tax_m == pytest.approx(5_056.77, abs=0.01)
    assert (switched.loc[0].household_disposable_income_m - switched.loc[0].household_ceiling_supplement_m
            == pytest.approx(30_465.93, abs=0.01))
