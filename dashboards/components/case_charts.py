"""Bokeh charts of the caseworker page. Built once; ``update`` swaps the data, ``relabel`` the language."""

from __future__ import annotations

import numpy as np
from bokeh.models import (BoxAnnotation, ColumnDataSource, CustomJSTickFormatter, FactorRange, HoverTool, Label,
                          Legend, LegendItem, NumeralTickFormatter, Span)
from bokeh.plotting import figure
from bokeh.transform import dodge

from . import theme
from .case_model import CaseResult
from .i18n import Tr

EMTR_PARTS = ["emtr_income_tax", "emtr_am_atp", "emtr_kontanthjaelp", "emtr_housing", "emtr_benefit_cap",
              "emtr_ceiling_supplement"]
SHADE_FROM = 0.90


def _figure(height: int, **kw):
    fig = figure(height=height, sizing_mode="stretch_width", tools="", toolbar_location=None, **kw)
    fig.xaxis.axis_label_text_font_style = "normal"
    fig.yaxis.axis_label_text_font_style = "normal"
    fig.min_border_left = 60
    fig.outline_line_color = None
    fig.grid.grid_line_alpha = 0.35
    return fig


_TICK_JS = """
const v = pct ? tick * 100 : tick;
const s = v.toLocaleString(loc, {maximumFractionDigits: pct ? 0 : 1});
return pct ? s + " %" : s;
"""


def set_language(fig, lang: str) -> None:
    """Danish (12.000, 70 %) or English (12,000, 70 %) numbers on the axes, via the browser's Intl."""
    loc = "da-DK" if lang == "da" else "en-GB"
    for axis in [*fig.xaxis, *fig.yaxis]:
        f = axis.formatter
        if isinstance(f, NumeralTickFormatter):
            axis.formatter = CustomJSTickFormatter(args=dict(loc=loc, pct="%" in f.format), code=_TICK_JS)
        elif isinstance(f, CustomJSTickFormatter) and "pct" in f.args:
            f.args = dict(f.args, loc=loc)


def _legend(fig, items):
    legend = Legend(items=items, orientation="horizontal", label_text_font_size="11px", spacing=12, padding=2,
                    margin=2, border_line_alpha=0, click_policy="hide")
    fig.add_layout(legend, "below")
    return legend


def high_emtr_spans(hours: np.ndarray, emtr: np.ndarray, threshold: float = SHADE_FROM) -> list[tuple[float, float]]:
    """Hour intervals [h, h + 1) where the EMTR (measured from h to h + 1) is at least ``threshold``."""
    spans: list[list[float]] = []
    for h, e in zip(hours, emtr):
        if np.isfinite(e) and e >= threshold - 1e-12:
            if spans and abs(spans[-1][1] - h) < 1e-9:
                spans[-1][1] = h + 1
            else:
                spans.append([h, h + 1])
    return [(a, min(b, hours.max())) for a, b in spans]


class BudgetChart:
    """Household disposable income against hours per week, baseline and scenario."""

    def __init__(self):
        self.src = ColumnDataSource(dict(h=[], base=[], scen=[], emtr_base=[], emtr_scen=[]))
        self.marks = ColumnDataSource(dict(h=[], d=[], color=[]))
        self.shade_base = ColumnDataSource(dict(left=[], right=[]))
        self.shade_scen = ColumnDataSource(dict(left=[], right=[]))
        fig = _figure(300, x_range=(0, 40))
        sb = fig.quad(left="left", right="right", bottom=-1e7, top=1e7, source=self.shade_base, color=theme.SHADE,
                      alpha=0.13, line_alpha=0)
        ss = fig.quad(left="left", right="right", bottom=-1e7, top=1e7, source=self.shade_scen, fill_color=None,
                      hatch_pattern="/", hatch_color=theme.SHADE, hatch_alpha=0.35, line_alpha=0)
        lb = fig.line("h", "base", source=self.src, color=theme.BASE, line_width=2.5)
        ls = fig.line("h", "scen", source=self.src, color=theme.SCEN, line_width=2.5)
        fig.scatter("h", "d", source=self.marks, color="color", size=10, line_color="white", line_width=1.5)
        self.chosen = Span(location=15, dimension="height", line_color="#444", line_dash="dotted", line_width=1.5)
        fig.add_layout(self.chosen)
        fig.y_range.renderers = [lb, ls]
        fig.yaxis.formatter = NumeralTickFormatter(format="0,0")
        fig.add_tools(HoverTool(renderers=[ls], mode="vline", tooltips=[
            ("h", "@h"), ("base", "@base{0,0}"), ("scen", "@scen{0,0}")]))
        self.items = [LegendItem(renderers=[lb]), LegendItem(renderers=[ls]), LegendItem(renderers=[sb]),
                      LegendItem(renderers=[ss])]
        self.legend = _legend(fig, self.items)
        self.fig = fig

    def update(self, result: CaseResult) -> None:
        b = result.budget()
        h = b["hours_per_week"].to_numpy(dtype=float)
        self.src.data = dict(h=h, base=b["household_disposable_income_base"].to_numpy(),
                             scen=b["household_disposable_income_scen"].to_numpy(),
                             emtr_base=b["emtr_base"].to_numpy(), emtr_scen=b["emtr_scen"].to_numpy())
        for src, col in ((self.shade_base, "emtr_base"), (self.shade_scen, "emtr_scen")):
            spans = high_emtr_spans(h, b[col].to_numpy())
            src.data = dict(left=[s[0] for s in spans], right=[s[1] for s in spans])
        at = result.at_hours()
        x = float(result.inputs.hours_per_week)
        self.marks.data = dict(h=[x, x], d=[at["household_disposable_income_base"], at["household_disposable_income_scen"]],
                               color=[theme.BASE, theme.SCEN])
        self.chosen.location = x
        self.items[3].visible = bool(len(self.shade_scen.data["left"]))

    def relabel(self, tr: Tr, scenario_label: str) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_hours")
        f.yaxis.axis_label = tr("axis_disposable")
        labels = [tr("baseline"), scenario_label, tr("shade_emtr90_base"), tr("shade_emtr90_scen")]
        for item, label in zip(self.items, labels):
            item.label = dict(value=label)
        f.hover.tooltips = [(tr("axis_hours"), "@h"), (tr("baseline"), "@base{0,0} kr"),
                            (scenario_label, "@scen{0,0} kr"), ("EMTR " + tr("baseline"), "@emtr_base{0.0 %}"),
                            ("EMTR " + scenario_label, "@emtr_scen{0.0 %}")]


class EmtrChart:
    """EMTR from h to h + 1 hours (step chart), with the ceiling rate."""

    def __init__(self):
        self.src = ColumnDataSource(dict(h=[], base=[], scen=[]))
        fig = _figure(300, x_range=(0, 40), y_range=(0, 1.1))
        lb = fig.step("h", "base", source=self.src, mode="after", color=theme.BASE, line_width=2.5)
        ls = fig.step("h", "scen", source=self.src, mode="after", color=theme.SCEN, line_width=2.5, line_dash="solid")
        self.ceiling = Span(location=0.7, dimension="width", line_color=theme.CEILING, line_dash="dashed", line_width=2)
        self.ceiling_label = Label(x=39.5, y=0.7, text="", text_align="right", y_offset=4, text_font_size="11px",
                                   text_color=theme.CEILING)
        self.chosen = Span(location=15, dimension="height", line_color="#444", line_dash="dotted", line_width=1.5)
        for m in (self.ceiling, self.ceiling_label, self.chosen):
            fig.add_layout(m)
        fig.yaxis.formatter = NumeralTickFormatter(format="0 %")
        fig.add_tools(HoverTool(renderers=[ls], mode="vline", tooltips=[("h", "@h")]))
        self.items = [LegendItem(renderers=[lb]), LegendItem(renderers=[ls])]
        self.legend = _legend(fig, self.items)
        self.fig = fig

    def update(self, result: CaseResult, ceiling_rate: float | None) -> None:
        b = result.budget()
        h = b["hours_per_week"].to_numpy(dtype=float)
        base, scen = b["emtr_base"].to_numpy(), b["emtr_scen"].to_numpy()
        self.src.data = dict(h=np.append(h, 41.0), base=np.append(base, base[-1]), scen=np.append(scen, scen[-1]))
        top = np.nanmax(np.concatenate([base, scen, [1.0]]))
        self.fig.y_range.end = float(min(max(1.05, top + 0.05), 2.0))
        self.fig.y_range.start = float(min(0.0, np.nanmin(np.concatenate([base, scen])) - 0.05))
        self.chosen.location = float(result.inputs.hours_per_week)
        visible = ceiling_rate is not None
        self.ceiling.visible = self.ceiling_label.visible = visible
        if visible:
            self.ceiling.location = self.ceiling_label.y = ceiling_rate
        self._rate = ceiling_rate

    def relabel(self, tr: Tr, scenario_label: str) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_hours")
        f.yaxis.axis_label = tr("axis_emtr")
        rate = getattr(self, "_rate", None)
        self.ceiling_label.text = tr("ceiling_line", rate=tr.pct(rate, 0)) if rate else ""
        for item, label in zip(self.items, [tr("baseline"), scenario_label]):
            item.label = dict(value=label)
        f.hover.tooltips = [(tr("axis_hours"), "@h → @h+1"), (tr("baseline"), "@base{0.0 %}"),
                            (scenario_label, "@scen{0.0 %}")]


class DecompositionChart:
    """The EMTR at the chosen hours split into its parts, baseline beside scenario (horizontal bars)."""

    def __init__(self):
        self.src = ColumnDataSource(dict(part=[], base=[], scen=[]))
        fig = _figure(300, y_range=FactorRange(factors=[]))
        bb = fig.hbar(y=dodge("part", 0.19, range=fig.y_range), right="base", height=0.36, source=self.src,
                      color=theme.BASE)
        bs = fig.hbar(y=dodge("part", -0.19, range=fig.y_range), right="scen", height=0.36, source=self.src,
                      color=theme.SCEN)
        fig.xaxis.formatter = NumeralTickFormatter(format="0 %")
        fig.ygrid.grid_line_color = None
        fig.min_border_left = 10
        fig.add_layout(Span(location=0, dimension="height", line_color="#333", line_width=1))
        fig.add_tools(HoverTool(tooltips=[("", "@part"), ("base", "@base{0.0 %}"), ("scen", "@scen{0.0 %}")]))
        self.items = [LegendItem(renderers=[bb]), LegendItem(renderers=[bs])]
        self.legend = _legend(fig, self.items)
        self.fig = fig
        self._data = None

    def update(self, result: CaseResult) -> None:
        self._data = result.at_hours()

    def relabel(self, tr: Tr, scenario_label: str) -> None:
        set_language(self.fig, tr.lang)
        if self._data is None:
            return
        at = self._data
        f = self.fig
        f.xaxis.axis_label = tr("axis_emtr_points")
        parts = EMTR_PARTS + ["emtr"]
        names = [tr(p) for p in parts]
        f.y_range.factors = names[::-1]
        self.src.data = dict(part=names, base=[float(at[f"{p}_base"]) for p in parts],
                             scen=[float(at[f"{p}_scen"]) for p in parts])
        for item, label in zip(self.items, [tr("baseline"), scenario_label]):
            item.label = dict(value=label)
        f.hover.tooltips = [("", "@part"), (tr("baseline"), "@base{0.0 %}"), (scenario_label, "@scen{0.0 %}")]


class MonthChart:
    """Disposable income month by month at the chosen hours: the cliff when the ceiling ends."""

    def __init__(self):
        self.src = ColumnDataSource(dict(m=[], month=[], base=[], scen=[], zero=[], supp=[], clock=[]))
        fig = _figure(300)
        lz = fig.step("m", "zero", source=self.src, mode="center", color=theme.ZERO, line_width=1.8, line_dash="dashed")
        lb = fig.step("m", "base", source=self.src, mode="center", color=theme.BASE, line_width=2.5)
        ls = fig.step("m", "scen", source=self.src, mode="center", color=theme.SCEN, line_width=2.5)
        self.paid = BoxAnnotation(left=0.5, right=12.5, fill_color=theme.SCEN, fill_alpha=0.08)
        self.cliff = Span(location=12.5, dimension="height", line_color="#b45309", line_dash="dashed", line_width=2)
        self.cliff_label = Label(x=12.5, y=0, y_units="screen", y_offset=8, x_offset=4, text="", text_font_size="11px",
                                 text_color="#b45309")
        for m in (self.paid, self.cliff, self.cliff_label):
            fig.add_layout(m)
        fig.y_range.renderers = [lz, lb, ls]
        fig.yaxis.formatter = NumeralTickFormatter(format="0,0")
        fig.add_tools(HoverTool(renderers=[ls], mode="vline", tooltips=[("", "@month")]))
        self.items = [LegendItem(renderers=[lb]), LegendItem(renderers=[ls]), LegendItem(renderers=[lz])]
        self.legend = _legend(fig, self.items)
        self.fig = fig
        self._last = 0
        self._hours = 0

    def update(self, result: CaseResult) -> None:
        v = result.months_view()
        self.src.data = dict(m=v["month_number"].to_numpy(), month=v["month"].to_numpy(),
                             base=v["household_disposable_income_base"].to_numpy(),
                             scen=v["household_disposable_income_scen"].to_numpy(),
                             zero=v["zero_base"].to_numpy(),
                             supp=v["household_ceiling_supplement_scen"].to_numpy(),
                             clock=v["ceiling_clock_scen"].to_numpy())
        self.fig.x_range.start, self.fig.x_range.end = 0.5, result.months + 0.5
        _, last = result.supplement_months()
        self._last = last
        self._hours = result.inputs.hours_per_week
        first_paid = np.flatnonzero(v["household_ceiling_supplement_scen"].to_numpy() > 0.5)
        visible = last > 0
        self.paid.visible = self.cliff.visible = self.cliff_label.visible = visible
        if visible:
            self.paid.left = float(first_paid[0]) + 0.5
            self.paid.right = self.cliff.location = self.cliff_label.x = last + 0.5
            self.cliff_label.text_align = "right" if last > result.months * 0.6 else "left"
            self.cliff_label.x_offset = -4 if last > result.months * 0.6 else 4

    def relabel(self, tr: Tr, scenario_label: str) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_month")
        f.yaxis.axis_label = tr("axis_disposable")
        self.cliff_label.text = tr("cliff_label", month=self._last) if self._last else ""
        for item, label in zip(self.items, [tr("baseline"), scenario_label, tr("zero_hours_line")]):
            item.label = dict(value=label)
        f.hover.tooltips = [(tr("axis_month"), "@m (@month)"), (tr("baseline"), "@base{0,0} kr"),
                            (scenario_label, "@scen{0,0} kr"), (tr("supplement"), "@supp{0,0} kr"),
                            (tr("clock"), "@clock")]
