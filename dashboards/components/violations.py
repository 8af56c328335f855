"""The population checker's rule texts (``taxben.population``, English) in the analyst page's language.

The checker's sentences follow a few fixed patterns; each pattern here maps to an i18n key. A rule text that
matches no pattern (a new check) is shown as the checker wrote it rather than hidden.
"""

from __future__ import annotations

import re

from .i18n import Tr

_KINDS = {"a whole number": "viol_kind_int", "a number": "viol_kind_float", "true/false": "viol_kind_bool",
          "text": "viol_kind_text", "text YYYY-MM": "viol_kind_month"}

_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^wrong type: expected (?P<kind>.+)$"), "viol_wrong_type"),
    (re.compile(r"^missing value \(empty or NaN\)$"), "viol_missing"),
    (re.compile(r"^not finite \(inf\)$"), "viol_not_finite"),
    (re.compile(r"^not a whole number \(fractional value\)$"), "viol_fractional"),
    (re.compile(r"^whole number too large.*$"), "viol_too_large"),
    (re.compile(r"^not one of (?P<allowed>.+) \(or empty\)$"), "viol_not_one_of"),
    (re.compile(r"^bad month: expected YYYY-MM$"), "viol_bad_month"),
    (re.compile(r"^out of range: must be ≥ (?P<lo>\S+)$"), "viol_below"),
    (re.compile(r"^out of range: must be ≤ (?P<hi>\S+)$"), "viol_above"),
    (re.compile(r"^out of range: must be in \[(?P<lo>[^,]+), (?P<hi>[^\]]+)\]$"), "viol_range"),
    (re.compile(r"^duplicate column name$"), "viol_duplicate_column"),
    (re.compile(r"^no data rows$"), "viol_no_rows"),
    (re.compile(r"^required column missing$"), "viol_column_missing"),
    (re.compile(r"^more than (?P<n>\d+) adults in a household$"), "viol_household_size"),
    (re.compile(r"^household-level value differs between the adults of a household$"), "viol_household_differs"),
    (re.compile(r"^duplicate person_id$"), "viol_duplicate_person"),
    (re.compile(r"^recipient \(receives_kontanthjaelp\) without a match group$"), "viol_needs_group"),
    (re.compile(r"^unknown person_id.*$"), "viol_unknown_person"),
    (re.compile(r"^duplicate \(person_id, month\)$"), "viol_duplicate_person_month"),
    (re.compile(r"^cannot read file: .*$"), "viol_unreadable"),
]


def _number(tr: Tr, text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return tr.num(value, 0 if value.is_integer() else 2)


def violation_rule(rule: str, tr: Tr) -> str:
    """``rule`` in ``tr``'s language (unknown rules unchanged)."""
    for pattern, key in _PATTERNS:
        m = pattern.match(rule)
        if m is None:
            continue
        values = m.groupdict()
        if "kind" in values:
            values["kind"] = tr(_KINDS[values["kind"]]) if values["kind"] in _KINDS else values["kind"]
        for bound in ("lo", "hi"):
            if bound in values:
                values[bound] = _number(tr, values[bound])
        return tr(key, **values)
    return rule
