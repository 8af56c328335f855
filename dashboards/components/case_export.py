"""Exports of the caseworker page: the calculation as CSV, and a printable one-page HTML sheet."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import escape

from . import theme
from .case_model import CaseResult
from .i18n import Tr
from .sentence import sentence, sentence_numbers
from .svg import line_chart


def months_csv(result: CaseResult) -> io.StringIO:
    """The month-by-month table of ``calc.household`` (every scenario, adult and month)."""
    buf = io.StringIO()
    result.month_table.to_csv(buf, index=False)
    buf.seek(0)
    return buf


def hours_csv(result: CaseResult) -> io.StringIO:
    """The 0-40 hour sweep of ``calc.sweep`` (every scenario, hour level and month)."""
    buf = io.StringIO()
    result.sweep.to_csv(buf, index=False)
    buf.seek(0)
    return buf


def _key_months(n: dict, horizon: int) -> list[int]:
    """Row positions of the months worth printing: the first, the last with a supplement, the one after,
    and the last of the horizon."""
    picks = [0]
    if n["last_month"]:
        picks += [n["last_month"] - 1, n["last_month"]]
    picks.append(horizon - 1)
    return sorted({p for p in picks if 0 <= p < horizon})


def _inputs_rows(result: CaseResult, tr: Tr, scenario_label: str) -> list[tuple[str, str]]:
    i = result.inputs
    yes_no = {True: tr("word_yes"), False: tr("word_no")}
    rows = [(tr("in_start"), i.start), (tr("in_scenario"), scenario_label),
            (tr("in_hours_per_week"), tr.num(i.hours_per_week)), (tr("in_hourly_wage"), tr.kr(i.hourly_wage)),
            (tr("in_age"), str(i.age)), (tr("in_recipient"), yes_no[i.recipient]),
            (tr("in_match_group"), str(i.match_group or "–")), (tr("in_couple"), yes_no[i.couple]),
            (tr("in_n_children"), str(i.n_children)), (tr("in_rent_monthly"), tr.kr(i.rent_monthly)),
            (tr("in_months_on_benefit"), str(i.months_on_benefit)),
            (tr("in_ceiling_months_used"), str(i.ceiling_months_used)),
            (tr("in_extension_granted"), yes_no[i.extension_granted])]
    if i.couple:
        rows.append((tr("sec_spouse"), f"{i.spouse_age} {tr('years')}, {tr.num(i.spouse_hours_per_week)} h, "
                                        f"{tr.kr(i.spouse_hourly_wage)}/h"))
    return rows


def print_sheet(result: CaseResult, tr: Tr, scenario_label: str) -> str:
    """Self-contained HTML (inline SVG, no scripts needed) that prints on one A4 page."""
    n = sentence_numbers(result)
    budget = result.budget()
    months = result.months_view()
    hours = list(budget["hours_per_week"])
    chart_budget = line_chart(
        [dict(x=hours, y=list(budget["household_disposable_income_base"]), color=theme.BASE, label=tr("baseline")),
         dict(x=hours, y=list(budget["household_disposable_income_scen"]), color=theme.SCEN, label=scenario_label)],
        tr("axis_hours"), tr("axis_disposable"), fmt=lambda v: tr.num(v), vline=n["hours"])
    m = list(months["month_number"])
    chart_months = line_chart(
        [dict(x=m, y=list(months["household_disposable_income_base"]), color=theme.BASE, label=tr("baseline")),
         dict(x=m, y=list(months["household_disposable_income_scen"]), color=theme.SCEN, label=scenario_label),
         dict(x=m, y=list(months["zero_base"]), color=theme.ZERO, label=tr("zero_hours_line"), dash="4 3")],
        tr("axis_month"), tr("axis_disposable"), fmt=lambda v: tr.num(v),
        vline=(n["last_month"] + 0.5) if n["last_month"] else None, steps=True)
    gains = result.gains_wide()
    head = (f"<tr><th>{tr('col_hours')}</th><th>{tr('col_gain')} – {tr('baseline_short')}</th>"
            f"<th>{tr('col_gain')} – {tr('scenario_short')}</th><th>PTR – {tr('baseline_short')}</th>"
            f"<th>PTR – {tr('scenario_short')}</th><th>EMTR – {tr('baseline_short')}</th>"
            f"<th>EMTR – {tr('scenario_short')}</th></tr>")
    body = "".join(
        f"<tr><td>{int(r.hours)}</td><td>{tr.kr(r.gain_base)}</td><td>{tr.kr(r.gain_scen)}</td>"
        f"<td>{tr.pct(r.ptr_base)}</td><td>{tr.pct(r.ptr_scen)}</td><td>{tr.pct(r.emtr_base)}</td>"
        f"<td>{tr.pct(r.emtr_scen)}</td></tr>" for r in gains.itertuples())
    inputs = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>"
                     for k, v in _inputs_rows(result, tr, scenario_label))
    cliff = (tr("cliff_text", last=n["last_month"], month=months["month"].iloc[n["last_month"] - 1])
             if n["last_month"] and not n["runs_to_end"] else "")
    cliff = re.sub(r"<[^>]+>", "", cliff)
    key_rows = "".join(
        f"<tr><td class=\"nw\">{int(r.month_number)} · {r.month}</td><td>{tr.kr(r.household_disposable_income_base)}</td>"
        f"<td>{tr.kr(r.household_disposable_income_scen)}</td><td>{tr.kr(r.household_ceiling_supplement_scen)}</td></tr>"
        for r in months.iloc[_key_months(n, result.months)].itertuples())
    key_table = (f"<table><tr><th>{tr('axis_month')}</th><th>{tr('col_d')} – {tr('baseline_short')}</th>"
                 f"<th>{tr('col_d')} – {tr('scenario_short')}</th><th>{tr('supplement')}</th></tr>{key_rows}</table>")
    meta = tr("sheet_meta", date=dt.date.today().isoformat(), start=result.inputs.start, months=result.months)
    return f"""<!doctype html>
<html lang="{tr.lang}"><head><meta charset="utf-8"><title>{escape(tr('sheet_title'))}</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 10.5pt; color: #1b2a41;
  max-width: 190mm; margin: 0 auto; }}
h1 {{ font-size: 15pt; margin: 0 0 2px 0; color: #0b5394; }}
h2 {{ font-size: 11pt; margin: 10px 0 4px 0; color: #0b5394; }}
.meta {{ color: #555; font-size: 9pt; margin-bottom: 6px; }}
.sentence {{ border-left: 4px solid {theme.SCEN}; background: #fff7ef; padding: 6px 10px; font-size: 11pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
th, td {{ border-bottom: 1px solid #e1e6ef; padding: 2px 5px; text-align: right; }}
.inputs th, .inputs td {{ text-align: left; }}
.cols {{ display: flex; gap: 12px; }} .cols > div {{ flex: 1; }}
.foot {{ color: #666; font-size: 8pt; margin-top: 8px; }} .nw {{ white-space: nowrap; }}
.noprint {{ margin: 8px 0; }} @media print {{ .noprint {{ display: none; }} }}
</style></head><body>
<div class="noprint"><button onclick="window.print()">{escape(tr('print_button'))}</button></div>
<h1>{escape(tr('sheet_title'))}</h1>
<div class="meta">{escape(meta)}</div>
<p class="sentence">{escape(sentence(result, tr))}</p>
<div class="cols"><div><h2>{escape(tr('sheet_inputs'))}</h2><table class="inputs">{inputs}</table></div>
<div><h2>{escape(tr('chart_budget_title'))}</h2>{chart_budget}</div></div>
<h2>{escape(tr('chart_months_title', hours=tr.num(n['hours'])))}</h2>
<div class="cols"><div>{chart_months}</div><div>{key_table}<p>{escape(cliff)}</p></div></div>
<h2>{escape(tr('gains_title'))}</h2><table>{head}{body}</table>
<p class="foot">{escape(tr('sheet_foot'))}</p>
</body></html>"""
