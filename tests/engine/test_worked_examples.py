"""The worked households of ``shared/spec/EXAMPLES.md``, reproduced from the rule files.

Every expected number below is copied from EXAMPLES.md (derived there by hand from PARAMETERS.md);
amounts must match to 1 DKK and rates to 0.001. Each row is: case, year, hours per week, then
E, AM, ATP, kontanthjælp (adult 1, adult 2), boligsikring, cap cut, tax (adult 1, adult 2), D, EMTR,
PTR (None at 0 hours), supplement at c = 0.70 and the EMTR with the ceiling.

Case C's couple is at the benefit cap at 0 hours in EXAMPLES.md; SPEC §4.3 applies the cap only after
6 months on help, so the story gives that couple 12 months on help (like B6).
"""

from __future__ import annotations

import pytest

from taxben import calc

WAGES = {2005: {"A": 110, "B": 110, "B6": 110, "C": 120, "D": 90, "E": 150, "F": 110},
         2026: {"A": 160, "B": 160, "B6": 160, "C": 174, "D": 130, "E": 218, "F": 160}}


def household_for(case: str, year: int, hours: float) -> dict:
    """The households of EXAMPLES.md: single 35 (A, F), single parent 35 with rent 5,000 (B, B6 with 12
    months on help), couple 40 + 38 on help with 2 children and rent 6,000 where adult 1 works (C),
    single 22 living with parents (D), single 30 not on help with rent 4,000 (E). Recipients are in
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
        second = {"age": 38, "hourly_wage": wage, "hours_per_week": 0, "match_group": 4, "months_on_benefit": 12}
        return {"adults": [first, second], "n_children": 2, "rent_monthly": 6000}
    if case == "D":
        return {"adults": [{**adult, "age": 22, "lives_with_parents": True}]}
    if case == "E":
        return {"adults": [{**adult, "age": 30, "receives_kontanthjaelp": False, "match_group": None}],
                "rent_monthly": 4000}
    raise ValueError(case)


# case, year, h, E, AM, ATP, (K1, K2), BS, cap, (tax1, tax2), D, EMTR, PTR, supplement, EMTR with ceiling
ROWS = [
    ("A", 2005, 0, 0, 0, 0.00, (8577,), 0, 0, (2112,), 6465, 0.925, None, 0, 0.700),
    ("A", 2005, 10, 4767, 381, 24.85, (4737,), 0, 0, (2274,), 6823, 0.925, 0.925, 1072, 0.700),
    ("A", 2005, 20, 9533, 763, 49.70, (896,), 0, 0, (2436,), 7181, 0.925, 0.925, 2144, 0.700),
    ("A", 2005, 37, 17637, 1411, 74.55, (0,), 0, 0, (4904,), 11247, 0.429, 0.729, 509, 0.700),
    ("B", 2005, 0, 0, 0, 0.00, (11397,), 2578, 0, (3206,), 10768, 0.945, None, 0, 0.700),
    ("B", 2005, 15, 7150, 572, 24.85, (5624,), 2437, 0, (3449,), 11165, 0.945, 0.945, 1749, 0.700),
    ("B", 2005, 20, 9533, 763, 49.70, (3716,), 2390, 0, (3530,), 11297, 0.945, 0.945, 2331, 0.700),
    ("B6", 2005, 0, 0, 0, 0.00, (11397,), 2578, 0, (3206,), 10768, 0.945, None, 0, 0.700),
    ("B6", 2005, 15, 7150, 572, 24.85, (5624,), 2437, 0, (3449,), 11165, 0.945, 0.945, 1749, 0.700),
    ("C", 2005, 0, 0, 0, 0.00, (11397, 11397), 1000, 1000, (3206, 3206), 16381, 0.110, None, 0, 0.110),
    ("C", 2005, 15, 7800, 624, 24.85, (5026, 11397), 860, 0, (3444, 3206), 17783, 0.948, 0.820, 1551, 0.700),
    ("D", 2005, 0, 0, 0, 0.00, (2668,), 0, 0, (0,), 2668, 0.867, None, 0, 0.700),
    ("D", 2005, 10, 3900, 312, 24.85, (0,), 0, 0, (134,), 3429, 0.429, 0.805, 409, 0.700),
    ("F", 2005, 26, 12393, 991, 49.70, (0,), 0, 0, (3086,), 8266, 0.461, 0.855, 1916, 0.700),
    ("F", 2005, 27, 12870, 1030, 74.55, (0,), 0, 0, (3242,), 8524, 0.429, 0.840, 1802, 0.700),
    ("E", 2005, 37, 24050, 1924, 74.55, (0,), 60, 0, (7166,), 14945, 0.584, 0.404, 0, 0.584),
    ("A", 2026, 0, 0, 0, 0.00, (14201,), 0, 0, (3654,), 10547, 0.394, None, 0, 0.394),
    ("A", 2026, 10, 6933, 555, 31.56, (11700,), 0, 0, (4877,), 13171, 0.767, 0.622, 284, 0.700),
    ("A", 2026, 20, 13867, 1109, 63.11, (7575,), 0, 0, (5487,), 14782, 0.767, 0.695, 753, 0.700),
    ("A", 2026, 37, 25653, 2052, 94.67, (0,), 0, 0, (6255,), 17251, 0.394, 0.739, 1820, 0.700),
    ("B", 2026, 0, 0, 0, 0.00, (15969,), 2592, 0, (4320,), 14240, 0.406, None, 0, 0.406),
    ("B", 2026, 15, 10400, 832, 31.56, (11395,), 1805, 0, (5851,), 16886, 0.825, 0.746, 955, 0.700),
    ("B", 2026, 20, 13867, 1109, 63.11, (9343,), 1606, 0, (6154,), 17489, 0.965, 0.766, 1392, 0.700),
    ("B6", 2026, 0, 0, 0, 0.00, (15969,), 2592, 0, (4320,), 14240, 0.406, None, 0, 0.406),
    ("B6", 2026, 15, 10400, 832, 31.56, (11395,), 1805, 0, (5851,), 16886, 0.825, 0.746, 955, 0.700),
    ("C", 2026, 0, 0, 0, 0.00, (15969, 15969), 1102, 0, (4320, 4320), 24399, 0.560, None, 0, 0.560),
    ("C", 2026, 15, 11310, 905, 31.56, (10851, 15969), 156, 0, (5931, 4320), 27098, 0.825, 0.761, 1038, 0.700),
    ("D", 2026, 0, 0, 0, 0.00, (3057,), 0, 0, (0,), 3057, 0.678, None, 0, 0.678),
    ("D", 2026, 10, 5633, 451, 31.56, (0,), 0, 0, (77,), 5074, 0.360, 0.642, 0, 0.360),
    ("F", 2026, 26, 18027, 1442, 63.11, (5087,), 0, 0, (5856,), 15752, 0.777, 0.711, 1030, 0.700),
    ("F", 2026, 27, 18720, 1498, 94.67, (4693,), 0, 0, (5913,), 15907, 0.769, 0.714, 1083, 0.700),
    ("E", 2026, 37, 34953, 2796, 94.67, (0,), 0, 0, (9176,), 22886, 0.394, 0.362, 0, 0.394),
]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[1]}-{r[0]}-{r[2]}h" for r in ROWS])
def test_worked_example(row):
    case, year, hours, e, am, atp, helps, bs, cap, taxes, d, emtr, ptr, supplement, emtr_ceiling = row
    table = calc.household(household_for(case, year, hours), start=f"{year}-01", months=1, scenario="ceiling70_mg45")
    base = table[table.scenario == "baseline"].set_index("adult")
    reform = table[table.scenario != "baseline"].set_index("adult")
    first = base.loc[0]

    assert first.gross_earnings == pytest.approx(e, abs=1)
    assert first.am_bidrag == pytest.approx(am, abs=1)
    assert first.atp == pytest.approx(atp, abs=0.01)
    for adult, (k, tax) in enumerate(zip(helps, taxes)):
        assert base.loc[adult].kontanthjaelp == pytest.approx(k, abs=1)
        assert base.loc[adult].income_tax == pytest.approx(tax, abs=1)
    assert first.household_boligsikring == pytest.approx(bs, abs=1)
    assert first.household_cap_reduction == pytest.approx(cap, abs=1)
    assert first.household_disposable_income == pytest.approx(d, abs=1)
    assert first.emtr == pytest.approx(emtr, abs=0.001)
    if ptr is not None:
        assert first.ptr == pytest.approx(ptr, abs=0.001)
    assert reform.loc[0].ceiling_supplement == pytest.approx(supplement, abs=1)
    assert reform.loc[0].emtr == pytest.approx(emtr_ceiling, abs=0.001)
    # the reform never makes the household worse off: D_c = D + supplement
    assert reform.loc[0].household_disposable_income == pytest.approx(d + supplement, abs=2)
