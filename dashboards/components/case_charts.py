"""Bokeh charts of the caseworker page. Built once; ``update`` swaps the data (only what changed),
``relabel`` the language (labels, legend, tooltips and number formats in the page's convention)."""

from __future__ import annotations

import numpy as np
from bokeh.models import (BoxAnnotation, ColumnDataSource, CustomJSHover, CustomJSTickFormatter, FactorRange,
                          HoverTool, Label, Legend, LegendItem, NumeralTickFormatter, Span)
from bokeh.plotting import figure
from bokeh.transform import dodge

from taxben.kernels.fields import EMTR_PARTS as ENGINE_EMTR_PARTS

from . import theme
from .case_model import CaseResult
from .i18n import Tr
from taxben.numbers import INTL_LOCALE, js_number

# the engine's parts of the EMTR, in the engine's order (they add up to the EMTR)
EMTR_PARTS = list(ENGINE_EMTR_PARTS)
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
const s = Math.abs(v).toLocaleString(loc, {maximumFractionDigits: pct ? 0 : 1});
return (v < 0 ? "\u2212" : "") + (pct ? s + " %" : s);
"""


def set_language(fig, lang: str) -> None:
    """Danish (12.000, 70 %) or English (12,000, 70 %) numbers on the axes, via the browser's Intl."""
    loc = INTL_LOCALE.get(lang, "da-DK")
    for axis in [*fig.xaxis, *fig.yaxis]:
        f = axis.formatter
        if isinstance(f, NumeralTickFormatter):
            axis.formatter = CustomJSTickFormatter(args=dict(loc=loc, pct="%" in f.format), code=_TICK_JS)
        elif isinstance(f, CustomJSTickFormatter) and "pct" in f.args and f.args.get("loc") != loc:
            f.args = dict(f.args, loc=loc)


def hover_formats(tr: Tr) -> dict[str, CustomJSHover]:
    """Tooltip number formats of the page's language: ``kr`` (7.602 kr.), ``pct`` (92,5 %), ``num``."""
    unit = tr("unit_kr")
    body = js_number(tr.lang)
    return {
        "kr": CustomJSHover(args=dict(digits=0, unit=unit), code=(
            "if (value == null || !isFinite(value)) return '–';"
            f"const f = (value, digits) => {{ {body} }}; return f(value, digits) + ' ' + unit;")),
        "pct": CustomJSHover(args=dict(digits=1), code=(
            "if (value == null || !isFinite(value)) return '–';"
            f"const f = (value, digits) => {{ {body} }}; return f(100 * value, digits) + ' %';")),
        "num": CustomJSHover(args=dict(digits=0), code=(
            "if (value == null || !isFinite(value)) return '–';"
            f"const f = (value, digits) => {{ {body} }}; return f(value, digits);")),
    }


def _tooltips(hover: HoverTool, rows: list[tuple[str, str, str]], formats: dict) -> None:
    """``rows``: (label, column, format name) -> tooltips with the language's number formats."""
    hover.tooltips = [(label, f"@{{{column}}}{{custom}}") for label, column, _ in rows]
    hover.formatters = {f"@{{{column}}}": formats[fmt] for _, column, fmt in rows}


def _legend(fig, items, ncols: int | None = None):
    """A legend under the plot; ``ncols`` wraps long legends onto several rows instead of clipping them."""
    legend = Legend(items=items, orientation="horizontal", label_text_font_size="11px", spacing=12, padding=2,
                    margin=2, border_line_alpha=0, click_policy="hide")
    if ncols:
        legend.ncols = ncols
    fig.add_layout(legend, "below")
    return legend


def _notice() -> Label:
    """A sentence across the plot where there is nothing to draw (the EMTR at a wage of 0)."""
    return Label(x=70, y=170, x_units="screen", y_units="screen", text="", text_font_size="12px",
                 text_color="#8a5300", background_fill_color="#fff7ef", background_fill_alpha=0.95, visible=False)


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


def _same_sweep(result: CaseResult, previous: CaseResult | None) -> bool:
    return previous is not None and previous.cube is result.cube


class BudgetChart:
    """Household disposable income (before rent) against hours per week, baseline and scenario."""

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
        self.hover = HoverTool(renderers=[ls], mode="vline")
        fig.add_tools(self.hover)
        self.items = [LegendItem(renderers=[lb]), LegendItem(renderers=[ls]), LegendItem(renderers=[sb]),
                      LegendItem(renderers=[ss])]
        self.legend = _legend(fig, self.items, ncols=2)
        self.fig = fig

    def update(self, result: CaseResult, previous: CaseResult | None = None) -> None:
        b = result.budget()
        if not _same_sweep(result, previous):
            h = b["hours_per_week"].to_numpy(dtype=float)
            self.src.data = dict(h=h, base=b["household_disposable_income_m_base"].to_numpy(),
                                 scen=b["household_disposable_income_m_scen"].to_numpy(),
                                 emtr_base=b["emtr_base"].to_numpy(), emtr_scen=b["emtr_scen"].to_numpy())
            for src, col in ((self.shade_base, "emtr_base"), (self.shade_scen, "emtr_scen")):
                spans = high_emtr_spans(h, b[col].to_numpy())
                src.data = dict(left=[s[0] for s in spans], right=[s[1] for s in spans])
            self.items[3].visible = bool(len(self.shade_scen.data["left"]))
        at = result.at_hours()
        x = float(result.inputs.hours_per_week)
        self.marks.data = dict(h=[x, x], d=[at["household_disposable_income_m_base"],
                                            at["household_disposable_income_m_scen"]], color=[theme.BASE, theme.SCEN])
        self.chosen.location = x

    def relabel(self, tr: Tr, scenario_label: str, formats: dict) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_hours")
        f.yaxis.axis_label = tr("axis_disposable")
        labels = [tr("baseline"), scenario_label, tr("shade_emtr90_base"), tr("shade_emtr90_scen")]
        for item, label in zip(self.items, labels):
            item.label = dict(value=label)
        _tooltips(self.hover, [(tr("axis_hours"), "h", "num"), (tr("tip_d_base"), "base", "kr"),
                               (tr("tip_d_scen", scenario=scenario_label), "scen", "kr"),
                               (tr("tip_emtr_base"), "emtr_base", "pct"), (tr("tip_emtr_scen"), "emtr_scen", "pct")],
                  formats)


class EmtrChart:
    """EMTR from h to h + 1 hours (step chart), with the ceiling rate drawn *under* the lines, so the
    reform's line stays visible where it runs on the ceiling."""

    def __init__(self):
        self.src = ColumnDataSource(dict(h=[], h_next=[], base=[], scen=[]))
        fig = _figure(300, x_range=(0, 40), y_range=(0, 1.1))
        self.ceiling = Span(location=0.7, dimension="width", line_color=theme.CEILING, line_alpha=0.35,
                            line_width=7, level="underlay")
        self.ceiling_label = Label(x=0.5, y=0.7, text="", text_align="left", y_offset=6, text_font_size="11px",
                                   text_color=theme.CEILING, level="underlay")
        lb = fig.step("h", "base", source=self.src, mode="after", color=theme.BASE, line_width=2.5)
        ls = fig.step("h", "scen", source=self.src, mode="after", color=theme.SCEN, line_width=2.5)
        self.chosen = Span(location=15, dimension="height", line_color="#444", line_dash="dotted", line_width=1.5)
        self.notice = _notice()
        for m in (self.ceiling, self.ceiling_label, self.chosen, self.notice):
            fig.add_layout(m)
        fig.yaxis.formatter = NumeralTickFormatter(format="0 %")
        self.hover = HoverTool(renderers=[ls], mode="vline")
        fig.add_tools(self.hover)
        self.items = [LegendItem(renderers=[lb]), LegendItem(renderers=[ls])]
        self.legend = _legend(fig, self.items)
        self.fig = fig
        self._rate = None

    def update(self, result: CaseResult, ceiling_rate: float | None, previous: CaseResult | None = None) -> None:
        self.chosen.location = float(result.inputs.hours_per_week)
        self.notice.visible = result.wage_zero
        if _same_sweep(result, previous):
            return
        b = result.budget()
        h = b["hours_per_week"].to_numpy(dtype=float)
        base, scen = b["emtr_base"].to_numpy(), b["emtr_scen"].to_numpy()
        self.src.data = dict(h=np.append(h, 41.0), h_next=np.append(h + 1, 42.0), base=np.append(base, base[-1]),
                             scen=np.append(scen, scen[-1]))
        finite = np.concatenate([base, scen])
        finite = finite[np.isfinite(finite)]
        top = float(np.max(finite, initial=1.0))
        self.fig.y_range.end = float(min(max(1.05, top + 0.05), 2.0))
        self.fig.y_range.start = float(min(0.0, np.min(finite, initial=0.0) - 0.05))
        visible = ceiling_rate is not None
        self.ceiling.visible = self.ceiling_label.visible = visible
        if visible:
            self.ceiling.location = self.ceiling_label.y = ceiling_rate
        self._rate = ceiling_rate

    def relabel(self, tr: Tr, scenario_label: str, formats: dict) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_hours")
        f.yaxis.axis_label = tr("axis_emtr")
        self.notice.text = tr("chart_wage_zero")
        self.ceiling_label.text = tr("ceiling_line", rate=tr.pct(self._rate, 0)) if self._rate else ""
        for item, label in zip(self.items, [tr("baseline"), scenario_label]):
            item.label = dict(value=label)
        _tooltips(self.hover, [(tr("tip_from_hours"), "h", "num"), (tr("tip_to_hours"), "h_next", "num"),
                               (tr("baseline"), "base", "pct"), (scenario_label, "scen", "pct")], formats)


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
        self.notice = _notice()
        fig.add_layout(self.notice)
        self.hover = HoverTool()
        fig.add_tools(self.hover)
        self.items = [LegendItem(renderers=[bb]), LegendItem(renderers=[bs])]
        self.legend = _legend(fig, self.items)
        self.fig = fig
        self._data = None
        self._names: list[str] = []

    def update(self, result: CaseResult, previous: CaseResult | None = None) -> None:
        self._data = result.at_hours()
        self.notice.visible = result.wage_zero
        self._fill()

    def _fill(self) -> None:
        if self._data is None or not self._names:
            return
        at = self._data
        parts = EMTR_PARTS + ["emtr"]
        self.src.data = dict(part=self._names, base=[float(at[f"{p}_base"]) for p in parts],
                             scen=[float(at[f"{p}_scen"]) for p in parts])

    def relabel(self, tr: Tr, scenario_label: str, formats: dict) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_emtr_points")
        self.notice.text = tr("chart_wage_zero")
        self._names = [tr(p) if tr.has(p) else p for p in EMTR_PARTS + ["emtr"]]
        f.y_range.factors = self._names[::-1]
        self._fill()
        for item, label in zip(self.items, [tr("baseline"), scenario_label]):
            item.label = dict(value=label)
        self.hover.tooltips = [("", "@part"), (tr("baseline"), "@{base}{custom}"),
                               (scenario_label, "@{scen}{custom}")]
        self.hover.formatters = {"@{base}": formats["pct"], "@{scen}": formats["pct"]}


class MonthChart:
    """Disposable income month by month at the chosen hours: the cliff when the ceiling ends, and the months
    whose rules use projected (estimated) amounts."""

    def __init__(self):
        self.src = ColumnDataSource(dict(m=[], month=[], base=[], scen=[], zero=[], supp=[], clock=[]))
        fig = _figure(300)
        lz = fig.step("m", "zero", source=self.src, mode="center", color=theme.ZERO, line_width=1.8, line_dash="dashed")
        lb = fig.step("m", "base", source=self.src, mode="center", color=theme.BASE, line_width=2.5)
        ls = fig.step("m", "scen", source=self.src, mode="center", color=theme.SCEN, line_width=2.5)
        self.paid = BoxAnnotation(left=0.5, right=12.5, fill_color=theme.SCEN, fill_alpha=0.08)
        self.projected = BoxAnnotation(left=12.5, right=30.5, fill_color="#777", fill_alpha=0.0, hatch_pattern="x",
                                       hatch_alpha=0.12, hatch_color="#777", line_alpha=0, visible=False)
        self.projected_label = Label(x=30.5, y=0, y_units="screen", y_offset=8, x_offset=-4, text="",
                                     text_font_size="10px", text_color="#555", text_align="right", visible=False)
        self.cliff = Span(location=12.5, dimension="height", line_color="#b45309", line_dash="dashed", line_width=2)
        self.cliff_label = Label(x=12.5, y=0, y_units="screen", y_offset=22, x_offset=4, text="", text_font_size="11px",
                                 text_color="#b45309")
        for m in (self.paid, self.projected, self.projected_label, self.cliff, self.cliff_label):
            fig.add_layout(m)
        fig.y_range.renderers = [lz, lb, ls]
        fig.yaxis.formatter = NumeralTickFormatter(format="0,0")
        self.hover = HoverTool(renderers=[ls], mode="vline")
        fig.add_tools(self.hover)
        self.items = [LegendItem(renderers=[lb]), LegendItem(renderers=[ls]), LegendItem(renderers=[lz])]
        self.legend = _legend(fig, self.items, ncols=2)
        self.fig = fig
        self._last = 0

    def update(self, result: CaseResult, previous: CaseResult | None = None) -> None:
        v = result.months_view()
        self.src.data = dict(m=v["month_number"].to_numpy(), month=v["month"].to_numpy(),
                             base=v["household_disposable_income_m_base"].to_numpy(),
                             scen=v["household_disposable_income_m_scen"].to_numpy(),
                             zero=v["zero_base"].to_numpy(),
                             supp=v["household_ceiling_supplement_m_scen"].to_numpy(),
                             clock=v["ceiling_clock_scen"].to_numpy())
        self.fig.x_range.start, self.fig.x_range.end = 0.5, result.months + 0.5
        _, last = result.supplement_months()
        self._last = last
        first_paid = np.flatnonzero(v["household_ceiling_supplement_m_scen"].to_numpy() > 0.5)
        visible = last > 0
        self.paid.visible = self.cliff.visible = self.cliff_label.visible = visible
        if visible:
            self.paid.left = float(first_paid[0]) + 0.5
            self.paid.right = self.cliff.location = self.cliff_label.x = last + 0.5
            self.cliff_label.text_align = "right" if last > result.months * 0.6 else "left"
            self.cliff_label.x_offset = -4 if last > result.months * 0.6 else 4
        projected = np.flatnonzero(v["projected"].to_numpy(dtype=bool))
        self.projected.visible = self.projected_label.visible = projected.size > 0
        if projected.size:
            self.projected.left = float(projected[0]) + 0.5
            self.projected.right = self.projected_label.x = float(projected[-1]) + 1.5

    def relabel(self, tr: Tr, scenario_label: str, formats: dict) -> None:
        set_language(self.fig, tr.lang)
        f = self.fig
        f.xaxis.axis_label = tr("axis_month")
        f.yaxis.axis_label = tr("axis_disposable")
        self.cliff_label.text = tr("cliff_label", month=self._last) if self._last else ""
        self.projected_label.text = tr("projected_label")
        for item, label in zip(self.items, [tr("baseline"), scenario_label, tr("zero_hours_line")]):
            item.label = dict(value=label)
        _tooltips(self.hover, [(tr("axis_month"), "m", "num"), (tr("tip_d_base"), "base", "kr"),
                               (tr("tip_d_scen", scenario=scenario_label), "scen", "kr"),
                               (tr("supplement"), "supp", "kr"), (tr("clock"), "clock", "num")], formats)
        self.hover.tooltips = [*self.hover.tooltips[:1], ("", "@month"), *self.hover.tooltips[1:]]
