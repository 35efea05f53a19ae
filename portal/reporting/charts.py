"""Geometry and words for the server-drawn SVG charts (no JavaScript); the templates draw them.

Why hand-written SVG rather than a library such as pygal: the page's Content
Security Policy forbids inline styles and scripts, which pygal's SVG carries;
pygal sizes text in user units that shrink with the chart, lays out labels
without knowing they are Welsh (often longer), and cannot put every word through
Flask-Babel. Here every chart is drawn on a viewBox as wide as the narrowest
content column (288 units, a 320 px screen less GOV.UK's margins), so text of
16 units is never shown smaller than 16 px; the chart grows, never shrinks, on a
wider screen (up to the width CSS allows).

Readability rules the functions keep: text at 16 units; labels wrapped to the
width and month labels thinned so that no two overlap; a bar for 0 is still a
visible stub inside an outlined track; series differ by colour, line pattern AND
marker shape, each drawn in its own labelled panel (a direct label, never only a
legend); every value is also written as text, and every chart has a table.
"""

import textwrap
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _

from portal.reporting.models import FIGURES
from portal.reporting.services import percentage

# GOV.UK palette colours with at least 3:1 contrast against white (WCAG 1.4.11).
SERIES = {
    "engaged": {"colour": "#1d70b8", "dash": "", "marker": "circle"},
    "supported": {"colour": "#0b0c0c", "dash": "8 4", "marker": "square"},
    "whp_implemented": {"colour": "#00703c", "dash": "2 3", "marker": "triangle"},
    "equality_strategy": {"colour": "#912b88", "dash": "12 4 2 4", "marker": "diamond"},
}

# The narrowest content column (320 px less two 15 px margins, rounded down).
WIDTH = 288
FONT = 16
LINE = 20
# Widths of an average character as a share of the font size, on the generous side for
# GDS Transport and Arial (the font stack's fallback), so estimated text is never narrower
# than drawn text.
CHAR_WIDTH = 0.56
BOLD_CHAR_WIDTH = 0.6
BAR_HEIGHT = 20
# A bar for 0 is drawn this wide, so that "nothing yet" is seen, not mistaken for a gap.
MIN_BAR = 3


def text_width(text, bold=False):
    """Estimated width of ``text`` at the chart font size, in viewBox units."""
    return len(text) * FONT * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)


def wrap(text, width=WIDTH - 4, bold=False):
    """``text`` split into lines that each fit ``width`` (estimated)."""
    per_line = max(8, int(width / (FONT * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH))))
    return textwrap.wrap(text, per_line, break_long_words=True) or [""]


def number(value):
    return format_decimal(value)


def achieved_text(achieved, target):
    """The value written beside a bar, e.g. "1 of 2,800 (0%)" or "1 (no target set)"."""
    if target:
        return _(
            "%(achieved)s of %(target)s (%(percent)s)",
            achieved=number(achieved),
            target=number(target),
            percent=format_percent(percentage(achieved, target)),
        )
    return _("%(achieved)s (no target set)", achieved=number(achieved))


@dataclass
class Bar:
    key: str
    label_lines: list
    label_y: float
    y: float
    width: float
    track: float
    achieved: int
    target: int | None
    ratio: float | None
    target_x: float | None
    value_lines: list
    value_y: float


@dataclass
class BarChart:
    bars: list
    height: float
    left: float = 0
    width: float = WIDTH
    title: str = ""
    panels: list = field(default_factory=list)


def bar_chart(items, top=0):
    """Horizontal bars for ``items`` — (key, label, achieved, target or None) — one scale for all.

    Each bar sits in an outlined track as long as the scale, so its length is
    read against the whole; the target is a dashed mark; the label is above the
    bar and the value below it, both wrapped to the width.
    """
    left, usable = 1, WIDTH - 2
    scale_max = max([1] + [item[2] for item in items] + [item[3] or 0 for item in items])
    bars, y = [], top
    for key, label, achieved, goal in items:
        label_lines = wrap(str(label), bold=True)
        label_y = y + FONT
        bar_y = y + len(label_lines) * LINE + 4
        value_lines = wrap(achieved_text(achieved, goal))
        value_y = bar_y + BAR_HEIGHT + 4 + FONT
        bars.append(
            Bar(
                key=key,
                label_lines=label_lines,
                label_y=label_y,
                y=bar_y,
                width=max(MIN_BAR, round(usable * achieved / scale_max, 1)),
                track=usable,
                achieved=achieved,
                target=goal,
                ratio=percentage(achieved, goal),
                target_x=round(left + usable * goal / scale_max, 1) if goal else None,
                value_lines=value_lines,
                value_y=value_y,
            )
        )
        y = value_y + (len(value_lines) - 1) * LINE + 16
    return BarChart(bars=bars, height=y, left=left)


def progress_chart(totals, target, labels):
    """One bar per figure: achieved, with the target marked."""
    return bar_chart(
        [(name, labels[name], totals[name]["total"], getattr(target, name) if target else None) for name in FIGURES]
    )


def partner_chart(columns, labels, partner_name):
    """A panel per figure, a bar per partner against that partner's own target.

    ``columns`` are :func:`portal.reporting.services.side_by_side` columns. All
    panels share one scale, so partners and figures compare at a glance.
    """
    panels, y = [], 0
    scale_items = []
    for name in FIGURES:
        items = [
            (
                str(partner.id) if partner else "none",
                partner_name(partner),
                column.counts[name],
                getattr(column.target, name) if column.target else None,
            )
            for partner, column in columns
        ]
        scale_items += items
        panels.append((name, items))
    # One scale for every panel: an invisible item at the largest value keeps bars comparable.
    peak = max([1] + [i[2] for i in scale_items] + [i[3] or 0 for i in scale_items])
    drawn = []
    for name, items in panels:
        title_lines = wrap(str(labels[name]), bold=True)
        chart = _scaled(bar_chart(items, top=y + len(title_lines) * LINE + 8), items, peak)
        drawn.append(
            {
                "figure": name,
                "title_lines": title_lines,
                "title_y": y + FONT,
                "bars": chart.bars,
                "rule_y": y + len(title_lines) * LINE + 2,
            }
        )
        y = chart.height + 12
    return BarChart(bars=[], height=y, panels=drawn)


def _scaled(chart, items, peak):
    """``chart`` redrawn against ``peak`` rather than its own largest value."""
    usable = WIDTH - 2
    for bar, (_key, _label, achieved, goal) in zip(chart.bars, items, strict=True):
        bar.width = max(MIN_BAR, round(usable * achieved / peak, 1))
        bar.target_x = round(chart.left + usable * goal / peak, 1) if goal else None
    return chart


MARKERS = {
    "circle": lambda x, y: f'<circle cx="{x}" cy="{y}" r="5"/>',
    "square": lambda x, y: f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10"/>',
    "triangle": lambda x, y: f'<polygon points="{x},{y - 6} {x + 6},{y + 5} {x - 6},{y + 5}"/>',
    "diamond": lambda x, y: f'<polygon points="{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}"/>',
}


def marker(shape, x, y):
    """SVG for one marker shape at (x, y) (numbers only, so safe to mark up)."""
    return MARKERS[shape](round(x, 1), round(y, 1))


def nice_ceiling(value):
    """The top of an axis: ``value`` rounded up to a multiple of four (four even gridlines)."""
    return max(4, -(-int(value) // 4) * 4)


def month_short(month):
    """``2026-04`` as a short label in the page language, e.g. "Apr 2026" / "Ebr 2026"."""
    year, number_ = (int(part) for part in month.split("-"))
    return format_date(date(year, number_, 1), "MMM yyyy")


def thin_labels(positions, texts, gap=10, width=WIDTH):
    """The indexes of the labels to draw: evenly spaced, so that none overlaps the next.

    Tries every 1st, 2nd, 3rd … label until each drawn label (centred on its x,
    kept inside the chart) clears the one before by ``gap``.
    """
    count = len(positions)
    for every in range(1, count + 1):
        chosen, last_end, fits = [], None, True
        for index in range(0, count, every):
            half = text_width(texts[index]) / 2
            start = min(max(positions[index] - half, 0), width - 2 * half)
            if last_end is not None and start < last_end + gap:
                fits = False
                break
            chosen.append((index, start + half))
            last_end = start + 2 * half
        if fits:
            return chosen
    return [(0, min(max(positions[0], text_width(texts[0]) / 2), width - text_width(texts[0]) / 2))] if count else []


def trend_chart(months, labels):
    """Small multiples: a panel per figure over the period's months (new organisations each month).

    Each panel is titled with its figure beside its own marker and line pattern,
    so lines are never drawn over one another and are told apart by position,
    words, marker shape and pattern, not by colour. The panels share one scale.
    """
    peak = nice_ceiling(max([0] + [m[n] for m in months for n in FIGURES]))
    tick_w = text_width(number(peak))
    left, right = round(tick_w + 8, 1), 8
    plot_w, plot_h = WIDTH - left - right, 80
    count = max(len(months), 1)
    step = plot_w / max(count - 1, 1)

    def x(i):
        return round(left + (i * step if count > 1 else plot_w / 2), 1)

    texts = [month_short(m["month"]) for m in months]
    chosen = thin_labels([x(i) for i in range(len(months))], texts)
    panels, y = [], 0
    for name in FIGURES:
        title_lines = wrap(str(labels[name]), WIDTH - 40, bold=True)
        top = y + len(title_lines) * LINE + 14

        def y_of(value, top=top):
            return round(top + plot_h - plot_h * value / peak, 1)

        points = [(x(i), y_of(m[name])) for i, m in enumerate(months)]
        panels.append(
            {
                "figure": name,
                **SERIES[name],
                "title_lines": title_lines,
                "title_y": y + FONT,
                "key_svg": marker(SERIES[name]["marker"], 10, y + 10),
                "top": top,
                "bottom": top + plot_h,
                "points": " ".join(f"{px},{py}" for px, py in points),
                "markers": [marker(SERIES[name]["marker"], px, py) for px, py in points],
                "ticks": [{"text": number(value), "y": y_of(value)} for value in (0, peak)],
                "labels": [{"text": texts[i], "x": round(cx, 1)} for i, cx in chosen],
                # Below the "0" tick's box, which reaches about 9 units under the axis.
                "label_y": top + plot_h + 12 + FONT,
            }
        )
        y = top + plot_h + 12 + FONT + 24
    return {"width": WIDTH, "height": y, "left": left, "plot_w": plot_w, "panels": panels}
