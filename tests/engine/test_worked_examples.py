"""The worked households of ``shared/spec/EXAMPLES.md``, reproduced from the rule files.

Every expected number below is copied from EXAMPLES.md (derived there by hand from PARAMETERS.md);
amounts must match to 1 DKK and rates to 0.001. The households run under
``scenarios/examples_scope.yaml``: the rules as they are, less the four that EXAMPLES.md leaves out
(ATP on the help, the 2005 married reduction, fritidstillæg, child benefits), which have their own worked
households in ``test_target_group_rules.py``.

Case C's couple is at the benefit cap at 0 hours in EXAMPLES.md; SPEC §4.3 applies the cap only after
6 months on help, so the story gives that couple 12 months on help (like B6). Case G's E, AM and ATP in
EXAMPLES.md are the couple's together (adult 2 works 20 h throughout); the household supplement is the
joint envelope's (SPEC §5).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

from taxben.calc import Household
from taxben.kernels import fields as F
from taxben.params.compile import compile_ceiling
from taxben.rules import CeilingSpec
from taxben.simulate import population_arrays, simulate_scenarios
from taxben.simulate.scenario import prepare_scenario

SCOPE = Path(__file__).with_name("scenarios") / "examples_scope.yaml"
WAGES = {2005: {"A": 110, "B": 110, "B6": 110, "C": 120, "D": 90, "E": 150, "F": 110, "G": 110, "H": 100},
         2026: {"A": 160, "B": 160, "B6": 160, "C": 174, "D": 130, "E": 218, "F": 160, "G": 160, "H": 145}}


def household_for(case: str, year: int, hours: float) -> dict:
    """The households of EXAMPLES.md: single 35 (A, F), single parent 35 with rent 5,000 (B, B6 with 12
    months on help), couple 40 + 38 on help with 2 children and rent 6,000 where adult 1 works (C),
    single 22 living with parents (D), single 30 not on help with rent 4,000 (E), couple 35 + 35 both on
    help with rent 4,000 where adult 2 works 20 h (G), single 27 living away (H). Recipients are in
    match group 4."""
    wage = WAGES[year][case]
    adult = {"age": 35, "hourly_wage": wage, "hours_per_week": hours, "match_group": 4}
    if case in ("A", "F"):
        return {"adults": [adult]}
    if case in ("B", "B6"):
        adult["months_on_benefit"] = 12 if case == "B6" else 0
        return {"adults": [adult], "n_children": 1, "rent_monthly": 5000}
    if case == "C":
        first = {**adult, "age": 40, "months_on_benefit": 12}
        second = {**adult, "age": 38, "hours_per_week": 0, "months_on_benefit": 12}
        return {"adults": [first, second], "n_children": 2, "rent_monthly": 6000}
    if case == "D":
        return {"adults": [{**adult, "age": 22, "lives_with_parents": True}]}
    if case == "E":
        return {"adults": [{**adult, "age": 30, "receives_kontanthjaelp": False, "match_group": None}],
                "rent_monthly": 4000}
    if case == "G":
        return {"adults": [adult, {**adult, "hours_per_week": 20}], "rent_monthly": 4000}
    if case == "H":
        return {"adults": [{**adult, "age": 27}]}
    raise ValueError(case)


class Example(NamedTuple):
    """One row of EXAMPLES.md. ``help`` and ``tax`` per adult; ``earnings``, ``am``, ``atp`` for case G
    are the couple's together (EXAMPLES.md's convention), otherwise adult 1's."""

    case: str
    year: int
    hours: float
    earnings: float
    am: float
    atp: float
    help: tuple
    boligsikring: float
    cap_cut: float
    tax: tuple
    disposable: float
    emtr: float
    ptr: float | None  # None at 0 hours (EXAMPLES.md gives no PTR there)
    supplement: float  # at c = 0.70: the household's
    emtr_with_ceiling: float


def ex(case, year, hours, earnings, am, atp, help, boligsikring, cap_cut, tax, disposable, emtr, ptr, supplement,
       emtr_with_ceiling) -> Example:
    return Example(case, year, hours, earnings, am, atp, help, boligsikring, cap_cut, tax, disposable, emtr, ptr,
                   supplement, emtr_with_ceiling)


# EXAMPLES.md, "### 2005" and "### 2026", row by row:
# case, year, hours, E, AM, ATP, kontanthjælp, boligsikring, cap cut, tax, D, EMTR, PTR, supplement, EMTR c
EXAMPLES = [
    ex("A", 2005, 0, 0, 0, 0.00, (8577,), 0, 0, (2112,), 6465, 0.925, None, 0, 0.700),
    ex("A", 2005, 10, 4767, 381, 24.85, (4737,), 0, 0, (2274,), 6823, 0.925, 0.925, 1072, 0.700),
    ex("A", 2005, 20, 9533, 763, 49.70, (896,), 0, 0, (2436,), 7181, 0.925, 0.925, 2144, 0.700),
    ex("A", 2005, 37, 17637, 1411, 74.55, (0,), 0, 0, (4904,), 11247, 0.429, 0.729, 509, 0.700),
    ex("B", 2005, 0, 0, 0, 0.00, (11397,), 2578, 0, (3206,), 10768, 0.945, None, 0, 0.700),
    ex("B", 2005, 15, 7150, 572, 24.85, (5624,), 2437, 0, (3449,), 11165, 0.945, 0.945, 1749, 0.700),
    ex("B", 2005, 20, 9533, 763, 49.70, (3716,), 2390, 0, (3530,), 11297, 0.945, 0.945, 2331, 0.700),
    ex("B6", 2005, 0, 0, 0, 0.00, (11397,), 2578, 0, (3206,), 10768, 0.945, None, 0, 0.700),
    ex("B6", 2005, 15, 7150, 572, 24.85, (5624,), 2437, 0, (3449,), 11165, 0.945, 0.945, 1749, 0.700),
    ex("C", 2005, 0, 0, 0, 0.00, (11397, 11397), 1000, 1000, (3206, 3206), 16381, 0.110, None, 0, 0.110),
    ex("C", 2005, 15, 7800, 624, 24.85, (5026, 11397), 860, 0, (3444, 3206), 17783, 0.948, 0.820, 1551, 0.700),
    ex("D", 2005, 0, 0, 0, 0.00, (2668,), 0, 0, (0,), 2668, 0.867, None, 0, 0.700),
    ex("D", 2005, 10, 3900, 312, 24.85, (0,), 0, 0, (134,), 3429, 0.429, 0.805, 409, 0.700),
    ex("H", 2005, 0, 0, 0, 0.00, (8577,), 0, 0, (2112,), 6465, 0.918, None, 0, 0.700),
    ex("H", 2005, 10, 4333, 347, 24.85, (5135,), 0, 0, (2278,), 6819, 0.918, 0.918, 946, 0.700),
    ex("F", 2005, 26, 12393, 991, 49.70, (0,), 0, 0, (3086,), 8266, 0.461, 0.855, 1916, 0.700),
    ex("F", 2005, 27, 12870, 1030, 74.55, (0,), 0, 0, (3242,), 8524, 0.429, 0.840, 1802, 0.700),
    ex("E", 2005, 37, 24050, 1924, 74.55, (0,), 60, 0, (7166,), 14945, 0.584, 0.404, 0, 0.584),
    ex("G", 2005, 25, 21450, 1716, 99.40, (0, 0), 495, 0, (2920, 2089), 15121, 0.594, 0.927, 4844, 0.700),
    ex("G", 2005, 30, 23833, 1907, 124.25, (0, 0), 105, 0, (3741, 2089), 16078, 0.594, 0.872, 4602, 0.700),
    ex("G", 2005, 35, 26217, 2097, 124.25, (0, 0), 0, 0, (4572, 2089), 17335, 0.429, 0.815, 4060, 0.700),
    ex("A", 2026, 0, 0, 0, 0.00, (14201,), 0, 0, (3654,), 10547, 0.394, None, 0, 0.394),
    ex("A", 2026, 10, 6933, 555, 33.00, (11701,), 0, 0, (4877,), 13170, 0.767, 0.622, 284, 0.700),
    ex("A", 2026, 20, 13867, 1109, 66.00, (7577,), 0, 0, (5487,), 14781, 0.767, 0.695, 754, 0.700),
    ex("A", 2026, 37, 25653, 2052, 99.00, (0,), 0, 0, (6254,), 17248, 0.394, 0.739, 1822, 0.700),
    ex("B", 2026, 0, 0, 0, 0.00, (15969,), 2592, 0, (4320,), 14240, 0.377, None, 0, 0.377),
    ex("B", 2026, 15, 10400, 832, 33.00, (11396,), 1805, 0, (5543,), 17193, 0.795, 0.716, 730, 0.700),
    ex("B", 2026, 20, 13867, 1109, 66.00, (9345,), 1606, 0, (5744,), 17898, 0.934, 0.736, 1065, 0.700),
    ex("B6", 2026, 0, 0, 0, 0.00, (15969,), 2592, 0, (4320,), 14240, 0.377, None, 0, 0.377),
    ex("B6", 2026, 15, 10400, 832, 33.00, (11396,), 1805, 0, (5543,), 17193, 0.795, 0.716, 730, 0.700),
    ex("C", 2026, 0, 0, 0, 0.00, (15969, 15969), 363, 0, (4320, 4320), 23660, 0.394, None, 0, 0.394),
    ex("C", 2026, 15, 11310, 905, 33.00, (10852, 15969), 156, 0, (5931, 4320), 27097, 0.825, 0.696, 767, 0.700),
    ex("D", 2026, 0, 0, 0, 0.00, (3057,), 0, 0, (0,), 3057, 0.678, None, 0, 0.678),
    ex("D", 2026, 10, 5633, 451, 33.00, (0,), 0, 0, (77,), 5073, 0.359, 0.642, 0, 0.359),
    ex("H", 2026, 0, 0, 0, 0.00, (11377,), 0, 0, (2589,), 8788, 0.394, None, 0, 0.394),
    ex("H", 2026, 10, 6283, 503, 33.00, (10891,), 0, 0, (4367,), 12272, 0.767, 0.446, 42, 0.700),
    ex("F", 2026, 26, 18027, 1442, 66.00, (5089,), 0, 0, (5856,), 15752, 0.777, 0.711, 1031, 0.700),
    ex("F", 2026, 27, 18720, 1498, 99.00, (4696,), 0, 0, (5913,), 15906, 0.768, 0.714, 1084, 0.700),
    ex("E", 2026, 37, 34953, 2796, 99.00, (0,), 0, 0, (9174,), 22883, 0.394, 0.362, 0, 0.394),
    ex("G", 2026, 25, 31200, 2496, 132.00, (4363, 6436), 0, 0, (5364, 5057), 28949, 0.767, 0.709, 1738, 0.700),
    ex("G", 2026, 30, 34667, 2773, 165.00, (2311, 6436), 0, 0, (5653, 5057), 29765, 0.755, 0.718, 1963, 0.700),
    ex("G", 2026, 35, 38133, 3051, 165.00, (0, 6250), 0, 0, (5831, 4987), 30350, 0.956, 0.734, 2417, 0.700),
]


def run_in_scope(household: dict, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The household's first month under the examples' rules: (baseline, with the 70 % ceiling), one row
    per adult."""
    prepared = prepare_scenario(SCOPE, f"{year}-01", 1)
    arrays = population_arrays(Household.model_validate(household).to_frame())
    out = simulate_scenarios(prepared.P, [compile_ceiling(CeilingSpec()), prepared.ceiling], arrays)
    return (pd.DataFrame(out[0, :, 0], columns=F.OUT_COLUMNS), pd.DataFrame(out[1, :, 0], columns=F.OUT_COLUMNS))


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"{r.year}-{r.case}-{r.hours}h" for r in EXAMPLES])
def test_worked_example(row: Example):
    base, reform = run_in_scope(household_for(row.case, row.year, row.hours), row.year)
    first = base.loc[0]
    together = row.case == "G"  # EXAMPLES.md gives the couple's earnings, AM and ATP together
    pick = base.sum() if together else first

    assert pick.gross_earnings_m == pytest.approx(row.earnings, abs=1)
    assert pick.am_bidrag_m == pytest.approx(row.am, abs=1)
    assert pick.atp_m == pytest.approx(row.atp, abs=0.01)
    for adult, (help_m, tax_m) in enumerate(zip(row.help, row.tax)):
        assert base.loc[adult].kontanthjaelp_m == pytest.approx(help_m, abs=1)
        assert base.loc[adult].income_tax_m == pytest.approx(tax_m, abs=1)
    assert first.household_boligsikring_m == pytest.approx(row.boligsikring, abs=1)
    assert first.household_cap_reduction_m == pytest.approx(row.cap_cut, abs=1)
    assert first.household_disposable_income_m == pytest.approx(row.disposable, abs=1)
    assert first.emtr == pytest.approx(row.emtr, abs=0.001)
    if row.ptr is not None:
        assert first.ptr == pytest.approx(row.ptr, abs=0.001)
    assert reform.loc[0].household_ceiling_supplement_m == pytest.approx(row.supplement, abs=1)
    assert reform.loc[0].emtr == pytest.approx(row.emtr_with_ceiling, abs=0.001)
    # the reform never makes the household worse off: D_c = D + supplement
    assert reform.loc[0].household_disposable_income_m == pytest.approx(row.disposable + row.supplement, abs=2)
    # the per-adult shares add up to the household's supplement
    assert reform.ceiling_supplement_m.sum() == pytest.approx(reform.loc[0].household_ceiling_supplement_m, abs=1e-6)


@pytest.mark.parametrize("year", [2005, 2026])
def test_case_g_keeps_the_couple_at_the_ceiling_at_every_hour(year):
    """Case G, adult 1 from 21 to 36 h (adult 2 at 20 h): with the joint envelope the household's EMTR
    for adult 1's extra hour is at most 0.70 at every whole hour, and both adults get a share of the
    supplement in proportion to their earnings."""
    for hours in range(21, 37):
        _, reform = run_in_scope(household_for("G", year, hours), year)
        assert reform.loc[0].emtr <= 0.70 + 1e-9, hours
        shares = reform.ceiling_supplement_m.to_numpy()
        total = reform.loc[0].household_ceiling_supplement_m
        earnings = reform.gross_earnings_m.to_numpy()
        if total > 0:
            np.testing.assert_allclose(shares, total * earnings / earnings.sum(), rtol=1e-12)
