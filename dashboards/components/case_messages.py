"""Messages next to the caseworker widgets: validation errors and notes on the ceiling's conditions."""

from __future__ import annotations

from .case_model import CaseInputs, scenarios
from .i18n import Tr


def error_text(errors: list[dict], tr: Tr) -> str:
    """Readable text for the pydantic errors of one field."""
    texts = []
    for e in errors:
        kind, ctx = e["type"], e["ctx"]
        if kind in ("greater_than_equal", "greater_than"):
            texts.append(tr("err_min", min=tr.num(ctx.get("ge", ctx.get("gt")))))
        elif kind in ("less_than_equal", "less_than"):
            texts.append(tr("err_max", max=tr.num(ctx.get("le", ctx.get("lt")))))
        elif kind == "value_error" and "match group" in e["msg"]:
            texts.append(tr("err_needs_group"))
        elif kind in ("too_long", "too_short"):
            texts.append(tr("err_adults"))
        else:
            texts.append(tr("err_invalid"))
    return " ".join(dict.fromkeys(texts))


def notes(inputs: CaseInputs, tr: Tr) -> dict[str, str]:
    """Field -> note for a valid household whose combination limits what the ceiling can do."""
    out: dict[str, str] = {}
    scenario = scenarios().get(inputs.scenario)
    ceiling = scenario.ceiling if scenario is not None else None
    if inputs.hourly_wage == 0:
        out["hourly_wage"] = tr("note_wage_zero")
    if ceiling is None or not ceiling.enabled:
        return out
    groups = ", ".join(str(g) for g in ceiling.eligible_match_groups)
    if not inputs.recipient:
        out["recipient"] = tr("note_not_recipient")
    elif inputs.match_group not in ceiling.eligible_match_groups:
        out["match_group"] = tr("note_group_not_eligible", groups=groups)
    if inputs.couple:
        if not inputs.spouse_recipient:
            out["spouse_recipient"] = tr("note_partner_not_recipient")
        elif inputs.spouse_match_group not in ceiling.eligible_match_groups:
            out["spouse_match_group"] = tr("note_group_not_eligible", groups=groups)
    limit = ceiling.duration_months + (ceiling.extension_months if inputs.extension_granted else 0)
    if inputs.extension_granted and ceiling.extension_months == 0:
        out["extension_granted"] = tr("note_no_extension")
    if inputs.ceiling_months_used >= limit:
        out["ceiling_months_used"] = tr("note_ceiling_used_up", limit=limit)
    elif inputs.ceiling_months_used > 0:
        out["ceiling_months_used"] = tr("note_ceiling_left", left=limit - inputs.ceiling_months_used)
    if inputs.hours_per_week == 0 and inputs.recipient:
        out["hours_per_week"] = tr("note_zero_hours")
    return out
