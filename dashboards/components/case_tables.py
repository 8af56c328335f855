"""The caseworker page's tables as plain HTML: the gains table and the month-by-month table.

Plain tables instead of Tabulator here: a handful of rows, no sorting, and a change of input only sends one
string to the browser. Numbers use the page's formatter; headers wrap instead of being cut off.
"""

from __future__ import annotations

from html import escape

from .case_model import CaseResult
from .i18n import Tr

TABLE_CSS = """
.tb-table { border-collapse: collapse; width: 100%; font-size: 0.86rem; }
.tb-table th, .tb-table td { padding: 3px 8px; border-bottom: 1px solid #e1e6ef; text-align: right;
  white-space: nowrap; }
.tb-table th { background: #f5f7fb; font-weight: 600; white-space: normal; vertical-align: bottom; }
.tb-table th.l, .tb-table td.l { text-align: left; }
.tb-table tr.chosen td { background: #fff1e0; font-weight: 700; }
.tb-table tr.projected td.month::after { content: " *"; color: #8a5300; }
.tb-table-wrap { max-height: 380px; overflow: auto; }
"""


def gains_table_html(result: CaseResult, tr: Tr) -> str:
    """Gain over 0 hours, PTR and EMTR at the usual hours and the chosen hours (highlighted)."""
    g = result.gains_wide()
    chosen = result.inputs.hours_per_week
    base, scen = escape(tr("baseline_short")), escape(tr("scenario_short"))
    head = (f'<tr><th class="l" rowspan="2">{escape(tr("col_hours"))}</th>'
            f'<th colspan="2">{escape(tr("col_gain"))}</th><th colspan="2">{escape(tr("col_ptr"))}</th>'
            f'<th colspan="2">{escape(tr("col_emtr"))}</th></tr>'
            f"<tr>{f'<th>{base}</th><th>{scen}</th>' * 3}</tr>")
    rows = []
    for r in g.itertuples():
        is_chosen = int(r.hours) == chosen
        cls = ' class="chosen" aria-current="true"' if is_chosen else ""
        rows.append(
            f'<tr data-hours="{int(r.hours)}"{cls}><td class="l">{int(r.hours)}</td>'
            f'<td data-col="gain_base">{tr.kr(r.gain_base)}</td><td data-col="gain_scen">{tr.kr(r.gain_scen)}</td>'
            f'<td data-col="ptr_base">{tr.pct(r.ptr_base)}</td><td data-col="ptr_scen">{tr.pct(r.ptr_scen)}</td>'
            f'<td data-col="emtr_base">{tr.pct(r.emtr_base)}</td><td data-col="emtr_scen">{tr.pct(r.emtr_scen)}</td>'
            "</tr>")
    return f'<table class="tb-table gains-table" data-testid="gains-table">{head}{"".join(rows)}</table>'


def month_table_columns(result: CaseResult, tr: Tr) -> list[tuple[str, str, str]]:
    """(column of ``months_view``, header, kind) of the month table; per-adult columns for a couple."""
    cols = [("household_disposable_income_m_base", tr("col_d_base"), "kr"),
            ("household_disposable_income_m_scen", tr("col_d_scen"), "kr"),
            ("after_rent_scen", tr("col_after_rent_scen"), "kr"),
            ("household_ceiling_supplement_m_scen", tr("col_supplement_household"), "kr")]
    if result.couple:
        cols += [("supplement_0", tr("col_supplement_person"), "kr"),
                 ("supplement_1", tr("col_supplement_partner"), "kr"),
                 ("clock_0", tr("col_clock_person"), "int"), ("clock_1", tr("col_clock_partner"), "int")]
    else:
        cols.append(("clock_0", tr("clock"), "int"))
    cols.append(("diff", tr("col_diff"), "kr"))
    return cols


def month_table_html(result: CaseResult, tr: Tr) -> str:
    v = result.months_view()
    cols = month_table_columns(result, tr)
    head = (f'<tr><th>#</th><th class="l">{escape(tr("axis_month"))}</th>'
            + "".join(f"<th>{escape(title)}</th>" for _, title, _ in cols) + "</tr>")
    diff = v["household_disposable_income_m_scen"] - v["household_disposable_income_m_base"]
    rows = []
    for k, r in enumerate(v.to_dict("records")):
        r["diff"] = diff.iloc[k]
        cells = "".join(f"<td>{tr.kr(r[c]) if kind == 'kr' else tr.num(r[c])}</td>" for c, _, kind in cols)
        cls = ' class="projected"' if r["projected"] else ""
        rows.append(f'<tr{cls}><td>{int(r["month_number"])}</td><td class="l month">{r["month"]}</td>{cells}</tr>')
    note = f'<p class="tb-note">{escape(tr("projected_note"))}</p>' if v["projected"].any() else ""
    return (f'<div class="tb-table-wrap"><table class="tb-table month-table" data-testid="month-table">'
            f'{head}{"".join(rows)}</table></div>{note}')
