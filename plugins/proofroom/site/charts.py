"""Small inline SVG charts for the timeliness dashboard.

Hand-written on purpose: a horizontal bar chart and a histogram are a few ``<rect>`` and
``<text>`` elements, which is simpler, smaller and easier to keep escaped and offline than
a charting dependency (no JavaScript, no CDN, nothing to vendor). Each chart is an
accessible image (``role="img"``, ``aria-label`` and a ``<title>``) with a fixed
``viewBox``; colours come from the theme through ``currentColor`` and CSS variables, so
light and dark palettes both work. Every label is escaped: campaign ids and stage names
come from files. The numbers are always repeated in a table next to the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from proofroom.site.html import tag

WIDTH = 640  # viewBox width; the SVG scales to its container
LABEL_WIDTH = 180  # left column holding the bar labels
PLOT_WIDTH = 360  # the longest bar; the rest of the width holds the value text
ROW = 28  # height of one bar row
BAR = 18
MAX_LABEL = 26  # characters shown before a label is shortened (the full text is a tooltip)

# Theme colours with fallbacks, so a page outside Material still shows the bars.
BAR_STYLE = "color: var(--md-primary-fg-color, #4051b5)"
HIGHLIGHT_STYLE = "color: var(--md-accent-fg-color, #e6695b)"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (same unit for every bar) and the text printed after it."""

    label: str
    value: float
    text: str
    highlight: bool = False


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "\u2026"


def _num(value: float) -> str:
    """SVG coordinates with at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(title: str, height: float, cls: str, body: list[Markup]) -> Markup:
    """The chart: an accessible image holding its title and ``body``."""
    return tag(
        "svg",
        tag("title", title),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {_num(height)}",
        role="img",
        aria_label=title,
        class_=f"proofroom-chart {cls}",
        width="100%",
    )


def bar_width(value: float, scale_max: float) -> float:
    """Width of a bar: proportional to ``value``, ``PLOT_WIDTH`` at ``scale_max``."""
    if scale_max <= 0 or value <= 0:
        return 0.0
    return round(min(value, scale_max) / scale_max * PLOT_WIDTH, 2)


def bar_chart(bars: Sequence[Bar], title: str, *, scale_max: float | None = None) -> Markup:
    """Horizontal bars, one row each; ``scale_max`` fixes the scale (1.0 for a rate).

    Without ``scale_max`` the largest value fills the plot width.
    """
    top = scale_max if scale_max is not None else max((b.value for b in bars), default=0.0)
    height = ROW * len(bars) + 8
    rows = []
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = bar_width(bar.value, top)
        cls = "proofroom-chart__bar" + (" proofroom-chart__bar--highlight" if bar.highlight else "")
        style = HIGHLIGHT_STYLE if bar.highlight else BAR_STYLE
        text = {"dominant_baseline": "middle", "fill": "currentColor", "font_size": 13}
        row = [
            tag("title", f"{bar.label}: {bar.text}"),
            tag(
                "text",
                _short(bar.label),
                x=LABEL_WIDTH - 8,
                y=_num(y + BAR / 2),
                text_anchor="end",
                **text,
            ),
            tag(
                "rect",
                class_=cls,
                x=LABEL_WIDTH,
                y=y,
                width=_num(width),
                height=BAR,
                fill="currentColor",
                style=style,
                rx=2,
            ),
            tag("text", bar.text, x=_num(LABEL_WIDTH + width + 6), y=_num(y + BAR / 2), **text),
        ]
        g = {"class_": "proofroom-chart__row", "data_label": bar.label, "data_value": bar.value}
        rows.append(tag("g", *row, **g))
    return _svg(title, height, "proofroom-chart--bars", rows)


HIST_HEIGHT = 200  # tallest column
HIST_TOP = 24  # room for the count above the tallest column
HIST_BOTTOM = 28  # room for the bin labels


def histogram(bins: Sequence[tuple[str, int]], title: str) -> Markup:
    """Vertical columns, one per (label, count) bin, heights proportional to the counts."""
    top = max((count for _, count in bins), default=0)
    slot = WIDTH / max(len(bins), 1)
    base = HIST_TOP + HIST_HEIGHT
    axis = {"stroke": "currentColor", "stroke_opacity": "0.3"}
    columns = [tag("line", x1=0, y1=base, x2=WIDTH, y2=base, **axis)]
    for i, (label, count) in enumerate(bins):
        height = round(count / top * HIST_HEIGHT, 2) if top else 0.0
        x = i * slot + slot * 0.1
        middle = _num(i * slot + slot / 2)
        column = [
            tag("title", f"{label}: {count}"),
            tag(
                "rect",
                class_="proofroom-chart__bar",
                x=_num(x),
                y=_num(base - height),
                width=_num(slot * 0.8),
                height=_num(height),
                fill="currentColor",
                style=BAR_STYLE,
                rx=2,
            ),
            tag(
                "text",
                count,
                x=middle,
                y=_num(base - height - 6),
                text_anchor="middle",
                fill="currentColor",
                font_size=13,
            ),
            tag(
                "text",
                label,
                x=middle,
                y=base + 18,
                text_anchor="middle",
                fill="currentColor",
                font_size=12,
            ),
        ]
        g = {"class_": "proofroom-chart__bin", "data_label": label, "data_count": count}
        columns.append(tag("g", *column, **g))
    return _svg(title, base + HIST_BOTTOM, "proofroom-chart--histogram", columns)
