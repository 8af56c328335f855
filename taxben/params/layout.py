"""The compiled parameter vector: which rule parameter sits at which index.

This module is the contract between the rule files (``rules/dk/*.yaml``, loaded and resolved by
``taxben.rules``) and the numba kernels (``taxben.kernels``). A resolved parameter set for one month is
compiled into one float64 row; a horizon of months is a 2-D array ``(n_months, N_PARAMS)``. Kernels index
that row with the module-level integer constants below, which numba folds in as compile-time literals.

Booleans compile to 0.0/1.0, enumerations to the integer code given in ``ENUMS``, a parameter that is
``null`` in a month (not in force) to NaN. Schedules (lists of ``{threshold, rate}`` or
``{threshold, amount}``) are padded to ``MAX_SCHEDULE_ROWS`` rows; unused rows get threshold +inf.
"""

from __future__ import annotations

MAX_SCHEDULE_ROWS = 4

# enumerations: parameter name -> {symbol in YAML: code in the compiled row}
ENUMS: dict[str, dict[str, int]] = {
    "kontanthjaelp.earnings_deduction_system": {"hourly_disregard": 0, "monthly_disregard": 1},
}
EARNINGS_DEDUCTION_HOURLY = 0
EARNINGS_DEDUCTION_MONTHLY = 1

# --- scalar parameters: (name in the rule files, kind) in row order ------------------------------
# kind: "number" | "bool" | "enum" ; the index constants below must follow this order exactly
SCALARS: list[tuple[str, str]] = [
    # tax.yaml
    ("tax.am_rate", "number"),
    ("tax.personfradrag_y", "number"),
    ("tax.bottom_rate", "number"),
    ("tax.municipal_rate", "number"),
    ("tax.church_rate", "number"),
    ("tax.health_rate", "number"),
    ("tax.tax_ceiling_applies", "bool"),
    ("tax.tax_ceiling_rate", "number"),
    ("tax.employment_allowance_rate", "number"),
    ("tax.employment_allowance_max_y", "number"),
    ("tax.job_allowance_rate", "number"),
    ("tax.job_allowance_threshold_y", "number"),
    ("tax.job_allowance_max_y", "number"),
    # kontanthjaelp.yaml
    ("kontanthjaelp.full_rate_age", "number"),
    ("kontanthjaelp.provider_gets_full_rate", "bool"),
    ("kontanthjaelp.rate_full_provider_m", "number"),
    ("kontanthjaelp.rate_full_other_m", "number"),
    ("kontanthjaelp.rate_young_away_m", "number"),
    ("kontanthjaelp.rate_young_home_m", "number"),
    ("kontanthjaelp.rate_minimum_m", "number"),
    ("kontanthjaelp.child_supplement_m", "number"),
    ("kontanthjaelp.single_parent_supplement_m", "number"),
    ("kontanthjaelp.single_supplement_m", "number"),
    ("kontanthjaelp.earnings_deduction_system", "enum"),
    ("kontanthjaelp.hourly_disregard", "number"),
    ("kontanthjaelp.disregard_max_hours_m", "number"),
    ("kontanthjaelp.withdrawal_rate", "number"),
    ("kontanthjaelp.monthly_disregard_full_m", "number"),
    ("kontanthjaelp.monthly_disregard_young_away_m", "number"),
    ("kontanthjaelp.monthly_disregard_young_home_m", "number"),
    ("kontanthjaelp.income_limit_applies", "bool"),
    ("kontanthjaelp.max_unemployment_benefit_y", "number"),
    ("kontanthjaelp.income_limit_share_full", "number"),
    ("kontanthjaelp.income_limit_share_other", "number"),
    # benefit_cap.yaml
    ("benefit_cap.applies", "bool"),
    ("benefit_cap.after_months", "number"),
    ("benefit_cap.couple_provider_m", "number"),
    ("benefit_cap.couple_other_m", "number"),
    ("benefit_cap.single_provider_m", "number"),
    ("benefit_cap.single_other_m", "number"),
    ("benefit_cap.max_reduction_couple_m", "number"),
    ("benefit_cap.max_reduction_single_m", "number"),
    # boligsikring.yaml
    ("boligsikring.applies", "bool"),
    ("boligsikring.rent_share", "number"),
    ("boligsikring.income_taper_rate", "number"),
    ("boligsikring.income_threshold_y", "number"),
    ("boligsikring.threshold_per_child_y", "number"),
    ("boligsikring.threshold_children_max", "number"),
    ("boligsikring.minimum_own_payment_y", "number"),
    ("boligsikring.max_benefit_y", "number"),
    ("boligsikring.many_children_from", "number"),
    ("boligsikring.many_children_max_factor", "number"),
    ("boligsikring.max_rent_y", "number"),
    ("boligsikring.childless_max_share_of_rent", "number"),
    # saerlig_stoette.yaml
    ("saerlig_stoette.applies", "bool"),
    ("saerlig_stoette.limit_no_children_m", "number"),
    ("saerlig_stoette.limit_one_child_m", "number"),
    ("saerlig_stoette.limit_reduction_per_extra_child_m", "number"),
    # issue 12 (rules-sources): new rule parameters, read by the kernels in the next phase
    ("tax.single_parent_allowance_rate", "number"),
    ("tax.single_parent_allowance_max_y", "number"),
    ("kontanthjaelp.income_limit_excess_to_spouse", "bool"),
    ("kontanthjaelp.young_supplement_under25_m", "number"),
    ("kontanthjaelp.young_supplement_25_29_m", "number"),
    ("kontanthjaelp.young_supplement_provider_m", "number"),
    ("kontanthjaelp.young_supplement_split_age", "number"),
    ("kontanthjaelp.young_supplement_below_age", "number"),
    ("kontanthjaelp.aktivitetsparat_from_match_group", "number"),
    ("kontanthjaelp.married_reduction_m", "number"),
    ("kontanthjaelp.married_reduction_after_months", "number"),
    ("kontanthjaelp.leisure_supplement_per_child_m", "number"),
    ("kontanthjaelp.leisure_supplement_single_share", "number"),
    ("kontanthjaelp.leisure_supplement_max_children", "number"),
    ("kontanthjaelp.leisure_supplement_after_months", "number"),
    ("boligsikring.couple_cap_applies", "bool"),
    ("boligsikring.couple_cap_m", "number"),
    ("atp.on_help_applies", "bool"),
    ("atp.on_help_after_months", "number"),
    ("atp.on_help_employee_m", "number"),
    ("child_benefit.amount_0_2_y", "number"),
    ("child_benefit.amount_3_6_y", "number"),
    ("child_benefit.amount_7_14_y", "number"),
    ("child_benefit.amount_15_17_y", "number"),
    ("child_benefit.taper_rate", "number"),
    ("child_benefit.taper_threshold_y", "number"),
    ("child_benefit.ordinary_supplement_y", "number"),
    ("child_benefit.extra_supplement_y", "number"),
]

# --- schedules: (name, value column) -------------------------------------------------------------
SCHEDULES: list[tuple[str, str]] = [
    ("tax.state_brackets", "rate"),  # thresholds DKK/year of personal income, marginal rates
    ("atp.employee_bands", "amount"),  # thresholds hours/month, employee ATP DKK/month
]

# index constants (scalars, in SCALARS order)
AM_RATE = 0
PERSONFRADRAG_Y = 1
BOTTOM_RATE = 2
MUNICIPAL_RATE = 3
CHURCH_RATE = 4
HEALTH_RATE = 5
TAX_CEILING_APPLIES = 6
TAX_CEILING_RATE = 7
EMPLOYMENT_ALLOWANCE_RATE = 8
EMPLOYMENT_ALLOWANCE_MAX_Y = 9
JOB_ALLOWANCE_RATE = 10
JOB_ALLOWANCE_THRESHOLD_Y = 11
JOB_ALLOWANCE_MAX_Y = 12
KH_FULL_RATE_AGE = 13
KH_PROVIDER_GETS_FULL_RATE = 14
KH_RATE_FULL_PROVIDER_M = 15
KH_RATE_FULL_OTHER_M = 16
KH_RATE_YOUNG_AWAY_M = 17
KH_RATE_YOUNG_HOME_M = 18
KH_RATE_MINIMUM_M = 19
KH_CHILD_SUPPLEMENT_M = 20
KH_SINGLE_PARENT_SUPPLEMENT_M = 21
KH_SINGLE_SUPPLEMENT_M = 22
KH_EARNINGS_DEDUCTION_SYSTEM = 23
KH_HOURLY_DISREGARD = 24
KH_DISREGARD_MAX_HOURS_M = 25
KH_WITHDRAWAL_RATE = 26
KH_MONTHLY_DISREGARD_FULL_M = 27
KH_MONTHLY_DISREGARD_YOUNG_AWAY_M = 28
KH_MONTHLY_DISREGARD_YOUNG_HOME_M = 29
KH_INCOME_LIMIT_APPLIES = 30
KH_MAX_UNEMPLOYMENT_BENEFIT_Y = 31
KH_INCOME_LIMIT_SHARE_FULL = 32
KH_INCOME_LIMIT_SHARE_OTHER = 33
CAP_APPLIES = 34
CAP_AFTER_MONTHS = 35
CAP_COUPLE_PROVIDER_M = 36
CAP_COUPLE_OTHER_M = 37
CAP_SINGLE_PROVIDER_M = 38
CAP_SINGLE_OTHER_M = 39
CAP_MAX_REDUCTION_COUPLE_M = 40
CAP_MAX_REDUCTION_SINGLE_M = 41
BS_APPLIES = 42
BS_RENT_SHARE = 43
BS_INCOME_TAPER_RATE = 44
BS_INCOME_THRESHOLD_Y = 45
BS_THRESHOLD_PER_CHILD_Y = 46
BS_THRESHOLD_CHILDREN_MAX = 47
BS_MINIMUM_OWN_PAYMENT_Y = 48
BS_MAX_BENEFIT_Y = 49
BS_MANY_CHILDREN_FROM = 50
BS_MANY_CHILDREN_MAX_FACTOR = 51
BS_MAX_RENT_Y = 52
BS_CHILDLESS_MAX_SHARE_OF_RENT = 53
SS_APPLIES = 54
SS_LIMIT_NO_CHILDREN_M = 55
SS_LIMIT_ONE_CHILD_M = 56
SS_LIMIT_REDUCTION_PER_EXTRA_CHILD_M = 57

N_SCALARS = len(SCALARS)  # issue 12: new entries appended after index 57

# schedules: each takes 1 (row count) + 2 * MAX_SCHEDULE_ROWS slots after the scalars
TAX_BRACKETS_N = N_SCALARS
TAX_BRACKETS_THRESHOLD_Y = TAX_BRACKETS_N + 1  # .. + MAX_SCHEDULE_ROWS - 1
TAX_BRACKETS_RATE = TAX_BRACKETS_THRESHOLD_Y + MAX_SCHEDULE_ROWS
ATP_BANDS_N = TAX_BRACKETS_RATE + MAX_SCHEDULE_ROWS
ATP_BANDS_THRESHOLD_HOURS_M = ATP_BANDS_N + 1
ATP_BANDS_AMOUNT_M = ATP_BANDS_THRESHOLD_HOURS_M + MAX_SCHEDULE_ROWS

N_PARAMS = ATP_BANDS_AMOUNT_M + MAX_SCHEDULE_ROWS

SCHEDULE_SLOTS: dict[str, tuple[int, int, int]] = {
    # name: (count slot, first threshold slot, first value slot)
    "tax.state_brackets": (TAX_BRACKETS_N, TAX_BRACKETS_THRESHOLD_Y, TAX_BRACKETS_RATE),
    "atp.employee_bands": (ATP_BANDS_N, ATP_BANDS_THRESHOLD_HOURS_M, ATP_BANDS_AMOUNT_M),
}


# --- the reform (scenario ``ceiling:`` block), compiled once per scenario -------------------------
CEILING_ENABLED = 0
CEILING_RATE = 1
CEILING_DURATION_MONTHS = 2
CEILING_EXTENSION_MONTHS = 3
CEILING_CLOCK = 4  # CLOCK_WORKING_MONTHS or CLOCK_CALENDAR_MONTHS
CEILING_GRID_HOURS = 5
CEILING_GROUP_1 = 6  # 1.0 if match group 1 is eligible; groups 1..5 at CEILING_GROUP_1 + g - 1
N_CEILING = CEILING_GROUP_1 + 5

CLOCK_WORKING_MONTHS = 0
CLOCK_CALENDAR_MONTHS = 1
CLOCKS = {"working_months": CLOCK_WORKING_MONTHS, "calendar_months": CLOCK_CALENDAR_MONTHS}

SCALAR_INDEX: dict[str, int] = {name: i for i, (name, _) in enumerate(SCALARS)}
assert len(SCALAR_INDEX) == N_SCALARS == len(SCALARS), "SCALARS and N_SCALARS disagree"
