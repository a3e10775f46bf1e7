"""Check-ins missed: due days in a row with no entry, longer than the
person's own longest run lately, or a regular diarist who has gone quiet."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Sequence

from tandem.alerts.diaries import Diary, Signal
from tandem.alerts.signal_words import day_words
from tandem.alerts.tuning import (
    CHECK_INS,
    MISSED,
    MISSED_OVER_USUAL,
    QUIET_AT_LEAST,
    REGULAR_SHARE,
    Thresholds,
)


def _longest_missed(
    days: Sequence[dt.date],
    *,
    due: Collection[dt.date],
    answered: Collection[dt.date],
) -> int:
    """The longest run of due days missed among ``days``, counted only once
    the person has written at all (before that they had not started)."""
    longest = run = 0
    started = False
    for day in days:
        if day not in due:
            continue
        if day in answered:
            started = True
            run = 0
        elif started:
            run += 1
            longest = max(longest, run)
    return longest


def missed_in_a_row(
    diary: Diary, *, every_day: Sequence[dt.date], thresholds: Thresholds
) -> Signal | None:
    if diary.due is None or thresholds.missed_in_a_row == 0:
        return None
    due, answered = diary.due, diary.answered
    missed: list[dt.date] = []
    for day in reversed(every_day):
        if day not in due:
            continue
        if day in answered:
            break
        missed.append(day)
    as_of = every_day[-1]
    if len(missed) < thresholds.missed_in_a_row:
        return None
    # Someone who often misses a few days is not alerted for missing as many
    # again: the run must be longer than their own longest lately.
    first = missed[-1]
    before = [d for d in every_day if d < first]
    if len(missed) <= MISSED_OVER_USUAL * _longest_missed(before, due=due, answered=answered):
        return None
    return Signal(
        kind=MISSED,
        episode=CHECK_INS,
        reason=(
            f"No diary entry on the last {len(missed)} days one was due "
            f"(none since {day_words(first)})"
        ),
        data_from=first,
        data_to=as_of,
        about_key=diary.key(f"{MISSED}:{first.isoformat()}"),
    )


def stopped(
    diary: Diary, *, every_day: Sequence[dt.date], as_of: dt.date, thresholds: Thresholds
) -> Signal | None:
    """A regular diarist who has gone quiet, for at least as long as a team's
    missed check-ins take; off with them."""
    if thresholds.missed_in_a_row == 0:
        return None
    answered = diary.answered
    days = [d for d in every_day if d in answered]
    if len(days) < thresholds.baseline_days:
        return None
    span = (days[-1] - days[0]).days + 1
    if len(days) / span < REGULAR_SHARE:
        return None
    longest = max([(b - a).days for a, b in itertools.pairwise(days)], default=1)
    quiet = (as_of - days[-1]).days
    if quiet < max(QUIET_AT_LEAST, 2 * longest, thresholds.missed_in_a_row):
        return None
    since = days[-1] + dt.timedelta(days=1)
    return Signal(
        kind=MISSED,
        episode=CHECK_INS,
        reason=(
            f"No diary entries for the last {quiet} days; before that they wrote on "
            f"{len(days)} of {span} days (last entry {day_words(days[-1])})"
        ),
        data_from=since,
        data_to=as_of,
        about_key=diary.key(f"{MISSED}:quiet:{since.isoformat()}"),
    )
