"""The deterioration detector: each person compared with their own usual.

Pure Python over one person's day-level diary (``Diary``): values by item
and day, the days a check-in was due and the days answered. No Django and
no database, so the nightly sweep (``tandem.diary.deterioration_sweep``), the replay
command (``manage.py replay_series``) and the simulation
(``bench/early_warning_simulation.py``) all judge a diary the same way.

``check(diary, as_of=day, thresholds=...)`` looks at the ``look_back`` days
up to ``as_of`` (the last day that is over) and returns ``Signal``s:

- **A change from their usual** (kind ``change``), per item: mood (lower is
  worse; higher too when the plan watches for high mood), sleep hours (lower
  is worse), anxiety (higher is worse), each of the person's own warning
  signs rated 0 to 4 (higher is worse). The usual is the mean and spread
  (standard deviation) of the item on the days before the recent ones being
  judged (``recent_days``), and needs at least ``baseline_days`` days with a
  value there; the spread has a floor per item, so a perfectly steady person
  is not alerted by a 1-point move. Over the recent days an exponentially
  weighted moving average (EWMA, weight ``smoothing``) of the day values
  starts at the usual; a day counts when the average is more than
  ``change_threshold`` spreads worse than the usual, and a signal needs
  ``change_days`` such days with a value in a row, up to the last day with
  a value. Days without a value neither count nor break the run.
- **Several signals together** (kind ``change``, episode ``together-low``, or
  ``together-high`` when the plan watches for high mood): each item's distance
  from a robust usual (median and MAD), in the direction an episode moves
  it, summed with fewer check-ins than usual and followed like one item
  (``_together``; ADR 0035).
- **Medication not taken** (kind ``change``, item ``medication``): not taken
  on at least ``change_days`` of the last 7 days, clearly more often than
  usual.
- **Check-ins missed** (kind ``missed``): ``missed_in_a_row`` due days in a
  row with no entry, or a regular diarist who has stopped: no entry for twice
  their longest usual gap, and at least 4 days and ``missed_in_a_row`` days.
  A run of missed due days must also be more than ``MISSED_OVER_USUAL`` times
  the person's own longest run before it.
  ``missed_in_a_row`` 0 turns both off.

Each signal says why in plain words with the numbers behind them ("Sleep 2
hours below their usual for 5 days"), names the days of data it rests on and
carries an ``about_key`` stable for one episode. There is no score, level or
colour (NICE NG225): only words and the numbers a person can check.

What to raise from one night's signals, one alert per episode, is
``tandem.alerts.episodes``. docs/early-warning.md describes the method, defaults and limits.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

# Alert kinds, the same values as ``tandem.alerts.models.AlertKind``.
CHANGE = "change"
MISSED = "missed"

# Item names in a ``Diary``. A warning sign is ``SIGN_PREFIX`` + its id.
MOOD = "mood"
SLEEP = "sleep"
ANXIETY = "anxiety"
MEDICATION = "medication"
SIGN_PREFIX = "sign:"
ITEMS = (MOOD, SLEEP, ANXIETY, MEDICATION)
# Episode names for what is judged, where it differs from the item.
MOOD_HIGH = "mood-high"
CHECK_INS = "check-ins"

# The smallest spread each item is given, in its own units: a person who
# always rates mood 6 needs a 2-point move (with the default threshold of 2),
# not a 1-point one, before it counts.
SPREAD_FLOOR = {MOOD: 1.0, ANXIETY: 1.0, SLEEP: 0.75, SIGN_PREFIX: 0.5}
# Chosen with bench/early_warning_simulation.py on its tuning seed (ADR 0017).
SMOOTHING = 0.5
RECENT_DAYS = 14
LOOK_BACK = 90
# A sign rating of 3 ('A lot') or 4 ('Very much') is 'high'.
SIGN_HIGH = 3
SIGN_MAX = 4
# Medication: the days looked at, and how much more often than usual it must
# be missed (as a share of days answered).
MEDICATION_DAYS = 7
# 0.5 since issue 20 round 2: at 0.3 nearly every medication alert on both
# simulators fell outside any episode (46 false to 2 before a peak, sim2 seed 11).
MEDICATION_MORE_THAN_USUAL = 0.5
# Disengagement: a regular diarist wrote on at least this share of days and
# has now written nothing for twice their longest usual gap, and at least:
REGULAR_SHARE = 0.7
# Missed check-ins in a row must be more than this many times the person's
# own longest run of missed check-ins in the days before.
MISSED_OVER_USUAL = 3.0
QUIET_AT_LEAST = 4
# The CUSUM alternative (bench only): reference value in spreads; the
# decision interval is twice the change threshold (h = 4 for the default 2).
CUSUM_REFERENCE = 0.5
# All signals together: each day, every item's robust distance from the
# person's usual (median and MAD of the baseline days) in the direction an
# episode moves it, added up and divided by the square root of their number,
# so one noisy item weighs less than several moving together.
TOGETHER_RATIO = 0.8
TOGETHER_SMOOTHING = 0.5
TOGETHER_FEWER_DAYS = 0
# One day's distance on one item counts at most this many spreads, so a
# single odd answer cannot make a pattern on its own.
TOGETHER_CLIP = 3.0
MAD_TO_SPREAD = 1.4826
# The mean distance from the centre, to a normal spread (sqrt(pi/2)).
MEAN_DISTANCE_TO_SPREAD = 1.2533
# An item is named in the reason when it moved at least this many spreads
# the episode's way, on average over the days of the change.
PART_OF_CHANGE = 0.5
# Fewer check-ins than usual, judged over a week, with a floor on its spread.
TOGETHER_CHECK_INS = True
WRITING_WEEK = 7
# Weekday rhythms in signals together (bench only, off): each weekday needs
# this many baseline days with a value, and its offset counts at this share.
# Measured in issue 20 round two and not kept: on simulator 2 it gained 1.5
# points of episodes on seed 11 and lost 2 on seed 12 (docs/early-warning.md).
WEEKDAY_ADJUST = False
WEEKDAY_AT_LEAST = 4
WEEKDAY_SHRINK = 0.5
WRITING_SPREAD_FLOOR = 0.1
LOW = "together-low"
HIGH = "together-high"


@dataclass(frozen=True)
class Thresholds:
    """The detector's settings; the first four are a team's ``AlertSettings``."""

    baseline_days: int = 28
    change_threshold: float = 2.0
    change_days: int = 3
    missed_in_a_row: int = 5
    smoothing: float = SMOOTHING
    recent_days: int = RECENT_DAYS
    method: str = "ewma"  # or "cusum", for the simulation's comparison
    # All signals together (``_together``): its line is this share of
    # ``change_threshold``, so a team that asks for bigger changes gets them here too.
    together_ratio: float = TOGETHER_RATIO
    together_smoothing: float = TOGETHER_SMOOTHING
    # Days in a row for all signals together: this many fewer than a single
    # item's ``change_days`` (at least 1). 1 did better on simulator 2 but
    # alerted on ordinary noise in the property tests, so 0 (ADR 0052).
    together_fewer_days: int = TOGETHER_FEWER_DAYS

    def __post_init__(self) -> None:
        if self.baseline_days < 1 or self.change_days < 1 or self.recent_days < 1:
            raise ValueError("baseline_days, change_days and recent_days must be at least 1")
        if not self.change_threshold > 0:
            raise ValueError("change_threshold must be above 0")
        if self.missed_in_a_row < 0:
            raise ValueError("missed_in_a_row must be 0 (off) or more")
        if not 0 < self.smoothing <= 1:
            raise ValueError("smoothing must be above 0 and at most 1")
        if self.method not in ("ewma", "cusum"):
            raise ValueError("method must be 'ewma' or 'cusum'")

    @property
    def look_back(self) -> int:
        """Days of diary read for one night's judgement, ``as_of`` included."""
        return max(LOOK_BACK, self.baseline_days + self.recent_days)


# The settings recommended for a team (docs/early-warning.md, ADR 0052) and
# ``replay_series``' defaults. They differ from ``Thresholds()`` (a new team's
# settings) only in missed check-ins: 14 due days in a row rather than 5. On the
# simulators, alerts for 5 to 13 missed days were almost all holidays and
# lapses, not relapses (339 false to 16 before a peak, sim2 seed 11), and fewer
# check-ins than usual already counts among the signals taken together.
RECOMMENDED_MISSED_IN_A_ROW = 14


def recommended() -> Thresholds:
    return Thresholds(missed_in_a_row=RECOMMENDED_MISSED_IN_A_ROW)


@dataclass(frozen=True)
class Diary:
    """One person's diary as the detector sees it.

    ``values``: item name to {day: value}; mood and anxiety 0-10, sleep in
    hours, medication 1 (taken) or 0 (not taken), each sign 0-4.
    ``labels``: each sign item's words, as the person wrote them.
    ``due``: days a diary check-in was due, or None when there is no schedule.
    ``answered``: days with an entry (even one with no values in it).
    """

    values: Mapping[str, Mapping[dt.date, float]]
    labels: Mapping[str, str] = field(default_factory=dict)
    watch_high_mood: bool = False
    due: Collection[dt.date] | None = None
    answered: Collection[dt.date] = frozenset()
    # Whose diary, put before every about_key ("su12/change:sleep:2026-11-20"):
    # a team's open alerts are unique by kind and about_key, so keys must not
    # collide between two people whose changes began the same day.
    owner: str = ""

    def key(self, text: str) -> str:
        return f"{self.owner}/{text}" if self.owner else text


@dataclass(frozen=True)
class Signal:
    kind: str
    episode: str  # what was judged: an item, "mood-high" or "check-ins"
    reason: str
    data_from: dt.date
    data_to: dt.date
    about_key: str
    # The change was already there when the recent days began.
    ongoing: bool = False


@dataclass(frozen=True)
class _Run:
    start: dt.date
    last: dt.date
    values: list[float]
    ongoing: bool


# --- Words -----------------------------------------------------------------------------------


def _halves(value: float) -> float:
    return math.floor(abs(value) * 2 + 0.5) / 2


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _amount(value: float, unit: str) -> str:
    shown = _halves(value)
    if shown == 0:
        shown = 0.5
    plural = "" if shown == 1 else "s"
    return f"{_number(shown)} {unit}{plural}"


def _about(value: float) -> str:
    return _number(_halves(value))


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _span(run: _Run, as_of: dt.date) -> str:
    calendar = (as_of - run.start).days + 1
    if len(run.values) == calendar:
        return f"for {calendar} days"
    return f"on {len(run.values)} of the last {calendar} days"


def sign_label(diary: Diary, item: str) -> str:
    words = diary.labels.get(item, "A warning sign").strip() or "A warning sign"
    return words[0].upper() + words[1:]


# --- Judging one item ------------------------------------------------------------------------


def _floor(item: str) -> float:
    if item.startswith(SIGN_PREFIX):
        return SPREAD_FLOOR[SIGN_PREFIX]
    return SPREAD_FLOOR.get(item, 1.0)


def _usual(
    values: Mapping[dt.date, float], before: Sequence[dt.date], *, needed: int
) -> list[float] | None:
    """The item's values on the days ``before`` the recent ones, if there are enough."""
    get = values.get
    found = [v for v in map(get, before) if v is not None]
    return found if len(found) >= needed else None


def _mean_spread(found: list[float], floor: float) -> tuple[float, float]:
    mean = sum(found) / len(found)
    variance = sum((v - mean) ** 2 for v in found) / len(found)
    return mean, max(math.sqrt(variance), floor)


def _run(
    values: Mapping[dt.date, float],
    *,
    mean: float,
    spread: float,
    worse: int,
    judged: Sequence[dt.date],
    thresholds: Thresholds,
) -> _Run | None:
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
    return _Run(start=run[0][0], last=run[-1][0], values=[v for _, v in run], ongoing=start == 0)


def _change_reason(item: str, run: _Run, *, mean: float, diary: Diary, as_of: dt.date) -> str:
    average = sum(run.values) / len(run.values)
    gap = average - mean
    span = _span(run, as_of)
    if item == SLEEP:
        return (
            f"Sleep {_amount(gap, 'hour')} below their usual {span} "
            f"(usually about {_about(mean)} hours; {_about(average)} on average on those days)"
        )
    if item == ANXIETY:
        return (
            f"Anxiety {_amount(gap, 'point')} above their usual {span} "
            f"(usually about {_about(mean)} out of 10; {_about(average)} on those days)"
        )
    if item in (MOOD, MOOD_HIGH):
        way = "below" if item == MOOD else "above"
        return (
            f"Mood {_amount(gap, 'point')} {way} their usual {span} "
            f"(usually about {_about(mean)} out of 10; {_about(average)} on those days)"
        )
    # A warning sign, in the person's words.
    calendar = (as_of - run.start).days + 1
    high = sum(1 for v in run.values if v >= SIGN_HIGH)
    label = sign_label(diary, item)
    usual = f"usually about {_about(mean)} out of {SIGN_MAX}"
    if high * 2 >= len(run.values):
        return f"'{label}' rated high on {high} of the last {calendar} days ({usual})"
    above = sum(1 for v in run.values if v > mean)
    return (
        f"'{label}' rated above their usual on {above} of the last {calendar} days "
        f"({usual}; {_about(average)} on those days)"
    )


def _medication(
    diary: Diary,
    values: Mapping[dt.date, float],
    *,
    before: Sequence[dt.date],
    last_days: Sequence[dt.date],
    as_of: dt.date,
    thresholds: Thresholds,
) -> Signal | None:
    usual = _usual(values, before, needed=thresholds.baseline_days)
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


# --- All signals together --------------------------------------------------------------------

# The way each item moves in an episode: +1 higher is worse, -1 lower is.
_LOW_WAYS = {MOOD: -1, ANXIETY: 1, SLEEP: -1}
_HIGH_WAYS = {MOOD: 1, SLEEP: -1}


@dataclass(frozen=True)
class _Robust:
    """An item's usual from its baseline days: median and spread (from the MAD)."""

    centre: float
    spread: float
    # Each weekday's own usual offset from the centre (Monday first), or
    # nothing: someone who always sleeps in at weekends is not 'better' on
    # Saturdays nor 'worse' on Mondays.
    weekdays: tuple[float, ...] = ()

    def expected(self, day: dt.date) -> float:
        return self.centre + (self.weekdays[day.weekday()] if self.weekdays else 0.0)


def _robust(found: list[float], floor: float) -> _Robust:
    centre = statistics.median(found)
    distances = [abs(v - centre) for v in found]
    mad = statistics.median(distances)
    # When more than half the days sit on one value the MAD is 0, however far
    # the other days go (a usual of 5,5,5,5 and 3,3,3 each week): the mean
    # distance, scaled to a spread the same way, keeps such a weekly rhythm
    # from reading as a change every week (hypothesis found this case).
    return _Robust(
        centre,
        max(MAD_TO_SPREAD * mad, MEAN_DISTANCE_TO_SPREAD * statistics.fmean(distances), floor),
    )


def _robust_week(
    values: Mapping[dt.date, float], before: Sequence[dt.date], floor: float
) -> _Robust:
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
    return _Robust(plain.centre, max(MAD_TO_SPREAD * mad, floor), weekdays)


def _ways(item: str, *, high: bool) -> int:
    if item.startswith(SIGN_PREFIX):
        return 1
    return (_HIGH_WAYS if high else _LOW_WAYS).get(item, 0)


def _together(
    diary: Diary,
    usual: Mapping[str, _Robust],
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
    with usual 0 and spread 1.
    """
    items = [(item, _ways(item, high=high)) for item in usual]
    items = [(item, way) for item, way in items if way]
    if len(items) < 2:
        return None
    writing = _writing(diary, before=before, judged=judged) if TOGETHER_CHECK_INS else {}
    daily: dict[dt.date, float] = {}
    for day in judged:
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
    settings = Thresholds(
        change_threshold=thresholds.change_threshold * thresholds.together_ratio,
        # The team's days in a row, less ``together_fewer_days`` (0 by default).
        change_days=max(1, thresholds.change_days - thresholds.together_fewer_days),
        smoothing=thresholds.together_smoothing,
        recent_days=thresholds.recent_days,
    )
    run = _run(daily, mean=0.0, spread=1.0, worse=1, judged=judged, thresholds=settings)
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
    usual: Mapping[str, _Robust],
    items: Sequence[tuple[str, int]],
    *,
    writing: Mapping[dt.date, float],
    run: _Run,
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
                f"'{sign_label(diary, item)}' about {_about(average)} out of {SIGN_MAX} "
                f"(usually {_about(r.centre)})"
            )
        elif item == SLEEP:
            parts.append(f"sleep about {_about(average)} hours (usually {_about(r.centre)})")
        else:
            name = "mood" if item == MOOD else "anxiety"
            parts.append(f"{name} about {_about(average)} out of 10 (usually {_about(r.centre)})")
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


# --- Check-ins -------------------------------------------------------------------------------


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


def _missed_in_a_row(
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


def _stopped(
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


# --- The whole diary -------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    signals: list[Signal]
    # Whether any item had enough days to be compared with the person's usual.
    # False: the detector could not notice a change, which is not 'no change'.
    compared: bool


def check(diary: Diary, *, as_of: dt.date, thresholds: Thresholds | None = None) -> list[Signal]:
    """Everything in ``diary`` that stands out on the night after ``as_of``."""
    return judge(diary, as_of=as_of, thresholds=thresholds).signals


def judge(diary: Diary, *, as_of: dt.date, thresholds: Thresholds | None = None) -> Judgement:
    """``check``'s signals, and whether the person could be compared with their usual.

    Only values from ``as_of - look_back + 1`` to ``as_of`` are read. Items
    with fewer than ``baseline_days`` days of values before the recent days
    are not judged at all: no signal, which is not the same as 'no change'.
    """
    t = thresholds or Thresholds()
    compared = False
    first = as_of - dt.timedelta(days=t.look_back - 1)
    every_day = [first + dt.timedelta(days=i) for i in range(t.look_back)]
    before = every_day[: -t.recent_days]
    judged = every_day[-t.recent_days :]
    found: list[Signal] = []
    # (item, what is judged, +1 when higher is worse or -1 when lower is)
    watched: list[tuple[str, str, int]] = []
    for item in diary.values:
        if item in (MOOD, SLEEP) or item.startswith(SIGN_PREFIX):
            watched.append((item, item, -1 if item in (MOOD, SLEEP) else 1))
        elif item == ANXIETY:
            watched.append((item, item, 1))
        if item == MOOD and diary.watch_high_mood:
            watched.append((item, MOOD_HIGH, 1))
    robust: dict[str, _Robust] = {}
    for item, episode, worse in watched:
        values = diary.values[item]
        usual = _usual(values, before, needed=t.baseline_days)
        if usual is None:
            continue
        compared = True
        if episode == item:
            robust[item] = _robust_week(values, before, _floor(item))
        mean, spread = _mean_spread(usual, _floor(item))
        run = _run(
            values,
            mean=mean,
            spread=spread,
            worse=worse,
            judged=judged,
            thresholds=t,
        )
        if run is None:
            continue
        found.append(
            Signal(
                kind=CHANGE,
                episode=episode,
                reason=_change_reason(episode, run, mean=mean, diary=diary, as_of=as_of),
                data_from=run.start,
                data_to=as_of,
                about_key=diary.key(f"{CHANGE}:{episode}:{run.start.isoformat()}"),
                ongoing=run.ongoing,
            )
        )
    for high in (False, True) if diary.watch_high_mood else (False,):
        together = _together(
            diary, robust, high=high, before=before, judged=judged, as_of=as_of, thresholds=t
        )
        if together is not None:
            found.append(together)
    if MEDICATION in diary.values:
        taken = _medication(
            diary,
            diary.values[MEDICATION],
            before=before,
            last_days=every_day,
            as_of=as_of,
            thresholds=t,
        )
        if taken is not None:
            found.append(taken)
    for missed in (
        _missed_in_a_row(diary, every_day=every_day, thresholds=t),
        _stopped(diary, every_day=every_day, as_of=as_of, thresholds=t),
    ):
        if missed is not None:
            found.append(missed)
    return Judgement(signals=found, compared=compared)
