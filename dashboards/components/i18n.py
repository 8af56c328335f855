"""Labels in Danish and English from the single translation file ``dashboards/i18n.yaml``.

The file maps each key to ``{da: ..., en: ...}``; ``Tr(lang)`` looks them up and formats numbers the
way the language does (Danish: ``2.145 kr.``, ``70,0 %``; English: ``2,145 kr``, ``70.0 %``) with the one
formatter of both pages, :mod:`taxben.numbers`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from taxben.numbers import format_input, format_kr, format_number, format_pct

LANGUAGES = ("da", "en")
I18N_FILE = Path(__file__).resolve().parents[1] / "i18n.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(I18N_FILE.read_text(encoding="utf-8"))
    missing = [k for k, v in data.items() if not isinstance(v, dict) or set(v) != set(LANGUAGES)]
    if missing:
        raise ValueError(f"{I18N_FILE.name}: keys without exactly {LANGUAGES}: {missing}")
    return data


class Tr:
    """Translator for one language: ``tr("key")``, ``tr("key", n=3)``, ``tr.kr(2145.3)``, ``tr.pct(0.7)``."""

    def __init__(self, lang: str = "da"):
        self.lang = lang if lang in LANGUAGES else "da"

    def __call__(self, key: str, **values) -> str:
        text = catalogue()[key][self.lang]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in catalogue()

    def num(self, x: float, decimals: int = 0) -> str:
        return format_number(x, self.lang, decimals)

    def kr(self, x: float, decimals: int = 0) -> str:
        return format_kr(x, self.lang, decimals)

    def pct(self, x: float, decimals: int = 1) -> str:
        return format_pct(x, self.lang, decimals)

    def hours(self, x: float) -> str:
        """Hours as typed: "15", "12,5" (Danish) / "12.5" (English)."""
        return format_input(x, self.lang, 1)

    def localized(self, text) -> str:
        """A rule/scenario description: a plain string or an object/dict with ``da``/``en``."""
        if isinstance(text, dict):
            return text.get(self.lang) or text.get("en") or ""
        return getattr(text, self.lang, None) or str(text or "")
