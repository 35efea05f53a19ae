"""Geometry for the server-drawn SVG charts; the templates add the words.

The charts need no JavaScript. Series differ by colour AND by line pattern and
marker shape, and every value is also written as text and in a table.
"""

from dataclasses import dataclass

from portal.reporting.models import FIGURES
from portal.reporting.services import percentage

# GOV.UK palette colours with at least 3:1 contrast against white (WCAG 1.4.11).
SERIES = {
    "engaged": {"colour": "#1d70b8", "dash": "", "marker": "circle"},
    "supported": {"colour": "#0b0c0c", "dash": "8 4", "marker": "square"},
    "whp_implemented": {"colour": "#00703c", "dash": "2 3", "marker": "triangle"},
    "equality_strategy": {"colour": "#912b88", "dash": "12 4 2 4", "marker": "diamond"},
}

WIDTH = 640
LABEL_GAP = 4


@dataclass
class Bar:
    figure: str
    y: float
    width: float
    achieved: int
    target: int | None
    ratio: float | None
    target_x: float | None


def progress_chart(totals, target):
    """One horizontal bar per figure: achieved, with the target marked as a line."""
    left, usable = 10, WIDTH - 20
    targets = {name: getattr(target, name) if target else None for name in FIGURES}
    # Scale so both the achieved figure and the target fit, with room for overshoot.
    scale_max = max([1] + [totals[n]["total"] for n in FIGURES] + [t or 0 for t in targets.values()])
    bars = []
    for index, name in enumerate(FIGURES):
        achieved = totals[name]["total"]
        goal = targets[name]
        bars.append(Bar(
            figure=name,
            y=20 + index * 70,
            width=round(usable * achieved / scale_max, 1),
            achieved=achieved,
            target=goal,
            ratio=percentage(achieved, goal),
            target_x=round(left + usable * goal / scale_max, 1) if goal else None,
        ))
    return {"bars": bars, "left": left, "width": WIDTH, "height": 20 + len(FIGURES) * 70}


MARKERS = {
    "circle": lambda x, y: f'<circle cx="{x}" cy="{y}" r="4"/>',
    "square": lambda x, y: f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8"/>',
    "triangle": lambda x, y: f'<polygon points="{x},{y - 5} {x + 5},{y + 4} {x - 5},{y + 4}"/>',
    "diamond": lambda x, y: f'<polygon points="{x},{y - 5} {x + 5},{y} {x},{y + 5} {x - 5},{y}"/>',
}


def marker(shape, x, y):
    """SVG for one marker shape at (x, y) (numbers only, so safe to mark up)."""
    return MARKERS[shape](round(x, 1), round(y, 1))


def nice_ceiling(value):
    """The top of an axis: ``value`` rounded up to a multiple of four (four even gridlines)."""
    return max(4, -(-int(value) // 4) * 4)


def trend_chart(months):
    """One line per figure over the period's months (new organisations each month)."""
    left, right, top, bottom = 56, 16, 16, 48
    height = 300
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = nice_ceiling(max([0] + [m[n] for m in months for n in FIGURES]))
    count = max(len(months), 1)
    step = plot_w / max(count - 1, 1)

    def x(i):
        return round(left + (i * step if count > 1 else plot_w / 2), 1)

    def y(value):
        return round(top + plot_h - plot_h * value / peak, 1)

    every = max(1, -(-count // 12))
    series = []
    for name in FIGURES:
        points = [(x(i), y(m[name])) for i, m in enumerate(months)]
        series.append({
            "figure": name,
            **SERIES[name],
            "points": " ".join(f"{px},{py}" for px, py in points),
            "markers": [marker(SERIES[name]["marker"], px, py) for px, py in points],
        })
    return {
        "width": WIDTH, "height": height, "left": left, "top": top, "plot_w": plot_w, "plot_h": plot_h,
        "ticks": [{"value": peak * i // 4, "y": y(peak * i // 4)} for i in range(5)],
        "labels": [{"month": m["month"], "x": x(i)} for i, m in enumerate(months) if i % every == 0],
        "series": series,
        "legend": [{"figure": name, **SERIES[name], "marker_svg": marker(SERIES[name]["marker"], 10, 0)}
                   for name in FIGURES],
    }
