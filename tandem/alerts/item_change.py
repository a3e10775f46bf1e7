"""One item judged against the person's own usual: a change in mood, sleep,
anxiety or a warning sign (an EWMA, or CUSUM for the bench, past the line for
days in a row), and medication not taken more often than usual."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from tandem.alerts.diaries import Diary, Run, Signal
from tandem.alerts.signal_words import about, amount, days_span, sign_label
from tandem.alerts.tuning import (
    ANXIETY,
    CHANGE,
    CUSUM_REFERENCE,
    MEDICATION,
    MEDICATION_DAYS,
    MEDICATION_MORE_THAN_USUAL,
    MOOD,
    MOOD_HIGH,
    SIGN_HIGH,
    SIGN_MAX,
    SIGN_PREFIX,
    SLEEP,
    SPREAD_FLOOR,
    Thresholds,
)


def spread_floor(item: str) -> float:
    if item.startswith(SIGN_PREFIX):
        return SPREAD_FLOOR[SIGN_PREFIX]
    return SPREAD_FLOOR.get(item, 1.0)


def usual_values(
    values: Mapping[dt.date, float], before: Sequence[dt.date], *, needed: int
) -> list[float] | None:
    """The item's values on the days ``before`` the recent ones, if there are enough."""
    get = values.get
    found = [v for v in map(get, before) if v is not None]
    return found if len(found) >= needed else None


def mean_spread(found: list[float], floor: float) -> tuple[float, float]:
    mean = sum(found) / len(found)
    variance = sum((v - mean) ** 2 for v in found) / len(found)
    return mean, max(math.sqrt(variance), floor)


def worse_run(
    values: Mapping[dt.date, float],
    *,
    mean: float,
    spread: float,
    worse: int,
    judged: Sequence[dt.date],
    thresholds: Thresholds,
) -> Run | None:
    """The current run of days judged worse than usual, if it is long enough.

    A day counts when the smoothed level (EWMA, or the CUSUM sum) is past the
    line. The run is then taken back over the days just before it whose own
    value was at least one spread worse than usual, since the average lags
    the change it follows: so the reason says when the change began.
    """
    line = thresholds.change_threshold * spread
    weight = thresholds.smoothing
    cusum = thresholds.method == "cusum"
    decision = 2 * thresholds.change_threshold
    level = mean
    total = 0.0
    seen: list[tuple[dt.date, float]] = []
    start = -1  # index in ``seen`` of the first day of the current run
    get = values.get
    for day in judged:
        value = get(day)
        if value is None:
            continue
        if cusum:
            total = max(0.0, total + worse * (value - mean) / spread - CUSUM_REFERENCE)
            beyond = total > decision
        else:
            level = weight * value + (1 - weight) * level
            beyond = worse * (level - mean) > line
        seen.append((day, value))
        if not beyond:
            start = -1
        elif start < 0:
            start = len(seen) - 1
    if start < 0 or len(seen) - start < thresholds.change_days:
        return None
    while start > 0 and worse * (seen[start - 1][1] - mean) >= spread:
        start -= 1
    run = seen[start:]
    # Worse from the first day judged: the change began before the recent days.
    return Run(start=run[0][0], last=run[-1][0], values=[v for _, v in run], ongoing=start == 0)


def change_reason(item: str, run: Run, *, mean: float, diary: Diary, as_of: dt.date) -> str:
    average = sum(run.values) / len(run.values)
    gap = average - mean
    span = days_span(run, as_of)
    if item == SLEEP:
        return (
            f"Sleep {amount(gap, 'hour')} below their usual {span} "
            f"(usually about {about(mean)} hours; {about(average)} on average on those days)"
        )
    if item == ANXIETY:
        return (
            f"Anxiety {amount(gap, 'point')} above their usual {span} "
            f"(usually about {about(mean)} out of 10; {about(average)} on those days)"
        )
    if item in (MOOD, MOOD_HIGH):
        way = "below" if item == MOOD else "above"
        return (
            f"Mood {amount(gap, 'point')} {way} their usual {span} "
            f"(usually about {about(mean)} out of 10; {about(average)} on those days)"
        )
    # A warning sign, in the person's words.
    calendar = (as_of - run.start).days + 1
    high = sum(1 for v in run.values if v >= SIGN_HIGH)
    label = sign_label(diary, item)
    usual = f"usually about {about(mean)} out of {SIGN_MAX}"
    if high * 2 >= len(run.values):
        return f"'{label}' rated high on {high} of the last {calendar} days ({usual})"
    above = sum(1 for v in run.values if v > mean)
    return (
        f"'{label}' rated above their usual on {above} of the last {calendar} days "
        f"({usual}; {about(average)} on those days)"
    )


def medication_signal(
    diary: Diary,
    values: Mapping[dt.date, float],
    *,
    before: Sequence[dt.date],
    last_days: Sequence[dt.date],
    as_of: dt.date,
    thresholds: Thresholds,
) -> Signal | None:
    usual = usual_values(values, before, needed=thresholds.baseline_days)
    if usual is None:
        return None
    recent = [(d, values[d]) for d in last_days[-MEDICATION_DAYS:] if d in values]
    missed = [d for d, v in recent if v < 0.5]
    if len(missed) < thresholds.change_days:
        return None
    usual_missed = sum(1 for v in usual if v < 0.5)
    if len(missed) / len(recent) - usual_missed / len(usual) < MEDICATION_MORE_THAN_USUAL:
        return None
    start = missed[0]
    return Signal(
        kind=CHANGE,
        episode=MEDICATION,
        reason=(
            f"Medication not taken on {len(missed)} of the last {MEDICATION_DAYS} days "
            f"(usually taken on {len(usual) - usual_missed} of {len(usual)} days)"
        ),
        data_from=start,
        data_to=as_of,
        about_key=diary.key(f"{CHANGE}:{MEDICATION}:{start.isoformat()}"),
    )
