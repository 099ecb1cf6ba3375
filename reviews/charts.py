"""Trend charts drawn on the server as SVG (vector in the PDF, no browser, no script):
a rate in percent over the periods of the span, against what each period required."""
from decimal import Decimal
from functools import lru_cache
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 340, 180
LEFT, RIGHT, TOP, BOTTOM = 32, 18, 8, 50
# Solid colours only: PDF/A-1 allows no transparency.
STYLES = {
    "reported": ('stroke="#1f4e96" stroke-width="1.6" fill="none"', "#1f4e96"),
    "expected": ('stroke="#7a7a7a" stroke-width="1.2" fill="none" stroke-dasharray="4 2"', "#7a7a7a"),
    "required": ('stroke="#b22222" stroke-width="1" fill="none" stroke-dasharray="1.5 2"', "#b22222"),
}


def _number(value: float) -> str:
    return f"{value:.1f}"


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont  # read once, when the first chart is drawn

    font = TTFont(settings.BASE_DIR / "static" / "fonts" / "Tinos-Regular.ttf", lazy=True)
    metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
    return ({code: metrics[name][0] for code, name in cmap.items()}, font["head"].unitsPerEm,
            metrics[cmap[ord("0")]][0])


def text_width(text: str, size: float) -> float:
    """The width of `text` in Tinos at `size`. Text is placed from its measured width rather
    than with SVG's text-anchor, which WeasyPrint draws through a transparency group (not
    allowed in PDF/A-1)."""
    advances, per_em, digit = _advances()
    return sum(advances.get(ord(c), digit) for c in text) * size / per_em


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: float = 9) -> str:
    shift = {"start": 0, "middle": text_width(text, size) / 2, "end": text_width(text, size)}[anchor]
    return f'<text x="{_number(x - shift)}" y="{_number(y)}">{escape(text)}</text>'


def trend_chart(*, labels: list[str], series: list[tuple[str, str, list[Decimal | None]]],
                title: str = "") -> SafeString:
    """An SVG line chart: `series` is (style, legend, values in percent or None) with style
    one of STYLES; a period where the target is not measured (None) has no point, and the
    line joins the periods on either side (CT7: annual reports only)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(n: int) -> float:
        return LEFT + (n * step if len(labels) > 1 else plot_w / 2)

    def y(value) -> float:
        return TOP + plot_h * (1 - min(max(float(value), 0), 100) / 100)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" font-family="Tinos" font-size="9">']
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_number(y(tick))}" y2="{_number(y(tick))}" '
                     f'stroke="{"#000000" if tick == 0 else "#d9d9d9"}" stroke-width="0.5"/>')
        parts.append(_text(LEFT - 3, y(tick) + 3, f"{tick}%", anchor="end"))
    for n, label in enumerate(labels):  # "6T 2019": the round above, the year below
        for line, word in enumerate(label.split(" ", 1)):
            parts.append(_text(x(n), HEIGHT - BOTTOM + 11 + 10 * line, word, anchor="middle"))
    for style, _legend, values in series:
        attributes, colour = STYLES[style]
        run: list[str] = []
        runs = []
        for n, value in enumerate(values):
            if value is not None:
                run.append(f"{_number(x(n))},{_number(y(value))}")
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                parts.append(f'<polyline points="{" ".join(points)}" {attributes}/>')
            if style != "required":
                for point in points:
                    cx, cy = point.split(",")
                    parts.append(f'<circle cx="{cx}" cy="{cy}" r="1.8" fill="{colour}"/>')
    legend_x = LEFT
    for style, legend, _values in series:
        attributes, colour = STYLES[style]
        base = HEIGHT - 8
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="{base - 3}" y2="{base - 3}" {attributes}/>')
        parts.append(_text(legend_x + 20, base, legend))
        legend_x += 30 + text_width(legend, 9)
    parts.append("</svg>")
    return mark_safe("".join(parts))
