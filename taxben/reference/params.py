"""Reading one compiled parameter row (``taxben.params.layout``) into plain Python numbers.

The reference implementation reads the same compiled rows as the numba engine, but through this one
small adapter, so every "not in force" (NaN) convention sits in one place:

* booleans: 1.0 is on; 0.0 and NaN are off;
* optional additive rates and amounts (supplements, health contribution, church tax, allowances):
  NaN counts as 0;
* optional upper limits (allowance maxima, the childless share of rent, ...): NaN counts as "no limit";
* core values of a rule that is in force (a kontanthjælp base rate, a boligsikring threshold, ...) are
  used as they are, so a NaN there shows up as NaN in the result instead of being silently replaced.

``param_row`` goes the other way (name -> value dict to a compiled row); tests use it to hand-build rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from taxben.kernels import fields as F
from taxben.params import layout as L
from taxben.rules.schema import ENUMS, MAX_SCHEDULE_ROWS

__all__ = ["MonthParams", "param_row", "schedule"]


def _on(x: float) -> bool:
    return x == 1.0


def _zero_if_nan(x: float) -> float:
    return 0.0 if math.isnan(x) else float(x)


def _inf_if_nan(x: float) -> float:
    return math.inf if math.isnan(x) else float(x)


def schedule(row: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Thresholds and values of the schedule ``name`` (only the rows in use; NaN count = empty)."""
    n_slot, thr_slot, val_slot = L.SCHEDULE_SLOTS[name]
    n = row[n_slot]
    n = 0 if math.isnan(n) else int(n)
    thr = np.asarray(row[thr_slot : thr_slot + n], dtype=np.float64)
    val = np.asarray(row[val_slot : val_slot + n], dtype=np.float64)
    order = np.argsort(thr, kind="stable")
    return thr[order], val[order]


def param_row(values: Mapping[str, float], schedules: Mapping[str, Sequence[tuple[float, float]]] = ()) -> np.ndarray:
    """Build one compiled row from ``{scalar name: value}`` and ``{schedule name: [(threshold, value)]}``.

    Scalars not given are NaN (not in force); unknown names raise ``KeyError``. Enumeration values may be
    given as their YAML symbol (e.g. ``"monthly_disregard"``) or as the code.
    """
    row = np.full(L.N_PARAMS, np.nan)
    for name, value in values.items():
        i = L.SCALAR_INDEX[name]
        if isinstance(value, str):
            value = ENUMS[name][value]
        elif isinstance(value, bool):
            value = 1.0 if value else 0.0
        row[i] = value
    for name, rows in dict(schedules).items():
        n_slot, thr_slot, val_slot = L.SCHEDULE_SLOTS[name]
        rows = list(rows)
        if len(rows) > MAX_SCHEDULE_ROWS:
            raise ValueError(f"{name}: {len(rows)} rows > MAX_SCHEDULE_ROWS = {MAX_SCHEDULE_ROWS}")
        row[n_slot] = len(rows)
        row[thr_slot : thr_slot + MAX_SCHEDULE_ROWS] = np.inf
        row[val_slot : val_slot + MAX_SCHEDULE_ROWS] = 0.0
        for k, (thr, val) in enumerate(rows):
            row[thr_slot + k] = thr
            row[val_slot + k] = val
    return row


class MonthParams:
    """The parameters of one month as plain floats, with the NaN conventions of the module docstring."""

    def __init__(self, row: np.ndarray):
        r = np.asarray(row, dtype=np.float64)
        self.row = r
        # contributions
        self.am_rate = float(r[L.SCALAR_INDEX["tax.am_rate"]])
        self.atp_thr, self.atp_amount = schedule(r, "atp.employee_bands")
        # income tax
        self.personfradrag_y = float(r[L.SCALAR_INDEX["tax.personfradrag_y"]])
        self.bottom_rate = _zero_if_nan(r[L.SCALAR_INDEX["tax.bottom_rate"]])
        self.municipal_rate = _zero_if_nan(r[L.SCALAR_INDEX["tax.municipal_rate"]])
        self.church_rate = _zero_if_nan(r[L.SCALAR_INDEX["tax.church_rate"]])
        self.health_rate = _zero_if_nan(r[L.SCALAR_INDEX["tax.health_rate"]])
        self.emp_rate = _zero_if_nan(r[L.SCALAR_INDEX["tax.employment_allowance_rate"]])
        self.emp_max_y = _inf_if_nan(r[L.SCALAR_INDEX["tax.employment_allowance_max_y"]])
        self.job_rate = _zero_if_nan(r[L.SCALAR_INDEX["tax.job_allowance_rate"]])
        self.job_threshold_y = _zero_if_nan(r[L.SCALAR_INDEX["tax.job_allowance_threshold_y"]])
        self.job_max_y = _inf_if_nan(r[L.SCALAR_INDEX["tax.job_allowance_max_y"]])
        thr, rates = schedule(r, "tax.state_brackets")
        cum = np.cumsum(rates)
        if _on(r[L.SCALAR_INDEX["tax.tax_ceiling_applies"]]):
            # skatteloft: municipal (+county) + health + bottom + state <= ceiling; church tax is outside it
            room = float(r[L.SCALAR_INDEX["tax.tax_ceiling_rate"]]) - (self.municipal_rate + self.health_rate + self.bottom_rate)
            cum = np.maximum(0.0, np.minimum(cum, room))
        self.state_thr_y = thr
        self.state_marginal = np.diff(np.concatenate(([0.0], cum)))
        # kontanthjælp
        self.full_rate_age = float(r[L.SCALAR_INDEX["kontanthjaelp.full_rate_age"]])
        self.provider_gets_full_rate = _on(r[L.SCALAR_INDEX["kontanthjaelp.provider_gets_full_rate"]])
        self.base_rate = {
            cat: float(r[L.SCALAR_INDEX[name]])
            for cat, name in (
                (F.CAT_FULL_PROVIDER, "kontanthjaelp.rate_full_provider_m"),
                (F.CAT_FULL_OTHER, "kontanthjaelp.rate_full_other_m"),
                (F.CAT_YOUNG_AWAY, "kontanthjaelp.rate_young_away_m"),
                (F.CAT_YOUNG_HOME, "kontanthjaelp.rate_young_home_m"),
                (F.CAT_MINIMUM, "kontanthjaelp.rate_minimum_m"),
            )
        }
        self.child_supplement = _zero_if_nan(r[L.SCALAR_INDEX["kontanthjaelp.child_supplement_m"]])
        self.single_parent_supplement = _zero_if_nan(r[L.SCALAR_INDEX["kontanthjaelp.single_parent_supplement_m"]])
        self.single_supplement = _zero_if_nan(r[L.SCALAR_INDEX["kontanthjaelp.single_supplement_m"]])
        self.monthly_system = r[L.SCALAR_INDEX["kontanthjaelp.earnings_deduction_system"]] == L.EARNINGS_DEDUCTION_MONTHLY
        self.hourly_disregard = float(r[L.SCALAR_INDEX["kontanthjaelp.hourly_disregard"]])
        self.disregard_max_hours_m = _inf_if_nan(r[L.SCALAR_INDEX["kontanthjaelp.disregard_max_hours_m"]])
        self.withdrawal_rate = float(r[L.SCALAR_INDEX["kontanthjaelp.withdrawal_rate"]])
        self.disregard_full = float(r[L.SCALAR_INDEX["kontanthjaelp.monthly_disregard_full_m"]])
        self.disregard_young_away = float(r[L.SCALAR_INDEX["kontanthjaelp.monthly_disregard_young_away_m"]])
        self.disregard_young_home = float(r[L.SCALAR_INDEX["kontanthjaelp.monthly_disregard_young_home_m"]])
        self.income_limit_applies = _on(r[L.SCALAR_INDEX["kontanthjaelp.income_limit_applies"]])
        self.max_unemployment_benefit_y = float(r[L.SCALAR_INDEX["kontanthjaelp.max_unemployment_benefit_y"]])
        self.income_limit_share_full = float(r[L.SCALAR_INDEX["kontanthjaelp.income_limit_share_full"]])
        self.income_limit_share_other = float(r[L.SCALAR_INDEX["kontanthjaelp.income_limit_share_other"]])
        # benefit cap
        self.cap_applies = _on(r[L.SCALAR_INDEX["benefit_cap.applies"]])
        self.cap_after_months = float(r[L.SCALAR_INDEX["benefit_cap.after_months"]])
        self.cap_couple_provider = float(r[L.SCALAR_INDEX["benefit_cap.couple_provider_m"]])
        self.cap_couple_other = float(r[L.SCALAR_INDEX["benefit_cap.couple_other_m"]])
        self.cap_single_provider = float(r[L.SCALAR_INDEX["benefit_cap.single_provider_m"]])
        self.cap_single_other = float(r[L.SCALAR_INDEX["benefit_cap.single_other_m"]])
        self.cap_max_red_couple = float(r[L.SCALAR_INDEX["benefit_cap.max_reduction_couple_m"]])
        self.cap_max_red_single = float(r[L.SCALAR_INDEX["benefit_cap.max_reduction_single_m"]])
        # boligsikring
        self.bs_applies = _on(r[L.SCALAR_INDEX["boligsikring.applies"]])
        self.bs_rent_share = float(r[L.SCALAR_INDEX["boligsikring.rent_share"]])
        self.bs_taper = float(r[L.SCALAR_INDEX["boligsikring.income_taper_rate"]])
        self.bs_threshold_y = float(r[L.SCALAR_INDEX["boligsikring.income_threshold_y"]])
        self.bs_per_child_y = _zero_if_nan(r[L.SCALAR_INDEX["boligsikring.threshold_per_child_y"]])
        self.bs_children_max = _inf_if_nan(r[L.SCALAR_INDEX["boligsikring.threshold_children_max"]])
        self.bs_min_own_y = _zero_if_nan(r[L.SCALAR_INDEX["boligsikring.minimum_own_payment_y"]])
        self.bs_max_y = _inf_if_nan(r[L.SCALAR_INDEX["boligsikring.max_benefit_y"]])
        self.bs_many_children_from = _inf_if_nan(r[L.SCALAR_INDEX["boligsikring.many_children_from"]])
        f = r[L.SCALAR_INDEX["boligsikring.many_children_max_factor"]]
        self.bs_many_children_factor = 1.0 if math.isnan(f) else float(f)
        self.bs_max_rent_y = _inf_if_nan(r[L.SCALAR_INDEX["boligsikring.max_rent_y"]])
        self.bs_childless_share = _inf_if_nan(r[L.SCALAR_INDEX["boligsikring.childless_max_share_of_rent"]])
        # særlig støtte
        self.ss_applies = _on(r[L.SCALAR_INDEX["saerlig_stoette.applies"]])
        self.ss_limit_no_children = float(r[L.SCALAR_INDEX["saerlig_stoette.limit_no_children_m"]])
        self.ss_limit_one_child = float(r[L.SCALAR_INDEX["saerlig_stoette.limit_one_child_m"]])
        self.ss_limit_per_extra_child = _zero_if_nan(r[L.SCALAR_INDEX["saerlig_stoette.limit_reduction_per_extra_child_m"]])
        # rules of the target group added for current law (issue 12)
        value = lambda name: float(r[L.SCALAR_INDEX[name]])  # noqa: E731
        self.single_parent_rate = _zero_if_nan(value("tax.single_parent_allowance_rate"))
        self.single_parent_max_y = _inf_if_nan(value("tax.single_parent_allowance_max_y"))
        self.limit_excess_to_spouse = _on(value("kontanthjaelp.income_limit_excess_to_spouse"))
        self.young_under25 = _zero_if_nan(value("kontanthjaelp.young_supplement_under25_m"))
        self.young_25_29 = _zero_if_nan(value("kontanthjaelp.young_supplement_25_29_m"))
        self.young_provider = _zero_if_nan(value("kontanthjaelp.young_supplement_provider_m"))
        self.young_split_age = value("kontanthjaelp.young_supplement_split_age")
        self.young_below_age = value("kontanthjaelp.young_supplement_below_age")
        self.aktivitetsparat_from = value("kontanthjaelp.aktivitetsparat_from_match_group")
        self.married_reduction = _zero_if_nan(value("kontanthjaelp.married_reduction_m"))
        self.married_after = value("kontanthjaelp.married_reduction_after_months")
        self.leisure_per_child = _zero_if_nan(value("kontanthjaelp.leisure_supplement_per_child_m"))
        self.leisure_single_share = value("kontanthjaelp.leisure_supplement_single_share")
        self.leisure_max_children = value("kontanthjaelp.leisure_supplement_max_children")
        self.leisure_after = value("kontanthjaelp.leisure_supplement_after_months")
        self.leisure_continues = value("kontanthjaelp.leisure_supplement_continues_months")
        self.loft_applies = _on(value("boligsikring.couple_cap_applies"))
        self.loft = _inf_if_nan(value("boligsikring.couple_cap_m"))
        self.atp_help_applies = _on(value("atp.on_help_applies"))
        self.atp_help_after = value("atp.on_help_after_months")
        self.atp_help_amount = _zero_if_nan(value("atp.on_help_employee_m"))
        self.child_amount_y = np.array([_zero_if_nan(value(f"child_benefit.amount_{band}_y"))
                                        for band in ("0_2", "3_6", "7_14", "15_17")])
        self.child_taper_rate = _zero_if_nan(value("child_benefit.taper_rate"))
        self.child_taper_threshold_y = _inf_if_nan(value("child_benefit.taper_threshold_y"))
        self.child_ordinary_y = _zero_if_nan(value("child_benefit.ordinary_supplement_y"))
        self.child_extra_y = _zero_if_nan(value("child_benefit.extra_supplement_y"))
