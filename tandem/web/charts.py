"""Charts drawn on the server as inline SVG, with no JavaScript: the one way
Tandem draws a chart (issue 23), for the diary, questionnaire totals and the
insights report.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that
says in words what it shows, and every page that shows one puts a table of the
same figures next to it, so nobody needs to see the picture to read it. A value
that is missing (a day not filled in, a figure hidden because it is small) is a
gap, never a guessed value. Meaning never rests on colour alone: one line is
drawn in one ink; several lines each have their own dash and marker and are
named in a legend; no red, amber or green anywhere (NICE NG225).

Drawn for a phone first (issue 23: the diary's charts had 9 px text on a
360 px phone). A frame's size is in pixels: ``PHONE`` is as wide as the column
of a 360 px phone (328 px), so its 14 px text is 14 px there, and on a wider
screen it may grow to ``GROWTH`` times that, no more, so its text stays near
the size of the words around it. ``NARROW`` is drawn at exactly its own size
(questionnaire totals, with their bands named beside the scale).

pygal was considered instead (issue 23): it puts an inline ``<script>`` and
``<style>`` in every chart, which the Content-Security-Policy refuses, draws
10 px axis text on an 800 px canvas, and has no ``role``/``<desc>`` for a
screen reader, so each chart would need rewriting after it is drawn.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from tandem.web.dates import short_day_month

INK = "#212b32"  # NHS text colour
GRID = "#d8dde0"  # NHS grey 4
BAND = "#e8edee"  # NHS grey 5
# How much wider than its own size a growing chart may be drawn.
GROWTH = 1.5
# A letter's width, as a share of the font size (Arial, digits and lower case).
LETTER = 0.56


@dataclass(frozen=True)
class Frame:
    """A chart's size and lettering, in pixels at its own size."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    # Drawn at exactly width x height pixels; otherwise it fills its column up
    # to GROWTH times its width (and shrinks only on a screen under 360 px).
    fixed: bool
    # Room one date label along the bottom needs, so labels never overlap.
    label_width: int

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom


# 328 px is the column of a 360 px phone; the left margin holds the longest
# label of a scale ('Very much', '12 hours').
PHONE = Frame(
    width=328,
    height=240,
    left=76,
    right=12,
    top=16,
    bottom=44,
    font=14,
    fixed=False,
    label_width=44,
)
WIDE = PHONE  # the diary's name for it: a chart that fills its column
# The right margin holds the names of a questionnaire's bands.
NARROW = replace(PHONE, width=320, left=34, right=96, fixed=True, label_width=50)
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


@dataclass(frozen=True)
class Usual:
    """A person's usual level, drawn as a dashed line across the plot and
    named in a legend below it (an early-warning alert's chart)."""

    value: float
    label: str


@dataclass(frozen=True)
class Series:
    """One line of a chart with several, named in its legend."""

    label: str
    values: list[float | None]


@dataclass(frozen=True)
class Interval:
    """One group's rate (percent) and its 95% interval; None when hidden."""

    label: str
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str
    marker: str


ONE_LINE = Style(INK, "", "circle")
# NHS colours with contrast on white; the dash and the marker carry the meaning.
STYLES = (
    Style("#005eb8", "", "circle"),
    Style("#330072", "6 4", "square"),
    Style("#00703c", "2 3", "triangle"),
)
DOT = "#005eb8"


def plain_number(value: float) -> str:
    """7.0 -> '7', 7.5 -> '7.5'."""
    return f"{value:g}"


def short_day(day: dt.date) -> str:
    return short_day_month(day)


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
    """Runs of consecutive points with a value, as lists of indexes."""
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


def spacing(count: int, label_width: float, frame: Frame, every: int = 1) -> int:
    """How many points apart the labels along the bottom are: at least ``every``,
    and far enough apart that no two overlap. The labels at either end hang
    inwards, so they are one and a half widths apart."""
    if count > 1:
        step = frame.plot_w / (count - 1)
        every = max(every, math.ceil(1.5 * label_width / step))
    return every


def label_every(count: int, frame: Frame = WIDE) -> int:
    """How many days apart the date labels are: a day, a week or a fortnight,
    or further apart if those would overlap."""
    if count <= 10:
        every = 1 if count <= 7 else 2
    elif count <= 35:
        every = 7
    else:
        every = 14
    return spacing(count, frame.label_width, frame, every)


def wrap(text: str, most: int) -> list[str]:
    """``text`` in lines of up to ``most`` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def describe(
    *,
    title: str,
    days: Sequence[dt.date],
    values: Sequence[float | None],
    fmt: Callable[[float], str],
) -> str:
    """What the chart shows, in words: the period, how many days, the range."""
    if not days:
        return _("%(title)s: no days to show.") % {"title": title}
    filled = [v for v in values if v is not None]
    period = (
        _("%(start)s to %(end)s") % {"start": short_day(days[0]), "end": short_day(days[-1])}
        if len(days) > 1
        else short_day(days[0])
    )
    said = {"title": title, "period": period, "filled": len(filled), "days": len(days)}
    if not filled:
        return _("%(title)s, %(period)s: nothing filled in on these days.") % said
    if len(filled) == 1:
        return _("%(title)s, %(period)s: filled in on %(filled)s of %(days)s days, %(value)s.") % {
            **said,
            "value": fmt(filled[0]),
        }
    last = next(v for v in reversed(values) if v is not None)
    return _(
        "%(title)s, %(period)s: filled in on %(filled)s of %(days)s days. Lowest %(lowest)s, "
        "highest %(highest)s, latest %(latest)s."
    ) % {**said, "lowest": fmt(min(filled)), "highest": fmt(max(filled)), "latest": fmt(last)}


# --- The parts every chart is made of ------------------------------------------------


def _open(chart_id: str, title: str, description: str, frame: Frame, height: int) -> str:
    """The picture's own element, named and described for a screen reader."""
    cid = escape(chart_id)
    size = f'width="{frame.width}" height="{height}"'
    if not frame.fixed:
        # Fills its column, up to GROWTH times its own size; the height follows.
        size += f' style="width: 100%; max-width: {frame.width * GROWTH:g}px; height: auto"'
    return (
        f'<svg class="tandem-chart" role="img" viewBox="0 0 {frame.width} {height}" '
        f'{size} preserveAspectRatio="xMinYMin meet" focusable="false" '
        f'aria-labelledby="{cid}-title" aria-describedby="{cid}-desc" id="{cid}">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(description)}</desc>'
    )


def _n(value: float) -> str:
    """A coordinate: a whole number as it is, a fraction to one place."""
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _text(x: float, y: float, words: str, frame: Frame, anchor: str = "start") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{frame.font}" '
        f'fill="{INK}">{escape(words)}</text>'
    )


def _marker(style: Style, x: float, y: float) -> str:
    if style.marker == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{style.colour}"/>'
    if style.marker == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{style.colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{style.colour}"/>'


def _dash(style: Style) -> str:
    return f' stroke-dasharray="{style.dash}"' if style.dash else ""


def _value_axis(ticks: Sequence[Tick], frame: Frame, y_of: Callable[[float], float]) -> list[str]:
    """A grid line across the plot and a label beside it for each tick."""
    return [
        f'<line x1="{frame.left}" y1="{y_of(t.value):.1f}" x2="{frame.left + frame.plot_w}" '
        f'y2="{y_of(t.value):.1f}" stroke="{GRID}" stroke-width="1"/>'
        + _text(frame.left - 8, y_of(t.value) + 4, t.label, frame, "end")
        for t in ticks
    ]


def _label_axis(labels: Sequence[str], every: int, xs: Sequence[float], frame: Frame) -> list[str]:
    """A line along the bottom, and every ``every``-th label counted back from
    the last, the ones at either end kept inside the picture."""
    bottom = frame.top + frame.plot_h
    parts = [
        f'<line x1="{frame.left}" y1="{bottom}" x2="{frame.left + frame.plot_w}" y2="{bottom}" '
        f'stroke="{INK}" stroke-width="1"/>'
    ]
    for i in range(len(labels) - 1, -1, -every):
        anchor = "middle"
        if len(labels) > 1 and i == len(labels) - 1:
            anchor = "end"
        elif len(labels) > 1 and i == 0:
            anchor = "start"
        parts.append(_text(xs[i], bottom + 22, labels[i], frame, anchor))
    return parts


def _line(
    values: Sequence[float | None],
    xs: Sequence[float],
    y_of: Callable[[float], float],
    style: Style,
) -> list[str]:
    """The line, broken where there is no value, and a marker at every value
    (so a value on its own between gaps is still shown)."""
    parts: list[str] = []
    for run in segments(values):
        if len(run) > 1:
            points = " ".join(f"{xs[i]:.1f},{y_of(float(values[i] or 0)):.1f}" for i in run)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{style.colour}" '
                f'stroke-width="2" stroke-linejoin="round"{_dash(style)}/>'
            )
        parts.extend(_marker(style, xs[i], y_of(float(values[i] or 0))) for i in run)
    return parts


def _finish(parts: list[str]) -> Markup:
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value is a number or escaped


# --- Charts ----------------------------------------------------------------------------


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
    axis: str = "",
    usual: Usual | None = None,
    shaded: str = "",
) -> Markup:
    """One thing over days, in one ink: days along the bottom, the value up the side.

    ``highlight`` shades days someone asked to look at (an alert's period) in
    plain grey, and says so in the description. ``bands`` are named beside the
    scale, in the right margin; ``description`` replaces the one worked out
    from the days (for points that are not days). ``axis`` is written above
    the plot (which way is worse, so the scale is not misread: HAZ-371);
    ``usual`` is a dashed line, and it and the shaded days (``shaded`` names
    them) are named in a legend below the plot, in words, not colours.
    """
    if len(days) != len(values):
        raise ValueError("One value (or None) is needed for each day")
    line_h = round(frame.font * 1.5)
    above = wrap(axis, max(1, int((frame.width - 16) / (frame.font * LETTER))))
    legend: list[tuple[str, str]] = []
    if usual is not None:
        legend.append(("usual", usual.label))
    if shaded and highlight is not None:
        legend.append(("shaded", shaded))
    # The axis words take lines above the plot, the legend a line each below.
    f = replace(
        frame,
        top=frame.top + line_h * len(above),
        bottom=frame.bottom + line_h * len(legend),
        height=frame.height + line_h * (len(above) + len(legend)),
    )
    xs = x_positions(len(days), f)
    if description is None:
        description = describe(title=title, days=days, values=values, fmt=fmt)
    band = ""
    if highlight is not None and days:
        start, end = highlight
        inside = [i for i, d in enumerate(days) if start <= d <= end]
        if inside:
            half = (f.plot_w / (len(days) - 1) / 2) if len(days) > 1 else f.plot_w / 2
            x0 = max(f.left, xs[inside[0]] - half)
            x1 = min(f.left + f.plot_w, xs[inside[-1]] + half)
            band = (
                f'<rect x="{x0:.1f}" y="{f.top}" width="{x1 - x0:.1f}" height="{f.plot_h}" '
                f'fill="{BAND}"/>'
            )
            if shaded:
                # The grey is faint on a grey page: a bar in ink above the days too.
                band += f'<rect x="{x0:.1f}" y="{f.top - 9}" width="{x1 - x0:.1f}" height="5" '
                band += f'fill="{INK}"/>'
            description += (
                f" The shaded days, {short_day(days[inside[0]])} to "
                f"{short_day(days[inside[-1]])}, are the ones an alert is about."
            )
    if usual is not None:
        description += f" The dashed line is {usual.label[0].lower()}{usual.label[1:]}."

    def y_of(value: float) -> float:
        return y_position(value, y_min=y_min, y_max=y_max, frame=f)

    parts = [_open(chart_id, title, description, f, f.height), band]
    parts += [_text(8, frame.font + 4 + n * line_h, w, f) for n, w in enumerate(above)]
    parts += _value_axis(ticks, f, y_of)
    # Named ranges of the scale, each written beside the middle of its range.
    most = max(1, int((f.right - 10) / (f.font * LETTER)))
    for named in bands:
        # A band runs up to the next band's start, so the middle is between them.
        middle = (y_of(named.low) + y_of(min(named.high + 1, y_max))) / 2
        lines = wrap(named.label, most)
        first = middle + f.font * 0.35 - (len(lines) - 1) * f.font * 0.55
        spans = "".join(
            f'<tspan x="{f.left + f.plot_w + 8}" y="{first + i * f.font * 1.1:.1f}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        parts.append(f'<text font-size="{f.font}" fill="{INK}">{spans}</text>')
    labels = [short_day(d) for d in days]
    parts += _label_axis(labels, label_every(len(days), f), xs, f)
    if usual is not None:
        y = y_of(usual.value)
        parts.append(
            f'<line x1="{f.left}" x2="{f.left + f.plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
    parts += _line(values, xs, y_of, ONE_LINE)
    for n, (kind, words) in enumerate(legend):
        y = f.top + f.plot_h + 22 + line_h * (n + 1)
        if kind == "usual":
            parts.append(
                f'<line x1="8" x2="38" y1="{y - 4}" y2="{y - 4}" stroke="{INK}" '
                f'stroke-width="2" stroke-dasharray="8 5"/>'
            )
        else:
            parts.append(
                f'<rect x="8" y="{y - 12}" width="30" height="14" fill="{BAND}"/>'
                f'<rect x="8" y="{y - 17}" width="30" height="5" fill="{INK}"/>'
            )
        parts.append(_text(46, y, words, f))
    return _finish(parts)


def nice_top(value: float) -> float:
    """The top of a count's scale: a round number at or above ``value``."""
    if value <= 0:
        return 10
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if value <= step:
            return float(step)
    magnitude = 10 ** (len(str(int(value))) - 1)
    return float((int(value / magnitude) + 1) * magnitude)


def series_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    y_label: str,
    frame: Frame = PHONE,
) -> Markup:
    """Several counts over time (one point per label), each line with its own
    dash and marker, named in a legend below; ``y_label`` names the scale above it."""
    line_h = round(frame.font * 1.5)
    y_top = nice_top(max((v for s in series for v in s.values if v is not None), default=0))
    ticks = [Tick(y_top * i / 4, f"{y_top * i / 4:g}") for i in range(5)]
    widest_tick = max(len(t.label) for t in ticks) * frame.font * LETTER
    # The scale's name takes a line above the plot, the legend a line per series
    # below, and the left margin is as wide as the scale's longest number.
    f = replace(
        frame,
        left=math.ceil(widest_tick) + 16,
        top=frame.top + line_h,
        bottom=frame.bottom + line_h * len(series),
        height=frame.height + line_h * (1 + len(series)),
    )
    xs = x_positions(len(labels), f)

    def y_of(value: float) -> float:
        return y_position(value, y_min=0, y_max=y_top, frame=f)

    parts = [_open(chart_id, title, description, f, f.height)]
    parts.append(_text(8, frame.font + 2, y_label, f))
    parts += _value_axis(ticks, f, y_of)
    # Capitals and spaces make a label such as 'Aug 2026' wider than most words.
    widest = max((len(label) for label in labels), default=1) * f.font * 0.6
    parts += _label_axis(labels, spacing(len(labels), widest, f), xs, f)
    legend_top = f.top + f.plot_h + 22 + line_h
    for n, line in enumerate(series):
        style = STYLES[n % len(STYLES)]
        parts += _line(line.values, xs, y_of, style)
        y = legend_top + n * line_h
        parts.append(
            f'<line x1="8" x2="38" y1="{y - 4}" y2="{y - 4}" stroke="{style.colour}" '
            f'stroke-width="2"{_dash(style)}/>'
        )
        parts.append(_marker(style, 23, y - 4))
        parts.append(_text(46, y, line.label, f))
    return _finish(parts)


def interval_chart(
    *, chart_id: str, title: str, description: str, rows: list[Interval], frame: Frame = PHONE
) -> Markup:
    """For each group, its name on a line of its own and below it a dot for its
    rate with a whisker for its 95% interval, on one scale from 0 to 100%."""
    f = frame
    left, right = 8, f.width - 16
    plot_w = right - left
    line_h = round(f.font * 1.3)
    most = max(1, int(plot_w / (f.font * LETTER)))
    named = [wrap(row.label, most) for row in rows]
    heights = [line_h * len(lines) + 26 for lines in named]
    axis_y = f.top + sum(heights)
    height = axis_y + 30

    def x_at(percent: float) -> float:
        return left + plot_w * percent / 100

    parts = [_open(chart_id, title, description, f, height)]
    for percent in (0, 25, 50, 75, 100):
        x = x_at(percent)
        anchor = "start" if percent == 0 else "end" if percent == 100 else "middle"
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.top}" y2="{axis_y}" stroke="{GRID}"/>'
            + _text(x, axis_y + 20, f"{percent}%", f, anchor)
        )
    y = f.top
    for row, lines, row_h in zip(rows, named, heights, strict=True):
        for n, words in enumerate(lines):
            parts.append(_text(left, y + f.font + n * line_h, words, f))
        middle = y + line_h * len(lines) + 12
        y += row_h
        if row.value is None:
            parts.append(_text(left, middle + 5, "not shown (small numbers or none)", f))
            continue
        if row.low is not None and row.high is not None:
            lo, hi = x_at(row.low), x_at(row.high)
            parts.append(
                f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{middle:.1f}" y2="{middle:.1f}" '
                f'stroke="{INK}" stroke-width="2"/>'
            )
            parts.extend(
                f'<line x1="{end:.1f}" x2="{end:.1f}" y1="{middle - 6:.1f}" '
                f'y2="{middle + 6:.1f}" stroke="{INK}" stroke-width="2"/>'
                for end in (lo, hi)
            )
        parts.append(f'<circle cx="{x_at(row.value):.1f}" cy="{middle:.1f}" r="5" fill="{DOT}"/>')
    return _finish(parts)
