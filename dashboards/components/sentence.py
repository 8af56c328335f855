"""The plain-language sentences for the caseworker, built only from engine numbers.

``sentence_numbers`` collects what the sentences quote (also used by the cards, the print sheet and the
tests); the cliff numbers come from the month-by-month table, in the month they apply.
"""

from __future__ import annotations

from taxben import calc

from .case_model import CaseResult
from .i18n import Tr

SAME_KRONE = 0.5  # differences below half a krone are "unchanged"
RATE_STEP = 0.005  # the ceiling "raises" the marginal rate when it is at least half a point higher


def sentence_numbers(result: CaseResult) -> dict:
    """The numbers the sentences quote (computed once per result)."""
    if "sentence_numbers" not in result.cache:
        result.cache["sentence_numbers"] = _sentence_numbers(result)
    return result.cache["sentence_numbers"]


def _sentence_numbers(result: CaseResult) -> dict:
    hours = result.inputs.hours_per_week
    budget = result.budget()
    zero = budget.iloc[result.cube.at(0)]
    at = result.at_hours()
    n_paid, last = result.supplement_months()
    view = result.months_view()
    out = {
        "hours": hours,
        "d_zero_base": float(zero["household_disposable_income_m_base"]),
        "d_hours_base": float(at["household_disposable_income_m_base"]),
        "d_hours_scen": float(at["household_disposable_income_m_scen"]),
        "gain_base": float(at["household_disposable_income_m_base"] - zero["household_disposable_income_m_base"]),
        "gain_scen": float(at["household_disposable_income_m_scen"] - zero["household_disposable_income_m_scen"]),
        "supplement_now": float(at["household_ceiling_supplement_m_scen"]),
        "emtr_base": float(at["emtr_base"]),
        "emtr_scen": float(at["emtr_scen"]),
        "phase_out": bool(at["emtr_scen"] > at["emtr_base"] + RATE_STEP and at["emtr_ceiling_supplement_scen"] > 0),
        "months_paid": n_paid,
        "last_month": last,
        "horizon": result.months,
        "runs_to_end": last == result.months and n_paid > 0,
        "adults": result.adults_at_hours(),
    }
    if last and last < result.months:  # the month after the limit: the first month on the usual rules
        before, after = view.iloc[last - 1], view.iloc[last]
        out.update({
            "after_month_number": last + 1,
            "after_month": str(after["month"]),
            "after_projected": bool(after["projected"]),
            "gain_after": float(after["household_disposable_income_m_scen"] - after["zero_scen"]),
            "d_last": float(before["household_disposable_income_m_scen"]),
            "d_after": float(after["household_disposable_income_m_scen"]),
        })
        change = out["d_after"] - out["d_last"]
        out["direction"] = "falls" if change < -SAME_KRONE else "rises" if change > SAME_KRONE else "same"
    return out


def _star(tr: Tr, projected: bool) -> str:
    return tr("projected_mark") if projected else ""


def phase_out_text(n: dict, tr: Tr) -> str:
    """"Lofttillægget aftrappes her: …" when the ceiling raises the marginal rate at these hours."""
    if not n["phase_out"]:
        return ""
    return tr("phase_out", base=tr.pct(n["emtr_base"], 0), scen=tr.pct(n["emtr_scen"], 0))


def supplement_split_text(n: dict, tr: Tr) -> str:
    """For a couple: the ceiling supplement of each adult (the household's is split between them)."""
    adults = n["adults"]
    if len(adults) < 2 or n["supplement_now"] <= SAME_KRONE:
        return ""
    return tr("supplement_split", person=tr.kr(adults[0]["supplement"]), partner=tr.kr(adults[1]["supplement"]))


def sentence(result: CaseResult, tr: Tr) -> str:
    n = sentence_numbers(result)
    after_rent = n["d_zero_base"] - result.inputs.rent_monthly
    if result.wage_zero and n["hours"] > 0:
        return tr("sentence_wage_zero", d=tr.kr(n["d_zero_base"]), after=tr.kr(after_rent))
    if n["hours"] == 0:
        return tr("sentence_zero_hours", d=tr.kr(n["d_zero_base"]), after=tr.kr(after_rent))
    hours = tr.num(n["hours"])
    if result.couple:
        today = tr("sentence_today_couple", hours=hours, partner=tr.hours(result.inputs.spouse_hours_per_week),
                   gain=tr.kr(n["gain_base"]))
    else:
        today = tr("sentence_today", hours=hours, gain=tr.kr(n["gain_base"]))
    extra = " ".join(t for t in (supplement_split_text(n, tr), phase_out_text(n, tr)) if t)
    extra = f" {extra}" if extra else ""
    if result.scenario == calc.BASELINE or n["months_paid"] == 0:
        return today + tr("sentence_no_ceiling") + extra
    if n["supplement_now"] <= SAME_KRONE:
        return today + tr("sentence_ceiling_later", months=n["months_paid"]) + extra
    if n["runs_to_end"]:
        return today + tr("sentence_ceiling_whole", gain=tr.kr(n["gain_scen"]), months=n["months_paid"]) + extra
    return today + tr("sentence_ceiling", gain=tr.kr(n["gain_scen"]), months=n["months_paid"],
                      after=tr.kr(n["gain_after"]), month=n["after_month_number"],
                      star=_star(tr, n["after_projected"])) + extra


def cliff_text(result: CaseResult, tr: Tr) -> str:
    """Under the month chart: when the supplement stops and what happens to income in the month after."""
    n = sentence_numbers(result)
    if n["last_month"] == 0:
        return tr("cliff_none")
    if n["runs_to_end"]:
        return tr("cliff_to_end", months=result.months)
    view = result.months_view()
    text = tr("cliff_text", last=n["last_month"], month=view["month"].iloc[n["last_month"] - 1],
              change=tr(f"cliff_{n['direction']}", before=tr.kr(n["d_last"]), after=tr.kr(n["d_after"])),
              next=n["after_month_number"], next_month=n["after_month"], star=_star(tr, n["after_projected"]),
              gain=tr.kr(n["gain_after"]))
    if n["after_projected"]:
        text += " " + tr("projected_note")
    return text
