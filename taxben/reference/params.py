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
            value = L.ENUMS[name][value]
        elif isinstance(value, bool):
            value = 1.0 if value else 0.0
        row[i] = value
    for name, rows in dict(schedules).items():
        n_slot, thr_slot, val_slot = L.SCHEDULE_SLOTS[name]
        rows = list(rows)
        if len(rows) > L.MAX_SCHEDULE_ROWS:
            raise ValueError(f"{name}: {len(rows)} rows > MAX_SCHEDULE_ROWS = {L.MAX_SCHEDULE_ROWS}")
        row[n_slot] = len(rows)
        row[thr_slot : thr_slot + L.MAX_SCHEDULE_ROWS] = np.inf
        row[val_slot : val_slot + L.MAX_SCHEDULE_ROWS] = 0.0
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
        self.am_rate = float(r[L.AM_RATE])
        self.atp_thr, self.atp_amount = schedule(r, "atp.employee_bands")
        # income tax
        self.personfradrag_y = float(r[L.PERSONFRADRAG_Y])
        self.bottom_rate = _zero_if_nan(r[L.BOTTOM_RATE])
        self.municipal_rate = _zero_if_nan(r[L.MUNICIPAL_RATE])
        self.church_rate = _zero_if_nan(r[L.CHURCH_RATE])
        self.health_rate = _zero_if_nan(r[L.HEALTH_RATE])
        self.emp_rate = _zero_if_nan(r[L.EMPLOYMENT_ALLOWANCE_RATE])
        self.emp_max_y = _inf_if_nan(r[L.EMPLOYMENT_ALLOWANCE_MAX_Y])
        self.job_rate = _zero_if_nan(r[L.JOB_ALLOWANCE_RATE])
        self.job_threshold_y = _zero_if_nan(r[L.JOB_ALLOWANCE_THRESHOLD_Y])
        self.job_max_y = _inf_if_nan(r[L.JOB_ALLOWANCE_MAX_Y])
        thr, rates = schedule(r, "tax.state_brackets")
        cum = np.cumsum(rates)
        if _on(r[L.TAX_CEILING_APPLIES]):
            # skatteloft: municipal (+county) + health + bottom + state <= ceiling; church tax is outside it
            room = float(r[L.TAX_CEILING_RATE]) - (self.municipal_rate + self.health_rate + self.bottom_rate)
            cum = np.maximum(0.0, np.minimum(cum, room))
        self.state_thr_y = thr
        self.state_marginal = np.diff(np.concatenate(([0.0], cum)))
        # kontanthjælp
        self.full_rate_age = float(r[L.KH_FULL_RATE_AGE])
        self.provider_gets_full_rate = _on(r[L.KH_PROVIDER_GETS_FULL_RATE])
        self.base_rate = {
            cat: float(r[slot])
            for cat, slot in (
                (F.CAT_FULL_PROVIDER, L.KH_RATE_FULL_PROVIDER_M),
                (F.CAT_FULL_OTHER, L.KH_RATE_FULL_OTHER_M),
                (F.CAT_YOUNG_AWAY, L.KH_RATE_YOUNG_AWAY_M),
                (F.CAT_YOUNG_HOME, L.KH_RATE_YOUNG_HOME_M),
                (F.CAT_MINIMUM, L.KH_RATE_MINIMUM_M),
            )
        }
        self.child_supplement = _zero_if_nan(r[L.KH_CHILD_SUPPLEMENT_M])
        self.single_parent_supplement = _zero_if_nan(r[L.KH_SINGLE_PARENT_SUPPLEMENT_M])
        self.single_supplement = _zero_if_nan(r[L.KH_SINGLE_SUPPLEMENT_M])
        self.monthly_system = r[L.KH_EARNINGS_DEDUCTION_SYSTEM] == L.EARNINGS_DEDUCTION_MONTHLY
        self.hourly_disregard = float(r[L.KH_HOURLY_DISREGARD])
        self.disregard_max_hours_m = _inf_if_nan(r[L.KH_DISREGARD_MAX_HOURS_M])
        self.withdrawal_rate = float(r[L.KH_WITHDRAWAL_RATE])
        self.disregard_full = float(r[L.KH_MONTHLY_DISREGARD_FULL_M])
        self.disregard_young_away = float(r[L.KH_MONTHLY_DISREGARD_YOUNG_AWAY_M])
        self.disregard_young_home = float(r[L.KH_MONTHLY_DISREGARD_YOUNG_HOME_M])
        self.income_limit_applies = _on(r[L.KH_INCOME_LIMIT_APPLIES])
        self.max_unemployment_benefit_y = float(r[L.KH_MAX_UNEMPLOYMENT_BENEFIT_Y])
        self.income_limit_share_full = float(r[L.KH_INCOME_LIMIT_SHARE_FULL])
        self.income_limit_share_other = float(r[L.KH_INCOME_LIMIT_SHARE_OTHER])
        # benefit cap
        self.cap_applies = _on(r[L.CAP_APPLIES])
        self.cap_after_months = float(r[L.CAP_AFTER_MONTHS])
        self.cap_couple_provider = float(r[L.CAP_COUPLE_PROVIDER_M])
        self.cap_couple_other = float(r[L.CAP_COUPLE_OTHER_M])
        self.cap_single_provider = float(r[L.CAP_SINGLE_PROVIDER_M])
        self.cap_single_other = float(r[L.CAP_SINGLE_OTHER_M])
        self.cap_max_red_couple = float(r[L.CAP_MAX_REDUCTION_COUPLE_M])
        self.cap_max_red_single = float(r[L.CAP_MAX_REDUCTION_SINGLE_M])
        # boligsikring
        self.bs_applies = _on(r[L.BS_APPLIES])
        self.bs_rent_share = float(r[L.BS_RENT_SHARE])
        self.bs_taper = float(r[L.BS_INCOME_TAPER_RATE])
        self.bs_threshold_y = float(r[L.BS_INCOME_THRESHOLD_Y])
        self.bs_per_child_y = _zero_if_nan(r[L.BS_THRESHOLD_PER_CHILD_Y])
        self.bs_children_max = _inf_if_nan(r[L.BS_THRESHOLD_CHILDREN_MAX])
        self.bs_min_own_y = _zero_if_nan(r[L.BS_MINIMUM_OWN_PAYMENT_Y])
        self.bs_max_y = _inf_if_nan(r[L.BS_MAX_BENEFIT_Y])
        self.bs_many_children_from = _inf_if_nan(r[L.BS_MANY_CHILDREN_FROM])
        f = r[L.BS_MANY_CHILDREN_MAX_FACTOR]
        self.bs_many_children_factor = 1.0 if math.isnan(f) else float(f)
        self.bs_max_rent_y = _inf_if_nan(r[L.BS_MAX_RENT_Y])
        self.bs_childless_share = _inf_if_nan(r[L.BS_CHILDLESS_MAX_SHARE_OF_RENT])
        # særlig støtte
        self.ss_applies = _on(r[L.SS_APPLIES])
        self.ss_limit_no_children = float(r[L.SS_LIMIT_NO_CHILDREN_M])
        self.ss_limit_one_child = float(r[L.SS_LIMIT_ONE_CHILD_M])
        self.ss_limit_per_extra_child = _zero_if_nan(r[L.SS_LIMIT_REDUCTION_PER_EXTRA_CHILD_M])
