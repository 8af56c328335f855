"""The analyst page's behaviour toggle (issue 15): the reform's result static beside after behaviour.

Switched on, it shows for the scenario on view, by match group: the fiscal cost statically and after the
labour-supply response (central elasticities, with the low-high band), how many more people work and
the change in hours, the same table as ``taxben run --behaviour central`` prints. The behaviour is
computed for the population and horizon of the results on view, once (kept with those results; for the
built-in synthetic population shared between sessions like the page's own run), in a worker thread so
the page stays responsive. A results folder carries it only when it was run with ``--behaviour``.
"""

from __future__ import annotations

import tempfile
import threading
from functools import partial
from html import escape
from pathlib import Path

import pandas as pd
import panel as pn

from .analyst_charts import group_label
from .case_model import engine_guard

KEY = "behaviour"  # in Results.cache: the summary with the behaviour columns
COLUMN = "employment_change_persons"


def behaviour_summary(frame: pd.DataFrame, info: dict, months: int) -> pd.DataFrame:
    """The summary of the run that produced ``info`` on ``frame``, with ``--behaviour central``."""
    from taxben.behaviour.spec import load_behaviour
    from taxben.run.population_run import run_population

    scenarios = [s["file"] for s in info["scenarios"][1:]]  # the baseline comes first
    with tempfile.TemporaryDirectory(prefix="taxben-behaviour-") as tmp:
        result = run_population(frame, out_dir=Path(tmp) / "run", scenarios=scenarios, start=info["start"],
                                months=months, behaviour=load_behaviour("central"), write_person_months=False,
                                chunk_persons=max(200, len(frame) // 4))
    return result.summary


class BehaviourView:
    """A toggle and a card; ``show`` after the page's results or scenario change, ``relabel`` after the language."""

    def __init__(self, page):
        self.page = page
        self.toggle = pn.widgets.Toggle(value=False, button_type="primary", button_style="outline",
                                        css_classes=["behaviour-toggle"], margin=(4, 10))
        self.body = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10), visible=False)
        self.card = pn.Column(self.toggle, self.body, sizing_mode="stretch_width")
        self._running: set[int] = set()
        self.toggle.param.watch(lambda e: self.show(), "value")
        self.relabel()

    def relabel(self) -> None:
        self.toggle.name = self.page.tr("beh_toggle")
        self.show()

    def show(self) -> None:
        r, tr = self.page.results, self.page.tr
        self.body.visible = bool(self.toggle.value and r is not None)
        if not self.body.visible:
            return
        summary = r.summary if COLUMN in r.summary else r.cache.get(KEY)
        if summary is None:
            if getattr(r, "frame", None) is None:
                self.body.object = f'<p class="tb-warn" data-testid="behaviour-note">{tr("beh_no_frame")}</p>'
            else:
                self._compute(r)
            return
        if isinstance(summary, Exception):
            self.body.object = (f'<div class="alert alert-danger" data-testid="behaviour-error">'
                                f'{tr("beh_failed", kind=type(summary).__name__, message=escape(str(summary)[:300]))}</div>')
            return
        scenario = self.page.view_scenario.value or r.scenarios[0]
        self.body.object = self._html(summary[summary["scenario"] == scenario], r.months)

    def _compute(self, r) -> None:
        tr = self.page.tr
        self.body.object = (f'<p class="tb-note" data-testid="behaviour-running">'
                            f'{tr("beh_running", n=tr.num(len(r.frame)))}</p>')
        if id(r) in self._running:
            return
        self._running.add(id(r))

        def work():
            try:
                with engine_guard():
                    r.cache[KEY] = behaviour_summary(r.frame, r.info, r.months)
            except Exception as error:  # shown in the card, never a traceback
                r.cache[KEY] = error
            self._running.discard(id(r))

        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:  # no server (a unit test): here and now
            work()
            self.show()
            return
        threading.Thread(target=lambda: (work(), doc.add_next_tick_callback(partial(self._done, r))),
                         name="taxben-analyst-behaviour", daemon=True).start()

    def _done(self, r) -> None:
        if r is self.page.results:
            self.show()

    def _html(self, rows: pd.DataFrame, months: int) -> str:
        tr = self.page.tr
        band = all(f"{COLUMN}_{v}" in rows for v in ("low", "high"))

        def mio(x):
            return tr.num(x / 1e6, 1)

        def span(a, b, fmt):  # a band, smaller end first (a lower elasticity costs more)
            return f"{fmt(min(a, b))}–{fmt(max(a, b))}"

        def cells(row) -> str:
            values = [mio(row["fiscal_cost_dkk_y"]), mio(row["fiscal_cost_after_behaviour_dkk_y"])]
            if band:
                values.append(span(row["fiscal_cost_after_behaviour_dkk_y_low"],
                                   row["fiscal_cost_after_behaviour_dkk_y_high"], mio))
            values.append(tr.num(row[COLUMN]))
            if band:
                values.append(span(row[f"{COLUMN}_low"], row[f"{COLUMN}_high"], tr.num))
            values.append(tr.num(row["hours_change"]))
            return "".join(f'<td style="white-space:nowrap;text-align:right">{v}</td>' for v in values)

        heads = ["beh_col_group", "beh_col_cost_static", "beh_col_cost_after", *(["beh_col_band"] if band else []),
                 "beh_col_working", *(["beh_col_band"] if band else []), "beh_col_hours"]
        shown = rows[(rows["dimension"] == "all") | ((rows["dimension"] == "match_group") & (rows["group"] != "none"))]
        body = "".join(f'<tr data-group="{escape(str(row["group"]))}"><th>{group_label(tr, row["dimension"], row["group"])}'
                       f"</th>{cells(row)}</tr>" for _, row in shown.iterrows())
        table = (f'<table class="tb-violations tb-behaviour" data-testid="behaviour-table"><tr>'
                 f'{"".join(f"<th>{tr(h)}</th>" for h in heads)}</tr>{body}</table>')
        mg45 = rows[(rows["dimension"] == "match_group") & rows["group"].isin(["4", "5"])].sum(numeric_only=True)
        total = rows[rows["dimension"] == "all"].iloc[0]
        low, high = (f"{COLUMN}_low", f"{COLUMN}_high") if band else (COLUMN, COLUMN)
        cost_low, cost_high = ((f"fiscal_cost_after_behaviour_dkk_y_{v}" for v in ("low", "high")) if band else
                               ("fiscal_cost_after_behaviour_dkk_y",) * 2)
        working, cost = span(mg45[low], mg45[high], tr.num), span(total[cost_low], total[cost_high], mio)
        headline = tr("beh_headline", n=tr.num(mg45[COLUMN]), months=months, band=working,
                      static=mio(total["fiscal_cost_dkk_y"]), after=mio(total["fiscal_cost_after_behaviour_dkk_y"]),
                      cost_band=cost)
        return (f'<h4 style="margin:6px 0;color:#0b5394;font-size:0.95rem">{tr("beh_card")}</h4>'
                f'<p class="tb-help" data-testid="behaviour-headline">{headline}</p>{table}'
                f'<p class="tb-note">{tr("beh_note")}</p>')
