"""Line charts drawn on the server as inline SVG, no JavaScript.

One chart per thing a person tracks: days along the bottom, the value up the
side. A day with nothing filled in is a gap in the line, never a guessed
value; a day on its own between gaps is still shown as a dot. Each chart has
a ``<title>`` and a ``<desc>`` that says in words what it shows, and the
pages put a table of the same figures next to it, so nobody needs to see the
picture to read it.

One ink colour for everything: colour never carries a meaning here (no
red/amber/green anywhere, NICE NG225). The only shading is a plain grey band
marking days someone asked to look at (an alert's period), named in the
description.

Two frames: ``WIDE`` fills its column (the diary's 28 and 90 days), and
``NARROW`` is drawn at its own size in pixels, so its text is 14 px on any
screen, a 360 px phone included (questionnaire totals, a few points each). A
chart can name ranges of its scale in words beside it (``Band``: a
questionnaire's published severity bands).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

INK = "#212b32"  # NHS text colour
GRID = "#d8dde0"  # NHS grey 4
BAND = "#e8edee"  # NHS grey 5


@dataclass(frozen=True)
class Frame:
    """A chart's size and lettering, in SVG units."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    # Drawn at exactly width x height pixels, rather than stretched to its column.
    fixed: bool
    # Room one date label along the bottom needs, so labels never overlap.
    label_width: int

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom


WIDE = Frame(
    width=560,
    height=240,
    left=96,
    right=20,
    top=16,
    bottom=44,
    font=15,
    fixed=False,
    label_width=44,
)
# 320 px fits the 328 px column of a 360 px phone; the right margin holds band names.
NARROW = replace(WIDE, width=320, left=34, right=96, font=14, fixed=True, label_width=50)
WIDTH, HEIGHT, LEFT, TOP = WIDE.width, WIDE.height, WIDE.left, WIDE.top
PLOT_W, PLOT_H = WIDE.plot_w, WIDE.plot_h


@dataclass(frozen=True)
class Tick:
    value: float
    label: str


@dataclass(frozen=True)
class Band:
    """A named range of the scale, from ``low`` to ``high`` inclusive."""

    low: float
    high: float
    label: str


def plain_number(value: float) -> str:
    """7.0 -> '7', 7.5 -> '7.5'."""
    return f"{value:g}"


def x_positions(count: int, frame: Frame = WIDE) -> list[float]:
    if count <= 0:
        return []
    if count == 1:
        return [frame.left + frame.plot_w / 2]
    step = frame.plot_w / (count - 1)
    return [frame.left + i * step for i in range(count)]


def y_position(value: float, *, y_min: float, y_max: float, frame: Frame = WIDE) -> float:
    span = (y_max - y_min) or 1
    clamped = min(max(value, y_min), y_max)
    return frame.top + (y_max - clamped) / span * frame.plot_h


def segments(values: Sequence[float | None]) -> list[list[int]]:
    """Runs of consecutive days with a value, as lists of indexes."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def label_every(count: int, frame: Frame = WIDE) -> int:
    """How many days apart the date labels along the bottom are: a day, a week
    or a fortnight, and far enough apart that no two overlap."""
    if count <= 10:
        every = 1 if count <= 7 else 2
    elif count <= 35:
        every = 7
    else:
        every = 14
    if count > 1:
        step = frame.plot_w / (count - 1)
        # The labels at either end hang inwards, so leave one and a half widths.
        every = max(every, math.ceil(1.5 * frame.label_width / step))
    return every


def wrap(text: str, most: int) -> list[str]:
    """``text`` in lines of up to ``most`` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def short_day(day: dt.date) -> str:
    return f"{day:%-d %b}"


def describe(
    *,
    title: str,
    days: Sequence[dt.date],
    values: Sequence[float | None],
    fmt: Callable[[float], str],
) -> str:
    """What the chart shows, in words: the period, how many days, the range."""
    if not days:
        return f"{title}: no days to show."
    filled = [v for v in values if v is not None]
    period = (
        f"{short_day(days[0])} to {short_day(days[-1])}" if len(days) > 1 else short_day(days[0])
    )
    if not filled:
        return f"{title}, {period}: nothing filled in on these days."
    text = f"{title}, {period}: filled in on {len(filled)} of {len(days)} days"
    if len(filled) == 1:
        return f"{text}, {fmt(filled[0])}."
    last = next(v for v in reversed(values) if v is not None)
    return f"{text}. Lowest {fmt(min(filled))}, highest {fmt(max(filled))}, latest {fmt(last)}."


def line_chart(
    *,
    chart_id: str,
    title: str,
    days: Sequence[dt.date],
    values: Sequence[float | None],
    y_min: float,
    y_max: float,
    ticks: Sequence[Tick],
    fmt: Callable[[float], str] = plain_number,
    highlight: tuple[dt.date, dt.date] | None = None,
    frame: Frame = WIDE,
    bands: Sequence[Band] = (),
    description: str | None = None,
) -> Markup:
    """An accessible SVG line chart of ``values`` (one per day in ``days``).

    ``bands`` are named beside the scale, in the right margin; ``description``
    replaces the one worked out from the days (for points that are not days).
    """
    if len(days) != len(values):
        raise ValueError("One value (or None) is needed for each day")
    f = frame
    left, top, plot_w, plot_h = f.left, f.top, f.plot_w, f.plot_h
    xs = x_positions(len(days), f)
    if description is None:
        description = describe(title=title, days=days, values=values, fmt=fmt)
    band = ""
    if highlight is not None and days:
        start, end = highlight
        inside = [i for i, d in enumerate(days) if start <= d <= end]
        if inside:
            half = (plot_w / (len(days) - 1) / 2) if len(days) > 1 else plot_w / 2
            x0 = max(left, xs[inside[0]] - half)
            x1 = min(left + plot_w, xs[inside[-1]] + half)
            band = (
                f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{plot_h}" '
                f'fill="{BAND}"/>'
            )
            description += (
                f" The shaded days, {short_day(days[inside[0]])} to "
                f"{short_day(days[inside[-1]])}, are the ones an alert is about."
            )
    size = f'width="{f.width}" height="{f.height}"' if f.fixed else 'width="100%"'
    parts: list[str] = [
        f'<svg class="tandem-chart" role="img" viewBox="0 0 {f.width} {f.height}" '
        f'{size} preserveAspectRatio="xMinYMin meet" focusable="false" '
        f'aria-labelledby="{escape(chart_id)}-title" aria-describedby="{escape(chart_id)}-desc" '
        f'id="{escape(chart_id)}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
        band,
    ]

    def y_of(value: float) -> float:
        return y_position(value, y_min=y_min, y_max=y_max, frame=f)

    # The value axis: a grid line and a label for each tick.
    for tick in ticks:
        y = y_of(tick.value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="{f.font}" '
            f'fill="{INK}">{escape(tick.label)}</text>'
        )
    # Named ranges of the scale, each written beside the middle of its range.
    most = max(1, int((f.right - 10) / (f.font * 0.56)))
    for named in bands:
        # A band runs up to the next band's start, so the middle is between them.
        middle = (y_of(named.low) + y_of(min(named.high + 1, y_max))) / 2
        lines = wrap(named.label, most)
        first = middle + f.font * 0.35 - (len(lines) - 1) * f.font * 0.55
        spans = "".join(
            f'<tspan x="{left + plot_w + 8}" y="{first + i * f.font * 1.1:.1f}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        parts.append(f'<text font-size="{f.font}" fill="{INK}">{spans}</text>')
    # The day axis: a line along the bottom, dates counted back from the last day.
    bottom = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    every = label_every(len(days), f)
    for i in range(len(days) - 1, -1, -every):
        # Labels at either end are kept inside the picture.
        anchor = "middle"
        if len(days) > 1 and i == len(days) - 1:
            anchor = "end"
        elif len(days) > 1 and i == 0:
            anchor = "start"
        parts.append(
            f'<text x="{xs[i]:.1f}" y="{bottom + 22}" text-anchor="{anchor}" font-size="{f.font}" '
            f'fill="{INK}">{escape(short_day(days[i]))}</text>'
        )
    # The line, broken where days were not filled in, and a dot for every value.
    for run in segments(values):
        if len(run) > 1:
            points = " ".join(f"{xs[i]:.1f},{y_of(float(values[i] or 0)):.1f}" for i in run)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="2" '
                'stroke-linejoin="round"/>'
            )
        for i in run:
            y = y_of(float(values[i] or 0))
            parts.append(f'<circle cx="{xs[i]:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is a number or escaped
