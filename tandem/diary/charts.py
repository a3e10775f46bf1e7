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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 560
HEIGHT = 240
LEFT = 96
RIGHT = 20
TOP = 16
BOTTOM = 44
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
INK = "#212b32"  # NHS text colour
GRID = "#d8dde0"  # NHS grey 4
BAND = "#e8edee"  # NHS grey 5


@dataclass(frozen=True)
class Tick:
    value: float
    label: str


def plain_number(value: float) -> str:
    """7.0 -> '7', 7.5 -> '7.5'."""
    return f"{value:g}"


def x_positions(count: int) -> list[float]:
    if count <= 0:
        return []
    if count == 1:
        return [LEFT + PLOT_W / 2]
    step = PLOT_W / (count - 1)
    return [LEFT + i * step for i in range(count)]


def y_position(value: float, *, y_min: float, y_max: float) -> float:
    span = (y_max - y_min) or 1
    clamped = min(max(value, y_min), y_max)
    return TOP + (y_max - clamped) / span * PLOT_H


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


def label_every(count: int) -> int:
    """How many days apart the date labels along the bottom are."""
    if count <= 10:
        return 1 if count <= 7 else 2
    if count <= 35:
        return 7
    return 14


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
) -> Markup:
    """An accessible SVG line chart of ``values`` (one per day in ``days``)."""
    if len(days) != len(values):
        raise ValueError("One value (or None) is needed for each day")
    xs = x_positions(len(days))
    description = describe(title=title, days=days, values=values, fmt=fmt)
    band = ""
    if highlight is not None and days:
        start, end = highlight
        inside = [i for i, d in enumerate(days) if start <= d <= end]
        if inside:
            half = (PLOT_W / (len(days) - 1) / 2) if len(days) > 1 else PLOT_W / 2
            x0 = max(LEFT, xs[inside[0]] - half)
            x1 = min(LEFT + PLOT_W, xs[inside[-1]] + half)
            band = (
                f'<rect x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" height="{PLOT_H}" '
                f'fill="{BAND}"/>'
            )
            description += (
                f" The shaded days, {short_day(days[inside[0]])} to "
                f"{short_day(days[inside[-1]])}, are the ones an alert is about."
            )
    parts: list[str] = [
        f'<svg class="tandem-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false" '
        f'aria-labelledby="{escape(chart_id)}-title" aria-describedby="{escape(chart_id)}-desc" '
        f'id="{escape(chart_id)}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
        band,
    ]
    # The value axis: a grid line and a label for each tick.
    for tick in ticks:
        y = y_position(tick.value, y_min=y_min, y_max=y_max)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + PLOT_W}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="15" '
            f'fill="{INK}">{escape(tick.label)}</text>'
        )
    # The day axis: a line along the bottom, dates counted back from the last day.
    bottom = TOP + PLOT_H
    parts.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + PLOT_W}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    every = label_every(len(days))
    for i in range(len(days) - 1, -1, -every):
        # Labels at either end are kept inside the picture.
        anchor = "middle"
        if len(days) > 1 and i == len(days) - 1:
            anchor = "end"
        elif len(days) > 1 and i == 0:
            anchor = "start"
        parts.append(
            f'<text x="{xs[i]:.1f}" y="{bottom + 22}" text-anchor="{anchor}" font-size="15" '
            f'fill="{INK}">{escape(short_day(days[i]))}</text>'
        )
    # The line, broken where days were not filled in, and a dot for every value.
    for run in segments(values):
        if len(run) > 1:
            points = " ".join(
                f"{xs[i]:.1f},{y_position(float(values[i] or 0), y_min=y_min, y_max=y_max):.1f}"
                for i in run
            )
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="2" '
                'stroke-linejoin="round"/>'
            )
        for i in run:
            y = y_position(float(values[i] or 0), y_min=y_min, y_max=y_max)
            parts.append(f'<circle cx="{xs[i]:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is a number or escaped
