"""A self-contained HTML report an analyst can mail (BokehJS inline, charts drawn in the browser), in English
or Danish.

Per scenario: the headline table, with a behaviour model the static result beside the result after
behaviour with the low-high band, and the charts: EMTR distribution, gain from work by hours, cost by
match group, month by month over the horizon (the 12-month cliff) and gains by income decile.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
from pathlib import Path

import pandas as pd

from taxben.run.summary import EMTR_BANDS, HOURS_BANDS

BASE_COLOR, SCENARIO_COLOR, BEHAVIOUR_COLOR = "#7f7f7f", "#d62728", "#1f77b4"
LANGUAGES = ("en", "da")
LOCALES = {"en": "en-US", "da": "da-DK"}  # the charts' tick labels: 4,000 and 4.000

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


def _values(values) -> list:
    """Numbers for the chart data: a missing value is a gap (JSON null), never NaN in the page."""
    return [float(v) if v is not None and math.isfinite(v) else None for v in values]


def _axis_end(*series: list) -> float:
    """A tenth above the largest value drawn on the axis (1 when nothing is above 0)."""
    top = max((v for values in series for v in values if v is not None), default=0.0)
    return 1.1 * top if top > 0 else 1.0


def _pairs(title: str, categories: list[str], base, scenario, scenario_name: str, y_label: str,
           y_digits: int | None, lang: str) -> dict:
    return {"kind": "pairs", "title": title, "height": 300, "locale": LOCALES[lang], "categories": categories,
            "baseline": _values(base), "scenario": _values(scenario), "scenario_name": scenario_name,
            "colors": [BASE_COLOR, SCENARIO_COLOR], "y_label": y_label, "y_digits": y_digits}


def _series(summary: pd.DataFrame, scenario: str, dimension: str, metric: str, groups: list[str]):
    rows = summary[(summary["scenario"] == scenario) & (summary["dimension"] == dimension)].set_index("group")
    rows = rows.reindex(groups)
    return rows[f"{metric}_baseline"].fillna(0).tolist(), rows[f"{metric}_scenario"].fillna(0).tolist()


def month_chart(monthly: pd.DataFrame, scenario: str, lang: str, variants=()) -> dict:
    """Persons eligible and (with behaviour) more persons working on the left axis, supplement paid on
    the right: the cliff when the clock runs out shows in all three."""
    rows = monthly[monthly["scenario"] == scenario].sort_values("month_index")
    x = rows["month"].astype(str).tolist() if "month" in rows else [str(m) for m in rows["month_index"]]
    left = [_values(rows["persons_eligible"])]
    behaviour = []
    for variant, dash in zip(variants, ("dotted", "solid", "dashed")):
        values = rows.get(f"employment_change_{variant}")
        if values is not None:
            left.append(_values(values))
            behaviour.append({"label": t("more_working", lang).format(variant), "dash": dash, "values": left[-1]})
    supplement = _values(rows["supplement_paid"])
    return {"kind": "months", "title": t("month_chart", lang), "height": 320, "locale": LOCALES[lang], "x": x,
            "eligible": left[0], "eligible_label": t("eligible", lang),
            "behaviour": behaviour, "supplement": supplement, "supplement_label": t("supplement", lang),
            "persons_label": t("persons", lang), "left_end": _axis_end(*left), "right_end": _axis_end(supplement),
            "colors": {"baseline": BASE_COLOR, "scenario": SCENARIO_COLOR, "behaviour": BEHAVIOUR_COLOR}}


def decile_chart(deciles: pd.DataFrame, scenario: str, lang: str) -> dict:
    rows = deciles[deciles["scenario"] == scenario].sort_values("decile")
    return {"kind": "bars", "title": t("decile_chart", lang), "height": 300, "locale": LOCALES[lang],
            "categories": [str(d) for d in rows["decile"]], "values": _values(rows["mean_gain_dkk_m"].fillna(0)),
            "color": SCENARIO_COLOR, "x_label": t("decile", lang), "y_label": t("dkk_month", lang), "y_digits": 0}


def charts(summary: pd.DataFrame, scenario: str, lang: str = "en", monthly: pd.DataFrame | None = None,
           deciles: pd.DataFrame | None = None, variants=()) -> list[dict]:
    """The scenario's charts as data for report_charts.js (which draws them with BokehJS)."""
    total = summary[(summary["scenario"] == scenario) & (summary["dimension"] == "all")].iloc[0]
    bands = [b[2] for b in EMTR_BANDS]
    labels = ["<50 %", "50-70", "70-80", "80-90", "90-100", "≥100 %"]
    emtr = _pairs(t("emtr_chart", lang), labels, [total[f"share_{b}_baseline"] for b in bands],
                  [total[f"share_{b}_scenario"] for b in bands], scenario, t("share", lang), None, lang)
    hours = [b[2] for b in HOURS_BANDS]
    base, scen = _series(summary, scenario, "hours_band", "mean_gain_from_work_dkk_m", hours)
    gain = _pairs(t("gain_chart", lang), hours, base, scen, scenario, t("dkk_month", lang), 0, lang)
    groups = summary[(summary["scenario"] == scenario) & (summary["dimension"] == "match_group")]
    cost = {"kind": "bars", "title": t("cost_chart", lang), "height": 300, "locale": LOCALES[lang],
            "categories": [str(g) for g in groups["group"]], "values": _values(groups["fiscal_cost_dkk_y"] / 1e6),
            "color": SCENARIO_COLOR, "x_label": "", "y_label": "", "y_digits": 1}
    figures = [emtr, gain, cost]
    if monthly is not None and not monthly.empty and (monthly["scenario"] == scenario).any():
        figures.append(month_chart(monthly, scenario, lang, variants))
    if deciles is not None and not deciles.empty and (deciles["scenario"] == scenario).any():
        figures.append(decile_chart(deciles, scenario, lang))
    return figures


def bokehjs() -> str:
    """BokehJS and its plotting API, inline, read from the installed bokeh package's files without
    importing bokeh (the import alone took 0.35-0.8 s of a run)."""
    spec = importlib.util.find_spec("bokeh")
    if spec is None or spec.origin is None:
        raise RuntimeError("the bokeh package is not installed: reinstall taxben (pip install -e .)")
    static = Path(spec.origin).parent / "server" / "static" / "js"
    return "".join(f'<script type="text/javascript">\n{(static / name).read_text(encoding="utf-8")}\n</script>\n'
                   for name in ("bokeh.min.js", "bokeh-api.min.js"))


def charts_script(figures: list[dict]) -> str:
    """The charts' data as JSON in the page, then the script that draws them. ``</`` is written ``<\\/``
    (the same string in JSON) so that no text in the data can end the script element."""
    data = json.dumps(figures, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    code = (Path(__file__).with_name("report_charts.js")).read_text(encoding="utf-8")
    return (f'<script type="application/json" id="taxben-charts">{data}</script>\n'
            f'<script type="text/javascript">\n{code}</script>')


def write_report(path: Path, summary: pd.DataFrame, run_info: dict, lang: str = "en",
                 monthly: pd.DataFrame | None = None, deciles: pd.DataFrame | None = None) -> None:
    """Write ``report.html`` with every script and style inline (no network needed to view it)."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language must be one of {LANGUAGES}, got {lang!r}")
    behaviour = run_info.get("behaviour")
    variants = list(behaviour["variants"]) if behaviour else []
    scenarios = [s for s in summary["scenario"].unique() if s != "baseline"]
    sections = []
    figures = []
    for index, scenario in enumerate(scenarios):
        divs = []
        for chart in charts(summary, scenario, lang, monthly, deciles, variants):
            chart["target"] = f"chart-{index}-{len(divs)}"
            divs.append(f'<div id="{chart["target"]}"></div>')
            figures.append(chart)
        div = "".join(divs)
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
{bokehjs()}
<style>body{{font-family:sans-serif;margin:2em;max-width:1000px}} table.headline{{border-collapse:collapse;font-size:13px}}
table.headline td,table.headline th{{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}}
table.headline td:first-child{{text-align:left}}</style>
</head><body>
<h1>{html.escape(t('title', lang))}</h1>
<p>{intro}</p>
{''.join(sections)}
<h2>{html.escape(t('estimated', lang))}</h2><ul>{estimated or '<li>' + t('none', lang) + '</li>'}</ul>
{charts_script(figures)}
</body></html>"""
    path.write_text(page, encoding="utf-8")
