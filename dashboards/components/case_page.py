"""The caseworker page: form on the left; sentence, charts, gains table and exports on the right."""

from __future__ import annotations

import time

import pandas as pd
import panel as pn
from pydantic import ValidationError


from . import theme
from .case_charts import BudgetChart, DecompositionChart, EmtrChart, MonthChart
from .case_export import hours_csv, months_csv, print_sheet
from .case_inputs import CaseForm
from .case_messages import error_text, notes
from .case_model import (CaseInputs, CaseResult, field_errors, rules_in_force, run_case, scenario_legend,
                         scenarios)
from .i18n import Tr
from .sentence import sentence, sentence_numbers

GAIN_COLUMNS = ["hours", "gain_base", "gain_scen", "ptr_base", "ptr_scen", "emtr_base", "emtr_scen"]


def _money(lang: str, decimals: int = 0, symbol: str = "") -> dict:
    """A Tabulator number formatter with the language's separators."""
    thousand, decimal = (".", ",") if lang == "da" else (",", ".")
    return {"type": "money", "thousand": thousand, "decimal": decimal, "precision": decimals,
            "symbol": symbol, "symbolAfter": True}


def _formatters(lang: str) -> dict:
    kr, pct = _money(lang), _money(lang, 1, " %")
    return {"gain_base": kr, "gain_scen": kr, "ptr_base": pct, "ptr_scen": pct, "emtr_base": pct, "emtr_scen": pct}


def gains_display(result: CaseResult) -> pd.DataFrame:
    """The gains table as shown: DKK a month, rates in per cent (engine numbers x 100)."""
    table = result.gains_wide()[GAIN_COLUMNS].copy()
    for column in ("ptr_base", "ptr_scen", "emtr_base", "emtr_scen"):
        table[column] = 100 * table[column]
    return table


def _short(description: str) -> str:
    """The first clause of a rule description (before ';', ':' or a parenthesis)."""
    cut = min([i for i in (description.find(c) for c in (";", ":", " (")) if i > 0] or [len(description)])
    return description[:cut].rstrip(". ")


def _rule_value(tr: Tr, value, unit: str) -> str:
    if isinstance(value, bool):
        return tr("word_yes" if value else "word_no")
    if isinstance(value, str):
        return tr(f"value_{value}") if tr.has(f"value_{value}") else value
    if unit == "rate":
        return tr.pct(value, 1)
    if unit.startswith("DKK"):
        per = {"DKK/hour": tr("per_hour"), "DKK/month": tr("per_month"), "DKK/year": tr("per_year")}.get(unit, "")
        return f"{tr.kr(value)} {per}".strip()
    return tr.num(value, 2)


class CaseworkerPage:
    def __init__(self, lang: str = "da", defaults: CaseInputs | None = None):
        self.tr = Tr(lang)
        self.result: CaseResult | None = None
        self.render_seconds = 0.0
        self.form = CaseForm(defaults)
        self.lang = pn.widgets.RadioButtonGroup(options={"Dansk": "da", "English": "en"}, value=self.tr.lang,
                                                button_type="light", css_classes=["lang-toggle"], width=170,
                                                margin=(12, 10))
        self.lang.param.watch(self._on_lang, "value")
        self.nav = pn.pane.HTML("", margin=(14, 10))
        self.title = pn.pane.HTML("", margin=(13, 0, 0, 0))
        self.intro = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10))
        self.alert = pn.pane.Alert("", alert_type="danger", visible=False, sizing_mode="stretch_width")
        self.sentence = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["sentence-pane"], margin=(4, 10))
        self.kpis = pn.pane.HTML("", sizing_mode="stretch_width", margin=(4, 10))
        self.budget, self.emtr = BudgetChart(), EmtrChart()
        self.decomp, self.monthly = DecompositionChart(), MonthChart()
        self.cliff = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["cliff-pane"], margin=(0, 10))
        self.gains = pn.widgets.Tabulator(
            value=None, show_index=False, disabled=True, sortable=False, selectable=False, layout="fit_columns",
            sizing_mode="stretch_width", css_classes=["gains-table"], theme="simple", stylesheets=[theme.TABLE_CSS],
            text_align={c: "right" for c in GAIN_COLUMNS})
        self.month_table = pn.widgets.Tabulator(
            value=None, show_index=False, disabled=True, layout="fit_columns", sizing_mode="stretch_width", height=360,
            theme="simple", stylesheets=[theme.TABLE_CSS], css_classes=["month-table"])
        self.rules = pn.pane.HTML("", sizing_mode="stretch_width")
        self.csv_months = pn.widgets.FileDownload(callback=self._csv_months, filename="taxben_months.csv",
                                                  button_type="primary", button_style="outline", embed=False)
        self.csv_hours = pn.widgets.FileDownload(callback=self._csv_hours, filename="taxben_hours.csv",
                                                 button_type="primary", button_style="outline", embed=False)
        self.sheet = pn.widgets.FileDownload(callback=self._sheet, filename="taxben_sheet.html",
                                             button_type="primary", embed=False)
        self.timing = pn.pane.HTML("", css_classes=["render-time"], margin=(0, 10))
        self.export_help = pn.pane.HTML("", margin=(0, 10), sizing_mode="stretch_width")
        self.cards = {k: pn.Card(title="", sizing_mode="stretch_width", collapsible=False, margin=(6, 6))
                      for k in ("budget", "emtr", "months", "decomp", "gains", "export")}
        self.cards["budget"].objects = [pn.pane.Bokeh(self.budget.fig, sizing_mode="stretch_width")]
        self.cards["emtr"].objects = [pn.pane.Bokeh(self.emtr.fig, sizing_mode="stretch_width")]
        self.cards["months"].objects = [pn.pane.Bokeh(self.monthly.fig, sizing_mode="stretch_width"), self.cliff]
        self.cards["decomp"].objects = [pn.pane.Bokeh(self.decomp.fig, sizing_mode="stretch_width")]
        self.gains_help = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10))
        self.cards["gains"].objects = [self.gains, self.gains_help]
        self.cards["export"].objects = [pn.FlexBox(self.sheet, self.csv_months, self.csv_hours, gap="6px",
                                                   sizing_mode="stretch_width"),
                                        self.export_help, self.timing]
        self.details = pn.Card(self.month_table, title="", collapsed=True, sizing_mode="stretch_width", margin=(6, 6))
        self.rules_card = pn.Card(self.rules, title="", collapsed=True, sizing_mode="stretch_width", margin=(6, 6))
        self.form.watch(self.refresh)
        self.refresh()

    # --- layout -----------------------------------------------------------------------------------
    def main(self) -> list:
        c = self.cards
        return [pn.Column(
            self.intro, self.alert, self.sentence, self.kpis,
            pn.Row(c["budget"], c["emtr"], sizing_mode="stretch_width"),
            pn.Row(c["months"], c["decomp"], sizing_mode="stretch_width"),
            c["gains"],
            pn.GridBox(c["export"], self.rules_card, ncols=2, sizing_mode="stretch_width"),
            self.details, sizing_mode="stretch_width")]

    def template(self):
        return theme.template(sidebar=[self.form.panel], main=self.main(),
                              header=theme.header(self.title, self.nav, self.lang))

    # --- events -----------------------------------------------------------------------------------
    def _on_lang(self, event) -> None:
        self.tr = Tr(event.new)
        theme.after_event(self.relabel)

    def refresh(self) -> None:
        """Run the engine for the current inputs and update everything (timed, server side)."""
        t0 = time.perf_counter()
        inputs = self.form.inputs()
        self.form.clear_messages()
        try:
            result = run_case(inputs)
        except ValidationError as error:
            self._show_errors(field_errors(error))
            return
        self.alert.visible = False
        self.result = result
        for name, text in notes(inputs, self.tr).items():
            self.form.fields[name].show(text, "warn")
        self.budget.update(result)
        self.emtr.update(result, self._ceiling_rate())
        self.decomp.update(result)
        self.monthly.update(result)
        self.gains.value = gains_display(result)
        chosen = inputs.hours_per_week
        self.gains.style.apply(lambda row: ["background-color: #fff1e0; font-weight: 600" if row["hours"] == chosen
                                            else "" for _ in row], axis=1)
        self._month_table()
        self.relabel(timing=False)
        self.render_seconds = time.perf_counter() - t0
        self._timing()

    def _show_errors(self, errors: dict) -> None:
        for name, errs in errors.items():
            self.form.fields[name].show(error_text(errs, self.tr), "error")
        self.alert.object = self.tr("alert_invalid")
        self.alert.visible = True

    def _ceiling_rate(self) -> float | None:
        s = scenarios().get(self.form.widgets["scenario"].value)
        return s.ceiling.rate if s is not None and s.ceiling.enabled else None

    def legend_label(self) -> str:
        return scenario_legend(self.tr, self.form.widgets["scenario"].value)

    def scenario_label(self) -> str:
        name = self.form.widgets["scenario"].value
        return self.tr(f"scenario_{name}") if self.tr.has(f"scenario_{name}") else name

    # --- labels and text ----------------------------------------------------------------------------
    def relabel(self, timing: bool = True) -> None:
        tr = self.tr
        self.form.relabel(tr)
        self.title.object = theme.title_html(tr("app_title"))
        self.nav.object = (f'<a href="./analyst?lang={tr.lang}" style="color:white;font-weight:600">'
                           f'{tr("nav_analyst")} →</a>')
        self.intro.object = f'<p class="tb-help">{tr("intro_caseworker")}</p>'
        hours = tr.num(self.result.inputs.hours_per_week) if self.result else ""
        titles = {"budget": tr("chart_budget_title"), "emtr": tr("chart_emtr_title"),
                  "months": tr("chart_months_title", hours=hours), "decomp": tr("chart_decomp_title", hours=hours),
                  "gains": tr("gains_title"), "export": tr("card_export")}
        for key, card in self.cards.items():
            card.title = titles[key]
        self.details.title = tr("card_month_table")
        self.rules_card.title = tr("card_rules")
        self.csv_months.label, self.csv_hours.label = tr("export_csv_months"), tr("export_csv_hours")
        self.sheet.label = tr("export_sheet")
        self.export_help.object = f'<p class="tb-note">{tr("export_help")}</p>'
        if self.alert.visible:
            self.alert.object = tr("alert_invalid")
        if self.result is None:
            return
        for chart in (self.budget, self.emtr, self.decomp, self.monthly):
            chart.relabel(tr, self.legend_label())
        self.sentence.object = f'<p class="tb-sentence" data-testid="sentence">{sentence(self.result, tr)}</p>'
        self._kpis()
        self._cliff()
        self._gains_labels()
        self._rules()
        for name, text in notes(self.result.inputs, tr).items():
            self.form.fields[name].show(text, "warn")
        if timing:
            self._timing()

    def _kpis(self) -> None:
        tr, at = self.tr, self.result.at_hours()
        n = sentence_numbers(self.result)
        hours = tr.num(n["hours"])
        items = [(tr("kpi_d_zero"), tr.kr(n["d_zero_base"]), tr("kpi_d_zero_sub"), "zero"),
                 (tr("kpi_d_hours", hours=hours), tr.kr(at["household_disposable_income_base"]),
                  tr("kpi_gain", gain=tr.kr(n["gain_base"])), "base"),
                 (tr("kpi_d_hours_scen", hours=hours), tr.kr(at["household_disposable_income_scen"]),
                  tr("kpi_gain", gain=tr.kr(n["gain_scen"])) + "; "
                  + tr("kpi_of_which", supplement=tr.kr(at["household_ceiling_supplement_scen"])), "scen"),
                 (tr("kpi_emtr"), f'{tr.pct(at["emtr_base"], 0)} → {tr.pct(at["emtr_scen"], 0)}',
                  tr("kpi_emtr_sub"), "emtr")]
        cells = "".join(f'<div class="tb-kpi tb-kpi-{k}"><div class="l">{l}</div><div class="v">{v}</div>'
                        f'<div class="s">{s}</div></div>' for l, v, s, k in items)
        self.kpis.object = f'<div class="tb-kpis">{cells}</div>'

    def _cliff(self) -> None:
        tr, r = self.tr, self.result
        n = sentence_numbers(r)
        view = r.months_view()
        last = n["last_month"]
        if last == 0:
            text = tr("cliff_none")
        elif n["runs_to_end"]:
            text = tr("cliff_to_end", months=r.months)
        else:
            text = tr("cliff_text", last=last, month=view["month"].iloc[last - 1])
        self.cliff.object = (f'<p class="tb-cliff" data-testid="cliff" data-last-supplement-month="{last}" '
                             f'data-months-paid="{n["months_paid"]}" data-horizon="{r.months}">{text}</p>')

    def _gains_labels(self) -> None:
        tr = self.tr
        self.gains_help.object = f'<p class="tb-note">{tr("gains_help")}</p>'
        base, scen = tr("baseline_short"), tr("scenario_short")
        self.gains.formatters = _formatters(tr.lang)
        self.gains.titles = {"hours": tr("col_hours"), "gain_base": base, "gain_scen": scen, "ptr_base": base,
                             "ptr_scen": scen, "emtr_base": base, "emtr_scen": scen}
        self.gains.groups = {tr("col_gain"): ["gain_base", "gain_scen"], tr("col_ptr"): ["ptr_base", "ptr_scen"],
                             tr("col_emtr"): ["emtr_base", "emtr_scen"]}

    def _month_table(self) -> None:
        v = self.result.months_view()
        table = v[["month_number", "month", "ceiling_clock_scen", "household_ceiling_supplement_scen",
                   "household_disposable_income_base", "household_disposable_income_scen"]].copy()
        table["diff"] = table["household_disposable_income_scen"] - table["household_disposable_income_base"]
        self.month_table.value = table

    def _month_table_labels(self) -> None:
        tr = self.tr
        kr = _money(tr.lang)
        self.month_table.titles = {"month_number": "#", "month": tr("axis_month"), "ceiling_clock_scen": tr("clock"),
                                   "household_ceiling_supplement_scen": tr("supplement"),
                                   "household_disposable_income_base": f'{tr("col_d")} – {tr("baseline_short")}',
                                   "household_disposable_income_scen": f'{tr("col_d")} – {tr("scenario_short")}',
                                   "diff": tr("col_diff")}
        self.month_table.formatters = {c: kr for c in ("household_ceiling_supplement_scen", "diff",
                                                        "household_disposable_income_base",
                                                        "household_disposable_income_scen")}

    def _rules(self) -> None:
        tr, start = self.tr, self.result.inputs.start
        rows = []
        s = scenarios().get(self.result.scenario)
        if s is not None and s.ceiling.enabled:
            c = s.ceiling
            rows.append((tr("rule_ceiling"), tr("rule_ceiling_value", rate=tr.pct(c.rate, 0),
                                                 groups=", ".join(map(str, c.eligible_match_groups)),
                                                 months=c.duration_months, ext=c.extension_months)))
        for key, value, desc, unit in rules_in_force(start):
            if value is not None:
                rows.append((_short(tr.localized(desc)), _rule_value(tr, value, unit)))
        body = "".join(f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in rows)
        self.rules.object = (f'<p class="tb-note">{tr("rules_note", start=start)}</p>'
                             f'<table class="tb-rules">{body}</table>')
        self._month_table_labels()

    def _timing(self) -> None:
        if self.result is None:
            return
        engine = sum(self.result.seconds.values())
        text = self.tr("timing", total=self.tr.num(1000 * self.render_seconds), engine=self.tr.num(1000 * engine))
        self.timing.object = f'<p class="tb-note" data-render-ms="{1000 * self.render_seconds:.0f}">{text}</p>'

    # --- downloads --------------------------------------------------------------------------------
    def _csv_months(self):
        self.csv_months.filename = f"taxben_{self.result.inputs.start}_{self.result.scenario}_months.csv"
        return months_csv(self.result)

    def _csv_hours(self):
        self.csv_hours.filename = f"taxben_{self.result.inputs.start}_{self.result.scenario}_hours.csv"
        return hours_csv(self.result)

    def _sheet(self):
        import io

        self.sheet.filename = f"taxben_{self.result.inputs.start}_{self.tr.lang}.html"
        return io.StringIO(print_sheet(self.result, self.tr, self.scenario_label()))
