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
  against the sum's own usual over the baseline days, for one day fewer
  than an item (``together.together_signal``; ADR 0035, issue 20 round three).
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

The parts live beside it: names and settings in ``tuning``, the diary and
its signals in ``diaries``, one item's change and medication in
``item_change``, signals together in ``together``, missed check-ins in
``check_ins`` and the words of each reason in ``signal_words``.

What to raise from one night's signals, one alert per episode, is
``tandem.alerts.episodes``. docs/early-warning.md describes the method, defaults and limits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from tandem.alerts import check_ins
from tandem.alerts.diaries import Diary, Signal
from tandem.alerts.item_change import (
    change_reason,
    mean_spread,
    medication_signal,
    spread_floor,
    usual_values,
    worse_run,
)
from tandem.alerts.signal_words import day_words, sign_label
from tandem.alerts.together import Robust, robust_week, together_signal
from tandem.alerts.tuning import (
    ANXIETY,
    CHANGE,
    CHECK_INS,
    HIGH,
    ITEM_RATIO,
    ITEMS,
    LOOK_BACK,
    LOW,
    MEDICATION,
    MISSED,
    MISSED_OVER_USUAL,
    MOOD,
    MOOD_HIGH,
    SIGN_MAX,
    SIGN_PREFIX,
    SIGN_RATIO,
    SLEEP,
    Thresholds,
    recommended,
)

# The names callers use with ``check`` and ``judge``, kept here so the detector
# is read and called through one module.
__all__ = [
    "ANXIETY",
    "CHANGE",
    "CHECK_INS",
    "HIGH",
    "ITEMS",
    "LOOK_BACK",
    "LOW",
    "MEDICATION",
    "MISSED",
    "MISSED_OVER_USUAL",
    "MOOD",
    "MOOD_HIGH",
    "SIGN_MAX",
    "SIGN_PREFIX",
    "SLEEP",
    "Diary",
    "Judgement",
    "Signal",
    "Thresholds",
    "check",
    "day_words",
    "judge",
    "recommended",
    "sign_label",
]


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
    robust: dict[str, Robust] = {}
    # Mood, sleep and anxiety alone need a bigger change than a sign (round five).
    alone = replace(t, change_threshold=t.change_threshold * ITEM_RATIO)
    sign = replace(t, change_threshold=t.change_threshold * SIGN_RATIO)
    for item, episode, worse in watched:
        values = diary.values[item]
        usual = usual_values(values, before, needed=t.baseline_days)
        if usual is None:
            continue
        compared = True
        if episode == item:
            robust[item] = robust_week(values, before, spread_floor(item))
        mean, spread = mean_spread(usual, spread_floor(item))
        run = worse_run(
            values,
            mean=mean,
            spread=spread,
            worse=worse,
            judged=judged,
            thresholds=(
                alone
                if episode in (MOOD, SLEEP, ANXIETY)
                else sign
                if episode.startswith(SIGN_PREFIX)
                else t
            ),
        )
        if run is None:
            continue
        found.append(
            Signal(
                kind=CHANGE,
                episode=episode,
                reason=change_reason(episode, run, mean=mean, diary=diary, as_of=as_of),
                data_from=run.start,
                data_to=as_of,
                about_key=diary.key(f"{CHANGE}:{episode}:{run.start.isoformat()}"),
                ongoing=run.ongoing,
            )
        )
    for high in (False, True) if diary.watch_high_mood else (False,):
        together = together_signal(
            diary, robust, high=high, before=before, judged=judged, as_of=as_of, thresholds=t
        )
        if together is not None:
            found.append(together)
    if MEDICATION in diary.values:
        taken = medication_signal(
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
        check_ins.missed_in_a_row(diary, every_day=every_day, thresholds=t),
        check_ins.stopped(diary, every_day=every_day, as_of=as_of, thresholds=t),
    ):
        if missed is not None:
            found.append(missed)
    return Judgement(signals=found, compared=compared)
