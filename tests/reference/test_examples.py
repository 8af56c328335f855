"""Every row of shared/spec/EXAMPLES.md, reproduced by the reference implementation.

Amounts to 1 DKK, rates to 0.001 (EXAMPLES.md: "a test should compare to within 1 DKK (rates to within
0.001)"). Parameters: reference_cases.PARAMS_2005 / PARAMS_2026 (= PARAMETERS.md).
Columns compared: E, AM, ATP, kontanthjælp (per adult), boligsikring, cap cut, tax (per adult), D
(baseline), EMTR and PTR (baseline), supplement and EMTR with the 70 % ceiling (groups 4-5, grid 1 h).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from reference_cases import NO_CEILING, adult, ceiling, params, run

from taxben.kernels import fields as F

# case id -> (year, adults (age, wage, kwargs), n_children, rent)
# C: both adults on help for 12 months already: EXAMPLES.md shows the 2005 cap binding at month 0, and
# the cap applies after 6 months on help, so the test household gets months_on_benefit = 12.
HOUSEHOLDS = {
    (2005, "A"): ([dict(age=35, wage=110)], 0, 0),
    (2005, "B"): ([dict(age=35, wage=110)], 1, 5_000),
    (2005, "B6"): ([dict(age=35, wage=110, months_on_benefit=12)], 1, 5_000),
    (2005, "C"): ([dict(age=40, wage=120, months_on_benefit=12), dict(age=38, wage=120, months_on_benefit=12)], 2, 6_000),
    (2005, "D"): ([dict(age=22, wage=90, lives_with_parents=True)], 0, 0),
    (2005, "F"): ([dict(age=35, wage=110)], 0, 0),
    (2005, "E"): ([dict(age=30, wage=150, recipient=False)], 0, 4_000),
    (2026, "A"): ([dict(age=35, wage=160)], 0, 0),
    (2026, "B"): ([dict(age=35, wage=160)], 1, 5_000),
    (2026, "B6"): ([dict(age=35, wage=160, months_on_benefit=12)], 1, 5_000),
    (2026, "C"): ([dict(age=40, wage=174, months_on_benefit=12), dict(age=38, wage=174, months_on_benefit=12)], 2, 6_000),
    (2026, "D"): ([dict(age=22, wage=130, lives_with_parents=True)], 0, 0),
    (2026, "F"): ([dict(age=35, wage=160)], 0, 0),
    (2026, "E"): ([dict(age=30, wage=218, recipient=False)], 0, 4_000),
}

# EXAMPLES.md rows: year, case, h/wk, E, AM, ATP, K (tuple per adult), BS, cap cut, tax (tuple), D, EMTR,
# PTR (None = blank), supplement, EMTR with ceiling
ROWS = [
    (2005, "A", 0, 0, 0, 0.00, (8_577,), 0, 0, (2_112,), 6_465, 0.925, None, 0, 0.700),
    (2005, "A", 10, 4_767, 381, 24.85, (4_737,), 0, 0, (2_274,), 6_823, 0.925, 0.925, 1_072, 0.700),
    (2005, "A", 20, 9_533, 763, 49.70, (896,), 0, 0, (2_436,), 7_181, 0.925, 0.925, 2_144, 0.700),
    (2005, "A", 37, 17_637, 1_411, 74.55, (0,), 0, 0, (4_904,), 11_247, 0.429, 0.729, 509, 0.700),
    (2005, "B", 0, 0, 0, 0.00, (11_397,), 2_578, 0, (3_206,), 10_768, 0.945, None, 0, 0.700),
    (2005, "B", 15, 7_150, 572, 24.85, (5_624,), 2_437, 0, (3_449,), 11_165, 0.945, 0.945, 1_749, 0.700),
    (2005, "B", 20, 9_533, 763, 49.70, (3_716,), 2_390, 0, (3_530,), 11_297, 0.945, 0.945, 2_331, 0.700),
    (2005, "B6", 0, 0, 0, 0.00, (11_397,), 2_578, 0, (3_206,), 10_768, 0.945, None, 0, 0.700),
    (2005, "B6", 15, 7_150, 572, 24.85, (5_624,), 2_437, 0, (3_449,), 11_165, 0.945, 0.945, 1_749, 0.700),
    (2005, "C", 0, 0, 0, 0.00, (11_397, 11_397), 1_000, 1_000, (3_206, 3_206), 16_381, 0.110, None, 0, 0.110),
    (2005, "C", 15, 7_800, 624, 24.85, (5_026, 11_397), 860, 0, (3_444, 3_206), 17_783, 0.948, 0.820, 1_551, 0.700),
    (2005, "D", 0, 0, 0, 0.00, (2_668,), 0, 0, (0,), 2_668, 0.867, None, 0, 0.700),
    (2005, "D", 10, 3_900, 312, 24.85, (0,), 0, 0, (134,), 3_429, 0.429, 0.805, 409, 0.700),
    (2005, "F", 26, 12_393, 991, 49.70, (0,), 0, 0, (3_086,), 8_266, 0.461, 0.855, 1_916, 0.700),
    (2005, "F", 27, 12_870, 1_030, 74.55, (0,), 0, 0, (3_242,), 8_524, 0.429, 0.840, 1_802, 0.700),
    (2005, "E", 37, 24_050, 1_924, 74.55, (0,), 60, 0, (7_166,), 14_945, 0.584, 0.404, 0, 0.584),
    (2026, "A", 0, 0, 0, 0.00, (14_201,), 0, 0, (3_654,), 10_547, 0.394, None, 0, 0.394),
    (2026, "A", 10, 6_933, 555, 31.56, (11_700,), 0, 0, (4_877,), 13_171, 0.767, 0.622, 284, 0.700),
    (2026, "A", 20, 13_867, 1_109, 63.11, (7_575,), 0, 0, (5_487,), 14_782, 0.767, 0.695, 753, 0.700),
    (2026, "A", 37, 25_653, 2_052, 94.67, (0,), 0, 0, (6_255,), 17_251, 0.394, 0.739, 1_820, 0.700),
    (2026, "B", 0, 0, 0, 0.00, (15_969,), 2_592, 0, (4_320,), 14_240, 0.406, None, 0, 0.406),
    (2026, "B", 15, 10_400, 832, 31.56, (11_395,), 1_805, 0, (5_851,), 16_886, 0.825, 0.746, 955, 0.700),
    (2026, "B", 20, 13_867, 1_109, 63.11, (9_343,), 1_606, 0, (6_154,), 17_489, 0.965, 0.766, 1_392, 0.700),
    (2026, "B6", 0, 0, 0, 0.00, (15_969,), 2_592, 0, (4_320,), 14_240, 0.406, None, 0, 0.406),
    (2026, "B6", 15, 10_400, 832, 31.56, (11_395,), 1_805, 0, (5_851,), 16_886, 0.825, 0.746, 955, 0.700),
    (2026, "C", 0, 0, 0, 0.00, (15_969, 15_969), 1_102, 0, (4_320, 4_320), 24_399, 0.560, None, 0, 0.560),
    (2026, "C", 15, 11_310, 905, 31.56, (10_851, 15_969), 156, 0, (5_931, 4_320), 27_098, 0.825, 0.761, 1_038, 0.700),
    (2026, "D", 0, 0, 0, 0.00, (3_057,), 0, 0, (0,), 3_057, 0.678, None, 0, 0.678),
    (2026, "D", 10, 5_633, 451, 31.56, (0,), 0, 0, (77,), 5_074, 0.360, 0.642, 0, 0.360),
    (2026, "F", 26, 18_027, 1_442, 63.11, (5_087,), 0, 0, (5_856,), 15_752, 0.777, 0.711, 1_030, 0.700),
    (2026, "F", 27, 18_720, 1_498, 94.67, (4_693,), 0, 0, (5_913,), 15_907, 0.769, 0.714, 1_083, 0.700),
    (2026, "E", 37, 34_953, 2_796, 94.67, (0,), 0, 0, (9_176,), 22_886, 0.394, 0.362, 0, 0.394),
]

DKK = 1.0
RATE = 0.001


def _run_case(year, case, hours, C):
    adults, children, rent = HOUSEHOLDS[(year, case)]
    rows = [adult(**a) for a in adults]
    h = [hours] + [0.0] * (len(rows) - 1)  # C: only adult 1 works
    return run(params(year), C, [(rows, children, rent)], h)[:, 0]  # (n_adults, N_OUT), month 0


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}-{r[1]}-{r[2]}h" for r in ROWS])
def test_example_row(row):
    year, case, hours, E, AM, ATP, K, BS, cut, tax, D, emtr, ptr, supp, emtr_c = row
    base = _run_case(year, case, hours, NO_CEILING)
    reform = _run_case(year, case, hours, ceiling())
    a = base[0]
    assert a[F.O_EARNINGS] == pytest.approx(E, abs=DKK)
    assert a[F.O_AM] == pytest.approx(AM, abs=DKK)
    assert a[F.O_ATP] == pytest.approx(ATP, abs=0.005)
    np.testing.assert_allclose(base[:, F.O_KONTANTHJAELP], K, atol=DKK)
    np.testing.assert_allclose(base[:, F.O_TAX], tax, atol=DKK)
    assert a[F.O_HH_BOLIGSIKRING] == pytest.approx(BS, abs=DKK)
    assert a[F.O_HH_CAP_REDUCTION] == pytest.approx(cut, abs=DKK)
    assert a[F.O_HH_DISPOSABLE] == pytest.approx(D, abs=DKK)
    assert a[F.O_EMTR] == pytest.approx(emtr, abs=RATE)
    if ptr is not None:
        assert a[F.O_PTR] == pytest.approx(ptr, abs=RATE)
    r = reform[0]
    assert r[F.O_SUPPLEMENT] == pytest.approx(supp, abs=DKK)
    assert r[F.O_EMTR] == pytest.approx(emtr_c, abs=RATE)
    # the reform is the baseline plus the supplements, component by component
    for col in (F.O_EARNINGS, F.O_KONTANTHJAELP, F.O_TAX, F.O_HH_BOLIGSIKRING, F.O_HH_CAP_REDUCTION):
        np.testing.assert_array_equal(reform[:, col], base[:, col])
    assert r[F.O_HH_DISPOSABLE] == pytest.approx(a[F.O_HH_DISPOSABLE] + r[F.O_HH_SUPPLEMENT], abs=1e-9)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}-{r[1]}-{r[2]}h" for r in ROWS])
def test_example_emtr_parts_add_up(row):
    year, case, hours = row[:3]
    for C in (NO_CEILING, ceiling()):
        a = _run_case(year, case, hours, C)[0]
        parts = a[F.O_EMTR_AM_ATP : F.O_EMTR_SUPPLEMENT + 1]
        assert math.isclose(parts.sum(), a[F.O_EMTR], abs_tol=1e-9)


def test_atp_band_edge_is_inclusive():
    """Case F: 27 h/week × 52 / 12 is exactly 117 hours a month, the top band (≥ 117)."""
    assert 27 * 52 / 12 == 117.0
    for year, top in ((2005, 74.55), (2026, 94.67)):
        a = _run_case(year, "F", 27, NO_CEILING)[0]
        assert a[F.O_ATP] == top


def test_replacement_rate_case_a_2005():
    """SPEC §6 replacement rate D(0) / D(37 h), from the two rows of case A 2005 (6,465 / 11,247)."""
    d0 = _run_case(2005, "A", 0, NO_CEILING)[0, F.O_HH_DISPOSABLE]
    d37 = _run_case(2005, "A", 37, NO_CEILING)[0, F.O_HH_DISPOSABLE]
    assert d0 / d37 == pytest.approx(6_465 / 11_247, abs=RATE)
