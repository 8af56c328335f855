"""The rule schema: every parameter the engine reads, its kind, and the schedules.

This is the one list a new parameter is added to (STYLE.md: the YAML value, one schema line, the kernel
that reads it, a test case). Everything downstream is generated from it: the loader checks that the
rule files define exactly these parameters, ``taxben.params.layout`` builds one record area per prefix
(``tax``, ``kontanthjaelp``, ...) whose fields are the names after the dot, and ``compile`` fills them.
Nobody types an index number by hand.

Kinds: ``number`` (float), ``bool`` (compiled 0/1), ``enum`` (compiled to the code in ``ENUMS``).
A ``null`` value (not in force) compiles to NaN; kernels guard such rules with an ``applies`` switch.
"""

from __future__ import annotations

from typing import NamedTuple

MAX_SCHEDULE_ROWS = 4

# enumerations: parameter name -> {symbol in YAML: code in the compiled record}
ENUMS: dict[str, dict[str, int]] = {
    "kontanthjaelp.earnings_deduction_system": {"hourly_disregard": 0, "monthly_disregard": 1},
}

# (name in the rule files, kind); grouped by area, the area is the part before the dot
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
    ("tax.single_parent_allowance_rate", "number"),
    ("tax.single_parent_allowance_max_y", "number"),
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
    ("kontanthjaelp.leisure_supplement_continues_months", "number"),
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
    ("boligsikring.couple_cap_applies", "bool"),
    ("boligsikring.couple_cap_m", "number"),
    # saerlig_stoette.yaml
    ("saerlig_stoette.applies", "bool"),
    ("saerlig_stoette.limit_no_children_m", "number"),
    ("saerlig_stoette.limit_one_child_m", "number"),
    ("saerlig_stoette.limit_reduction_per_extra_child_m", "number"),
    # atp.yaml (the employee bands are a schedule, below)
    ("atp.on_help_applies", "bool"),
    ("atp.on_help_after_months", "number"),
    ("atp.on_help_employee_m", "number"),
    # child_benefit.yaml
    ("child_benefit.amount_0_2_y", "number"),
    ("child_benefit.amount_3_6_y", "number"),
    ("child_benefit.amount_7_14_y", "number"),
    ("child_benefit.amount_15_17_y", "number"),
    ("child_benefit.taper_rate", "number"),
    ("child_benefit.taper_threshold_y", "number"),
    ("child_benefit.ordinary_supplement_y", "number"),
    ("child_benefit.extra_supplement_y", "number"),
]


class ScheduleSpec(NamedTuple):
    """A schedule of rows ``{threshold, <column>}``: compiled as a row count and two padded arrays."""

    name: str  # in the rule files
    column: str  # the value column in the rule files ("rate", "amount")
    threshold_field: str  # record field of the thresholds (with its unit suffix)
    value_field: str  # record field of the values (with its unit suffix)


SCHEDULES: list[ScheduleSpec] = [
    # thresholds DKK/year of personal income, cumulative marginal rates
    ScheduleSpec("tax.state_brackets", "rate", "state_brackets_threshold_y", "state_brackets_rate"),
    # thresholds hours/month, employee ATP DKK/month
    ScheduleSpec("atp.employee_bands", "amount", "employee_bands_threshold_hours_m", "employee_bands_amount_m"),
]

# every parameter of the rule files: full name -> (kind, value column of a schedule or None)
PARAMETER_KINDS: dict[str, tuple[str, str | None]] = {
    **{name: (kind, None) for name, kind in SCALARS},
    **{s.name: ("schedule", s.column) for s in SCHEDULES},
}


def area_of(name: str) -> str:
    """``"tax.am_rate"`` -> ``"tax"``."""
    return name.split(".", 1)[0]


def field_of(name: str) -> str:
    """``"tax.am_rate"`` -> ``"am_rate"``."""
    return name.split(".", 1)[1]


def schedule_count_field(spec: ScheduleSpec) -> str:
    """The record field holding how many rows of the schedule are in force (NaN: not in force)."""
    return field_of(spec.name) + "_n"
