"""The rule values added for issue 12, each checked against the figure its source states (derivation
beside the assertion). The kernels read them in the next phase; here the data must be right."""

from __future__ import annotations

import pytest

from taxben.rules import resolve


def test_atp_is_set_not_uprated_2005_2006_2026(rules):
    # borger.dk, historical A-bidrag per month: 223.65 (1996-2005), 243.90 (2006-2008), 297.00 (from 2024);
    # the employee pays one third: 74.55, 81.30, 99.00 at >= 117 hours, 2/3 and 1/3 of that below
    assert dict(resolve(rules, "2005-06")["atp.employee_bands"])[117] == pytest.approx(223.65 / 3)
    for month in ("2006-01", "2007-12"):
        bands = dict(resolve(rules, month)["atp.employee_bands"])
        assert bands == {0: 0, 39: 27.10, 78: 54.20, 117: 81.30}  # 243.90 / 3 = 81.30, not 74.55 carried on
    for month in ("2026-01", "2028-12"):  # not index-regulated: 2027-2028 keep the 2024 amounts
        assert dict(resolve(rules, month)["atp.employee_bands"]) == {0: 0, 39: 33.0, 78: 66.0, 117: 99.0}


def test_atp_on_kontanthjaelp_after_twelve_months(rules):
    p = resolve(rules, "2026-03")
    # BEK 1600/2019 § 2: only after 12 consecutive months on help; the recipient pays one third of 297 = 99
    assert (p["atp.on_help_applies"], p["atp.on_help_after_months"], p["atp.on_help_employee_m"]) == (True, 12, 99)
    assert resolve(rules, "2005-03")["atp.on_help_employee_m"] == 75  # 223.65 / 3 = 74.55, whole kroner


def test_saerligt_ungetillaeg_from_the_2024_level_in_the_law(rules):
    # LAS § 19, stk. 3: 1.000 / 2.500 / 2.500 kr. (2024-niveau); x 1.036 (2025) = 1.036 / 2.590 / 2.590
    july = resolve(rules, "2025-07", strict=False)
    assert [july[f"kontanthjaelp.young_supplement_{k}_m"] for k in ("under25", "25_29", "provider")] == [1036, 2590, 2590]
    # 2026: x 1.045 (satsregulering 2026) = 1.082,6 / 2.706,6 -> 1.083 / 2.707
    p = resolve(rules, "2026-02")
    assert [p[f"kontanthjaelp.young_supplement_{k}_m"] for k in ("under25", "25_29", "provider")] == [1083, 2707, 2707]
    assert (p["kontanthjaelp.young_supplement_split_age"], p["kontanthjaelp.young_supplement_below_age"]) == (25, 30)
    assert p["kontanthjaelp.aktivitetsparat_from_match_group"] == 4  # groups 4 and 5 count as aktivitetsparat
    assert resolve(rules, "2005-02")["kontanthjaelp.young_supplement_25_29_m"] == 0  # no such supplement in 2005


def test_boligstoetteloft_from_july_2025(rules):
    june, july = resolve(rules, "2025-06", strict=False), resolve(rules, "2025-07", strict=False)
    assert (june["boligsikring.couple_cap_applies"], july["boligsikring.couple_cap_applies"]) == (False, True)
    assert july["boligsikring.couple_cap_m"] == 363  # jobcenterskive.dk / kalundborg.dk, 2025 level
    p = resolve(rules, "2026-01")
    assert p["boligsikring.couple_cap_m"] == 363 and p.meta["boligsikring.couple_cap_m"].status == "estimated"
    assert resolve(rules, "2005-01")["boligsikring.couple_cap_m"] is None
    assert resolve(rules, "2027-01")["boligsikring.couple_cap_m"] == 371  # 363 x 1.021 = 370.6, whole kroner


def test_single_parent_extra_employment_allowance(rules):
    p = resolve(rules, "2026-06")
    assert (p["tax.single_parent_allowance_rate"], p["tax.single_parent_allowance_max_y"]) == (0.115, 50600)
    q = resolve(rules, "2005-06")  # introduced from income year 2014 (skat.dk)
    assert (q["tax.single_parent_allowance_rate"], q["tax.single_parent_allowance_max_y"]) == (0.0, 0)


def test_kontanthjaelpsnedsaettelse_2005_and_its_uprating(rules):
    # table 4.1 of 2005: "Kontanthjælpsnedsættelse, Lov § 25, stk. 5, Kr. mdl., 542"
    assert resolve(rules, "2005-01")["kontanthjaelp.married_reduction_m"] == 542
    assert resolve(rules, "2005-01")["kontanthjaelp.married_reduction_after_months"] == 6
    assert resolve(rules, "2006-01")["kontanthjaelp.married_reduction_m"] == 553  # 542 x 1.020 = 552.8
    assert resolve(rules, "2007-01")["kontanthjaelp.married_reduction_m"] == 566  # 542 x 1.020 x 1.024 = 566.1
    assert resolve(rules, "2026-01")["kontanthjaelp.married_reduction_m"] == 0


def test_fritidstillaeg(rules):
    july = resolve(rules, "2025-07", strict=False)
    # Odense/Lolland Kommune 2025: 450 kr. per child a month, at most 3 children; single providers 112,50
    assert july["kontanthjaelp.leisure_supplement_per_child_m"] == 450
    assert 450 * july["kontanthjaelp.leisure_supplement_single_share"] == 112.5
    assert july["kontanthjaelp.leisure_supplement_max_children"] == 3
    assert july["kontanthjaelp.leisure_supplement_after_months"] == 3
    assert resolve(rules, "2026-01")["kontanthjaelp.leisure_supplement_per_child_m"] == 470  # 450 x 1.045 = 470.25


def test_child_benefits_2026_per_year_and_month(rules):
    p = resolve(rules, "2026-04")
    # babyliv.dk / Beierholm 2026: 5.370, 4.248, 3.342 kr. a quarter; 1.114 kr. a month for 15-17
    expected_month = {"0_2": 5370 / 3, "3_6": 4248 / 3, "7_14": 3342 / 3, "15_17": 1114}
    for band, per_month in expected_month.items():
        assert p[f"child_benefit.amount_{band}_y"] / 12 == pytest.approx(per_month)
    # bm.dk 2024 børnetilskud 6.432 / 6.556 x 1.036 (2025) x 1.045 (2026), each to a multiple of 4
    assert p["child_benefit.ordinary_supplement_y"] == 6964 and p["child_benefit.extra_supplement_y"] == 7096
    assert (p["child_benefit.taper_rate"], p["child_benefit.taper_threshold_y"]) == (0.02, 961100)  # 700.000 x 1,373


def test_child_benefits_2005_from_the_2004_law_and_consumer_prices(rules):
    p = resolve(rules, "2005-04")
    # 2004 law: 13.204 / 11.932 / 9.388 kr. a year; 2005 = x 1,021 (prices 2003/2002), to a multiple of 4
    assert [p[f"child_benefit.amount_{b}_y"] for b in ("0_2", "3_6", "7_14", "15_17")] == [13480, 12184, 9584, 9584]
    assert (p["child_benefit.taper_rate"], p["child_benefit.taper_threshold_y"]) == (0.0, None)
    # 2006 table (retsinformation id=31557): 4.324 / 4.400; 2005 = / 1.020 to a multiple of 4
    assert (p["child_benefit.ordinary_supplement_y"], p["child_benefit.extra_supplement_y"]) == (4240, 4312)
    q = resolve(rules, "2006-01")
    assert (q["child_benefit.ordinary_supplement_y"], q["child_benefit.extra_supplement_y"]) == (4324, 4400)
    assert q.meta["child_benefit.ordinary_supplement_y"].status == "verified"


def test_the_spouse_reading_of_the_income_limit_is_a_dated_switch(rules):
    p = resolve(rules, "2026-01")
    assert p["kontanthjaelp.income_limit_excess_to_spouse"] is True  # SPEC § 4.2 reading (default)
    assert p.meta["kontanthjaelp.income_limit_excess_to_spouse"].status == "estimated"
