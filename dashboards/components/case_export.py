"""Exports of the caseworker page: the calculation as CSV, and a printable one-page HTML sheet.

CSV in the page's convention. Danish page: ``;`` between fields, decimal comma, Danish headers with units,
what Danish Excel opens as numbers; English page: ``,`` and a decimal point. Both: UTF-8 with a byte-order
mark (so Excel on Windows reads "æøå"), the inputs first (one "name;value" line each), an empty line, then
the table. Amounts in kroner with øre (2 decimals), rates in per cent (2 decimals), counts whole; never
"-0" and never a float artefact like ``2803.8500000000004``; an undefined rate (wage 0) is an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from html import escape

from taxben import calc

from . import theme
from .case_inputs import group_label
from .case_model import CaseResult
from .i18n import Tr
from taxben.numbers import SEPARATORS, format_input
from .sentence import cliff_text, sentence, sentence_numbers
from .svg import line_chart

BOM = "\ufeff"
CSV_SEPARATOR = {"da": ";", "en": ","}

# engine column -> (i18n key of the header, kind): kr = DKK a month, pct = rate in per cent, pp = percentage
# points of a rate, hours, int = a count, flag = 0/1. Columns the engine adds later fall back to their name.
CSV_COLUMNS: dict[str, tuple[str, str]] = {
    "hours_per_week": ("csv_hours_per_week", "hours"),
    "gross_earnings_m": ("csv_gross_earnings", "kr"),
    "am_bidrag_m": ("csv_am_bidrag", "kr"),
    "atp_m": ("csv_atp", "kr"),
    "atp_on_help_m": ("csv_atp_on_help", "kr"),
    "kontanthjaelp_m": ("csv_kontanthjaelp", "kr"),
    "income_tax_m": ("csv_income_tax", "kr"),
    "other_income_m": ("csv_other_income", "kr"),
    "benefit_capped": ("csv_benefit_capped", "flag"),
    "months_on_help": ("csv_months_on_help", "int"),
    "ceiling_eligible": ("csv_ceiling_eligible", "flag"),
    "ceiling_clock": ("csv_ceiling_clock", "int"),
    "ceiling_supplement_m": ("csv_ceiling_supplement", "kr"),
    "couple_both_eligible": ("csv_couple_both_eligible", "flag"),
    "household_boligsikring_m": ("csv_household_boligsikring", "kr"),
    "household_saerlig_stoette_m": ("csv_household_saerlig_stoette", "kr"),
    "household_cap_reduction_m": ("csv_household_cap_reduction", "kr"),
    "household_child_benefits_m": ("csv_household_child_benefits", "kr"),
    "household_fritidstillaeg_m": ("csv_household_fritidstillaeg", "kr"),
    "household_ceiling_supplement_m": ("csv_household_ceiling_supplement", "kr"),
    "household_disposable_income_m": ("csv_household_disposable_income", "kr"),
    "household_after_rent": ("csv_household_after_rent", "kr"),
    "emtr": ("csv_emtr", "pct"),
    "ptr": ("csv_ptr", "pct"),
    "gain_from_work_m": ("csv_gain_from_work", "kr"),
    "emtr_am_atp": ("csv_emtr_am_atp", "pct"),
    "emtr_income_tax": ("csv_emtr_income_tax", "pct"),
    "emtr_kontanthjaelp": ("csv_emtr_kontanthjaelp", "pct"),
    "emtr_housing": ("csv_emtr_housing", "pct"),
    "emtr_benefit_cap": ("csv_emtr_benefit_cap", "pct"),
    "emtr_family_benefits": ("csv_emtr_family_benefits", "pct"),
    "emtr_ceiling_supplement": ("csv_emtr_ceiling_supplement", "pct"),
}
DECIMALS = {"kr": 2, "pct": 2, "hours": 2, "int": 0, "flag": 0}


def csv_number(x, kind: str, lang: str) -> str:
    """One cell: rounded for its kind, decimal mark of the language, no thousands separator, no "-0"."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    x = float(x) * (100 if kind == "pct" else 1)
    decimals = DECIMALS[kind]
    x = round(x, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if kind == "hours" and x.is_integer():
        decimals = 0
    text = f"{x:.{decimals}f}"
    return text.replace(".", SEPARATORS[lang][1]) if lang == "da" else text


def _scenario_label(tr: Tr, name: str) -> str:
    if name == calc.BASELINE:
        return tr("baseline")
    return tr(f"scenario_{name}") if tr.has(f"scenario_{name}") else name


def input_rows(result: CaseResult, tr: Tr, number=None) -> list[tuple[str, str]]:
    """Every input that changes the result, as (label, value). ``number(x, kind)`` writes numbers (the page's
    formatter by default; the CSV's convention in the CSV)."""
    i = result.inputs
    if number is None:
        def number(x, kind):
            return tr.kr(x, 2 if x != int(x) else 0) if kind == "kr" else format_input(x, tr.lang)
    yes_no = {True: tr("word_yes"), False: tr("word_no")}
    year = i.start[:4]

    def group(g):
        return group_label(tr, g, year) if g else tr("group_none")

    rows = [(tr("in_start"), i.start), (tr("in_scenario"), _scenario_label(tr, result.scenario)),
            (tr("in_hours_per_week"), number(i.hours_per_week, "hours")),
            (tr("in_hourly_wage"), number(i.hourly_wage, "kr")), (tr("in_age"), number(i.age, "int")),
            (tr("in_recipient"), yes_no[i.recipient]), (tr("in_match_group"), group(i.match_group)),
            (tr("in_lives_with_parents"), yes_no[i.lives_with_parents]),
            (tr("in_couple"), yes_no[i.couple])]
    if i.couple:
        rows += [(tr("in_spouse_hours_per_week"), number(i.spouse_hours_per_week, "hours")),
                 (tr("in_spouse_hourly_wage"), number(i.spouse_hourly_wage, "kr")),
                 (tr("in_spouse_recipient"), yes_no[i.spouse_recipient]),
                 (tr("in_spouse_match_group"), group(i.spouse_match_group)),
                 (tr("in_spouse_age"), number(i.spouse_age, "int"))]
    rows += [(tr("in_n_children"), number(i.n_children, "int")),
             (tr("in_rent_monthly"), number(i.rent_monthly, "kr")),
             (tr("in_other_income_monthly"), number(i.other_income_monthly, "kr")),
             (tr("in_months_on_benefit"), number(i.months_on_benefit, "int")),
             (tr("in_ceiling_months_used"), number(i.ceiling_months_used, "int")),
             (tr("in_extension_granted"), yes_no[i.extension_granted])]
    return rows


def _csv(result: CaseResult, table, tr: Tr, with_adult: bool) -> io.BytesIO:
    lang = tr.lang
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=CSV_SEPARATOR[lang], lineterminator="\r\n")
    writer.writerow([tr("csv_input"), tr("csv_value")])
    for label, value in input_rows(result, tr, number=lambda x, kind: csv_number(x, kind, lang)):
        writer.writerow([label, value])
    writer.writerow([tr("csv_computed"), dt.date.today().isoformat()])
    writer.writerow([])
    table = table.copy()
    table.insert(table.columns.get_loc("household_disposable_income_m") + 1, "household_after_rent",
                 table["household_disposable_income_m"] - result.inputs.rent_monthly)
    engine_columns = [c for c in table.columns if c not in ("scenario", "adult", "month_index", "month")]
    kinds = [CSV_COLUMNS.get(c, (None, "kr"))[1] for c in engine_columns]
    head = [tr("csv_scenario")] + ([tr("csv_adult")] if with_adult else []) + [tr("csv_month_number"), tr("csv_month")]
    head += [tr(CSV_COLUMNS[c][0]) if c in CSV_COLUMNS else c for c in engine_columns]
    writer.writerow(head)
    adults = {0: tr("csv_person"), 1: tr("csv_partner")}
    scen = {name: _scenario_label(tr, name) for name in table["scenario"].unique()}
    values = table[engine_columns].to_numpy(dtype=float)
    for k, row in enumerate(table[["scenario", "month_index", "month"]].itertuples(index=False)):
        lead = [scen[row.scenario]] + ([adults.get(int(table["adult"].iat[k]), "")] if with_adult else [])
        lead += [str(int(row.month_index) + 1), str(row.month)]
        writer.writerow(lead + [csv_number(x, kind, lang) for x, kind in zip(values[k], kinds)])
    return io.BytesIO((BOM + buf.getvalue()).encode("utf-8"))


def months_csv(result: CaseResult, tr: Tr) -> io.BytesIO:
    """Month by month at the chosen hours: every scenario, adult and month (``calc.household``'s columns)."""
    return _csv(result, result.month_table, tr, with_adult=True)


def hours_csv(result: CaseResult, tr: Tr) -> io.BytesIO:
    """The 0-40 hour sweep of ``calc.sweep`` (every scenario, hour level and month; the person's columns,
    household columns for the household)."""
    return _csv(result, result.sweep, tr, with_adult=False)


def _key_months(n: dict, horizon: int) -> list[int]:
    """Row positions of the months worth printing: the first, the last with a supplement, the one after,
    and the last of the horizon."""
    picks = [0]
    if n["last_month"]:
        picks += [n["last_month"] - 1, n["last_month"]]
    picks.append(horizon - 1)
    return sorted({p for p in picks if 0 <= p < horizon})


def _legend_html(series: list[dict]) -> str:
    """The chart's legend as HTML under it: it wraps with the page instead of being cut off."""
    items = "".join(f'<span class="key"><i style="border-color:{s["color"]};border-top-style:'
                    f'{"dashed" if s.get("dash") else "solid"}"></i>{escape(s["label"])}</span>' for s in series)
    return f'<div class="legend">{items}</div>'


def print_sheet(result: CaseResult, tr: Tr, scenario_label: str) -> str:
    """Self-contained HTML (inline SVG, no scripts needed) that prints on one A4 page."""
    n = sentence_numbers(result)
    budget = result.budget()
    months = result.months_view()
    hours = list(budget["hours_per_week"])
    budget_series = [
        dict(x=hours, y=list(budget["household_disposable_income_m_base"]), color=theme.BASE, label=tr("baseline")),
        dict(x=hours, y=list(budget["household_disposable_income_m_scen"]), color=theme.SCEN, label=scenario_label)]
    chart_budget = line_chart(budget_series, tr("axis_hours"), tr("axis_disposable"), fmt=lambda v: tr.num(v),
                              vline=n["hours"])
    m = list(months["month_number"])
    month_series = [
        dict(x=m, y=list(months["household_disposable_income_m_base"]), color=theme.BASE, label=tr("baseline")),
        dict(x=m, y=list(months["household_disposable_income_m_scen"]), color=theme.SCEN, label=scenario_label),
        dict(x=m, y=list(months["zero_base"]), color=theme.ZERO, label=tr("zero_hours_line"), dash="4 3")]
    chart_months = line_chart(month_series, tr("axis_month"), tr("axis_disposable"), fmt=lambda v: tr.num(v),
                              vline=(n["last_month"] + 0.5) if n["last_month"] else None, steps=True)
    gains = result.gains_wide()
    base, scen = escape(tr("baseline_short")), escape(tr("scenario_short"))
    head = (f'<tr><th rowspan="2">{escape(tr("col_hours"))}</th><th colspan="2">{escape(tr("col_gain"))}</th>'
            f'<th colspan="2">{escape(tr("col_ptr"))}</th><th colspan="2">{escape(tr("col_emtr"))}</th></tr>'
            f"<tr>{f'<th>{base}</th><th>{scen}</th>' * 3}</tr>")
    chosen = result.inputs.hours_per_week
    body = "".join(
        f"<tr{' class=chosen' if int(r.hours) == chosen else ''}><td>{int(r.hours)}</td><td>{tr.kr(r.gain_base)}</td>"
        f"<td>{tr.kr(r.gain_scen)}</td><td>{tr.pct(r.ptr_base)}</td><td>{tr.pct(r.ptr_scen)}</td>"
        f"<td>{tr.pct(r.emtr_base)}</td><td>{tr.pct(r.emtr_scen)}</td></tr>" for r in gains.itertuples())
    inputs = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in input_rows(result, tr))
    cliff = escape(cliff_text(result, tr).replace("<b>", "").replace("</b>", ""))
    supplement_cols = [("household_ceiling_supplement_m_scen", tr("col_supplement_household"))]
    if result.couple:
        supplement_cols += [("supplement_0", tr("col_supplement_person")),
                            ("supplement_1", tr("col_supplement_partner"))]
    key_rows = "".join(
        f'<tr><td class="nw">{int(r["month_number"])} · {r["month"]}{tr("projected_mark") if r["projected"] else ""}'
        f'</td><td>{tr.kr(r["household_disposable_income_m_base"])}</td>'
        f'<td>{tr.kr(r["household_disposable_income_m_scen"])}</td><td>{tr.kr(r["after_rent_scen"])}</td>'
        + "".join(f"<td>{tr.kr(r[c])}</td>" for c, _ in supplement_cols) + "</tr>"
        for r in months.iloc[_key_months(n, result.months)].to_dict("records"))
    key_table = (f'<table><tr><th>{escape(tr("axis_month"))}</th><th>{escape(tr("col_d_base"))}</th>'
                 f'<th>{escape(tr("col_d_scen"))}</th><th>{escape(tr("col_after_rent_scen"))}</th>'
                 + "".join(f"<th>{escape(t)}</th>" for _, t in supplement_cols) + f"</tr>{key_rows}</table>")
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
th, td {{ border-bottom: 1px solid #e1e6ef; padding: 2px 5px; text-align: right; vertical-align: bottom; }}
tr.chosen td {{ background: #fff1e0; font-weight: 700; }}
.inputs th, .inputs td {{ text-align: left; }}
.inputs {{ font-size: 8.5pt; }} .inputs th, .inputs td {{ padding: 1px 4px; }}
.cols {{ display: flex; gap: 12px; }} .cols > div {{ flex: 1; min-width: 0; }}
svg {{ max-width: 100%; height: auto; }}
.legend {{ display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 8.5pt; color: #333; }}
.legend .key i {{ display: inline-block; width: 14px; border-top: 2px solid; margin: 0 4px 3px 0; }}
.foot {{ color: #666; font-size: 8pt; margin-top: 8px; }} .nw {{ white-space: nowrap; }}
.noprint {{ margin: 8px 0; }} @media print {{ .noprint {{ display: none; }} }}
</style></head><body>
<div class="noprint"><button onclick="window.print()">{escape(tr('print_button'))}</button></div>
<h1>{escape(tr('sheet_title'))}</h1>
<div class="meta">{escape(meta)}</div>
<p class="sentence">{escape(sentence(result, tr))}</p>
<div class="cols"><div><h2>{escape(tr('sheet_inputs'))}</h2><table class="inputs">{inputs}</table></div>
<div><h2>{escape(tr('chart_budget_title'))}</h2>{chart_budget}{_legend_html(budget_series)}</div></div>
<h2>{escape(tr('chart_months_title', hours=tr.num(n['hours'])))}</h2>
<div class="cols"><div>{chart_months}{_legend_html(month_series)}</div><div><p>{cliff}</p></div></div>
{key_table}
<h2>{escape(tr('gains_title'))}</h2><table>{head}{body}</table>
<p class="foot">{escape(tr('sheet_foot'))}</p>
</body></html>"""
