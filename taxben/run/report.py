"""A self-contained HTML report an analyst can mail (Bokeh, inline JS), in English or Danish.

Per scenario: the headline table, with a behaviour model the static result beside the result after
behaviour with the low-high band, and the charts: EMTR distribution, gain from work by hours, cost by
match group, month by month over the horizon (the 12-month cliff) and gains by income decile.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from bokeh.embed import components
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, FactorRange, LinearAxis, NumeralTickFormatter, Range1d
from bokeh.plotting import figure
from bokeh.resources import Resources

from taxben.run.summary import EMTR_BANDS, HOURS_BANDS

BASE_COLOR, SCENARIO_COLOR, BEHAVIOUR_COLOR = "#7f7f7f", "#d62728", "#1f77b4"
LANGUAGES = ("en", "da")

# (summary column, English label, Danish label, format)
HEADLINE = [
    ("persons_baseline", "Persons (avg. per month)", "Personer (gns. pr. måned)", "int"),
    ("mean_emtr_baseline", "Mean EMTR, baseline", "Gns. marginalskat, basis", "3"),
    ("mean_emtr_scenario", "Mean EMTR, scenario", "Gns. marginalskat, scenarie", "3"),
    ("share_emtr_90_100_baseline", "Share EMTR 90-100 %, baseline", "Andel marginalskat 90-100 %, basis", "pct"),
    ("share_emtr_90_100_scenario", "Share EMTR 90-100 %, scenario", "Andel marginalskat 90-100 %, scenarie", "pct"),
    ("mean_ptr_baseline", "Mean PTR, baseline", "Gns. deltagelsesskat, basis", "3"),
    ("mean_ptr_scenario", "Mean PTR, scenario", "Gns. deltagelsesskat, scenarie", "3"),
    ("mean_gain_from_work_dkk_m_diff", "Δ gain from work, DKK/month", "Δ gevinst ved arbejde, kr./md.", "int"),
    ("persons_eligible_scenario", "Eligible (avg. per month)", "Omfattet af loftet (gns. pr. md.)", "int"),
    ("couples_both_eligible_scenario", "Couples both eligible (avg. per month)",
     "Par, hvor begge er omfattet (gns. pr. md.)", "int"),
    ("supplement_paid_dkk_y_scenario", "Supplement paid, DKK/year", "Udbetalt tillæg, kr./år", "int"),
    ("fiscal_cost_dkk_y", "Fiscal cost, DKK/year", "Offentlige udgifter, kr./år", "int"),
    ("winners", "Winners (persons)", "Vindere (personer)", "int"),
]

TEXT = {
    "title": ("taxben: effective marginal tax rates and the 70 % ceiling",
              "taxben: effektive marginalskatter og loftet på 70 %"),
    "scenario_vs": ("Scenario {} vs baseline", "Scenarie {} mod basis"),
    "baseline_only": ("Baseline only: no scenario to compare.", "Kun basis: intet scenarie at sammenligne."),
    "intro": ("Rules from {start} for {months} months; population {source} (sha256 {sha}…); taxben {version}. "
              "Counts are average weighted persons per month; amounts per year are annualised from the horizon.",
              "Regler fra {start} i {months} måneder; befolkning {source} (sha256 {sha}…); taxben {version}. "
              "Antal er vægtede personer i gennemsnit pr. måned; beløb pr. år er omregnet fra perioden."),
    "estimated": ("Estimated parameter values used", "Skønnede parameterværdier i brug"),
    "none": ("none", "ingen"),
    "group": ("group", "gruppe"), "total": ("total", "i alt"),
    "behaviour": ("Static and after behaviour ({name}, {headline} elasticities; band: low-high)",
                  "Statisk og efter adfærd ({name}, {headline} elasticiteter; interval: lav-høj)"),
    "behaviour_note": ("Behaviour: a discrete-choice model over hours {hours} per week for kontanthjælp recipients "
                       "(couples choose jointly), calibrated to the observed hours of each match group and family "
                       "type; myopic month by month with the ceiling clock (docs/behaviour.md).",
                       "Adfærd: en diskret valgmodel over {hours} timer om ugen for kontanthjælpsmodtagere (par "
                       "vælger sammen), kalibreret til de observerede timer i hver matchgruppe og familietype; "
                       "nærsynet måned for måned med loftets ur (docs/behaviour.md)."),
    "cost_static": ("Fiscal cost static, DKK m/year", "Udgift statisk, mio. kr./år"),
    "cost_after": ("Fiscal cost after behaviour, DKK m/year", "Udgift efter adfærd, mio. kr./år"),
    "cost_band": ("band (low-high)", "interval (lav-høj)"),
    "employment": ("More persons working (avg. per month)", "Flere i arbejde (gns. pr. md.)"),
    "employment_band": ("band (low-high)", "interval (lav-høj)"),
    "hours": ("Δ hours per week (sum)", "Δ timer pr. uge (sum)"),
    "emtr_chart": ("EMTR distribution (share of person-months)", "Fordeling af marginalskat (andel af personmåneder)"),
    "gain_chart": ("Mean gain from work by hours per week (DKK/month)", "Gns. gevinst ved arbejde efter timer pr. uge (kr./md.)"),
    "cost_chart": ("Fiscal cost by match group (DKK million per year)", "Offentlige udgifter efter matchgruppe (mio. kr. pr. år)"),
    "month_chart": ("Month by month: persons eligible, more persons working (left), supplement paid (right)",
                    "Måned for måned: omfattede, flere i arbejde (venstre), udbetalt tillæg (højre)"),
    "eligible": ("persons eligible", "omfattede personer"),
    "more_working": ("more persons working ({})", "flere i arbejde ({})"),
    "supplement": ("supplement paid, DKK/month", "udbetalt tillæg, kr./md."),
    "decile_chart": ("Mean gain by decile of household disposable income under the baseline (DKK/month, static)",
                     "Gns. gevinst efter decil af husstandens disponible indkomst i basis (kr./md., statisk)"),
    "persons": ("persons", "personer"), "share": ("share", "andel"), "dkk_month": ("DKK/month", "kr./md."),
    "month": ("month", "måned"), "decile": ("decile", "decil"),
}


def t(key: str, lang: str) -> str:
    return TEXT[key][LANGUAGES.index(lang)]


def number(value, kind: str, lang: str) -> str:
    """Format for the language: English 4,000.5; Danish 4.000,5."""
    if value is None or pd.isna(value):
        return ""
    if kind == "pct":
        text = f"{100 * value:,.1f} %"
    elif kind == "int":
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.{int(kind)}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def headline(summary: pd.DataFrame, scenario: str, lang: str = "en") -> pd.DataFrame:
    """Total and by match group, the columns an analyst reads first, formatted for display."""
    rows = summary[(summary["scenario"] == scenario) & summary["dimension"].isin(["all", "match_group"])]
    table = pd.DataFrame({t("group", lang): rows["group"].where(rows["dimension"] != "all", t("total", lang)).to_numpy()})
    for name, en, da, kind in HEADLINE:
        table[en if lang == "en" else da] = [number(v, kind, lang) for v in rows[name]]
    return table


def behaviour_table(summary: pd.DataFrame, scenario: str, lang: str = "en") -> pd.DataFrame | None:
    """Static fiscal cost beside the cost after behaviour and the employment change, with the band."""
    if "employment_change_persons" not in summary:
        return None
    rows = summary[(summary["scenario"] == scenario) & summary["dimension"].isin(["all", "match_group"])]
    table = pd.DataFrame({t("group", lang): rows["group"].where(rows["dimension"] != "all", t("total", lang)).to_numpy()})
    band = "employment_change_persons_low" in summary and "employment_change_persons_high" in summary

    def pair(low, high, kind):
        return [f"{number(a, kind, lang)} – {number(b, kind, lang)}" for a, b in zip(low, high)]

    table[t("cost_static", lang)] = [number(v / 1e6, "1", lang) for v in rows["fiscal_cost_dkk_y"]]
    table[t("cost_after", lang)] = [number(v / 1e6, "1", lang) for v in rows["fiscal_cost_after_behaviour_dkk_y"]]
    if band:
        table[t("cost_band", lang)] = pair(rows["fiscal_cost_after_behaviour_dkk_y_low"] / 1e6,
                                           rows["fiscal_cost_after_behaviour_dkk_y_high"] / 1e6, "1")
    table[t("employment", lang)] = [number(v, "int", lang) for v in rows["employment_change_persons"]]
    if band:
        table[t("employment_band", lang) + " "] = pair(rows["employment_change_persons_low"],
                                                       rows["employment_change_persons_high"], "int")
    table[t("hours", lang)] = [number(v, "int", lang) for v in rows["hours_change"]]
    return table


def static_figure(**options):
    """A chart without tools. The toolbar is hidden in a report, so of its tools only pan-by-drag could be
    reached, and it only slid bars out of view; and each tool is a model that bokeh builds and serialises
    (the default report: 187 models with the tools, 142 without; rendering it took 0.19 s, now 0.15 s)."""
    return figure(tools="", toolbar_location=None, **options)


def _bars(title: str, categories: list[str], base: list[float], scenario: list[float], scenario_name: str, y_label: str):
    factors = [(c, s) for c in categories for s in ("baseline", scenario_name)]
    values = [v for pair in zip(base, scenario) for v in pair]
    colors = [BASE_COLOR, SCENARIO_COLOR] * len(categories)
    source = ColumnDataSource({"x": factors, "value": values, "color": colors})
    fig = static_figure(x_range=FactorRange(*factors), height=300, width=900, title=title)
    fig.vbar(x="x", top="value", width=0.9, color="color", source=source)
    fig.yaxis.axis_label = y_label
    fig.xaxis.major_label_orientation = 1.0
    return fig


def _series(summary: pd.DataFrame, scenario: str, dimension: str, metric: str, groups: list[str]):
    rows = summary[(summary["scenario"] == scenario) & (summary["dimension"] == dimension)].set_index("group")
    rows = rows.reindex(groups)
    return rows[f"{metric}_baseline"].fillna(0).tolist(), rows[f"{metric}_scenario"].fillna(0).tolist()


def month_chart(monthly: pd.DataFrame, scenario: str, lang: str, variants=()):
    """Persons eligible and (with behaviour) more persons working on the left axis, supplement paid on
    the right: the cliff when the clock runs out shows in all three."""
    rows = monthly[monthly["scenario"] == scenario].sort_values("month_index")
    x = rows["month"].astype(str).tolist() if "month" in rows else [str(m) for m in rows["month_index"]]
    fig = static_figure(x_range=x, height=320, width=900, title=t("month_chart", lang))
    fig.line(x, rows["persons_eligible"].tolist(), color=SCENARIO_COLOR, line_width=2, legend_label=t("eligible", lang))
    left_max = float(rows["persons_eligible"].max() or 1.0)
    for variant, dash in zip(variants, ("dotted", "solid", "dashed")):
        values = rows.get(f"employment_change_{variant}")
        if values is not None:
            fig.line(x, values.tolist(), color=BEHAVIOUR_COLOR, line_width=2, line_dash=dash,
                     legend_label=t("more_working", lang).format(variant))
            left_max = max(left_max, float(values.max()))
    fig.y_range = Range1d(0, 1.1 * left_max if left_max > 0 else 1.0)
    supplement = rows["supplement_paid"]
    fig.extra_y_ranges = {"dkk": Range1d(0, 1.1 * float(supplement.max()) if supplement.max() > 0 else 1.0)}
    fig.add_layout(LinearAxis(y_range_name="dkk", axis_label=t("supplement", lang),
                              formatter=NumeralTickFormatter(format="0,0")), "right")
    fig.line(x, supplement.tolist(), color=BASE_COLOR, line_width=2, y_range_name="dkk",
             legend_label=t("supplement", lang))
    fig.yaxis[0].axis_label = t("persons", lang)
    fig.yaxis[0].formatter = NumeralTickFormatter(format="0,0")
    fig.xaxis.major_label_orientation = 1.0
    fig.legend.location = "top_right"
    return fig


def decile_chart(deciles: pd.DataFrame, scenario: str, lang: str):
    rows = deciles[deciles["scenario"] == scenario].sort_values("decile")
    x = [str(d) for d in rows["decile"]]
    fig = static_figure(x_range=x, height=300, width=900, title=t("decile_chart", lang))
    fig.vbar(x=x, top=rows["mean_gain_dkk_m"].fillna(0).tolist(), width=0.8, color=SCENARIO_COLOR)
    fig.xaxis.axis_label = t("decile", lang)
    fig.yaxis.axis_label = t("dkk_month", lang)
    fig.yaxis.formatter = NumeralTickFormatter(format="0,0")
    return fig


def charts(summary: pd.DataFrame, scenario: str, lang: str = "en", monthly: pd.DataFrame | None = None,
           deciles: pd.DataFrame | None = None, variants=()):
    total = summary[(summary["scenario"] == scenario) & (summary["dimension"] == "all")].iloc[0]
    bands = [b[2] for b in EMTR_BANDS]
    labels = ["<50 %", "50-70", "70-80", "80-90", "90-100", "≥100 %"]
    emtr = _bars(t("emtr_chart", lang), labels,
                 [total[f"share_{b}_baseline"] for b in bands], [total[f"share_{b}_scenario"] for b in bands],
                 scenario, t("share", lang))
    hours = [b[2] for b in HOURS_BANDS]
    base, scen = _series(summary, scenario, "hours_band", "mean_gain_from_work_dkk_m", hours)
    gain = _bars(t("gain_chart", lang), hours, base, scen, scenario, t("dkk_month", lang))
    groups = summary[(summary["scenario"] == scenario) & (summary["dimension"] == "match_group")]
    cost = static_figure(x_range=list(groups["group"]), height=300, width=900, title=t("cost_chart", lang))
    cost.vbar(x=list(groups["group"]), top=list(groups["fiscal_cost_dkk_y"] / 1e6), width=0.8, color=SCENARIO_COLOR)
    cost.yaxis.formatter = NumeralTickFormatter(format="0,0.0")
    gain.yaxis.formatter = NumeralTickFormatter(format="0,0")
    figures = [emtr, gain, cost]
    if monthly is not None and not monthly.empty and (monthly["scenario"] == scenario).any():
        figures.append(month_chart(monthly, scenario, lang, variants))
    if deciles is not None and not deciles.empty and (deciles["scenario"] == scenario).any():
        figures.append(decile_chart(deciles, scenario, lang))
    return column(*figures)


def write_report(path: Path, summary: pd.DataFrame, run_info: dict, lang: str = "en",
                 monthly: pd.DataFrame | None = None, deciles: pd.DataFrame | None = None) -> None:
    """Write ``report.html`` with every script and style inline (no network needed to view it)."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language must be one of {LANGUAGES}, got {lang!r}")
    behaviour = run_info.get("behaviour")
    variants = list(behaviour["variants"]) if behaviour else []
    scenarios = [s for s in summary["scenario"].unique() if s != "baseline"]
    sections = []
    script_parts = []
    for scenario in scenarios:
        script, div = components(charts(summary, scenario, lang, monthly, deciles, variants))
        script_parts.append(script)
        table = headline(summary, scenario, lang).to_html(index=False, border=0, classes="headline")
        after = behaviour_table(summary, scenario, lang)
        behaviour_html = ""
        if after is not None and behaviour:
            behaviour_html = (f"<h3>{html.escape(t('behaviour', lang).format(name=behaviour['name'], headline=behaviour['headline']))}</h3>"
                              + after.to_html(index=False, border=0, classes="headline")
                              + f"<p>{html.escape(t('behaviour_note', lang).format(hours=', '.join(f'{h:g}' for h in behaviour['choice_hours_per_week'])))}</p>")
        sections.append(f"<h2>{html.escape(t('scenario_vs', lang).format(scenario))}</h2>{table}{behaviour_html}{div}")
    if not scenarios:
        sections.append(f"<p>{html.escape(t('baseline_only', lang))}</p>")
    estimated = "".join(f"<li>{html.escape(str(e.get('name')))}: {html.escape(str(e.get('value')))} — "
                        f"{html.escape(str(e.get('method')))}</li>" for e in run_info.get("estimated_parameters", []))
    population = run_info.get("population", {})
    intro = t("intro", lang).format(start=html.escape(run_info.get("start", "")), months=run_info.get("months", ""),
                                    source=html.escape(str(population.get("source", ""))),
                                    sha=html.escape(str(population.get("sha256", ""))[:12]),
                                    version=html.escape(str(run_info.get("taxben_version", ""))))
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>taxben run report</title>
{Resources(mode="inline", components=["bokeh"]).render()}
<style>body{{font-family:sans-serif;margin:2em;max-width:1000px}} table.headline{{border-collapse:collapse;font-size:13px}}
table.headline td,table.headline th{{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}}
table.headline td:first-child{{text-align:left}}</style>
{''.join(script_parts)}
</head><body>
<h1>{html.escape(t('title', lang))}</h1>
<p>{intro}</p>
{''.join(sections)}
<h2>{html.escape(t('estimated', lang))}</h2><ul>{estimated or '<li>' + t('none', lang) + '</li>'}</ul>
</body></html>"""
    path.write_text(page, encoding="utf-8")
