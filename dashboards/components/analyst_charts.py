"""Bokeh charts of the analyst page: baseline beside scenario by group, and the fiscal cost by group."""

from __future__ import annotations

import pandas as pd
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, LegendItem, NumeralTickFormatter, Span
from bokeh.transform import dodge

from . import theme
from .case_charts import _figure, _legend, set_language
from .i18n import Tr

EMTR_BANDS = ["emtr_below_50", "emtr_50_70", "emtr_70_80", "emtr_80_90", "emtr_90_100", "emtr_100_plus"]


def group_label(tr: Tr, dimension: str, group: str) -> str:
    """Readable name of a summary group."""
    if dimension == "all":
        return tr("group_all")
    if dimension == "match_group":
        return tr("group_none_short") if group == "none" else tr("group_mg", n=group)
    if dimension == "family_type":
        return tr(f"family_{group}") if tr.has(f"family_{group}") else group
    if dimension == "hours_band":
        return tr("hours_band", band=group)
    return str(group)


class PairBars:
    """Vertical bars, baseline beside scenario, one pair per category."""

    def __init__(self, number_format: str):
        self.src = ColumnDataSource(dict(cat=["–"], base=[0.0], scen=[0.0]))
        fig = _figure(280, x_range=FactorRange(factors=["–"]))
        bb = fig.vbar(x=dodge("cat", -0.2, range=fig.x_range), top="base", width=0.38, source=self.src, color=theme.BASE)
        bs = fig.vbar(x=dodge("cat", 0.2, range=fig.x_range), top="scen", width=0.38, source=self.src, color=theme.SCEN)
        fig.yaxis.formatter = NumeralTickFormatter(format=number_format)
        fig.xgrid.grid_line_color = None
        fig.y_range.start = 0
        self.format = number_format
        fig.add_tools(HoverTool(tooltips=[("", "@cat"), ("base", f"@base{{{number_format}}}"),
                                          ("scen", f"@scen{{{number_format}}}")]))
        self.items = [LegendItem(renderers=[bb]), LegendItem(renderers=[bs])]
        _legend(fig, self.items)
        self.fig = fig

    def update(self, categories: list[str], base, scen, tr: Tr, y_label: str, scenario_label: str) -> None:
        set_language(self.fig, tr.lang)
        self.fig.x_range.factors = list(categories)
        self.src.data = dict(cat=list(categories), base=list(base), scen=list(scen))
        self.fig.yaxis.axis_label = y_label
        for item, label in zip(self.items, [tr("baseline"), scenario_label]):
            item.label = dict(value=label)
        self.fig.hover.tooltips = [("", "@cat"), (tr("baseline"), f"@base{{{self.format}}}"),
                                   (scenario_label, f"@scen{{{self.format}}}")]


class CostBars:
    """Horizontal bars: fiscal cost per year (million kr) by group."""

    def __init__(self):
        self.src = ColumnDataSource(dict(cat=["–"], cost=[0.0], eligible=[0.0]))
        fig = _figure(280, y_range=FactorRange(factors=["–"]))
        fig.hbar(y="cat", right="cost", height=0.6, source=self.src, color=theme.SCEN)
        fig.xaxis.formatter = NumeralTickFormatter(format="0,0")
        fig.ygrid.grid_line_color = None
        fig.min_border_left = 10
        fig.add_layout(Span(location=0, dimension="height", line_color="#333", line_width=1))
        fig.add_tools(HoverTool(tooltips=[("", "@cat"), ("", "@cost{0,0.0}")]))
        self.fig = fig

    def update(self, table: pd.DataFrame, dimension: str, tr: Tr) -> None:
        set_language(self.fig, tr.lang)
        rows = table[table["dimension"] == dimension]
        cats = [group_label(tr, dimension, g) for g in rows["group"]]
        self.fig.y_range.factors = cats[::-1]
        self.src.data = dict(cat=cats, cost=(rows["fiscal_cost_dkk_y"] / 1e6).tolist(),
                             eligible=rows["persons_eligible_scenario"].tolist())
        self.fig.xaxis.axis_label = tr("axis_cost")
        self.fig.hover.tooltips = [("", "@cat"), (tr("axis_cost"), "@cost{0,0.0}"),
                                   (tr("col_eligible"), "@eligible{0,0}")]
