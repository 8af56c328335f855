"""Turning resolved parameters into JSON-ready dicts and rich tables (used by ``taxben rules``)."""

from __future__ import annotations

import math
from typing import Any

from rich.markup import escape
from rich.table import Table

from taxben.rules import Params, RuleSet


def json_value(value: Any, column: str | None = None) -> Any:
    """Plain JSON: whole floats as ints, schedules as [{threshold, <column>}], NaN/inf as null/"inf"."""
    if isinstance(value, list):
        return [{"threshold": json_value(t), column or "value": json_value(v)} for t, v in value]
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf"
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def text_value(value: Any) -> str:
    if value is None:
        return "— (not in force)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(f"{text_value(t)}: {text_value(v)}" for t, v in value)
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.6g}"
    return str(value)


def source_text(reference: dict[str, Any]) -> str:
    """The source in one short line: the URL, else the legal or document citation."""
    return str(reference.get("url") or reference.get("citation") or reference.get("title", ""))


def params_json(rules: RuleSet, params: Params, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"month": params.month, "covered": params.covered, "scenario": params.scenario}
    out.update(extra)
    parameters = {}
    for name, meta in params.meta.items():
        entry = {"value": json_value(params.values[name], rules.parameters[name].column)}
        entry.update(meta.to_dict())
        entry.pop("name", None)
        parameters[name] = entry
    out["parameters"] = parameters
    out["estimated"] = [
        {**e, "value": json_value(e["value"], rules.parameters[e["name"]].column)} for e in params.estimated()
    ]
    if params.notes:
        out["notes"] = params.notes
    return out


NARROW = 130  # below this many columns the source goes under the parameter's name


def params_table(params: Params, width: int | None = None) -> Table:
    """Every parameter with value, unit, status, date and source. Narrower than ``NARROW`` columns (an
    80-column terminal) the table has three columns, so no value or source is cut off."""
    if width is not None and width < NARROW:
        return _narrow_params_table(params)
    table = Table(title=f"Rules in force on {params.month}-01" + (f" — scenario {params.scenario}" if params.scenario else ""),
                  show_lines=False, expand=False)
    table.add_column("parameter", style="bold", no_wrap=True)
    table.add_column("value", style="cyan", overflow="fold", max_width=40)
    for col in ("unit", "status", "from"):
        table.add_column(col, no_wrap=True)
    table.add_column("source", style="dim", overflow="fold", max_width=70)
    colour = {"verified": "green", "secondary": "yellow", "estimated": "red"}
    for name, meta in params.meta.items():
        unit = meta.unit if meta.kind != "schedule" else f"{meta.threshold_unit} → {meta.unit}"
        status = f"[{colour.get(meta.status, '')}]{meta.status}[/]"
        origin = "" if meta.origin == "rules" else f" ({meta.origin})"
        table.add_row(name, text_value(params.values[name]), unit, status + origin, meta.effective,
                      source_text(meta.reference))
    return table


def _narrow_params_table(params: Params) -> Table:
    from rich import box

    table = Table(title=f"Rules in force on {params.month}-01" + (f" — scenario {params.scenario}" if params.scenario else ""),
                  box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False, expand=True)
    table.add_column("parameter / [dim]source[/]", overflow="fold", ratio=3)
    table.add_column("value", overflow="fold", ratio=2)
    table.add_column("status / from", no_wrap=True)
    colour = {"verified": "green", "secondary": "yellow", "estimated": "red"}
    for name, meta in params.meta.items():
        unit = meta.unit if meta.kind != "schedule" else f"{meta.threshold_unit} → {meta.unit}"
        origin = "" if meta.origin == "rules" else f" ({meta.origin})"
        source = escape(source_text(meta.reference))
        table.add_row(f"[bold]{escape(name)}[/]\n[dim]{source}[/]",
                      f"[cyan]{escape(text_value(params.values[name]))}[/] [dim]{escape(unit)}[/]",
                      f"[{colour.get(meta.status, '')}]{meta.status}[/]{escape(origin)}\n{meta.effective}")
    return table


def diff_rows(a: Params, b: Params) -> list[tuple[str, Any, Any, str, str]]:
    rows = []
    for name in a.values:
        va, vb = a.values[name], b.values[name]
        if va != vb:
            rows.append((name, va, vb, a.meta[name].status, b.meta[name].status))
    return rows
