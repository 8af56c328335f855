"""The caseworker form: widgets, their labels, and messages next to each widget (never a traceback)."""

from __future__ import annotations

import panel as pn

from .case_model import CaseInputs, scenarios, start_months
from .i18n import Tr

MONTH_NAMES = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                      "oktober", "november", "december"],
               "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]}
NO_GROUP = 0  # the "no match group" option (widget value; becomes None)


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

    def show(self, text: str = "", kind: str = "error") -> None:
        if text:
            self.message.object = f'<p class="tb-{kind}" data-field="{self.key}">{text}</p>'
            self.message.visible = True
        else:
            self.message.object = ""
            self.message.visible = False


class CaseForm:
    """All inputs of the caseworker page. ``inputs()`` reads them into a ``CaseInputs``."""

    def __init__(self, defaults: CaseInputs | None = None):
        d = defaults or CaseInputs()
        w = {}
        w["start"] = pn.widgets.Select(value=d.start, options=list(start_months()))
        w["scenario"] = pn.widgets.Select(value=d.scenario, options=list(scenarios()))
        w["hours_per_week"] = pn.widgets.IntSlider(value=d.hours_per_week, start=0, end=40, step=1)
        w["hourly_wage"] = pn.widgets.FloatInput(value=d.hourly_wage, step=5)
        w["age"] = pn.widgets.IntInput(value=d.age, step=1)
        w["recipient"] = pn.widgets.Checkbox(value=d.recipient)
        w["match_group"] = pn.widgets.Select(value=d.match_group or NO_GROUP, options=[1, 2, 3, 4, 5, NO_GROUP])
        w["lives_with_parents"] = pn.widgets.Checkbox(value=d.lives_with_parents)
        w["couple"] = pn.widgets.Checkbox(value=d.couple)
        w["n_children"] = pn.widgets.IntInput(value=d.n_children, step=1)
        w["rent_monthly"] = pn.widgets.FloatInput(value=d.rent_monthly, step=500)
        w["other_income_monthly"] = pn.widgets.FloatInput(value=d.other_income_monthly, step=500)
        w["months_on_benefit"] = pn.widgets.IntInput(value=d.months_on_benefit, step=1)
        w["ceiling_months_used"] = pn.widgets.IntInput(value=d.ceiling_months_used, step=1)
        w["extension_granted"] = pn.widgets.Checkbox(value=d.extension_granted)
        w["spouse_age"] = pn.widgets.IntInput(value=d.spouse_age, step=1)
        w["spouse_recipient"] = pn.widgets.Checkbox(value=d.spouse_recipient)
        w["spouse_match_group"] = pn.widgets.Select(value=d.spouse_match_group or NO_GROUP,
                                                    options=[1, 2, 3, 4, 5, NO_GROUP])
        w["spouse_hours_per_week"] = pn.widgets.FloatInput(value=d.spouse_hours_per_week, step=1)
        w["spouse_hourly_wage"] = pn.widgets.FloatInput(value=d.spouse_hourly_wage, step=5)
        for name, widget in w.items():
            widget.sizing_mode = "stretch_width"
            widget.css_classes = [f"in-{name}"]
        self.widgets = w
        self.fields = {k: Field(k, v) for k, v in w.items()}
        self.scenario_note = pn.pane.HTML("", margin=(0, 10, 4, 12), sizing_mode="stretch_width")
        self.spouse_box = pn.Column(*[self.fields[k].panel for k in
                                      ("spouse_age", "spouse_recipient", "spouse_match_group",
                                       "spouse_hours_per_week", "spouse_hourly_wage")],
                                    visible=d.couple, margin=0, sizing_mode="stretch_width")
        w["couple"].param.watch(lambda e: setattr(self.spouse_box, "visible", e.new), "value")
        self.headings = {k: pn.pane.HTML("", margin=(8, 10, 0, 10), sizing_mode="stretch_width")
                         for k in ("sec_period", "sec_person", "sec_household", "sec_history", "sec_spouse")}
        f = self.fields
        self.panel = pn.Column(
            self.headings["sec_period"], f["start"].panel, f["scenario"].panel, self.scenario_note,
            self.headings["sec_person"], f["hours_per_week"].panel, f["hourly_wage"].panel, f["age"].panel,
            f["recipient"].panel, f["match_group"].panel, f["lives_with_parents"].panel,
            self.headings["sec_household"], f["couple"].panel, f["n_children"].panel, f["rent_monthly"].panel,
            f["other_income_monthly"].panel,
            self.headings["sec_history"], f["months_on_benefit"].panel, f["ceiling_months_used"].panel,
            f["extension_granted"].panel,
            pn.Column(self.headings["sec_spouse"], self.spouse_box, margin=0, sizing_mode="stretch_width",
                      visible=d.couple),
            margin=0, sizing_mode="stretch_width")
        self._spouse_section = self.panel.objects[-1]
        w["couple"].param.watch(lambda e: setattr(self._spouse_section, "visible", e.new), "value")

    def watch(self, callback) -> None:
        """Call ``callback()`` when any input changes (the hours slider on release or key press)."""
        for name, widget in self.widgets.items():
            what = "value_throttled" if name == "hours_per_week" else "value"
            widget.param.watch(lambda e: callback(), what)

    def inputs(self) -> CaseInputs:
        v = {k: w.value for k, w in self.widgets.items()}
        for key in ("match_group", "spouse_match_group"):
            v[key] = None if v[key] in (None, NO_GROUP) else int(v[key])
        for key in ("hourly_wage", "rent_monthly", "other_income_monthly", "spouse_hours_per_week",
                    "spouse_hourly_wage"):
            v[key] = 0.0 if v[key] is None else float(v[key])
        for key in ("age", "n_children", "months_on_benefit", "ceiling_months_used", "spouse_age"):
            v[key] = 0 if v[key] is None else int(v[key])
        return CaseInputs(**v)

    def relabel(self, tr: Tr) -> None:
        for name, widget in self.widgets.items():
            widget.name = tr(f"in_{name}")
        lang = tr.lang
        start = self.widgets["start"]
        start.options = {month_label(m, lang): m for m in start_months()}
        scen = self.widgets["scenario"]
        scen.options = {tr(f"scenario_{n}") if tr.has(f"scenario_{n}") else n: n for n in scenarios()}
        for key in ("match_group", "spouse_match_group"):
            self.widgets[key].options = {**{tr("group_n", n=g): g for g in range(1, 6)}, tr("group_none"): NO_GROUP}
        for key, pane in self.headings.items():
            pane.object = f'<h4 style="margin:4px 0 0 0;color:#0b5394;font-size:0.95rem">{tr(key)}</h4>'
        s = scenarios().get(scen.value)
        self.scenario_note.object = f'<p class="tb-note">{tr.localized(s.description)}</p>' if s else ""

    def clear_messages(self) -> None:
        for f in self.fields.values():
            f.show("")
