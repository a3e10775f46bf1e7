"""Charts drawn on the server as inline SVG, with no JavaScript.

Each chart has a title and a description for screen readers, and every chart
on a page is followed by a table of the same figures. Meaning never rests on
colour: each line has its own marker shape and dash pattern and is named in
the legend; intervals are drawn as whiskers with the value as a dot. Suppressed
values are left out (a gap), and the table says '*' for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

# NHS palette colours chosen for contrast on white; shapes and dashes carry meaning.
STYLES = (
    ("#005eb8", "", "circle"),
    ("#330072", "6 4", "square"),
    ("#00703c", "2 3", "triangle"),
)
TEXT = "#212b32"
GRID = "#d8dde0"
SVG_STYLE = "max-width: 100%; height: auto"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _nice_top(value: float) -> float:
    if value <= 0:
        return 10
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if value <= step:
            return float(step)
    magnitude = 10 ** (len(str(int(value))) - 1)
    return float((int(value / magnitude) + 1) * magnitude)


def line_chart(
    *, title: str, description: str, labels: list[str], series: list[Series], y_label: str
) -> Markup:
    """Lines over time (one point per label), with a legend naming each line."""
    width, height = 720, 300
    left, right, top, bottom = 60, 20, 20, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_top = _nice_top(max(values, default=0))
    step_x = plot_w / max(1, len(labels) - 1)

    def x_at(i: int) -> float:
        return left + (i * step_x if len(labels) > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        return top + plot_h - (v / y_top) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="tandem-chart" style="{SVG_STYLE}" role="img" '
        'aria-labelledby="{id}-title {id}-desc">',
        f'<title id="{{id}}-title">{escape(title)}</title>',
        f'<desc id="{{id}}-desc">{escape(description)}</desc>',
    ]
    for i in range(5):
        tick = y_top * i / 4
        y = y_at(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT}">{tick:g}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x_at(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'font-size="11" fill="{TEXT}">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" font-size="12" fill="{TEXT}" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})" text-anchor="middle">'
        f"{escape(y_label)}</text>"
    )
    for n, line in enumerate(series):
        colour, dash, shape = STYLES[n % len(STYLES)]
        run: list[str] = []
        runs: list[list[str]] = [run]
        for i, v in enumerate(line.values):
            if v is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{x_at(i):.1f},{y_at(v):.1f}")
            parts.append(_marker(shape, x_at(i), y_at(v), colour))
        for points in runs:
            if len(points) > 1:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>'
                )
        lx = left + n * 200
        ly = height - 18
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{lx}" x2="{lx + 30}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        parts.append(_marker(shape, lx + 15, ly, colour))
        parts.append(
            f'<text x="{lx + 38}" y="{ly + 4}" font-size="12" fill="{TEXT}">'
            f"{escape(line.label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part is escaped above


@dataclass(frozen=True)
class Interval:
    label: str
    value: float | None  # percent; None when suppressed
    low: float | None
    high: float | None


def interval_chart(*, title: str, description: str, rows: list[Interval]) -> Markup:
    """A dot for each group's rate with a whisker for its 95% interval (0 to 100%)."""
    row_h = 28
    left, right, top = 230, 30, 30
    width = 720
    height = top + row_h * len(rows) + 40
    plot_w = width - left - right

    def x_at(percent: float) -> float:
        return left + plot_w * percent / 100

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="tandem-chart" style="{SVG_STYLE}" role="img" '
        'aria-labelledby="{id}-title {id}-desc">',
        f'<title id="{{id}}-title">{escape(title)}</title>',
        f'<desc id="{{id}}-desc">{escape(description)}</desc>',
    ]
    axis_y = top + row_h * len(rows)
    for percent in (0, 25, 50, 75, 100):
        x = x_at(percent)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 10}" y2="{axis_y}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT}">{percent}%</text>'
        )
    for i, row in enumerate(rows):
        y = top + row_h * i + row_h / 2
        parts.append(
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT}">{escape(row.label)}</text>'
        )
        if row.value is None:
            parts.append(
                f'<text x="{left + 6}" y="{y + 4:.1f}" font-size="12" fill="{TEXT}">'
                "not shown (small numbers or none)</text>"
            )
            continue
        if row.low is not None and row.high is not None:
            lo, hi = x_at(row.low), x_at(row.high)
            parts.append(
                f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{TEXT}" stroke-width="2"/>'
            )
            for end in (lo, hi):
                parts.append(
                    f'<line x1="{end:.1f}" x2="{end:.1f}" y1="{y - 6:.1f}" y2="{y + 6:.1f}" '
                    f'stroke="{TEXT}" stroke-width="2"/>'
                )
        parts.append(f'<circle cx="{x_at(row.value):.1f}" cy="{y:.1f}" r="5" fill="#005eb8"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part is escaped above


def with_id(svg: Markup, chart_id: str) -> Markup:
    """Give a chart's title and description ids unique on the page."""
    return Markup(str(svg).replace("{id}", escape(chart_id)))  # noqa: S704
