"""Labels in Danish and English from the single translation file ``dashboards/i18n.yaml``.

The file maps each key to ``{da: ..., en: ...}``; ``Tr(lang)`` looks them up and formats numbers the
way the language does (Danish: ``2.145 kr.``, ``70,0 %``; English: ``2,145 kr``, ``70.0 %``).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import yaml

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
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "–"
        text = f"{x:,.{decimals}f}"
        if self.lang == "da":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text.replace("-", "−")

    def kr(self, x: float) -> str:
        return f"{self.num(x)} {self('unit_kr')}"

    def pct(self, x: float, decimals: int = 1) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "–"
        return f"{self.num(100 * x, decimals)} %"

    def localized(self, text) -> str:
        """A rule/scenario description: a plain string or an object/dict with ``da``/``en``."""
        if isinstance(text, dict):
            return text.get(self.lang) or text.get("en") or ""
        return getattr(text, self.lang, None) or str(text or "")
