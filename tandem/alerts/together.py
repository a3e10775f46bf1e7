"""Several signals moving together the way an episode moves them (ADR 0035):
each item's distance from a robust usual (median and MAD), with fewer
check-ins than usual, followed like one item."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tandem.alerts.diaries import Diary, Run, Signal
from tandem.alerts.item_change import worse_run
from tandem.alerts.signal_words import about, day_words, sign_label
from tandem.alerts.tuning import (
    ANXIETY,
    CHANGE,
    HIGH,
    LOW,
    MAD_TO_SPREAD,
    MEAN_DISTANCE_TO_SPREAD,
    MOOD,
    PART_OF_CHANGE,
    SIGN_MAX,
    SIGN_PREFIX,
    SLEEP,
    TOGETHER_ACCUMULATE_ALLOWANCE,
    TOGETHER_CHECK_INS,
    TOGETHER_CLIP,
    TOGETHER_SELF_FLOOR,
    TOGETHER_SELF_SCALE,
    WEEKDAY_ADJUST,
    WEEKDAY_AT_LEAST,
    WEEKDAY_SHRINK,
    WRITING_SPREAD_FLOOR,
    WRITING_WEEK,
    Thresholds,
)

# The way each item moves in an episode: +1 higher is worse, -1 lower is.
_LOW_WAYS = {MOOD: -1, ANXIETY: 1, SLEEP: -1}
_HIGH_WAYS = {MOOD: 1, SLEEP: -1}


@dataclass(frozen=True)
class Robust:
    """An item's usual from its baseline days: median and spread (from the MAD)."""

    centre: float
    spread: float
    # Each weekday's own usual offset from the centre (Monday first), or
    # nothing: someone who always sleeps in at weekends is not 'better' on
    # Saturdays nor 'worse' on Mondays.
    weekdays: tuple[float, ...] = ()

    def expected(self, day: dt.date) -> float:
        return self.centre + (self.weekdays[day.weekday()] if self.weekdays else 0.0)


def _robust(found: list[float], floor: float) -> Robust:
    centre = statistics.median(found)
    distances = [abs(v - centre) for v in found]
    mad = statistics.median(distances)
    # When more than half the days sit on one value the MAD is 0, however far
    # the other days go (a usual of 5,5,5,5 and 3,3,3 each week): the mean
    # distance, scaled to a spread the same way, keeps such a weekly rhythm
    # from reading as a change every week (hypothesis found this case).
    return Robust(
        centre,
        max(MAD_TO_SPREAD * mad, MEAN_DISTANCE_TO_SPREAD * statistics.fmean(distances), floor),
    )


def robust_week(values: Mapping[dt.date, float], before: Sequence[dt.date], floor: float) -> Robust:
    """The robust usual, with each weekday's offset when every weekday has
    enough days (``WEEKDAY_AT_LEAST``); the spread is then taken around each
    day's own weekday usual, so a weekly rhythm is not counted as wobble."""
    days = [(d, values[d]) for d in before if d in values]
    plain = _robust([v for _, v in days], floor)
    if not WEEKDAY_ADJUST:
        return plain
    by_day: list[list[float]] = [[] for _ in range(7)]
    for d, v in days:
        by_day[d.weekday()].append(v - plain.centre)
    if min(len(b) for b in by_day) < WEEKDAY_AT_LEAST:
        return plain
    # Half of each weekday's median offset: shrunk towards none, since a
    # handful of days per weekday is a noisy estimate.
    weekdays = tuple(WEEKDAY_SHRINK * statistics.median(b) for b in by_day)
    left = [v - plain.centre - weekdays[d.weekday()] for d, v in days]
    mad = statistics.median([abs(x) for x in left])
    return Robust(plain.centre, max(MAD_TO_SPREAD * mad, floor), weekdays)


def _ways(item: str, *, high: bool) -> int:
    if item.startswith(SIGN_PREFIX):
        return 1
    return (_HIGH_WAYS if high else _LOW_WAYS).get(item, 0)


def together_signal(
    diary: Diary,
    usual: Mapping[str, Robust],
    *,
    high: bool,
    before: Sequence[dt.date],
    judged: Sequence[dt.date],
    as_of: dt.date,
    thresholds: Thresholds,
) -> Signal | None:
    """Several signals moving the way an episode moves them, together.

    Each day with an entry gets one figure: every judged item's distance
    from its usual in spreads, in the episode's direction (clipped at
    ``TOGETHER_CLIP``), summed and divided by the square root of how many
    items were answered. That figure is then followed like a single item
    whose usual is its own median and spread over the baseline days (the
    spread never below 1), so someone whose items always move together
    needs a bigger change than someone whose items wobble apart.
    """
    items = [(item, _ways(item, high=high)) for item in usual]
    items = [(item, way) for item, way in items if way]
    if len(items) < 2:
        return None
    writing = _writing(diary, before=before, judged=judged) if TOGETHER_CHECK_INS else {}
    daily = _daily(diary, usual, items, judged, writing)
    centre, spread = 0.0, 1.0
    if TOGETHER_SELF_SCALE:
        own = list(_daily(diary, usual, items, before, {}).values())
        if own:
            centre = statistics.median(own)
            distances = [abs(v - centre) for v in own]
            spread = max(
                MAD_TO_SPREAD * statistics.median(distances),
                MEAN_DISTANCE_TO_SPREAD * statistics.fmean(distances),
                TOGETHER_SELF_FLOOR,
            )
    settings = Thresholds(
        change_threshold=thresholds.change_threshold * thresholds.together_ratio,
        # The team's days in a row, less ``together_fewer_days`` (0 by default).
        change_days=max(1, thresholds.change_days - thresholds.together_fewer_days),
        smoothing=thresholds.together_smoothing,
        recent_days=thresholds.recent_days,
    )
    run = worse_run(daily, mean=centre, spread=spread, worse=1, judged=judged, thresholds=settings)
    if run is None and thresholds.accumulate_ratio > 0:
        run = accumulated_run(
            daily,
            centre=centre,
            spread=spread,
            judged=judged,
            line=thresholds.change_threshold * thresholds.accumulate_ratio,
            days=settings.change_days,
        )
    if run is None:
        return None
    episode = HIGH if high else LOW
    return Signal(
        kind=CHANGE,
        episode=episode,
        reason=_together_reason(
            diary, usual, items, writing=writing, run=run, high=high, as_of=as_of
        ),
        data_from=run.start,
        data_to=as_of,
        about_key=diary.key(f"{CHANGE}:{episode}:{run.start.isoformat()}"),
        ongoing=run.ongoing,
    )


def accumulated_run(
    daily: Mapping[dt.date, float],
    *,
    centre: float,
    spread: float,
    judged: Sequence[dt.date],
    line: float,
    days: int,
) -> Run | None:
    """The day figure added up (a one-sided CUSUM), past ``line`` for ``days``
    days with a figure in a row, up to the last one.

    Each day adds its distance past the usual in spreads, less an allowance
    (``TOGETHER_ACCUMULATE_ALLOWANCE``), and the sum never falls below 0, so
    ordinary days wear it away and only a move that lasts adds up. The run
    starts on the first day of the current rise from 0: when the move began.
    """
    total = 0.0
    seen: list[tuple[dt.date, float]] = []
    rise = -1  # index in ``seen`` of the first day since the sum was last 0
    past = 0  # days in a row the sum has been past the line, up to the last
    for day in judged:
        value = daily.get(day)
        if value is None:
            continue
        total = max(0.0, total + (value - centre) / spread - TOGETHER_ACCUMULATE_ALLOWANCE)
        seen.append((day, value))
        if total <= 0:
            rise = -1
        elif rise < 0:
            rise = len(seen) - 1
        past = past + 1 if total > line else 0
    if past < days or rise < 0:
        return None
    run = seen[rise:]
    return Run(start=run[0][0], last=run[-1][0], values=[v for _, v in run], ongoing=rise == 0)


def _daily(
    diary: Diary,
    usual: Mapping[str, Robust],
    items: Sequence[tuple[str, int]],
    days: Sequence[dt.date],
    writing: Mapping[dt.date, float],
) -> dict[dt.date, float]:
    """Each day's figure: the items' distances the episode's way, in spreads,
    each clipped, summed and divided by the square root of how many there were."""
    daily: dict[dt.date, float] = {}
    for day in days:
        total, count = writing.get(day, 0.0), int(day in writing)
        for item, way in items:
            value = diary.values[item].get(day)
            if value is None:
                continue
            r = usual[item]
            z = way * (value - r.expected(day)) / r.spread
            total += min(TOGETHER_CLIP, max(-TOGETHER_CLIP, z))
            count += 1
        if count:
            daily[day] = total / math.sqrt(count)
    return daily


def _writing(
    diary: Diary, *, before: Sequence[dt.date], judged: Sequence[dt.date]
) -> dict[dt.date, float]:
    """Fewer check-ins than their own usual, as one more signal on each day written.

    On each judged day with an entry: the share of due days missed in the
    week up to it, against the share they usually miss (from their first entry
    in the baseline), in spreads of that share over a week; only fewer than
    usual counts. Nothing without a schedule or a usual.
    """
    due, answered = diary.due, diary.answered
    if due is None:
        return {}
    usual = [d for d in before if d in due]
    first = next((i for i, d in enumerate(usual) if d in answered), None)
    if first is None:
        return {}
    usual = usual[first:]
    if len(usual) < WRITING_WEEK * 2:
        return {}
    missed = sum(1 for d in usual if d not in answered) / len(usual)
    spread = max(math.sqrt(missed * (1 - missed) / WRITING_WEEK), WRITING_SPREAD_FLOOR)
    every = [*before[-WRITING_WEEK:], *judged]
    found: dict[dt.date, float] = {}
    for i, day in enumerate(every[WRITING_WEEK:], start=WRITING_WEEK):
        if day not in answered:
            continue
        week = [d for d in every[i - WRITING_WEEK + 1 : i + 1] if d in due]
        if not week:
            continue
        share = sum(1 for d in week if d not in answered) / len(week)
        found[day] = min(TOGETHER_CLIP, max(0.0, (share - missed) / spread))
    return found


def _together_reason(
    diary: Diary,
    usual: Mapping[str, Robust],
    items: Sequence[tuple[str, int]],
    *,
    writing: Mapping[dt.date, float],
    run: Run,
    high: bool,
    as_of: dt.date,
) -> str:
    """Which signals moved, since when, against what usual, in words."""
    days = [run.start + dt.timedelta(days=i) for i in range((as_of - run.start).days + 1)]
    parts = []
    for item, way in items:
        seen = [v for v in map(diary.values[item].get, days) if v is not None]
        if not seen:
            continue
        average = sum(seen) / len(seen)
        r = usual[item]
        if way * (average - r.centre) < PART_OF_CHANGE * r.spread:
            continue  # not part of the change
        if item.startswith(SIGN_PREFIX):
            parts.append(
                f"'{sign_label(diary, item)}' about {about(average)} out of {SIGN_MAX} "
                f"(usually {about(r.centre)})"
            )
        elif item == SLEEP:
            parts.append(f"sleep about {about(average)} hours (usually {about(r.centre)})")
        else:
            name = "mood" if item == MOOD else "anxiety"
            parts.append(f"{name} about {about(average)} out of 10 (usually {about(r.centre)})")
    if writing and sum(writing.get(d, 0.0) for d in days) / len(days) >= PART_OF_CHANGE:
        due = [d for d in days if diary.due is not None and d in diary.due]
        wrote = sum(1 for d in due if d in diary.answered)
        parts.append(f"fewer check-ins than usual ({wrote} of the last {len(due)} due)")
    pattern = (
        "higher mood with less sleep"
        if high
        else "lower mood, more anxiety, less sleep or warning signs"
    )
    listed = "; ".join(parts) if parts else "each a little"
    return (
        f"Taken together, the diary has moved the way {pattern} would, since "
        f"{day_words(run.start)}: {listed}"
    )
