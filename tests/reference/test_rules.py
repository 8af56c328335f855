"""Single rules of SPEC §4, against amounts worked out by hand from PARAMETERS.md (see each docstring)."""

from __future__ import annotations

import numpy as np
import pytest
from reference_cases import NO_CEILING, ROW_2005, ROW_2026, SS_ON, adult, params, run

from taxben.kernels import fields as F
from taxben.reference import MonthParams
from taxben.reference.rules import income_tax_y

E = 52 / 12  # hours per month per weekly hour


def _month0(year, households, hours, C=NO_CEILING, **over):
    return run(params(year, 1, **over), C, households, hours)[:, 0]


# --- income tax ------------------------------------------------------------------------------------


def test_tax_2005_skatteloft_caps_the_top_marginal_rate():
    """2005: municipal 32.56 + health 0 + bottom 5.5 + middle 6 + top 15 = 59.06 % > 59 %, so the top
    rate is cut to 59 − 32.56 − 5.5 − 6 = 14.94 %; church (0.74) is outside the skatteloft."""
    q = MonthParams(ROW_2005)
    P = np.array([400_000.0])
    expected = (
        0.333 * (400_000 - 7_200 - 37_600)
        + 0.055 * (400_000 - 37_600)
        + 0.06 * (400_000 - 259_500)
        + 0.1494 * (400_000 - 311_500)
    )
    assert income_tax_y(q, P, P)[0] == pytest.approx(expected, abs=1e-6)
    marginal = income_tax_y(q, P + 1.0, P)[0] - income_tax_y(q, P, P)[0]
    assert marginal == pytest.approx(0.59 + 0.0074, abs=1e-9)


def test_tax_2026_brackets_and_job_allowance():
    """2026, P = 12E = 3,000,000: employment allowance at its max 63,300, job allowance at its max 3,100;
    state 7.5 % > 641,200, 7.5 % > 777,900, 5 % > 2,592,700; no skatteloft."""
    q = MonthParams(ROW_2026)
    P = np.array([3_000_000.0])
    expected = (
        (0.25049 + 0.00639) * (3_000_000 - 63_300 - 3_100 - 54_100)
        + 0.1201 * (3_000_000 - 54_100)
        + 0.075 * (3_000_000 - 641_200)
        + 0.075 * (3_000_000 - 777_900)
        + 0.05 * (3_000_000 - 2_592_700)
    )
    assert income_tax_y(q, P, P)[0] == pytest.approx(expected, abs=1e-6)
    # job allowance below its max: 4.5 % of (300,000 − 235,200) = 2,916
    P = np.array([300_000.0])
    expected = (0.25049 + 0.00639) * (300_000 - 38_250 - 2_916 - 54_100) + 0.1201 * (300_000 - 54_100)
    assert income_tax_y(q, P, P)[0] == pytest.approx(expected, abs=1e-6)


# --- kontanthjælp ------------------------------------------------------------------------------------


def test_2005_disregard_hours_capped_at_160():
    """40 h/week = 173.3 h/month; the disregard counts 160 h: 12 × 160 = 1,920 DKK."""
    out = _month0(2005, [([adult(35, 50)], 0, 0)], [40])[0]
    B = 50 * 40 * E * 0.92 - 74.55
    assert out[F.O_KONTANTHJAELP] == pytest.approx(max(0.0, 8_577 - (B - 1_920)), abs=1e-6)


def test_2005_couple_mutual_maintenance_non_recipient_spouse():
    """The non-recipient spouse's earnings are deducted by the same rule and reduce the recipient's help.
    Spouse at 10 h, wage 110: B = 4,766.67 × 0.92 − 24.85 = 4,360.48; deduction B − 12 × 43.33 = 3,840.48."""
    hh = [([adult(35, 110), adult(35, 110, recipient=False)], 0, 0)]
    out = _month0(2005, hh, [0, 10])
    B = 110 * 10 * E * 0.92 - 24.85
    assert out[0, F.O_KONTANTHJAELP] == pytest.approx(8_577 - (B - 12 * 10 * E), abs=1e-6)
    assert out[1, F.O_KONTANTHJAELP] == 0
    # at 37 h the spouse's excess exhausts the recipient's help
    out = _month0(2005, hh, [0, 37])
    assert out[0, F.O_KONTANTHJAELP] == 0


def test_2005_couple_excess_of_one_recipient_reduces_the_other():
    """Both recipients (providers, 11,397 each); adult 1 at 37 h, wage 150: own deduction
    B − 12 × 160 exceeds the own rate, the excess comes off adult 2's help."""
    hh = [([adult(40, 150), adult(38, 150)], 1, 0)]
    out = _month0(2005, hh, [37, 0])
    B = 150 * 37 * E * 0.92 - 74.55
    excess = (B - 1_920) - 11_397
    assert excess > 0
    assert out[0, F.O_KONTANTHJAELP] == 0
    assert out[1, F.O_KONTANTHJAELP] == pytest.approx(11_397 - excess, abs=1e-6)


def test_2026_income_limit_binds_krone_for_krone():
    """Single provider aged 25 (grundsats 7,529 + child 2,909 + single parent 1,712 = 12,150) at 20 h, wage
    160: B = 13,866.67 × 0.92 − 63.11 = 12,694.22; 65 % rule gives 12,150 − 0.65 × (B − 5,000) = 7,148.76,
    the limit 0.85 × 264,492 / 12 − B = 6,040.63 is lower."""
    out = _month0(2026, [([adult(25, 160)], 1, 0)], [20])[0]
    B = 160 * 20 * E * 0.92 - 63.11
    assert 12_150 - 0.65 * (B - 5_000) == pytest.approx(7_148.76, abs=0.01)
    assert out[F.O_KONTANTHJAELP] == pytest.approx(0.85 * 264_492 / 12 - B, abs=1e-6)


@pytest.mark.parametrize(
    "children, expected",
    [(0, 7_095), (1, 7_095 + 2_909 + 1_712)],  # mindstesats: no single supplement; single-parent yes
)
def test_2026_mindstesats_override(children, expected):
    out = _month0(2026, [([adult(35, 160, rate_category=F.CAT_MINIMUM)], children, 0)], [0])[0]
    assert out[F.O_KONTANTHJAELP] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "age, home, children, expected",
    [
        (29, False, 0, 7_529 + 1_141),  # grundsats + single supplement
        (29, True, 0, 3_057),  # hjemmeboende: no supplement
        (29, False, 2, 7_529 + 2_909 + 1_712),  # grundsats provider: child + single-parent supplement
        (30, False, 2, 13_060 + 2_909),  # forhøjet provider: child supplement only
    ],
)
def test_2026_rate_categories(age, home, children, expected):
    out = _month0(2026, [([adult(age, 160, lives_with_parents=home)], children, 0)], [0])[0]
    assert out[F.O_KONTANTHJAELP] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "age, home, children, expected",
    [(24, False, 0, 5_527), (24, True, 0, 2_668), (24, True, 1, 11_397), (25, True, 0, 8_577)],
)
def test_2005_rate_categories(age, home, children, expected):
    out = _month0(2005, [([adult(age, 110, lives_with_parents=home)], children, 0)], [0])[0]
    assert out[F.O_KONTANTHJAELP] == pytest.approx(expected, abs=1e-9)


def test_other_income_deducted_krone_for_krone_and_taxed():
    out0 = _month0(2005, [([adult(35, 110)], 0, 0)], [0])[0]
    out1 = _month0(2005, [([adult(35, 110, other=1_000)], 0, 0)], [0])[0]
    assert out1[F.O_KONTANTHJAELP] == pytest.approx(8_577 - 1_000, abs=1e-9)
    assert out1[F.O_OTHER_INCOME] == 1_000
    assert out1[F.O_TAX] == pytest.approx(out0[F.O_TAX], abs=1e-9)  # same taxable total
    assert out1[F.O_HH_DISPOSABLE] == pytest.approx(out0[F.O_HH_DISPOSABLE], abs=1e-9)


# --- boligsikring, særlig støtte, cap ----------------------------------------------------------------


def test_boligsikring_many_children_and_threshold_children_max():
    """2026, single provider 35 with 6 children, rent 9,000, 0 h: R = min(108,000, 96,200) = 96,200;
    threshold 171,500 + 45,200 × (min(6, 4) − 1) = 307,100 above income; 0.6 R = 57,720, R − 28,900 =
    67,300, max 50,760 × 1.25 = 63,450 → 57,720 / 12 = 4,810."""
    out = _month0(2026, [([adult(35, 160)], 6, 9_000)], [0])[0]
    assert out[F.O_HH_BOLIGSIKRING] == pytest.approx(57_720 / 12, abs=1e-9)
    # 4 children: the maximum is not raised: min(57,720, 50,760) = 50,760
    out = _month0(2026, [([adult(35, 160)], 4, 9_000)], [0])[0]
    assert out[F.O_HH_BOLIGSIKRING] == pytest.approx(50_760 / 12, abs=1e-9)


def test_saerlig_stoette_2016_limits():
    """SS switched on with the 2016 limits (2,950 no children). 2005 single 35, rent 6,000, 0 h:
    BS = min(0.6 × 60,900, 42,600, 32,200, 0.15 × 60,900) / 12 = 761.25; need = 6,000 − 761.25 − 2,950;
    net income = net income on help alone, so SS = need. At 10 h the excess net income is deducted."""
    over = {k.replace(".", "__"): v for k, v in SS_ON.items()}
    hh = [([adult(35, 110)], 0, 6_000)]
    out = _month0(2005, hh, [0], **over)[0]
    assert out[F.O_HH_BOLIGSIKRING] == pytest.approx(761.25, abs=1e-9)
    assert out[F.O_HH_SAERLIG_STOETTE] == pytest.approx(6_000 - 761.25 - 2_950, abs=1e-9)
    net_help_only = 8_577 - out[F.O_TAX]
    w = _month0(2005, hh, [10], **over)[0]
    net = w[F.O_EARNINGS] - w[F.O_AM] - w[F.O_ATP] + w[F.O_KONTANTHJAELP] - w[F.O_TAX]
    need = 6_000 - w[F.O_HH_BOLIGSIKRING] - 2_950
    assert w[F.O_HH_SAERLIG_STOETTE] == pytest.approx(need - (net - net_help_only), abs=1e-9)
    # a household with no recipient gets none; 2 children: limit 4,200 − 800
    assert _month0(2005, [([adult(35, 110, recipient=False)], 0, 6_000)], [0], **over)[0][F.O_HH_SAERLIG_STOETTE] == 0
    # 2 children, rent 9,000: BS = min(0.6 × 60,900, 32,200) / 12 = 2,683.33; limit 4,200 − 800
    two = _month0(2005, [([adult(35, 110)], 2, 9_000)], [0], **over)[0]
    assert two[F.O_HH_BOLIGSIKRING] == pytest.approx(32_200 / 12, abs=1e-9)
    assert two[F.O_HH_SAERLIG_STOETTE] == pytest.approx(9_000 - 32_200 / 12 - 3_400, abs=1e-9)


def test_benefit_cap_applies_after_six_months_on_help():
    """2005 case C at 0 h from months_on_benefit 0: uncapped in months 0-5, capped (cut 1,000) from 6."""
    hh = [([adult(40, 120), adult(38, 120)], 2, 6_000)]
    out = run(params(2005, 8), NO_CEILING, hh, [0, 0])
    np.testing.assert_array_equal(out[0, :, F.O_MONTHS_ON_HELP], np.arange(8))
    np.testing.assert_array_equal(out[:, :, F.O_CAPPED], [[0] * 6 + [1] * 2] * 2)
    np.testing.assert_allclose(out[0, :6, F.O_HH_CAP_REDUCTION], 0)
    assert out[0, 6, F.O_HH_CAP_REDUCTION] == pytest.approx(1_000.1, abs=0.1)


def test_benefit_cap_max_reduction_single():
    """2005 single non-provider, 12 months on help, rent 9,000 with other income 0: K 8,577 + BS
    min(0.6 × 60,900, 0.15 × 60,900) / 12 = 761.25 stays under the cap 11,397: no cut. With the cap lowered
    to 8,000 the cut is min(9,338.25 − 8,000, 1,354, 761.25) = 761.25."""
    hh = [([adult(35, 110, months_on_benefit=12)], 0, 9_000)]
    out = _month0(2005, hh, [0])[0]
    assert out[F.O_HH_CAP_REDUCTION] == 0 and out[F.O_CAPPED] == 1
    out = _month0(2005, hh, [0], benefit_cap__single_other_m=8_000)[0]
    assert out[F.O_HH_CAP_REDUCTION] == pytest.approx(761.25, abs=1e-9)
    out = _month0(2005, hh, [0], benefit_cap__single_other_m=8_000, benefit_cap__max_reduction_single_m=500)[0]
    assert out[F.O_HH_CAP_REDUCTION] == pytest.approx(500, abs=1e-9)
