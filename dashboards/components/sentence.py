"""The plain-language sentence for the caseworker, built only from engine numbers."""

from __future__ import annotations

from taxben import calc

from .case_model import CaseResult
from .i18n import Tr


def sentence_numbers(result: CaseResult) -> dict:
    """The numbers the sentence quotes (also used by the print sheet and the tests)."""
    hours = result.inputs.hours_per_week
    budget = result.budget()
    zero = budget[budget["hours_per_week"] == 0].iloc[0]
    at = budget[budget["hours_per_week"] == hours].iloc[0]
    n_paid, last = result.supplement_months()
    return {
        "hours": hours,
        "d_zero_base": float(zero["household_disposable_income_base"]),
        "gain_base": float(at["household_disposable_income_base"] - zero["household_disposable_income_base"]),
        "gain_scen": float(at["household_disposable_income_scen"] - zero["household_disposable_income_scen"]),
        "supplement_now": float(at["household_ceiling_supplement_scen"]),
        "months_paid": n_paid,
        "last_month": last,
        "horizon": result.months,
        "runs_to_end": last == result.months and n_paid > 0,
    }


def sentence(result: CaseResult, tr: Tr) -> str:
    n = sentence_numbers(result)
    if n["hours"] == 0:
        return tr("sentence_zero_hours", d=tr.kr(n["d_zero_base"]))
    today = tr("sentence_today", hours=tr.num(n["hours"]), gain=tr.kr(n["gain_base"]))
    if result.scenario == calc.BASELINE or n["months_paid"] == 0:
        return today + tr("sentence_no_ceiling")
    if n["supplement_now"] <= 0.5:
        return today + tr("sentence_ceiling_later", months=n["months_paid"])
    if n["runs_to_end"]:
        return today + tr("sentence_ceiling_whole", gain=tr.kr(n["gain_scen"]), months=n["months_paid"])
    return today + tr("sentence_ceiling", gain=tr.kr(n["gain_scen"]), months=n["months_paid"],
                      after=tr.kr(n["gain_base"]))
