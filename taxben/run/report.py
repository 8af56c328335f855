"""A self-contained HTML report an analyst can mail: headline table and three charts (Bokeh, inline JS)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from bokeh.embed import components
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, FactorRange, NumeralTickFormatter
from bokeh.plotting import figure
from bokeh.resources import Resources

from taxben.run.summary import EMTR_BANDS, HOURS_BANDS

BASE_COLOR, SCENARIO_COLOR = "#7f7f7f", "#d62728"

HEADLINE = {
    "persons_baseline": ("Persons (avg. per month)", "{:,.0f}"),
    "mean_emtr_baseline": ("Mean EMTR, baseline", "{:.3f}"),
    "mean_emtr_scenario": ("Mean EMTR, scenario", "{:.3f}"),
    "share_emtr_90_100_baseline": ("Share EMTR 90-100 %, baseline", "{:.1%}"),
    "share_emtr_90_100_scenario": ("Share EMTR 90-100 %, scenario", "{:.1%}"),
    "mean_ptr_baseline": ("Mean PTR, baseline", "{:.3f}"),
    "mean_ptr_scenario": ("Mean PTR, scenario", "{:.3f}"),
    "mean_gain_from_work_diff": ("Δ gain from work, DKK/month", "{:,.0f}"),
    "persons_eligible_scenario": ("Eligible (avg. per month)", "{:,.0f}"),
    "supplement_paid_per_year_scenario": ("Supplement paid, DKK/year", "{:,.0f}"),
    "fiscal_cost_per_year": ("Fiscal cost, DKK/year", "{:,.0f}"),
    "winners": ("Winners (persons)", "{:,.0f}"),
}


def headline(summary: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Total and by match group, the columns an analyst reads first, formatted for display."""
    rows = summary[(summary["scenario"] == scenario) & summary["dimension"].isin(["all", "match_group"])]
    table = pd.DataFrame({"group": rows["group"].where(rows["dimension"] != "all", "total").to_numpy()})
    for name, (label, fmt) in HEADLINE.items():
        table[label] = [("" if pd.isna(v) else fmt.format(v)) for v in rows[name]]
    return table


def _bars(title: str, categories: list[str], base: list[float], scenario: list[float], scenario_name: str, y_label: str):
    factors = [(c, s) for c in categories for s in ("baseline", scenario_name)]
    values = [v for pair in zip(base, scenario) for v in pair]
    colors = [BASE_COLOR, SCENARIO_COLOR] * len(categories)
    source = ColumnDataSource({"x": factors, "value": values, "color": colors})
    fig = figure(x_range=FactorRange(*factors), height=300, width=900, title=title, toolbar_location=None)
    fig.vbar(x="x", top="value", width=0.9, color="color", source=source)
    fig.yaxis.axis_label = y_label
    fig.xaxis.major_label_orientation = 1.0
    return fig


def _series(summary: pd.DataFrame, scenario: str, dimension: str, metric: str, groups: list[str]):
    rows = summary[(summary["scenario"] == scenario) & (summary["dimension"] == dimension)].set_index("group")
    rows = rows.reindex(groups)
    return rows[f"{metric}_baseline"].fillna(0).tolist(), rows[f"{metric}_scenario"].fillna(0).tolist()


def charts(summary: pd.DataFrame, scenario: str):
    total = summary[(summary["scenario"] == scenario) & (summary["dimension"] == "all")].iloc[0]
    bands = [b[2] for b in EMTR_BANDS]
    labels = ["<50 %", "50-70", "70-80", "80-90", "90-100", "≥100 %"]
    emtr = _bars("EMTR distribution (share of person-months)", labels,
                 [total[f"share_{b}_baseline"] for b in bands], [total[f"share_{b}_scenario"] for b in bands],
                 scenario, "share")
    hours = [b[2] for b in HOURS_BANDS]
    base, scen = _series(summary, scenario, "hours_band", "mean_gain_from_work", hours)
    gain = _bars("Mean gain from work by hours per week (DKK/month)", hours, base, scen, scenario, "DKK/month")
    groups = summary[(summary["scenario"] == scenario) & (summary["dimension"] == "match_group")]
    cost = figure(x_range=list(groups["group"]), height=300, width=900, toolbar_location=None,
                  title="Fiscal cost by match group (DKK million per year)")
    cost.vbar(x=list(groups["group"]), top=list(groups["fiscal_cost_per_year"] / 1e6), width=0.8, color=SCENARIO_COLOR)
    cost.yaxis.formatter = NumeralTickFormatter(format="0,0.0")
    gain.yaxis.formatter = NumeralTickFormatter(format="0,0")
    return column(emtr, gain, cost)


def write_report(path: Path, summary: pd.DataFrame, run_info: dict) -> None:
    """Write ``report.html`` with every script and style inline (no network needed to view it)."""
    scenarios = [s for s in summary["scenario"].unique() if s != "baseline"]
    sections = []
    script_parts = []
    for scenario in scenarios:
        script, div = components(charts(summary, scenario))
        script_parts.append(script)
        table = headline(summary, scenario).to_html(index=False, border=0, classes="headline")
        sections.append(f"<h2>Scenario {html.escape(scenario)} vs baseline</h2>{table}{div}")
    if not scenarios:
        sections.append("<p>Baseline only: no scenario to compare.</p>")
    estimated = "".join(f"<li>{html.escape(str(e.get('name')))}: {html.escape(str(e.get('value')))} — "
                        f"{html.escape(str(e.get('method')))}</li>" for e in run_info.get("estimated_parameters", []))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>taxben run report</title>
{Resources(mode="inline", components=["bokeh"]).render()}
<style>body{{font-family:sans-serif;margin:2em;max-width:1000px}} table.headline{{border-collapse:collapse;font-size:13px}}
table.headline td,table.headline th{{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}}
table.headline td:first-child{{text-align:left}}</style>
{''.join(script_parts)}
</head><body>
<h1>taxben: effective marginal tax rates and the 70 % ceiling</h1>
<p>Rules from {html.escape(run_info.get('start', ''))} for {run_info.get('months', '')} months;
population {html.escape(str(run_info.get('population', {}).get('source', '')))}
(sha256 {html.escape(str(run_info.get('population', {}).get('sha256', ''))[:12])}…); taxben {html.escape(str(run_info.get('taxben_version', '')))}.
Counts are average weighted persons per month; amounts per year are annualised from the horizon.</p>
{''.join(sections)}
<h2>Estimated parameter values used</h2><ul>{estimated or '<li>none</li>'}</ul>
</body></html>"""
    path.write_text(page, encoding="utf-8")
