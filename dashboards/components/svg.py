"""Tiny static SVG line charts for the printable sheet (no JavaScript, prints anywhere)."""

from __future__ import annotations

import math
from html import escape

W, H = 340, 190
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 8, 32


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    first = math.ceil(lo / step) * step
    return [first + k * step for k in range(int((hi - first) / step) + 1)]


def line_chart(series: list[dict], x_label: str, y_label: str, fmt=lambda v: f"{v:,.0f}",
               vline: float | None = None, steps: bool = False) -> str:
    """``series``: dicts with x, y (lists), color, label, dash (optional). The legend is the caller's (HTML
    under the chart, so long labels wrap instead of being cut off)."""
    xs = [x for s in series for x in s["x"]]
    ys = [y for s in series for y in s["y"] if y == y]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    pad = (y1 - y0) * 0.08 or 1
    y0, y1 = y0 - pad, y1 + pad
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x):
        return LEFT + (x - x0) / ((x1 - x0) or 1) * pw

    def py(y):
        return TOP + (1 - (y - y0) / ((y1 - y0) or 1)) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
           'font-family="sans-serif" font-size="9">']
    for t in _ticks(y0, y1):
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 4}" y="{py(t) + 3:.1f}" text-anchor="end" fill="#555">{escape(fmt(t))}</text>')
    for t in _ticks(x0, x1, 8):
        out.append(f'<text x="{px(t):.1f}" y="{H - BOTTOM + 12}" text-anchor="middle" fill="#555">{t:g}</text>')
    out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + ph}" y2="{TOP + ph}" stroke="#888"/>')
    if vline is not None:
        out.append(f'<line x1="{px(vline):.1f}" x2="{px(vline):.1f}" y1="{TOP}" y2="{TOP + ph}" '
                   'stroke="#b45309" stroke-dasharray="4 3"/>')
    for s in series:
        pts = []
        for k, (x, y) in enumerate(zip(s["x"], s["y"])):
            if steps and k:
                pts.append(f"{px(x - 0.5):.1f},{py(s['y'][k - 1]):.1f}")
                pts.append(f"{px(x - 0.5):.1f},{py(y):.1f}")
            pts.append(f"{px(x):.1f},{py(y):.1f}")
        dash = f' stroke-dasharray="{s["dash"]}"' if s.get("dash") else ""
        out.append(f'<polyline fill="none" stroke="{s["color"]}" stroke-width="2"{dash} points="{" ".join(pts)}"/>')
    out.append(f'<text x="{LEFT + pw / 2:.0f}" y="{H - BOTTOM + 24}" text-anchor="middle" fill="#333">'
               f'{escape(x_label)}</text>')
    out.append(f'<text transform="translate(10 {TOP + ph / 2:.0f}) rotate(-90)" text-anchor="middle" '
               f'fill="#333">{escape(y_label)}</text>')
    out.append("</svg>")
    return "".join(out)
