"""The caseworker page: form on the left; sentence, cards, charts, tables and exports on the right.

A change of input is handled in two steps, so the sentence reaches the browser first:

1. read the form (nothing is computed while a field is unreadable), run the engine only if something
   other than the person's hours changed (``CaseEngine`` keeps the sweep), and write the sentence, the
   cards and the cliff text: these small changes go to the browser at once;
2. on the server's next tick, the charts (only the data that changed) and the tables.

Labels are written when the language (or the scenario, for the legends) changes, not on every input.
"""

from __future__ import annotations

import io
import time
from functools import partial

import panel as pn
from pydantic import ValidationError

from . import theme
from .case_charts import BudgetChart, DecompositionChart, EmtrChart, MonthChart, hover_formats
from .case_export import hours_csv, months_csv, print_sheet
from .case_inputs import CaseForm, group_label
from .case_messages import error_text, notes
from .case_model import CaseEngine, CaseInputs, CaseResult, field_errors, rules_in_force, scenario_legend, scenarios
from .case_tables import gains_table_html, month_table_html
from .i18n import Tr
from .sentence import cliff_text, phase_out_text, sentence, sentence_numbers


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


def _card(label: str, value: str, sub: str, kind: str, testid: str = "") -> str:
    data = f' data-testid="{testid}"' if testid else ""
    return (f'<div class="tb-kpi tb-kpi-{kind}"{data}><div class="l">{label}</div><div class="v">{value}</div>'
            f'<div class="s">{sub}</div></div>')


class CaseworkerPage:
    def __init__(self, lang: str = "da", defaults: CaseInputs | None = None):
        self.tr = Tr(lang)
        self.engine = CaseEngine()
        self.result: CaseResult | None = None
        self.rev = 0  # counts the results shown (data-rev on the sentence and on the timing line)
        self.render_seconds = 0.0
        self.form = CaseForm(defaults, lang=self.tr.lang)
        self.lang = pn.widgets.RadioButtonGroup(options={"Dansk": "da", "English": "en"}, value=self.tr.lang,
                                                button_type="light", css_classes=["lang-toggle"], width=170,
                                                margin=(12, 10))
        self.lang.param.watch(self._on_lang, "value")
        self.nav = pn.pane.HTML("", margin=(14, 10))
        self.title = pn.pane.HTML("", margin=(13, 0, 0, 0))
        self.tab = theme.TabTitle()
        self.intro = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10))
        self.alert = pn.pane.Alert("", alert_type="danger", visible=False, sizing_mode="stretch_width",
                                   css_classes=["inputs-alert"])
        self.sentence = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["sentence-pane"], margin=(4, 10))
        self.kpis = pn.pane.HTML("", sizing_mode="stretch_width", margin=(4, 10))
        self.budget, self.emtr = BudgetChart(), EmtrChart()
        self.decomp, self.monthly = DecompositionChart(), MonthChart()
        self.cliff = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["cliff-pane"], margin=(0, 10))
        self.gains = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10), css_classes=["gains-pane"])
        self.month_table = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10),
                                        css_classes=["month-table-pane"])
        self.rules = pn.pane.HTML("", sizing_mode="stretch_width")
        self.csv_months = pn.widgets.FileDownload(callback=self._csv_months, filename="taxben_months.csv",
                                                  button_type="primary", button_style="outline", embed=False,
                                                  css_classes=["csv-months"])
        self.csv_hours = pn.widgets.FileDownload(callback=self._csv_hours, filename="taxben_hours.csv",
                                                 button_type="primary", button_style="outline", embed=False,
                                                 css_classes=["csv-hours"])
        self.sheet = pn.widgets.FileDownload(callback=self._sheet, filename="taxben_sheet.html",
                                             button_type="primary", embed=False, css_classes=["sheet"])
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
        self._labels_key: tuple | None = None  # (lang, scenario) the charts and static texts are labelled for
        self._rules_key: tuple | None = None
        self._titles_key: tuple | None = None
        self._alert_key = ""
        self.form.watch(self.on_input)
        self.details.param.watch(lambda e: self._month_table(), "collapsed")
        self._relabel_static()
        self.on_input()

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
        self.tab.on_load(self.tab_title)
        return theme.template(sidebar=[self.form.panel], main=self.main(),
                              header=theme.header(self.title, self.nav, self.lang, self.tab.holder))

    def tab_title(self) -> str:
        return self.tr("tab_title_case")

    # --- events -----------------------------------------------------------------------------------
    def _on_lang(self, event) -> None:
        self.tr = Tr(event.new)
        theme.after_event(self._relabel_language)

    def _relabel_language(self) -> None:
        self.form.show_numbers(self.tr.lang)
        self._relabel_static()
        self.tab.set(self.tab_title())
        self._labels_key = None
        if self.result is not None:
            self._show_fast(self.result)
            self._show_slow(self.result, None, time.perf_counter())
        if self.alert.visible:
            self.on_input()  # the messages in the new language

    def on_input(self) -> None:
        """Read the form; if every field is readable and valid, compute and show (sentence first)."""
        t0 = time.perf_counter()
        reading = self.form.read(self.tr)
        if reading.inputs is None:
            self.form.show_messages(reading.errors, reading.warnings)
            self._alert("alert_unreadable")
            return
        inputs = reading.inputs
        if self.result is not None and inputs == self.result.inputs:
            self.form.show_messages({}, {**notes(inputs, self.tr), **reading.warnings})
            self._alert("")
            return  # nothing changed (e.g. a number written back in the page's convention)
        try:
            result = self.engine.run(inputs)
        except ValidationError as error:
            errors = {name: error_text(errs, self.tr) for name, errs in field_errors(error).items()}
            self.form.show_messages(errors, reading.warnings)
            self._alert("alert_invalid")
            return
        self._alert("")
        previous, self.result = self.result, result
        self.rev += 1
        self.form.relabel(self.tr)
        self._show_fast(result)
        self.form.show_messages({}, {**notes(inputs, self.tr), **reading.warnings})
        theme.after_event(partial(self._show_slow, result, previous, t0))

    def _alert(self, key: str) -> None:
        """The banner over the results while the form holds something that is not computed."""
        self._alert_key = key
        if key:
            self.alert.object = self.tr(key)
            self.alert.visible = True
        elif self.alert.visible:
            self.alert.visible = False

    def _ceiling_rate(self) -> float | None:
        s = scenarios().get(self.form.widgets["scenario"].value)
        return s.ceiling.rate if s is not None and s.ceiling.enabled else None

    def legend_label(self) -> str:
        return scenario_legend(self.tr, self.form.widgets["scenario"].value)

    def scenario_label(self) -> str:
        name = self.form.widgets["scenario"].value
        return self.tr(f"scenario_{name}") if self.tr.has(f"scenario_{name}") else name

    # --- step 1: the sentence, the cards, the cliff ----------------------------------------------------
    def _show_fast(self, result: CaseResult) -> None:
        tr = self.tr
        self.sentence.object = (f'<p class="tb-sentence" data-testid="sentence" data-rev="{self.rev}">'
                                f"{sentence(result, tr)}</p>")
        self._kpis(result)
        n = sentence_numbers(result)
        self.cliff.object = (f'<p class="tb-cliff" data-testid="cliff" data-last-supplement-month="{n["last_month"]}"'
                             f' data-months-paid="{n["months_paid"]}" data-horizon="{result.months}"'
                             f' data-direction="{n.get("direction", "")}">{cliff_text(result, tr)}</p>')

    def _kpis(self, result: CaseResult) -> None:
        tr, at = self.tr, result.at_hours()
        n = sentence_numbers(result)
        rent = result.inputs.rent_monthly
        hours = tr.num(n["hours"])

        def after_rent(d):
            return tr("kpi_after_rent", after=tr.kr(d - rent))

        supplement = tr("kpi_of_which", supplement=tr.kr(at["household_ceiling_supplement_m_scen"]))
        if result.couple and n["supplement_now"] > 0.5:
            supplement = tr("kpi_of_which_couple", supplement=tr.kr(at["household_ceiling_supplement_m_scen"]),
                            person=tr.kr(n["adults"][0]["supplement"]), partner=tr.kr(n["adults"][1]["supplement"]))
        if result.wage_zero:
            emtr, emtr_sub = "–", tr("kpi_emtr_undefined")
        else:
            emtr = f'{tr.pct(at["emtr_base"], 0)} → {tr.pct(at["emtr_scen"], 0)}'
            emtr_sub = phase_out_text(n, tr) or tr("kpi_emtr_sub")
        cards = [_card(tr("kpi_d_zero"), tr.kr(n["d_zero_base"]),
                       f'{tr("kpi_disposable_sub")}<br>{after_rent(n["d_zero_base"])}', "zero", "kpi-zero"),
                 _card(tr("kpi_d_hours", hours=hours), tr.kr(n["d_hours_base"]),
                       f'{tr("kpi_gain", gain=tr.kr(n["gain_base"]))}<br>{after_rent(n["d_hours_base"])}', "base",
                       "kpi-base"),
                 _card(tr("kpi_d_hours_scen", hours=hours), tr.kr(n["d_hours_scen"]),
                       f'{tr("kpi_gain", gain=tr.kr(n["gain_scen"]))}; {supplement}<br>{after_rent(n["d_hours_scen"])}',
                       "scen", "kpi-scen"),
                 _card(tr("kpi_emtr"), emtr, emtr_sub, "emtr", "kpi-emtr")]
        html = f'<div class="tb-kpis">{"".join(cards)}</div>'
        if result.couple:
            html += f'<div class="tb-kpis tb-adults">{"".join(self._adult_cards(result))}</div>'
        self.kpis.object = html

    def _adult_cards(self, result: CaseResult) -> list[str]:
        tr, i = self.tr, result.inputs
        year = i.start[:4]
        out = []
        for adult in result.adults_at_hours():
            who = "person" if adult["adult"] == 0 else "partner"
            recipient = i.recipient if who == "person" else i.spouse_recipient
            group = i.match_group if who == "person" else i.spouse_match_group
            status = group_label(tr, group, year) if recipient and group else tr("kpi_not_recipient")
            sub = tr("kpi_adult_sub", earnings=tr.kr(adult["gross_earnings_m"]),
                     kontanthjaelp=tr.kr(adult["kontanthjaelp_scen"]), supplement=tr.kr(adult["supplement"]))
            out.append(_card(tr(f"kpi_{who}", hours=tr.hours(adult["hours"])),
                             tr.kr(adult["supplement"]), f"{status}<br>{sub}", "scen", f"kpi-{who}"))
        return out

    # --- step 2: charts and tables (next tick) -----------------------------------------------------------
    def _show_slow(self, result: CaseResult, previous: CaseResult | None, t0: float) -> None:
        if result is not self.result:
            return  # a newer input has been shown meanwhile
        tr = self.tr
        formats = self._chart_labels()
        self.budget.update(result, previous)
        self.emtr.update(result, self._ceiling_rate(), previous)
        self.decomp.update(result, previous)
        self.monthly.update(result, previous)
        if formats is not None:
            self._relabel_charts(formats)
        else:
            self.monthly.cliff_label.text = tr("cliff_label", month=self.monthly._last) if self.monthly._last else ""
        self.gains.object = gains_table_html(result, tr)
        self._month_table(result)
        self._card_titles(result)
        self._rules(result)
        self.render_seconds = time.perf_counter() - t0
        engine = sum(result.seconds.values())
        text = tr("timing", total=tr.num(1000 * self.render_seconds), engine=tr.num(1000 * engine))
        self.timing.object = (f'<p class="tb-note" data-render-ms="{1000 * self.render_seconds:.0f}" '
                              f'data-rev="{self.rev}">{text}</p>')

    def _month_table(self, result: CaseResult | None = None) -> None:
        """The month table lives in a collapsed card: written when the card is open, or when it opens."""
        result = result or self.result
        if result is None or self.details.collapsed:
            self._month_table_rev = None
            return
        key = (self.rev, self.tr.lang)
        if getattr(self, "_month_table_rev", None) != key:
            self._month_table_rev = key
            self.month_table.object = month_table_html(result, self.tr)

    def _chart_labels(self) -> dict | None:
        """Hover formats when the charts need relabelling (language or scenario changed), else None."""
        key = (self.tr.lang, self.form.widgets["scenario"].value)
        if key == self._labels_key:
            return None
        self._labels_key = key
        return hover_formats(self.tr)

    def _relabel_charts(self, formats: dict) -> None:
        for chart in (self.budget, self.emtr, self.decomp, self.monthly):
            chart.relabel(self.tr, self.legend_label(), formats)

    def _card_titles(self, result: CaseResult) -> None:
        tr = self.tr
        key = (tr.lang, result.inputs.hours_per_week)
        if key == self._titles_key:
            return
        self._titles_key = key
        hours = tr.num(result.inputs.hours_per_week)
        titles = {"budget": tr("chart_budget_title"), "emtr": tr("chart_emtr_title"),
                  "months": tr("chart_months_title", hours=hours), "decomp": tr("chart_decomp_title", hours=hours),
                  "gains": tr("gains_title"), "export": tr("card_export")}
        for k, card in self.cards.items():
            card.title = titles[k]

    def _relabel_static(self) -> None:
        """Texts that depend on the language only."""
        tr = self.tr
        self.form.relabel(tr)
        self.title.object = theme.title_html(tr("app_title"))
        self.nav.object = (f'<a href="./analyst?lang={tr.lang}" style="color:white;font-weight:600">'
                           f'{tr("nav_analyst")} →</a>')
        self.intro.object = f'<p class="tb-help">{tr("intro_caseworker")}</p>'
        self.details.title = tr("card_month_table")
        self.rules_card.title = tr("card_rules")
        self.csv_months.label, self.csv_hours.label = tr("export_csv_months"), tr("export_csv_hours")
        self.sheet.label = tr("export_sheet")
        self.export_help.object = f'<p class="tb-note">{tr("export_help")}</p>'
        self.gains_help.object = f'<p class="tb-note">{tr("gains_help")}</p>'
        self._titles_key = self._rules_key = None
        if self.alert.visible:
            self.alert.object = tr(self._alert_key)

    def _rules(self, result: CaseResult) -> None:
        tr, start = self.tr, result.inputs.start
        key = (tr.lang, start, result.scenario)
        if key == self._rules_key:
            return
        self._rules_key = key
        rows = []
        s = scenarios().get(result.scenario)
        if s is not None and s.ceiling.enabled:
            c = s.ceiling
            rows.append((tr("rule_ceiling"), tr("rule_ceiling_value", rate=tr.pct(c.rate, 0),
                                                 groups=", ".join(map(str, c.eligible_match_groups)),
                                                 months=c.duration_months, ext=c.extension_months)))
        for _, value, desc, unit in rules_in_force(start):
            if value is not None:
                rows.append((_short(tr.localized(desc)), _rule_value(tr, value, unit)))
        body = "".join(f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in rows)
        self.rules.object = (f'<p class="tb-note">{tr("rules_note", start=start)}</p>'
                             f'<table class="tb-rules">{body}</table>')

    # --- downloads --------------------------------------------------------------------------------
    def _file_stem(self) -> str:
        return f"taxben_{self.result.inputs.start}_{self.result.scenario}"

    def _csv_months(self):
        self.csv_months.filename = f"{self._file_stem()}_{self.tr('file_months')}.csv"
        return months_csv(self.result, self.tr)

    def _csv_hours(self):
        self.csv_hours.filename = f"{self._file_stem()}_{self.tr('file_hours')}.csv"
        return hours_csv(self.result, self.tr)

    def _sheet(self):
        self.sheet.filename = f"taxben_{self.result.inputs.start}_{self.tr.lang}.html"
        return io.StringIO(print_sheet(self.result, self.tr, self.scenario_label()))

