"""Colours, CSS and the page template shared by both pages."""

from __future__ import annotations

import panel as pn

BASE = "#3b5b92"  # baseline rules
SCEN = "#e07b24"  # the reform scenario
ZERO = "#8a8f98"  # not working
SHADE = "#d64545"  # EMTR >= 90 %
CEILING = "#2e7d32"
ACCENT = "#0b5394"
PARTS = ["#5b8def", "#a5b4fc", "#f59e0b", "#10b981", "#ef4444", "#7c3aed"]

CSS = """
:root { --tb-accent: #0b5394; }
.tb-sentence { font-size: 1.08rem; line-height: 1.45; padding: 10px 14px; margin: 0;
  border-left: 5px solid #e07b24; background: #fff7ef; border-radius: 4px; color: #222; }
.tb-sentence b { color: #b45309; }
.tb-help { color: #444; font-size: 0.9rem; line-height: 1.35; margin: 0; }
.tb-note { color: #555; font-size: 0.85rem; margin: 2px 0 4px 0; }
.tb-error { color: #b00020; font-size: 0.85rem; margin: 0 0 6px 0; font-weight: 600; }
.tb-warn { color: #8a5300; font-size: 0.82rem; margin: 0 0 6px 0; }
.tb-kpis { display: flex; gap: 10px; flex-wrap: wrap; margin: 0; }
.tb-kpi { flex: 1 1 150px; background: #f5f7fb; border: 1px solid #e1e6ef; border-top: 4px solid #8a8f98;
  border-radius: 6px; padding: 6px 10px; }
.tb-kpi-base { border-top-color: #3b5b92; } .tb-kpi-scen { border-top-color: #e07b24; }
.tb-kpi-emtr { border-top-color: #d64545; }
.tb-kpi .l { font-size: 0.78rem; color: #444; font-weight: 600; }
.tb-kpi .v { font-size: 1.25rem; font-weight: 700; color: #1b2a41; }
.tb-kpi .s { font-size: 0.75rem; color: #666; }
.tb-cliff { font-size: 0.9rem; margin: 2px 0 0 0; }
.tb-cliff b { color: #b45309; }
.tb-rules td { padding: 2px 8px 2px 0; vertical-align: top; font-size: 0.85rem; }
.tb-violations { border-collapse: collapse; font-size: 0.85rem; }
.tb-violations td, .tb-violations th { border: 1px solid #e3c2c2; padding: 3px 6px; text-align: left; }
.tb-violations th { background: #fbeaea; }
.tb-results { background: #f5f7fb; border: 1px solid #e1e6ef; border-radius: 6px; padding: 6px 12px; margin: 4px 0; }
.tb-kpis.small .tb-kpi .v { font-size: 1.1rem; }
"""


TABLE_CSS = """
.tabulator { font-size: 0.86rem; }
.tabulator .tabulator-row .tabulator-cell { padding: 4px 8px; }
.tabulator .tabulator-header .tabulator-col .tabulator-col-content { padding: 5px 8px; }
"""


def setup() -> None:
    """Panel extensions and CSS (call once per page module)."""
    from .case_tables import TABLE_CSS as HTML_TABLE_CSS

    pn.extension("tabulator", raw_css=[CSS, HTML_TABLE_CSS], notifications=False, design="bootstrap")


def template(sidebar, main, header) -> pn.template.BootstrapTemplate:
    """Bootstrap template: every resource is served by Panel itself (no web fonts from a CDN). The page
    title is a pane in ``header`` so that it can change language."""
    return pn.template.BootstrapTemplate(
        title="taxben", sidebar=sidebar, main=main, header=header, sidebar_width=340, header_background=ACCENT)


def header(title_pane, nav, lang, *hidden) -> list:
    return [pn.Row(title_pane, pn.layout.HSpacer(), nav, lang, *hidden, sizing_mode="stretch_width")]


def title_html(text: str) -> str:
    return f'<span style="color:white;font-size:1.35rem;font-weight:400;white-space:nowrap">· {text}</span>'


def after_event(callback) -> None:
    """Run ``callback`` on the server's next tick, outside the widget event (chart labels then sync
    reliably); at once when there is no served document (unit tests)."""
    doc = pn.state.curdoc
    if doc is not None and doc.session_context is not None:
        doc.add_next_tick_callback(callback)
    else:
        callback()


class TabTitle:
    """The browser tab's title in the page's language. Panel's template writes its own ``<title>`` and does
    not follow the document title afterwards, so a hidden field carries the text and a small browser-side
    callback copies it to ``document.title`` whenever it changes (set once the page has loaded, and on a
    change of language)."""

    def __init__(self):
        self.holder = pn.widgets.TextInput(value="", visible=False, css_classes=["tab-title"])
        self.holder.jscallback(value="document.title = cb_obj.value;")
        self.text = ""
        self.loaded = False

    def set(self, text: str) -> None:
        self.text = text
        if self.loaded:  # before the page has loaded the browser would not see the change
            self.holder.value = text

    def on_load(self, text_of) -> None:
        def loaded():
            self.loaded = True
            self.set(text_of())
        pn.state.onload(loaded)
