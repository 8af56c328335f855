"""The analyst page: run a scenario on a population (or open a results folder) and browse the summary."""

from __future__ import annotations

import io
import threading
from functools import partial
from html import escape

import pandas as pd
import panel as pn

from taxben.population import PopulationError

from . import theme
from .analyst_behaviour import BehaviourView
from .analyst_charts import EMTR_BANDS, CostBars, PairBars, group_label
from .analyst_data import (ALL, FAMILY_TYPES, MAX_ADULTS, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, RESULTS_ROOT_ENV, DataError,
                           Results, default_frame, filtered_summary, open_folder, read_upload, result_folders,
                           results_root, run_on_frame)
from .case_inputs import month_label
from .case_model import engine_guard, scenario_legend, scenarios, start_months
from .i18n import Tr
from taxben.numbers import tabulator_money
from .upload import SizeLimitedFileInput
from .violations import violation_rule

_DEFAULT_RUNS: dict[tuple, Results] = {}  # built-in synthetic population only: no personal data
TABLE_COLUMNS = ["dimension", "group", "persons_baseline", "mean_emtr_baseline", "mean_emtr_scenario",
                 "mean_ptr_baseline", "mean_ptr_scenario", "mean_gain_from_work_dkk_m_baseline",
                 "mean_gain_from_work_dkk_m_scenario", "persons_eligible_scenario", "supplement_paid_dkk_y_scenario",
                 "fiscal_cost_dkk_y", "winners"]
DIMENSIONS = ["match_group", "family_type", "age_band", "hours_band"]


def pagination_locale(tr: Tr) -> dict:
    """Tabulator's pagination buttons and counter in the page's language."""
    words = {k: tr(f"page_{k}") for k in ("first", "prev", "next", "last", "all", "page_size")}
    pagination = {**words, **{f"{k}_title": tr(f"page_{k}_title") for k in ("first", "prev", "next", "last")},
                  "page_title": tr("page_show"),
                  "counter": {"showing": tr("page_showing"), "of": tr("page_of"), "rows": tr("page_rows"),
                              "pages": tr("page_pages")}}
    return {"locale": tr.lang, "langs": {tr.lang: {"pagination": pagination}}}


def _attempt(run) -> tuple[Results | None, Exception | None]:
    try:
        with engine_guard():
            return run(), None
    except Exception as error:  # reported in the page by _finish
        return None, error


class AnalystPage:
    def __init__(self, lang: str = "da"):
        self.tr = Tr(lang)
        self.results: Results | None = None
        self.frame: pd.DataFrame | None = None  # an uploaded population, in memory for this session only
        self.upload_name = ""
        self._done = 0
        self._total = 1
        self.lang = pn.widgets.RadioButtonGroup(options={"Dansk": "da", "English": "en"}, value=self.tr.lang,
                                                button_type="light", width=170, margin=(12, 10))
        self.nav = pn.pane.HTML("", margin=(14, 10))
        self.title = pn.pane.HTML("", margin=(13, 0, 0, 0))
        self.tab = theme.TabTitle()
        self.source = pn.widgets.RadioBoxGroup(options=["default", "upload", "folder"], value="default",
                                               css_classes=["source"])
        self.upload = SizeLimitedFileInput(on_file=self._on_file, on_too_large=self._on_too_large,
                                           accept=".csv,.parquet", max_bytes=MAX_UPLOAD_BYTES,
                                           sizing_mode="stretch_width", css_classes=["upload"])
        self.upload_label = pn.pane.HTML("", margin=(4, 10, 0, 10))
        self.root = results_root()
        self.folder = pn.widgets.Select(options=[], sizing_mode="stretch_width", css_classes=["folder"],
                                        disabled=self.root is None)
        self.scenario = pn.widgets.Select(options=list(scenarios()), value="ceiling70_mg45", sizing_mode="stretch_width")
        self.start = pn.widgets.Select(options=list(start_months()), value="2005-01", sizing_mode="stretch_width")
        self.months = pn.widgets.IntSlider(start=1, end=24, value=12, sizing_mode="stretch_width")
        self.run_button = pn.widgets.Button(button_type="primary", sizing_mode="stretch_width", css_classes=["run"])
        self.progress = pn.indicators.Progress(value=0, max=100, sizing_mode="stretch_width", visible=False,
                                               bar_color="primary")
        self.status = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["status"], margin=(0, 10))
        self.mg_filter = pn.widgets.Select(sizing_mode="stretch_width")
        self.family_filter = pn.widgets.Select(sizing_mode="stretch_width")
        self.view_scenario = pn.widgets.Select(sizing_mode="stretch_width", visible=False)
        self.cost_dimension = pn.widgets.Select(sizing_mode="stretch_width")
        self.table_dimension = pn.widgets.Select(width=260)
        self.notes = {k: pn.pane.HTML("", margin=(0, 10), sizing_mode="stretch_width")
                      for k in ("upload", "folder", "run", "filters")}
        self.headings = {k: pn.pane.HTML("", margin=(8, 10, 0, 10)) for k in ("sec_data", "sec_run", "sec_filters")}
        self.error = pn.pane.HTML("", visible=False, sizing_mode="stretch_width", css_classes=["analyst-error"],
                                  margin=(4, 10))
        self.intro = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10))
        self.header = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10))
        self.kpis = pn.pane.HTML("", sizing_mode="stretch_width", margin=(4, 10))
        self.emtr_chart, self.ptr_chart = PairBars("0 %"), PairBars("0 %")
        self.gain_chart, self.cost_chart = PairBars("0,0"), CostBars()
        self.table = pn.widgets.Tabulator(value=None, show_index=False, disabled=True, layout="fit_data_stretch",
                                          sizing_mode="stretch_width", pagination="local", page_size=10,
                                          theme="simple", css_classes=["summary-table"],
                                          stylesheets=[theme.TABLE_CSS], frozen_columns=["dimension", "group"],
                                          configuration=pagination_locale(self.tr))
        self.download = pn.widgets.FileDownload(callback=self._summary_csv, filename="summary.csv", embed=False,
                                                button_type="primary", button_style="outline")
        self.cards = {k: pn.Card(title="", sizing_mode="stretch_width", collapsible=False, margin=(6, 6))
                      for k in ("emtr", "ptr", "gain", "cost", "table")}
        self.cards["emtr"].objects = [pn.pane.Bokeh(self.emtr_chart.fig, sizing_mode="stretch_width")]
        self.cards["ptr"].objects = [pn.pane.Bokeh(self.ptr_chart.fig, sizing_mode="stretch_width")]
        self.cards["gain"].objects = [pn.pane.Bokeh(self.gain_chart.fig, sizing_mode="stretch_width")]
        self.cards["cost"].objects = [self.cost_dimension, pn.pane.Bokeh(self.cost_chart.fig, sizing_mode="stretch_width")]
        self.cards["table"].objects = [pn.Row(self.table_dimension, self.download), self.table]
        self.behaviour = BehaviourView(self)  # issue 15: static beside after-behaviour, on request
        self.results_box = pn.Column(self.header, self.kpis, self.behaviour.card,
                                     pn.GridBox(*[self.cards[k] for k in ("emtr", "ptr", "gain", "cost")], ncols=2,
                                                sizing_mode="stretch_width"),
                                     self.cards["table"], sizing_mode="stretch_width", visible=False)
        self.upload_box = pn.Column(self.upload_label, self.upload, self.notes["upload"], visible=False,
                                    sizing_mode="stretch_width")
        self.folder_box = pn.Column(self.folder, self.notes["folder"], visible=False, sizing_mode="stretch_width")
        self.run_box = pn.Column(self.scenario, self.start, self.months, sizing_mode="stretch_width")
        self.source.param.watch(self._on_source, "value")
        self.run_button.on_click(self._on_run)
        for w in (self.mg_filter, self.family_filter, self.view_scenario, self.cost_dimension, self.table_dimension):
            w.param.watch(lambda e: self.show(), "value")
        self.lang.param.watch(self._on_lang, "value")
        self.relabel()

    # --- layout ---------------------------------------------------------------------------------------
    def sidebar(self) -> pn.Column:
        h = self.headings
        return pn.Column(h["sec_data"], self.source, self.upload_box, self.folder_box, h["sec_run"], self.run_box,
                         self.run_button, self.progress, self.status, h["sec_filters"], self.view_scenario,
                         self.mg_filter, self.family_filter, self.notes["filters"], sizing_mode="stretch_width")

    def template(self):
        self.tab.on_load(lambda: self.tr("tab_title_analyst"))
        return theme.template(sidebar=[self.sidebar()],
                              main=[pn.Column(self.intro, self.error, self.results_box, sizing_mode="stretch_width")],
                              header=theme.header(self.title, self.nav, self.lang, self.tab.holder))

    def start_default_run(self) -> None:
        """Show the built-in population's result when the page opens (cached: synthetic data only)."""
        pn.state.onload(self._on_run)

    # --- events -----------------------------------------------------------------------------------------
    def _on_lang(self, event) -> None:
        self.tr = Tr(event.new)
        theme.after_event(self.relabel)

    def _on_source(self, event) -> None:
        self.upload_box.visible = event.new == "upload"
        self.folder_box.visible = event.new == "folder"
        self.run_box.visible = event.new != "folder"
        self._hide_error()
        if event.new == "folder":
            self._list_folders()
        self.run_button.name = self.tr("btn_open") if event.new == "folder" else self.tr("btn_run")
        self.run_button.disabled = event.new == "folder" and not self.folder.options

    def _list_folders(self) -> None:
        """The results folders under the configured root (the only folders the page can open)."""
        self.folder.options = result_folders(self.root) if self.root is not None else []
        self._folder_note()

    def _folder_note(self) -> None:
        tr = self.tr
        if self.root is None:
            text = f'<p class="tb-warn" data-testid="folder-note">{tr("folder_no_root", env=RESULTS_ROOT_ENV)}</p>'
        elif not self.folder.options:
            text = f'<p class="tb-warn" data-testid="folder-note">{tr("folder_none_found")}</p>'
        else:
            text = f'<p class="tb-note" data-testid="folder-note">{tr("folder_note")}</p>'
        self.notes["folder"].object = text

    def _on_file(self, name: str, data: bytes) -> None:
        """A file within the size limit arrived: validate it; keep only the validated table (in memory)."""
        self.frame = None
        self.upload_name = name
        self._hide_error()
        self._upload_note()
        try:
            self.frame = read_upload(name, data)
        except PopulationError as error:
            self._show_violations(error)
        except DataError as error:
            self._show_error(self.tr(error.key, **self._message_values(error)))
        else:
            self.notes["upload"].object = (f'<p class="tb-note upload-ok">'
                                           f'{self.tr("upload_ok", name=escape(name), rows=self.tr.num(len(self.frame)))}'
                                           "</p>")

    def _on_too_large(self, name: str, size: int) -> None:
        """The browser refused to send a file over the limit: say so (the session is untouched)."""
        self.frame = None
        self.upload_name = name
        self._upload_note()
        self._show_error(self.tr("err_upload_size", size=self.tr.num(size / 1024 / 1024, 1), limit=MAX_UPLOAD_MB))

    def _message_values(self, error: DataError) -> dict:
        values = dict(error.values)
        if error.key == "err_upload_size":
            values["size"] = self.tr.num(values["size"], 1)
        for key in ("rows", "limit"):
            if isinstance(values.get(key), int) and values[key] >= 1000:
                values[key] = self.tr.num(values[key])
        return values

    def _upload_note(self) -> None:
        self.notes["upload"].object = (f'<p class="tb-note">{self.tr("upload_note", limit=MAX_UPLOAD_MB, adults=self.tr.num(MAX_ADULTS))}'
                                       "</p>")

    def _on_run(self, event=None) -> None:
        """Open a folder, or start a population run in a worker thread (the page stays responsive)."""
        self._hide_error()
        try:
            if self.source.value == "folder":
                self._finish(open_folder(self.folder.value or "", self.root), None, None)
                return
            if self.source.value == "upload":
                if self.frame is None:
                    raise DataError("err_no_upload")
                frame, source, cache_key = self.frame, self.tr("source_upload", name=self.upload_name), None
            else:
                frame, source = default_frame(), self.tr("source_default")
                cache_key = (self.scenario.value, self.start.value, self.months.value)
        except DataError as error:
            self._finish(None, error, None)
            return
        if cache_key in _DEFAULT_RUNS:
            self._finish(_DEFAULT_RUNS[cache_key], None, None)
            return
        self._done, self._total = 0, len(frame)
        self.run_button.disabled = True
        self.progress.value, self.progress.visible = 0, True
        self.status.object = f'<p class="tb-note">{self.tr("running", n=self.tr.num(len(frame)))}</p>'
        run = partial(run_on_frame, frame, scenario=self.scenario.value, start=self.start.value,
                      months=self.months.value, source=source, progress=self._progress)
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:  # no server (e.g. a unit test): run here
            self._finish(*_attempt(run), cache_key)
            return
        self._poll_callback = pn.state.add_periodic_callback(self._poll, period=150)

        def work() -> None:
            results, error = _attempt(run)
            doc.add_next_tick_callback(partial(self._finish, results, error, cache_key))

        threading.Thread(target=work, name="taxben-analyst-run", daemon=True).start()

    def _finish(self, results: Results | None, error: Exception | None, cache_key) -> None:
        if getattr(self, "_poll_callback", None) is not None:
            self._poll_callback.stop()
            self._poll_callback = None
        self.run_button.disabled = False
        self.progress.visible = False
        if isinstance(error, DataError):
            self._show_error(self.tr(error.key, **self._message_values(error)))
            self.status.object = ""
        elif error is not None:  # an engine problem: say so in the page, without the data
            self._show_error(self.tr("err_run_failed", kind=type(error).__name__, message=escape(str(error)[:300])))
            self.status.object = ""
        else:
            if cache_key is not None:
                _DEFAULT_RUNS[cache_key] = results
            self.results = results
            self._results_loaded()

    def _progress(self, n: int) -> None:  # called from the worker thread
        self._done += n

    def _poll(self) -> None:
        self.progress.value = int(100 * min(self._done, self._total) / max(self._total, 1))

    def _results_loaded(self) -> None:
        r = self.results
        names = r.scenarios
        with pn.io.hold():  # the results box appears with its contents, in one patch
            self.view_scenario.options = {self._scenario_label(n): n for n in names}
            self.view_scenario.value = names[0]
            self.view_scenario.visible = len(names) > 1
            self.results_box.visible = True
            self.status.object = f'<p class="tb-note run-done">{self.tr("run_done", source=escape(r.source))}</p>'
            self.show()

    # --- errors -----------------------------------------------------------------------------------------
    def _show_error(self, text: str) -> None:
        self.error.object = f'<div class="alert alert-danger" data-testid="analyst-error">{text}</div>'
        self.error.visible = True

    def _show_violations(self, error: PopulationError) -> None:
        tr = self.tr
        rows = "".join(
            f"<tr><td>{escape(v.column)}</td><td>{escape(violation_rule(v.rule, tr))}</td>"
            f"<td>{escape(', '.join(map(str, v.rows)))}{'…' if v.count > len(v.rows) else ''}</td>"
            f"<td>{v.count or ''}</td><td>{escape(v.example)}</td></tr>" for v in error.violations)
        head = "".join(f"<th>{tr(k)}</th>" for k in ("viol_column", "viol_rule", "viol_rows", "viol_count", "viol_example"))
        self._show_error(f'<b>{tr("err_upload_invalid", name=escape(self.upload_name), n=len(error.violations))}</b>'
                         f'<p class="tb-note">{tr("viol_rows_note")}</p>'
                         f'<table class="tb-violations"><tr>{head}</tr>{rows}</table>')

    def _hide_error(self) -> None:
        self.error.visible = False
        self.error.object = ""

    # --- showing results --------------------------------------------------------------------------------
    def _scenario_label(self, name: str) -> str:
        return self.tr(f"scenario_{name}") if self.tr.has(f"scenario_{name}") else name

    def show(self) -> None:
        """Every change of the results view reaches the browser as one patch (``pn.io.hold``): the table's
        data, formatters and titles arrive together, not as three rebuilds of a table still being built."""
        if self.results is None:
            return
        with pn.io.hold():
            self._show()

    def _show(self) -> None:
        r, tr = self.results, self.tr
        scenario = self.view_scenario.value or r.scenarios[0]
        mg, fam = self.mg_filter.value or ALL, self.family_filter.value or ALL
        if (mg != ALL or fam != ALL) and not r.can_filter:
            self.notes["filters"].object = f'<p class="tb-warn">{tr("note_filters_need_pm")}</p>'
            mg = fam = ALL
        else:
            self.notes["filters"].object = ""
        try:
            table = filtered_summary(r, scenario, mg, fam)
        except DataError as error:
            self._show_error(tr(error.key, **self._message_values(error)))
            return
        self._hide_error()
        label = scenario_legend(tr, scenario)
        total = table[table["dimension"] == "all"].iloc[0]
        self._header(r, scenario, mg, fam)
        self._kpis(total)
        bands = [tr(f"band_{b}") for b in EMTR_BANDS]
        self.emtr_chart.update(bands, [total[f"share_{b}_baseline"] for b in EMTR_BANDS],
                               [total[f"share_{b}_scenario"] for b in EMTR_BANDS], tr, tr("axis_share_person_months"), label)
        groups = table[(table["dimension"] == "match_group") & (table["group"] != "none")]
        cats = [group_label(tr, "match_group", g) for g in groups["group"]]
        self.ptr_chart.update(cats, groups["mean_ptr_baseline"].fillna(0), groups["mean_ptr_scenario"].fillna(0), tr,
                              tr("axis_mean_ptr"), label)
        self.gain_chart.update(cats, groups["mean_gain_from_work_dkk_m_baseline"], groups["mean_gain_from_work_dkk_m_scenario"], tr,
                               tr("axis_mean_gain"), label)
        self.cost_chart.update(table, self.cost_dimension.value or "match_group", tr)
        self._table(table)
        self.behaviour.show()

    def _header(self, r: Results, scenario: str, mg: str, fam: str) -> None:
        tr = self.tr
        filters = []
        if mg != ALL:
            filters.append(group_label(tr, "match_group", mg))
        if fam != ALL:
            filters.append(group_label(tr, "family_type", fam))
        start = r.info.get("start", "")
        adults = (r.info.get("population") or {}).get("adults", "")
        text = tr("results_header", source=escape(r.source), scenario=escape(self._scenario_label(scenario)),
                  start=start, months=r.months, adults=tr.num(adults) if adults != "" else "–")
        if filters:
            text += " · " + tr("filtered_to", groups=", ".join(filters))
        self.header.object = f'<div class="tb-results tb-help" data-testid="results-header">{text}</div>'

    def _kpis(self, total: pd.Series) -> None:
        tr = self.tr
        items = [(tr("kpi_persons"), tr.num(total["persons_baseline"]), tr("kpi_persons_sub"), "zero"),
                 (tr("kpi_eligible"), tr.num(total["persons_eligible_scenario"]), tr("kpi_eligible_sub"), "scen"),
                 (tr("kpi_mean_emtr"), f'{tr.pct(total["mean_emtr_baseline"], 0)} → {tr.pct(total["mean_emtr_scenario"], 0)}',
                  tr("kpi_mean_emtr_sub"), "emtr"),
                 (tr("kpi_cost"), tr("million_kr", x=tr.num(total["fiscal_cost_dkk_y"] / 1e6, 1)), tr("kpi_cost_sub"), "base"),
                 (tr("kpi_winners"), tr.num(total["winners"]), tr("kpi_winners_sub"), "scen")]
        cells = "".join(f'<div class="tb-kpi tb-kpi-{k}"><div class="l">{l}</div><div class="v">{v}</div>'
                        f'<div class="s">{s}</div></div>' for l, v, s, k in items)
        self.kpis.object = f'<div class="tb-kpis small">{cells}</div>'

    def _table(self, table: pd.DataFrame) -> None:
        tr = self.tr
        dim = self.table_dimension.value or ALL
        rows = table if dim == ALL else table[table["dimension"].isin(["all", dim])]
        view = rows[TABLE_COLUMNS].copy()
        view["group"] = [group_label(tr, d, g) for d, g in zip(view["dimension"], view["group"])]
        view["dimension"] = [tr(f"dim_{d}") for d in view["dimension"]]
        for c in ("mean_emtr_baseline", "mean_emtr_scenario", "mean_ptr_baseline", "mean_ptr_scenario"):
            view[c] = 100 * view[c]
        for c in ("supplement_paid_dkk_y_scenario", "fiscal_cost_dkk_y"):
            view[c] = view[c] / 1e6
        self.table.value = view.reset_index(drop=True)
        kr, pct, mio = tabulator_money(tr.lang), tabulator_money(tr.lang, 1, " %"), tabulator_money(tr.lang, 1)
        self.table.formatters = {"persons_baseline": kr, "mean_emtr_baseline": pct, "mean_emtr_scenario": pct,
                                 "mean_ptr_baseline": pct, "mean_ptr_scenario": pct,
                                 "mean_gain_from_work_dkk_m_baseline": kr, "mean_gain_from_work_dkk_m_scenario": kr,
                                 "persons_eligible_scenario": kr, "supplement_paid_dkk_y_scenario": mio,
                                 "fiscal_cost_dkk_y": mio, "winners": kr}
        self.table.titles = {c: tr(f"col_{c}") for c in TABLE_COLUMNS}

    def _summary_csv(self):
        buf = io.StringIO()
        if self.results is not None:
            scenario = self.view_scenario.value or self.results.scenarios[0]
            filtered_summary(self.results, scenario, self.mg_filter.value or ALL,
                             self.family_filter.value or ALL).to_csv(buf, index=False)
        buf.seek(0)
        return buf

    # --- labels -----------------------------------------------------------------------------------------
    def relabel(self) -> None:
        tr = self.tr
        self.title.object = theme.title_html(tr("analyst_title"))
        self.nav.object = (f'<a href="./caseworker?lang={tr.lang}" style="color:white;font-weight:600">'
                           f'← {tr("nav_caseworker")}</a>')
        self.intro.object = f'<p class="tb-help">{tr("intro_analyst", limit=MAX_UPLOAD_MB, adults=tr.num(MAX_ADULTS))}</p>'
        for key, pane in self.headings.items():
            pane.object = f'<h4 style="margin:4px 0 0 0;color:#0b5394;font-size:0.95rem">{tr(key)}</h4>'
        self.source.options = {tr("source_opt_default"): "default", tr("source_opt_upload"): "upload",
                               tr("source_opt_folder"): "folder"}
        self.upload_label.object = f'<label class="tb-label">{tr("in_upload")}</label>'
        self.upload.button_label, self.upload.empty_label = tr("upload_button"), tr("upload_empty")
        self.folder.name = tr("in_folder")
        self._upload_note()
        self._folder_note()
        # Tabulator takes ``configuration`` only when built; Panel re-sends the stored one with every column
        # change, and the column titles change with the language right after this (``show``).
        self.table._configuration = pagination_locale(tr)
        self.tab.set(tr("tab_title_analyst"))
        self.scenario.name, self.start.name, self.months.name = tr("in_scenario"), tr("in_start_analyst"), tr("in_months")
        self.scenario.options = {self._scenario_label(n): n for n in scenarios()}
        self.start.options = {month_label(m, tr.lang): m for m in start_months()}
        self.run_button.name = tr("btn_open") if self.source.value == "folder" else tr("btn_run")
        self.mg_filter.name, self.family_filter.name = tr("in_filter_mg"), tr("in_filter_family")
        self.view_scenario.name = tr("in_view_scenario")
        self.mg_filter.options = {tr("filter_all"): ALL, **{tr("group_mg", n=g): str(g) for g in range(1, 6)},
                                  tr("group_none_short"): "none"}
        self.family_filter.options = {tr("filter_all"): ALL, **{tr(f"family_{f}"): f for f in FAMILY_TYPES}}
        self.cost_dimension.name = tr("in_cost_dimension")
        self.cost_dimension.options = {tr(f"dim_{d}"): d for d in DIMENSIONS}
        self.table_dimension.name = tr("in_table_dimension")
        self.table_dimension.options = {tr("filter_all"): ALL, **{tr(f"dim_{d}"): d for d in DIMENSIONS}}
        titles = {"emtr": tr("card_emtr_dist"), "ptr": tr("card_ptr_mg"), "gain": tr("card_gain_mg"),
                  "cost": tr("card_cost"), "table": tr("card_summary")}
        for key, card in self.cards.items():
            card.title = titles[key]
        self.download.label = tr("btn_download_summary")
        self.behaviour.relabel()
        for widget, default in ((self.mg_filter, ALL), (self.family_filter, ALL), (self.cost_dimension, "match_group"),
                                (self.table_dimension, ALL)):
            if widget.value not in widget.options.values():
                widget.value = default
        if self.results is not None:
            self.view_scenario.options = {self._scenario_label(n): n for n in self.results.scenarios}
            self.status.object = f'<p class="tb-note run-done">{tr("run_done", source=escape(self.results.source))}</p>'
            self.show()
