"""The days behind an early-warning alert, as a chart for each thing it names
(issue 20: "with a chart of the days behind it").

For a change from the person's usual noticed in their diary, each thing the
alert names (mood, sleep, anxiety, medication, each warning sign in the
person's own words; for signals taken together, each of them) is drawn over
the days up to the night the check judged (the alert's ``data_to``): at
least ``CHART_DAYS`` days, and a week before the change began. Their usual
is a dashed line, the days the change was seen are shaded, and a day with
nothing filled in is a gap, never a zero. Each chart says above its plot
which way is worse, so nobody reads a fall in anxiety as a fall in mood
(HAZ-371), and has a table of the same values beside it.

Where the figures come from: the diary, read as the nightly sweep reads it
(``diary_source``; only while it is shared with the alert's team), and the
detector's own public functions. The usual is what the alert's reason
calls "usually about": the mean of the item's days before the last
``recent_days`` for an item that changed on its own, the median for one
named only among signals taken together. The days the change was seen are
those of the signal whose reason the alert carries, when judging the diary
again finds that same reason, and otherwise the alert's own days.

Missed check-ins get no chart, and a sentence saying why: the alert is about
days with no entry, which a chart would show only as an empty stretch; the
reason counts them and the diary lists each day. A change in questionnaire
answers has its answers to look at instead. Words and line styles only: no
score, level or colour (NICE NG225).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from tandem.alerts import detector, diary_source
from tandem.alerts.diaries import Diary
from tandem.alerts.episodes import Earlier, episodes_of
from tandem.alerts.item_change import mean_spread, spread_floor, usual_values
from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.raising import settings_for, thresholds_from
from tandem.alerts.signal_words import about, sign_label
from tandem.alerts.together import robust_week
from tandem.web import charts

# Days drawn at least: four weeks of the usual and the two weeks judged.
CHART_DAYS = 42
# Days drawn before the change began, at least.
BEFORE_CHANGE = 7
NOT_FILLED_IN = "Not filled in"
NO_CHART_FOR_MISSED = (
    "There is no chart for missed check-ins: the alert is about days with no entry, "
    "which a chart would show only as an empty stretch. The reason above counts them, "
    "and their diary shows each day."
)


@dataclass(frozen=True)
class Row:
    day: dt.date
    value: str
    # One of the days the change was seen.
    changed: bool


@dataclass(frozen=True)
class ItemChart:
    key: str
    title: str
    # Which way the alert is about, and their usual, in words.
    words: str
    chart: Markup
    rows: list[Row]  # newest first


@dataclass(frozen=True)
class DaysBehind:
    # Why there is no chart, in a sentence; empty when there are charts.
    why_not: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    usual_from: dt.date | None = None
    usual_to: dt.date | None = None
    charts: list[ItemChart] = field(default_factory=list)
    # What the alert names that is no longer on the diary, so is not drawn.
    not_drawn: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Item:
    name: str
    # The change watched for is a rise in mood (an alert about high mood).
    high: bool
    # It changed on its own (its own reason), not only among signals together.
    own: bool


def for_alert(alert: Alert) -> DaysBehind | None:
    """The charts of the days behind ``alert``, a sentence saying why there are
    none, or None for alerts not raised from the diary's values (nothing to show).

    ``alert`` has already been fetched through ``selectors.alert_for``, which
    checks the user may see it and audits the read.
    """
    if alert.kind == AlertKind.MISSED_CHECK_INS:
        return DaysBehind(why_not=NO_CHART_FOR_MISSED)
    if alert.kind != AlertKind.CHANGE_FROM_USUAL or alert.response_id:
        return None
    if alert.data_to is None:
        return DaysBehind(why_not="This alert does not say which days it rests on, so no chart.")
    t = thresholds_from(settings_for(alert.team))
    as_of = alert.data_to
    first = as_of - dt.timedelta(days=t.look_back - 1)
    diary = diary_source.diary_for(
        service_user_id=alert.service_user_id, team_id=alert.team_id, first=first, as_of=as_of
    )
    if diary is None:
        return DaysBehind(
            why_not="Their diary is not shared with this team now, or they are no longer "
            "open to it, so the days behind the alert are not shown."
        )
    # The alert's own signals, found again: the diary judged the same night.
    found = detector.judge(diary, as_of=as_of, thresholds=t).signals
    carried = [s for s in found if s.kind == detector.CHANGE and s.reason in alert.reasons]
    named = episodes_of(Earlier(detector.CHANGE, alert.about_key, alert.data_from, as_of))
    named += [s.episode for s in carried if s.episode not in named]
    items = _items(named, diary)
    every_day = [first + dt.timedelta(days=i) for i in range(t.look_back)]
    before = every_day[: -t.recent_days]
    starts = {s.episode: s.data_from for s in carried}
    fallback = alert.data_from or as_of
    changed = {item.name: _change_start(item, starts, fallback) for item in items}
    start = min(
        as_of - dt.timedelta(days=CHART_DAYS - 1),
        min(changed.values(), default=as_of) - dt.timedelta(days=BEFORE_CHANGE),
    )
    start = max(start, first)
    days = [start + dt.timedelta(days=i) for i in range((as_of - start).days + 1)]
    drawn = [
        _chart(item, diary, days=days, before=before, since=changed[item.name], t=t)
        for item in items
        if item.name in diary.values
    ]
    return DaysBehind(
        start=start,
        end=as_of,
        usual_from=before[0],
        usual_to=before[-1],
        charts=drawn,
        not_drawn=[_name(item.name, diary) for item in items if item.name not in diary.values],
    )


def _items(named: list[str], diary: Diary) -> list[_Item]:
    """What to draw for the episodes an alert names, in the diary's order."""
    found: dict[str, _Item] = {}

    def add(name: str, *, high: bool = False, own: bool = True) -> None:
        if name not in found or (own and not found[name].own):
            found[name] = _Item(name, high, own)

    for episode in named:
        if episode == detector.MOOD_HIGH:
            add(detector.MOOD, high=True)
        elif episode == detector.LOW:
            for name in diary.values:
                if name != detector.MEDICATION:
                    add(name, own=False)
        elif episode == detector.HIGH:
            add(detector.MOOD, high=True, own=False)
            add(detector.SLEEP, own=False)
        else:
            add(episode)
    order = {name: n for n, name in enumerate(diary.values)}
    return sorted(found.values(), key=lambda item: order.get(item.name, len(order)))


def _change_start(item: _Item, starts: Mapping[str, dt.date], fallback: dt.date) -> dt.date:
    """The first day the change in ``item`` was seen, from the signal behind it."""
    if item.own:
        episode = detector.MOOD_HIGH if item.high and item.name == detector.MOOD else item.name
        return starts.get(episode, fallback)
    return starts.get(detector.HIGH if item.high else detector.LOW, fallback)


@dataclass(frozen=True)
class _Scale:
    title: str
    # Above the plot: the scale and which way is worse (HAZ-371).
    axis: str
    y_max: float
    ticks: list[charts.Tick]
    fmt: Callable[[float], str]
    unit: str  # after 'about 6' in the usual's words


def _hours(value: float) -> str:
    text = charts.plain_number(value)
    return f"{text} hour" if text == "1" else f"{text} hours"


def _taken(value: float) -> str:
    return "Taken" if value >= 1 else "Not taken"


def _out_of(top: int) -> Callable[[float], str]:
    return lambda value: f"{charts.plain_number(value)} out of {top}"


def _scale(name: str, diary: Diary, values: list[float | None]) -> _Scale:
    tens = [charts.Tick(v, str(v)) for v in range(0, 11, 2)]
    if name == detector.MOOD:
        return _Scale("Mood", "Mood, 0 to 10: higher is better", 10, tens, _out_of(10), "out of 10")
    if name == detector.ANXIETY:
        axis = "Anxiety, 0 to 10: higher is worse"
        return _Scale("Anxiety", axis, 10, tens, _out_of(10), "out of 10")
    if name == detector.SLEEP:
        top = max([12.0, *(v for v in values if v is not None)])
        top = float(min(24, -(-top // 4) * 4))
        ticks = [charts.Tick(v, _hours(v)) for v in range(0, int(top) + 1, 4)]
        axis = "Hours slept: the alert is about fewer"
        return _Scale("Sleep", axis, top, ticks, _hours, "hours")
    if name == detector.MEDICATION:
        ticks = [charts.Tick(0, "Not taken"), charts.Tick(1, "Taken")]
        return _Scale("Medication", "Taken or not taken", 1, ticks, _taken, "")
    top = detector.SIGN_MAX
    ticks = [charts.Tick(v, str(v)) for v in range(top + 1)]
    axis = f"Rated 0 (not at all) to {top} (very much): higher is worse"
    title = f"\u2018{sign_label(diary, name)}\u2019"
    return _Scale(title, axis, top, ticks, _out_of(top), f"out of {top}")


def _way(item: _Item) -> str:
    """Which way the alert is about, in words."""
    if item.name == detector.MOOD:
        return "mood higher than their usual" if item.high else "mood lower than their usual"
    if item.name == detector.SLEEP:
        return "less sleep than their usual"
    if item.name == detector.ANXIETY:
        return "more anxiety than their usual"
    if item.name == detector.MEDICATION:
        return "medication not taken more often than usual"
    return "this sign rated higher than their usual"


def _usual(
    item: _Item, values: Mapping[dt.date, float], before: list[dt.date], needed: int
) -> float | None:
    """Their usual, as the alert's reason worked it out, or None: too few days."""
    if item.name == detector.MEDICATION:
        return None
    found = usual_values(values, before, needed=needed)
    if found is None:
        return None
    if item.own:
        return mean_spread(found, spread_floor(item.name))[0]
    return robust_week(values, before, spread_floor(item.name)).centre


def _chart(
    item: _Item,
    diary: Diary,
    *,
    days: list[dt.date],
    before: list[dt.date],
    since: dt.date,
    t: detector.Thresholds,
) -> ItemChart:
    by_day = diary.values[item.name]
    values = [by_day.get(d) for d in days]
    scale = _scale(item.name, diary, values)
    usual = _usual(item, by_day, before, t.baseline_days)
    words = f"The alert is about {_way(item)}, seen from {charts.short_day(since)}."
    line = None
    if usual is not None:
        said = f"about {about(usual)} {scale.unit}"
        line = charts.Usual(usual, f"Their usual, {said}")
        words += f" Their usual is {said}."
    elif item.name != detector.MEDICATION:
        words += " Too few days before the change to show their usual."
    key = "days-" + item.name.replace(":", "-")
    chart = charts.line_chart(
        chart_id=key,
        title=scale.title,
        days=days,
        values=values,
        y_min=0,
        y_max=scale.y_max,
        ticks=scale.ticks,
        fmt=scale.fmt,
        highlight=(since, days[-1]),
        axis=scale.axis,
        usual=line,
        shaded="Days the change was seen",
    )
    rows = [
        Row(d, NOT_FILLED_IN if v is None else scale.fmt(v), since <= d)
        for d, v in zip(days, values, strict=True)
    ]
    return ItemChart(key, scale.title, words, chart, list(reversed(rows)))


def _name(name: str, diary: Diary) -> str:
    if name.startswith(detector.SIGN_PREFIX):
        return f"\u2018{diary.labels[name]}\u2019" if name in diary.labels else "a warning sign"
    return name
