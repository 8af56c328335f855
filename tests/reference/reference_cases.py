"""Hand-built parameter rows for the reference implementation's tests.

The values are those of ``shared/spec/PARAMETERS.md`` (the file the worked examples of ``EXAMPLES.md``
are derived from); each carries the PARAMETERS.md section / table row it comes from. These tests do not
use the rule loader on purpose: they pin the reference to the spec, independently of ``rules/``.
Parameters that are "—" (not in force) in a year are NaN, as the compiled rows have them.
"""

from __future__ import annotations

import numpy as np

from taxben.kernels import fields as F
from taxben.params import layout as L
from taxben.reference import param_row, simulate
from taxben.simulate import indicator_settings

NAN = float("nan")

PARAMS_2005 = {
    # "Personal income tax" table, column 2005
    "tax.am_rate": 0.08,  # AM-bidrag 8 % H
    "tax.personfradrag_y": 37_600,  # personfradrag (18+) 37,600 M
    "tax.bottom_rate": 0.055,  # bundskat 5.5 % M
    # municipal + county + church average 33.3 % (gap table, H); church 0.74 (tax table) -> 33.3 - 0.74
    "tax.municipal_rate": 0.3256,
    "tax.church_rate": 0.0074,
    "tax.health_rate": 0.0,  # sundhedsbidrag — (from 2007)
    "tax.tax_ceiling_applies": True,  # skatteloft 59 % H
    "tax.tax_ceiling_rate": 0.59,
    "tax.employment_allowance_rate": 0.025,  # beskæftigelsesfradrag 2.5 %, max 7,200 (M)
    "tax.employment_allowance_max_y": 7_200,
    "tax.job_allowance_rate": NAN,  # jobfradrag — in 2005
    "tax.job_allowance_threshold_y": NAN,
    "tax.job_allowance_max_y": NAN,
    # "Kontanthjælp rates" table, column 2005 (Tabel 4.1, H)
    "kontanthjaelp.full_rate_age": 25,  # "25+ (or any provider)" (SPEC §4.2)
    "kontanthjaelp.provider_gets_full_rate": True,
    "kontanthjaelp.rate_full_provider_m": 11_397,
    "kontanthjaelp.rate_full_other_m": 8_577,
    "kontanthjaelp.rate_young_away_m": 5_527,
    "kontanthjaelp.rate_young_home_m": 2_668,
    "kontanthjaelp.rate_minimum_m": NAN,
    "kontanthjaelp.child_supplement_m": NAN,
    "kontanthjaelp.single_parent_supplement_m": NAN,
    "kontanthjaelp.single_supplement_m": NAN,
    # "Earnings deduction": 2005 system, krone for krone after an hourly disregard
    "kontanthjaelp.earnings_deduction_system": "hourly_disregard",
    "kontanthjaelp.hourly_disregard": 12.00,  # gap table: hourly earnings disregard 12.00 (estimated)
    "kontanthjaelp.disregard_max_hours_m": 160,  # gap table: max 160 / month (H)
    "kontanthjaelp.withdrawal_rate": 1.0,  # krone for krone
    "kontanthjaelp.monthly_disregard_full_m": NAN,
    "kontanthjaelp.monthly_disregard_young_away_m": NAN,
    "kontanthjaelp.monthly_disregard_young_home_m": NAN,
    "kontanthjaelp.income_limit_applies": False,
    "kontanthjaelp.max_unemployment_benefit_y": NAN,
    "kontanthjaelp.income_limit_share_full": NAN,
    "kontanthjaelp.income_limit_share_other": NAN,
    # "Benefit cap": 2005 caps (H), maximum reduction (§25c stk 2), after 6 months (gap table, L)
    "benefit_cap.applies": True,
    "benefit_cap.after_months": 6,
    "benefit_cap.couple_provider_m": 11_397,
    "benefit_cap.couple_other_m": 8_577,
    "benefit_cap.single_provider_m": 14_218,
    "benefit_cap.single_other_m": 11_397,
    "benefit_cap.max_reduction_couple_m": 2_045,
    "benefit_cap.max_reduction_single_m": 1_354,
    # "Boligsikring": formula (H) and the gap table, column 2005 (estimated)
    "boligsikring.applies": True,
    "boligsikring.rent_share": 0.60,
    "boligsikring.income_taper_rate": 0.18,
    "boligsikring.income_threshold_y": 108_600,
    "boligsikring.threshold_per_child_y": 28_600,
    "boligsikring.threshold_children_max": 4,  # "per child after the first (up to 4)"
    "boligsikring.minimum_own_payment_y": 18_300,
    "boligsikring.max_benefit_y": 32_200,
    "boligsikring.many_children_from": 5,  # "+25 % for more than 4 children"
    "boligsikring.many_children_max_factor": 1.25,
    "boligsikring.max_rent_y": 60_900,
    "boligsikring.childless_max_share_of_rent": 0.15,  # childless limit 15 % of rent
    # særlig støtte: off in 2005 (gap table)
    "saerlig_stoette.applies": False,
    "saerlig_stoette.limit_no_children_m": NAN,
    "saerlig_stoette.limit_one_child_m": NAN,
    "saerlig_stoette.limit_reduction_per_extra_child_m": NAN,
}
SCHEDULES_2005 = {
    # mellemskat 6 % above 259,500 (M), topskat 15 % above 311,500 (L)
    "tax.state_brackets": [(259_500, 0.06), (311_500, 0.15)],
    # gap table: ATP employee ≥117 / 78-116 / 39-77 / <39 hours a month: 74.55 / 49.70 / 24.85 / 0
    "atp.employee_bands": [(39, 24.85), (78, 49.70), (117, 74.55)],
}

PARAMS_2026 = {
    # "Personal income tax" table, column 2026
    "tax.am_rate": 0.08,  # 8 % H
    "tax.personfradrag_y": 54_100,  # 54,100 M
    "tax.bottom_rate": 0.1201,  # 12.01 % M
    "tax.municipal_rate": 0.25049,  # kommune 25.049 % H
    "tax.church_rate": 0.00639,  # church 0.639 % (average over all taxpayers, gap table)
    "tax.health_rate": 0.0,  # sundhedsbidrag 0 %
    "tax.tax_ceiling_applies": False,  # skatteloft —
    "tax.tax_ceiling_rate": NAN,
    "tax.employment_allowance_rate": 0.1275,  # 12.75 %, max 63,300 (M)
    "tax.employment_allowance_max_y": 63_300,
    "tax.job_allowance_rate": 0.045,  # jobfradrag 4.5 % above 235,200, max 3,100 (M)
    "tax.job_allowance_threshold_y": 235_200,
    "tax.job_allowance_max_y": 3_100,
    # "Kontanthjælp rates" table, column 2026 (M)
    "kontanthjaelp.full_rate_age": 30,  # forhøjet sats: 30+
    "kontanthjaelp.provider_gets_full_rate": False,
    "kontanthjaelp.rate_full_provider_m": 13_060,  # forhøjet sats (+ child supplement below)
    "kontanthjaelp.rate_full_other_m": 13_060,
    "kontanthjaelp.rate_young_away_m": 7_529,  # grundsats
    "kontanthjaelp.rate_young_home_m": 3_057,  # hjemmeboende under 30
    "kontanthjaelp.rate_minimum_m": 7_095,  # mindstesats
    "kontanthjaelp.child_supplement_m": 2_909,
    "kontanthjaelp.single_parent_supplement_m": 1_712,
    "kontanthjaelp.single_supplement_m": 1_141,
    # "Earnings deduction": 2026 system (M)
    "kontanthjaelp.earnings_deduction_system": "monthly_disregard",
    "kontanthjaelp.hourly_disregard": NAN,
    "kontanthjaelp.disregard_max_hours_m": NAN,
    "kontanthjaelp.withdrawal_rate": 0.65,
    "kontanthjaelp.monthly_disregard_full_m": 2_500,
    "kontanthjaelp.monthly_disregard_young_away_m": 5_000,
    "kontanthjaelp.monthly_disregard_young_home_m": 0,
    "kontanthjaelp.income_limit_applies": True,
    "kontanthjaelp.max_unemployment_benefit_y": 264_492,
    "kontanthjaelp.income_limit_share_full": 1.00,
    "kontanthjaelp.income_limit_share_other": 0.85,
    # "Benefit cap": 2026 no cap
    "benefit_cap.applies": False,
    "benefit_cap.after_months": NAN,
    "benefit_cap.couple_provider_m": NAN,
    "benefit_cap.couple_other_m": NAN,
    "benefit_cap.single_provider_m": NAN,
    "benefit_cap.single_other_m": NAN,
    "benefit_cap.max_reduction_couple_m": NAN,
    "benefit_cap.max_reduction_single_m": NAN,
    # "Boligsikring" 2026 (M)
    "boligsikring.applies": True,
    "boligsikring.rent_share": 0.60,
    "boligsikring.income_taper_rate": 0.18,
    "boligsikring.income_threshold_y": 171_500,
    "boligsikring.threshold_per_child_y": 45_200,
    "boligsikring.threshold_children_max": 4,
    "boligsikring.minimum_own_payment_y": 28_900,
    "boligsikring.max_benefit_y": 50_760,
    "boligsikring.many_children_from": 5,
    "boligsikring.many_children_max_factor": 1.25,
    "boligsikring.max_rent_y": 96_200,
    "boligsikring.childless_max_share_of_rent": 0.15,
    # særlig støtte: off in 2026 (gap table)
    "saerlig_stoette.applies": False,
    "saerlig_stoette.limit_no_children_m": NAN,
    "saerlig_stoette.limit_one_child_m": NAN,
    "saerlig_stoette.limit_reduction_per_extra_child_m": NAN,
}
SCHEDULES_2026 = {
    # topskat table: 7.5 % above 641,200, 7.5 % above 777,900, +5 % above 2,592,700 (M)
    "tax.state_brackets": [(641_200, 0.075), (777_900, 0.075), (2_592_700, 0.05)],
    # gap table: 94.67 / 63.11 / 31.56 / 0
    "atp.employee_bands": [(39, 31.56), (78, 63.11), (117, 94.67)],
}

ROW_2005 = param_row(PARAMS_2005, SCHEDULES_2005)
ROW_2026 = param_row(PARAMS_2026, SCHEDULES_2026)
ROWS = {2005: ROW_2005, 2026: ROW_2026}

# særlig støtte values for tests that switch it on (PARAMETERS.md: 2016 limits 2,950 / 4,200, −800 per child)
SS_ON = {
    "saerlig_stoette.applies": True,
    "saerlig_stoette.limit_no_children_m": 2_950,
    "saerlig_stoette.limit_one_child_m": 4_200,
    "saerlig_stoette.limit_reduction_per_extra_child_m": 800,
}


def params(year: int, n_months: int = 1, **overrides) -> np.ndarray:
    """(n_months, N_PARAMS) rows of ``year`` with scalar overrides (names with '.' given as '__')."""
    base = dict(PARAMS_2005 if year == 2005 else PARAMS_2026)
    base.update({k.replace("__", "."): v for k, v in overrides.items()})
    row = param_row(base, SCHEDULES_2005 if year == 2005 else SCHEDULES_2026)
    return np.tile(row, (n_months, 1))


def ceiling(
    enabled=True, rate=0.70, duration=12, extension=12, clock="working_months", grid=1.0, groups=(4, 5)
) -> np.ndarray:
    C = np.zeros(L.N_CEILING)
    record = L.ceiling_records(C)[0]
    record["enabled"] = 1.0 if enabled else 0.0
    record["rate"] = rate
    record["duration_months"] = duration
    record["extension_months"] = extension
    record["clock"] = L.CLOCKS[clock]
    record["grid_hours"] = grid
    for g in groups:
        record["eligible_match_group"][g - 1] = 1.0
    return C


NO_CEILING = ceiling(enabled=False)
SETTINGS = indicator_settings(emtr_delta_hours=1.0, ptr_reference_hours=15.0)


def adult(
    age=35,
    wage=110.0,
    recipient=True,
    match_group=4,
    lives_with_parents=False,
    other=0.0,
    rate_category=-1,
    months_on_benefit=0,
    ceiling_months_used=0,
    extension=False,
) -> np.ndarray:
    row = np.zeros(F.N_PERSON_FIELDS)
    row[F.AGE] = age
    row[F.LIVES_WITH_PARENTS] = float(lives_with_parents)
    row[F.RECIPIENT] = float(recipient)
    row[F.MATCH_GROUP] = match_group if recipient else 0
    row[F.HOURLY_WAGE] = wage
    row[F.OTHER_INCOME_M] = other
    row[F.RATE_CATEGORY] = rate_category
    row[F.MONTHS_ON_BENEFIT] = months_on_benefit
    row[F.CEILING_MONTHS_USED] = ceiling_months_used
    row[F.EXTENSION_GRANTED] = float(extension)
    return row


def population(households):
    """households: list of (adult rows, n_children, rent). Returns the simulate() household arguments."""
    person = np.array([a for adults, _, _ in households for a in adults])
    start = np.concatenate([[0], np.cumsum([len(adults) for adults, _, _ in households])]).astype(np.int64)
    children = np.array([float(c) for _, c, _ in households])
    rent = np.array([float(r) for _, _, r in households])
    return person, start, children, rent


def run(P, C, households, hours, settings=SETTINGS):
    """simulate() on a list of households; ``hours`` per person: scalar list or (n_persons, n_months)."""
    person, start, children, rent = population(households)
    h = np.asarray(hours, dtype=np.float64)
    if h.ndim == 1:
        h = h[:, None]
    return simulate(P, C, person, start, children, rent, h, settings)


def random_population(rng: np.random.Generator, n_households: int, n_months: int = 1, schedule: bool = False):
    """A random mix of singles and couples (recipients and not, all match groups, rents, children,
    other income, months on help, ceiling months used, extensions); hours per week 0-45 in whole, half
    and odd fractional hours. Returns (person, start, children, rent, hours)."""
    n_adults = rng.integers(1, 3, n_households)
    start = np.concatenate([[0], np.cumsum(n_adults)]).astype(np.int64)
    n = int(start[-1])
    person = np.zeros((n, F.N_PERSON_FIELDS))
    person[:, F.AGE] = rng.integers(18, 70, n)
    person[:, F.LIVES_WITH_PARENTS] = rng.random(n) < 0.2
    person[:, F.RECIPIENT] = rng.random(n) < 0.75
    person[:, F.MATCH_GROUP] = np.where(person[:, F.RECIPIENT] == 1, rng.integers(1, 6, n), 0)
    person[:, F.HOURLY_WAGE] = np.where(rng.random(n) < 0.05, 0.0, rng.uniform(80, 300, n))
    person[:, F.OTHER_INCOME_M] = np.where(rng.random(n) < 0.15, rng.uniform(0, 6_000, n), 0.0)
    # overrides: categories that exist in both years (mindstesats only exists in 2026: tested there)
    person[:, F.RATE_CATEGORY] = np.where(rng.random(n) < 0.1, rng.integers(0, 4, n), -1)
    person[:, F.MONTHS_ON_BENEFIT] = rng.integers(0, 20, n)
    person[:, F.CEILING_MONTHS_USED] = np.where(rng.random(n) < 0.3, rng.integers(0, 30, n), 0)
    person[:, F.EXTENSION_GRANTED] = rng.random(n) < 0.3
    children = np.where(rng.random(n_households) < 0.4, rng.integers(1, 7, n_households), 0).astype(float)
    rent = np.where(rng.random(n_households) < 0.6, rng.uniform(1_000, 12_000, n_households), 0.0)
    kind = rng.random(n)
    h = np.where(kind < 0.35, 0.0, np.where(kind < 0.7, rng.integers(1, 46, n), rng.uniform(0, 45, n)))
    h = np.where((kind > 0.9) & (kind < 0.95), rng.integers(1, 90, n) / 2, h)
    hours = h[:, None]
    if schedule:
        months = rng.random((n, n_months))
        hours = np.where(months < 0.3, 0.0, np.where(months < 0.5, rng.integers(1, 40, (n, n_months)), hours))
    return person, start, children, rent, hours
