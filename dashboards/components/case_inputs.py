"""The caseworker form: widgets, their labels, and messages next to each widget (never a traceback).

Number fields are text fields read with :func:`taxben.numbers.parse_number` in the page's
language ("4.000", "4 000", "4000,50" on the Danish page; "4,000.50" on the English page). What cannot be
read is marked next to the field and nothing is recomputed; what was read is written back in the page's
convention, so the caseworker sees the value the calculation uses. Upper bounds and plausibility limits
come from the population file's column rules (``taxben.population.schema``), the same as the CLI's.
"""

from __future__ import annotations

from dataclasses import dataclass

import panel as pn

from taxben.population.schema import POPULATION_COLUMNS, ColumnSpec

from .case_model import CaseInputs, scenarios, start_months
from .i18n import Tr
from taxben.numbers import NumberError, format_input, parse_number

MONTH_NAMES = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                      "oktober", "november", "december"],
               "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]}
NO_GROUP = 0  # the "no match group" option (widget value; becomes None)
EVENT_DEBOUNCE_MS = 5
_COLUMNS = {c.name: c for c in POPULATION_COLUMNS}


@dataclass(frozen=True)
class NumberField:
    """A number typed by the caseworker: which population column's bounds apply, whole or not, money or not."""

    column: str
    integer: bool = False
    money: bool = False

    @property
    def spec(self) -> ColumnSpec:
        return _COLUMNS[self.column]


NUMBER_FIELDS: dict[str, NumberField] = {
    "hourly_wage": NumberField("hourly_wage", money=True),
    "age": NumberField("age", integer=True),
    "n_children": NumberField("n_children", integer=True),
    "rent_monthly": NumberField("rent_monthly", money=True),
    "other_income_monthly": NumberField("other_income_monthly", money=True),
    "months_on_benefit": NumberField("months_on_benefit", integer=True),
    "ceiling_months_used": NumberField("ceiling_months_used", integer=True),
    "spouse_age": NumberField("age", integer=True),
    "spouse_hours_per_week": NumberField("hours_per_week"),
    "spouse_hourly_wage": NumberField("hourly_wage", money=True),
}
SPOUSE_FIELDS = ("spouse_age", "spouse_recipient", "spouse_match_group", "spouse_hours_per_week",
                 "spouse_hourly_wage")


def month_label(month: str, lang: str) -> str:
    return f"{MONTH_NAMES[lang][int(month[5:7]) - 1]} {month[:4]}"


class Field:
    """A widget with a message line under it (error in red, note in brown)."""

    def __init__(self, key: str, widget):
        self.key = key
        self.widget = widget
        self.message = pn.pane.HTML("", visible=False, margin=(0, 10, 0, 12), sizing_mode="stretch_width",
                                    css_classes=[f"msg-{key}"])
        self.panel = pn.Column(widget, self.message, margin=0, sizing_mode="stretch_width")
        self._shown = ("", "")

    def show(self, text: str = "", kind: str = "error") -> None:
        if (text, kind) == self._shown:
            return  # unchanged: send nothing to the browser
        self._shown = (text, kind)
        if text:
            self.message.object = f'<p class="tb-{kind}" data-field="{self.key}">{text}</p>'
            self.message.visible = True
        else:
            self.message.object = ""
            self.message.visible = False


@dataclass
class FormReading:
    """What the form holds: the inputs (None while any field is unreadable or out of bounds), the
    messages per field, and the values read (to write them back in the page's convention)."""

    inputs: CaseInputs | None
    errors: dict[str, str]
    warnings: dict[str, str]


def _bound_text(tr: Tr, value: float, field: NumberField) -> str:
    return tr.kr(value) if field.money else tr.num(value)


def check_number(tr: Tr, key: str, text: str) -> tuple[float | None, str, str]:
    """(value or None, error, warning) for the text of number field ``key``."""
    field = NUMBER_FIELDS[key]
    try:
        value = parse_number(text, tr.lang, integer=field.integer)
    except NumberError as error:
        return None, tr(error.key, **error.values), ""
    spec = field.spec
    if spec.min is not None and value < spec.min:
        return None, tr("err_min", min=_bound_text(tr, spec.min, field)), ""
    if spec.max is not None and value > spec.max:
        return None, tr("err_max_shared", max=_bound_text(tr, spec.max, field)), ""
    if spec.warn_above is not None and value > spec.warn_above:
        return value, "", tr("warn_implausible", limit=_bound_text(tr, spec.warn_above, field))
    return value, "", ""


class CaseForm:
    """All inputs of the caseworker page. ``read(tr)`` reads them into a ``CaseInputs``."""

    def __init__(self, defaults: CaseInputs | None = None, lang: str = "da"):
        d = defaults or CaseInputs()
        self.lang = lang
        w = {}
        w["start"] = pn.widgets.Select(value=d.start, options=list(start_months()))
        w["scenario"] = pn.widgets.Select(value=d.scenario, options=list(scenarios()))
        w["hours_per_week"] = pn.widgets.IntSlider(value=d.hours_per_week, start=0, end=40, step=1)
        w["recipient"] = pn.widgets.Checkbox(value=d.recipient)
        w["match_group"] = pn.widgets.Select(value=d.match_group or NO_GROUP, options=[1, 2, 3, 4, 5, NO_GROUP])
        w["lives_with_parents"] = pn.widgets.Checkbox(value=d.lives_with_parents)
        w["couple"] = pn.widgets.Checkbox(value=d.couple)
        w["extension_granted"] = pn.widgets.Checkbox(value=d.extension_granted)
        w["spouse_recipient"] = pn.widgets.Checkbox(value=d.spouse_recipient)
        w["spouse_match_group"] = pn.widgets.Select(value=d.spouse_match_group or NO_GROUP,
                                                    options=[1, 2, 3, 4, 5, NO_GROUP])
        self.values: dict[str, float] = {}
        for key in NUMBER_FIELDS:
            value = float(getattr(d, key))
            self.values[key] = value
            w[key] = pn.widgets.TextInput(value=format_input(value, lang))
        for name, widget in w.items():
            widget.sizing_mode = "stretch_width"
            widget.css_classes = [f"in-{name}"]
            # Panel waits 50 ms for more browser events before handling one; a form field sends one
            # change at a time, so wait only briefly (part of the 150 ms budget for the sentence).
            widget._debounce = EVENT_DEBOUNCE_MS
        self.widgets = w
        self.fields = {k: Field(k, v) for k, v in w.items()}
        self.scenario_note = pn.pane.HTML("", margin=(0, 10, 4, 12), sizing_mode="stretch_width")
        self.group_note = pn.pane.HTML("", margin=(0, 10, 4, 12), sizing_mode="stretch_width",
                                       css_classes=["group-note"])
        self.headings = {k: pn.pane.HTML("", margin=(8, 10, 0, 10), sizing_mode="stretch_width")
                         for k in ("sec_period", "sec_person", "sec_household", "sec_history", "sec_spouse")}
        f = self.fields
        self.spouse_section = pn.Column(
            self.headings["sec_spouse"], f["spouse_hours_per_week"].panel, f["spouse_hourly_wage"].panel,
            f["spouse_recipient"].panel, f["spouse_match_group"].panel,
            f["spouse_age"].panel, margin=0, sizing_mode="stretch_width", visible=d.couple)
        w["couple"].param.watch(lambda e: setattr(self.spouse_section, "visible", e.new), "value")
        self.panel = pn.Column(
            self.headings["sec_period"], f["start"].panel, f["scenario"].panel, self.scenario_note,
            self.headings["sec_person"], f["hours_per_week"].panel, f["hourly_wage"].panel, f["age"].panel,
            f["recipient"].panel, f["match_group"].panel, self.group_note, f["lives_with_parents"].panel,
            self.headings["sec_household"], f["couple"].panel, self.spouse_section, f["n_children"].panel,
            f["rent_monthly"].panel, f["other_income_monthly"].panel,
            self.headings["sec_history"], f["months_on_benefit"].panel, f["ceiling_months_used"].panel,
            f["extension_granted"].panel,
            margin=0, sizing_mode="stretch_width")
        self._labelled: tuple | None = None
        self._writing = False  # writing numbers back: the watchers must not re-run the page

    def watch(self, callback) -> None:
        """Call ``callback()`` when any input changes (the hours slider on release or key press; a text
        field on Enter or when it loses focus)."""
        for name, widget in self.widgets.items():
            what = "value_throttled" if name == "hours_per_week" else "value"
            widget.param.watch(lambda e: None if self._writing else callback(), what)

    def _write(self, key: str, text: str) -> None:
        if self.widgets[key].value != text:
            self._writing = True
            try:
                self.widgets[key].value = text
            finally:
                self._writing = False

    def read(self, tr: Tr) -> FormReading:
        """Read every field; number fields in ``tr``'s language. Writes readable numbers back in the page's
        convention (the caller's watcher then sees the same inputs again and does nothing)."""
        errors, warnings = {}, {}
        v = {k: w.value for k, w in self.widgets.items() if k not in NUMBER_FIELDS}
        couple = bool(v["couple"])
        for key in NUMBER_FIELDS:
            if key in SPOUSE_FIELDS and not couple:
                v[key] = self.values[key]  # hidden: keep the last value, do not judge it
                continue
            value, error, warning = check_number(tr, key, self.widgets[key].value)
            if error:
                errors[key] = error
                continue
            if warning:
                warnings[key] = warning
            self.values[key] = value
            v[key] = value
            self._write(key, format_input(value, tr.lang))
        if errors:
            return FormReading(None, errors, warnings)
        for key in ("match_group", "spouse_match_group"):
            v[key] = None if v[key] in (None, NO_GROUP) else int(v[key])
        for key, field in NUMBER_FIELDS.items():
            v[key] = int(v[key]) if field.integer else float(v[key])
        v["hours_per_week"] = int(v["hours_per_week"])
        return FormReading(CaseInputs(**v), errors, warnings)

    def show_numbers(self, lang: str) -> None:
        """Write every readable number field in ``lang``'s convention (after a change of language)."""
        old = self.lang
        self.lang = lang
        for key in NUMBER_FIELDS:
            try:
                value = parse_number(self.widgets[key].value, old, integer=NUMBER_FIELDS[key].integer)
            except NumberError:
                continue  # an unreadable field keeps its text and its message
            self._write(key, format_input(value, lang))

    def relabel(self, tr: Tr) -> None:
        """Labels, options and notes in ``tr``'s language (only when the language or the start year changed)."""
        start = self.widgets["start"]
        key = (tr.lang, start.value[:4], self.widgets["scenario"].value)
        if key == self._labelled:
            return
        self._labelled = key
        for name, widget in self.widgets.items():
            widget.name = tr(f"in_{name}")
        lang = tr.lang
        start.options = {month_label(m, lang): m for m in start_months()}
        scen = self.widgets["scenario"]
        scen.options = {tr(f"scenario_{n}") if tr.has(f"scenario_{n}") else n: n for n in scenarios()}
        year = start.value[:4]
        for key in ("match_group", "spouse_match_group"):
            self.widgets[key].options = {**{group_label(tr, g, year): g for g in range(1, 6)},
                                         tr("group_none"): NO_GROUP}
        note = f'<p class="tb-note" data-testid="group-note">{tr("group_note_2026")}</p>' if year >= "2014" else ""
        self.group_note.object = note  # once, by the person's selector; the partner's options name the groups
        for key, pane in self.headings.items():
            pane.object = f'<h4 style="margin:4px 0 0 0;color:#0b5394;font-size:0.95rem">{tr(key)}</h4>'
        s = scenarios().get(scen.value)
        self.scenario_note.object = f'<p class="tb-note">{tr.localized(s.description)}</p>' if s else ""

    def show_messages(self, errors: dict[str, str], notes: dict[str, str]) -> None:
        """Errors (red) and notes (brown) next to their fields; every other field's message cleared."""
        for key, field in self.fields.items():
            if key in errors:
                field.show(errors[key], "error")
            elif key in notes:
                field.show(notes[key], "warn")
            else:
                field.show("")


def group_label(tr: Tr, group: int, year: str) -> str:
    """"Matchgruppe 4", and under current law what the group stands for ("– aktivitetsparat")."""
    label = tr("group_n", n=group)
    if year >= "2014":  # jobparat / aktivitetsparat replaced the match groups in 2014 (PARAMETERS.md)
        label += " – " + tr("group_jobparat" if group <= 3 else "group_aktivitetsparat")
    return label
