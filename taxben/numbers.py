"""Numbers as Danish and English users write and read them: one parser and one formatter, for both
dashboard pages and the command line.

Reading (``parse_number``) follows the page's language and refuses what it cannot read for certain:

* Danish page: ``.`` or a space groups thousands, ``,`` is the decimal mark: "4.000", "4 000", "4000,50",
  "4.000,50".
* English page: ``,`` or a space groups thousands, ``.`` is the decimal mark: "4,000", "4 000", "4000.50",
  "4,000.50".
* A trailing "kr", "kr." or "DKK" and a leading minus (also U+2212) are allowed.
* Refused, with the reason as an i18n key: empty text, anything else that is not a number in the page's
  convention (e.g. "4.5" on the Danish page: the message says to write "4,5"), and the ambiguous "4,000"
  on the Danish page or "4.000" on the English page (four or four thousand?), which get "write 4 or 4.000".

Writing (``format_number``, ``format_kr``, ``format_pct``, ``tabulator_money``, ``js_number``) uses the same
separators, so a value read from a field is shown back exactly as the page writes numbers.

The command line has no page language: ``parse_either`` reads a number in either convention and refuses
it only when the two read it differently ("4.000": four thousand in Danish, four in English).
"""

from __future__ import annotations

import math
import re

# thousands separator, decimal mark
SEPARATORS: dict[str, tuple[str, str]] = {"da": (".", ","), "en": (",", ".")}
INTL_LOCALE = {"da": "da-DK", "en": "en-GB"}
MINUS = "\u2212"
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_UNIT = re.compile(r"\s*(kr\.?|dkk)\s*$", re.IGNORECASE)


class NumberError(ValueError):
    """Text that is not a number in the page's convention. ``key`` is an i18n message; ``values`` fill it."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


def _pattern(thousands: str, decimal: str) -> re.Pattern:
    t, d = re.escape(thousands), re.escape(decimal)
    grouped = rf"\d{{1,3}}(?:(?P<sep>[ {t}])\d{{3}})(?:(?P=sep)\d{{3}})*"
    return re.compile(rf"^(?P<int>{grouped}|\d+)?(?:{d}(?P<frac>\d+))?$")


_PATTERNS = {lang: _pattern(*seps) for lang, seps in SEPARATORS.items()}


def _read(body: str, lang: str) -> float | None:
    """The value of an unsigned ``body`` in ``lang``'s convention, or None."""
    m = _PATTERNS[lang].match(body)
    if not m or (m["int"] is None and m["frac"] is None):
        return None
    digits = re.sub(r"\D", "", m["int"] or "0")
    return float(f"{digits}.{m['frac'] or '0'}")


def _is_ambiguous(body: str, lang: str) -> bool:
    """"4,000" on the Danish page or "4.000" on the English page: a decimal part of exactly three digits
    after at most three ungrouped digits reads as a thousands group in the other language."""
    decimal = SEPARATORS[lang][1]
    return re.fullmatch(rf"[1-9]\d{{0,2}}{re.escape(decimal)}\d{{3}}", body) is not None


def parse_number(text: str | None, lang: str = "da", *, integer: bool = False) -> float:
    """The number in ``text`` as the page's language writes it; raises ``NumberError`` otherwise."""
    lang = lang if lang in SEPARATORS else "da"
    raw = (text or "").strip()
    if not raw:
        raise NumberError("num_empty")
    body = _UNIT.sub("", _SPACES.sub(" ", raw)).strip().replace(MINUS, "-")
    sign = 1.0
    if body and body[0] in "+-":
        sign = -1.0 if body[0] == "-" else 1.0
        body = body[1:].strip()
    other = "en" if lang == "da" else "da"
    if _is_ambiguous(body, lang):
        whole, frac = body.split(SEPARATORS[lang][1])
        small = format_number(float(f"{whole}.{frac}"), lang, decimals=3).rstrip("0").rstrip(SEPARATORS[lang][1])
        big = format_number(float(whole + frac), lang)
        raise NumberError("num_ambiguous", text=raw, small=small, big=big)
    value = _read(body, lang)
    if value is None:
        theirs = _read(body, other)
        if theirs is not None and not _is_ambiguous(body, other):
            swapped = body.translate(str.maketrans(".,", ",."))
            raise NumberError("num_other_convention", text=raw, suggestion=("-" if sign < 0 else "") + swapped)
        raise NumberError("num_unreadable", text=raw)
    value *= sign
    if integer and value != int(value):
        raise NumberError("num_not_integer", text=raw)
    return float(value)


def parse_either(text: str, *, integer: bool = False) -> float:
    """A number written in the Danish or the English convention ("4000,50", "4.000,50", "4,000.50",
    "110.5", "4 000"); ``NumberError("num_ambiguous_either", …)`` when both conventions read it but differ
    ("4.000", "4,000"), ``num_unreadable`` when neither does, ``num_not_integer`` for a fraction where a
    whole number is asked for."""
    raw = (text or "").strip()
    readings = {}
    for lang in ("da", "en"):
        try:
            readings[lang] = parse_number(raw, lang)
        except NumberError as error:
            if error.key == "num_empty":
                raise
            if error.key == "num_ambiguous":  # "4,000" in Danish: both 4 and 4.000 are possible
                readings[lang] = None
    values = {v for v in readings.values() if v is not None}
    if not readings and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", raw):
        values = {float(raw)}  # scientific notation ("1e9"): unambiguous
    if re.fullmatch(r"[+-]?(inf|infinity|nan)", raw, re.IGNORECASE):
        raise NumberError("num_not_finite", text=raw)
    if None in readings.values() or len(values) > 1:
        raise NumberError("num_ambiguous_either", text=raw, big=re.sub(r"\D", "", raw),
                          small=re.split(r"[.,]", raw)[0])
    if not values:
        raise NumberError("num_unreadable", text=raw)
    value = values.pop()
    if integer and value != int(value):
        raise NumberError("num_not_integer", text=raw)
    return value


def format_number(x: float | None, lang: str = "da", decimals: int = 0, minus: str = MINUS) -> str:
    """``x`` with the language's separators: Danish 7.602 / 92,5; English 7,602 / 92.5. None/NaN -> "–"."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    x = round(float(x), decimals) + 0.0  # + 0.0: never "-0"
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["da"])
    text = f"{abs(x):,.{decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return (minus if x < 0 else "") + text


def format_input(x: float, lang: str = "da", decimals: int = 2) -> str:
    """A value as it is shown back in an input field: no decimals for whole numbers, else ``decimals``."""
    if float(x).is_integer():
        return format_number(x, lang, 0, minus="-")
    return format_number(x, lang, decimals, minus="-")


def format_kr(x: float | None, lang: str = "da", decimals: int = 0) -> str:
    """An amount of money: "7.602 kr." (Danish) or "7,602 kr" (English)."""
    unit = "kr." if lang == "da" else "kr"
    text = format_number(x, lang, decimals)
    return text if text == "–" else f"{text} {unit}"


def format_pct(share: float | None, lang: str = "da", decimals: int = 1) -> str:
    """A share as a percentage: 0.925 -> "92,5 %" (Danish) or "92.5 %" (English)."""
    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return "–"
    return f"{format_number(100 * share, lang, decimals)} %"


def tabulator_money(lang: str, decimals: int = 0, symbol: str = "") -> dict:
    """The same separators as a Tabulator ``money`` formatter (for tables kept in Tabulator)."""
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["da"])
    return {"type": "money", "thousand": thousands, "decimal": decimal, "precision": decimals,
            "symbol": symbol, "symbolAfter": True}


def js_number(lang: str) -> str:
    """A JavaScript expression body formatting ``value`` with the browser's Intl in the page's locale
    (chart tooltips and axes), with ``digits`` decimals: the browser-side twin of ``format_number``."""
    return (f"const s = Math.abs(value).toLocaleString('{INTL_LOCALE.get(lang, 'da-DK')}', "
            "{minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true});"
            f"return (Math.round(value * 10 ** digits) < 0 ? '{MINUS}' : '') + s;")
