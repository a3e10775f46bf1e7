"""A first look over a whole batch of diaries at once: who could have a signal tonight.

The nightly sweep (``tandem.diary.deterioration_sweep``) is to judge 100,000
people in under a minute (issue 18). Most people have no signal on most nights, and
proving that takes far less than finding the words of a signal: this module
takes a batch of diaries as numpy arrays (one row a person, one column a day)
and computes, for everyone at once, the figures each of the detector's rules
compares with its line (``tandem.alerts.detector``): an item's smoothed level
against its usual, the signals-together figure against its own usual,
medication not taken, due days missed in a row, days gone quiet. Only the
people it keeps are judged by the detector itself, which alone decides
what is raised and says why (ADR 0071).

The look errs one way only: anyone it lets go must have no signal. So it is
looser than the detector wherever that is cheap: a day counts as past a line
when it is within ``MARGIN`` of it (numpy adds up in another order than
Python, which moves a figure by about 1e-14, never by 1e-6); for going quiet
it asks only for the days, not the person's usual gaps. When the detector is
set up in a way the look does not follow (the simulation's CUSUM, or the
weekday rhythm issue 20 measured and left off), everyone is judged in full.
tandem/alerts/tests/test_screen.py compares it with the detector over
thousands of simulated nights, and fails whenever the detector's files
change until someone has checked this module against them (HAZ-362).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tandem.alerts import tuning
from tandem.alerts.item_change import spread_floor
from tandem.alerts.tuning import (
    ANXIETY,
    ITEM_RATIO,
    MEDICATION,
    MOOD,
    SIGN_PREFIX,
    SIGN_RATIO,
    SLEEP,
    Thresholds,
)

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

# How close to a line a figure may be and still be judged in full. Far above
# the rounding numpy's other order of adding makes, so a figure exactly on the
# detector's line is never let go.
MARGIN = 1e-6


@dataclass(frozen=True)
class Days:
    """A batch of diaries, one row a person, one column a day up to ``as_of``.

    ``items``: mood, sleep, anxiety and medication (1 taken, 0 not), NaN on
    days without a value and for items the plan does not track. ``signs``: one
    row a warning sign, ``sign_owner`` its person's row. ``due``: days a
    check-in was due, ``scheduled`` whether the person has a schedule at all
    (a ``Diary``'s ``due`` of None). ``answered``: days with an entry.
    """

    items: dict[str, Floats]
    signs: Floats
    sign_owner: Ints
    answered: Flags
    due: Flags
    scheduled: Flags
    watch_high_mood: Flags

    @property
    def people(self) -> int:
        return len(self.watch_high_mood)

    def last(self, days: int) -> Days:
        """The same people over the last ``days`` columns only."""
        return Days(
            items={k: v[:, -days:] for k, v in self.items.items()},
            signs=self.signs[:, -days:],
            sign_owner=self.sign_owner,
            answered=self.answered[:, -days:],
            due=self.due[:, -days:],
            scheduled=self.scheduled,
            watch_high_mood=self.watch_high_mood,
        )


@dataclass(frozen=True)
class Look:
    # Who must be judged in full: everyone else has no signal tonight.
    judge: Flags
    # Whether any item had enough days to be compared with the person's usual
    # (the detector's ``Judgement.compared``), for everyone.
    compared: Flags


def follows(thresholds: Thresholds) -> bool:
    """Whether the look follows the detector as it is set up."""
    return (
        thresholds.method == "ewma"
        and not tuning.WEEKDAY_ADJUST
        and tuning.TOGETHER_SELF_SCALE
        and tuning.TOGETHER_CHECK_INS
    )


def look(days: Days, *, thresholds: Thresholds) -> Look:
    """Who could have a signal on the night after the last column, and who was compared."""
    t = thresholds
    days = days.last(t.look_back)
    before = t.look_back - t.recent_days
    n = days.people
    usual = {item: _counts(days.items[item][:, :before]) >= t.baseline_days for item in days.items}
    sign_usual = _counts(days.signs[:, :before]) >= t.baseline_days
    compared = usual[MOOD] | usual[SLEEP] | usual[ANXIETY]
    compared |= _any_by_owner(sign_usual, days.sign_owner, n)
    if not follows(t):
        return Look(judge=np.ones(n, dtype=bool), compared=compared)
    judge = np.zeros(n, dtype=bool)
    # Each item against its usual, the way it worsens (ADR 0017).
    for item, worse in ((MOOD, -1), (SLEEP, -1), (ANXIETY, 1)):
        judge |= usual[item] & _item_could(days.items[item], worse, spread_floor(item), before, t)
    judge |= (
        days.watch_high_mood
        & usual[MOOD]
        & _item_could(days.items[MOOD], 1, spread_floor(MOOD), before, t)
    )
    sign_could = sign_usual & _item_could(days.signs, 1, spread_floor(SIGN_PREFIX), before, t)
    judge |= _any_by_owner(sign_could, days.sign_owner, n)
    judge |= _together_could(days, usual, sign_usual, high=False, before=before, thresholds=t)
    judge |= days.watch_high_mood & _together_could(
        days, usual, sign_usual, high=True, before=before, thresholds=t
    )
    judge |= _medication_could(days.items[MEDICATION], usual[MEDICATION], t)
    judge |= _missed_could(days, t)
    return Look(judge=judge, compared=compared)


def _counts(values: Floats) -> Ints:
    return np.count_nonzero(~np.isnan(values), axis=1)


def _any_by_owner(flags: Flags, owner: Ints, people: int) -> Flags:
    found = np.zeros(people, dtype=bool)
    found[owner[flags]] = True
    return found


def _mean_spread(before: Floats, floor: float) -> tuple[Floats, Floats]:
    """``item_change.mean_spread`` for every row (rows with no values give NaN)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        count = _counts(before)
        mean = np.nansum(before, axis=1) / count
        variance = np.nansum((before - mean[:, None]) ** 2, axis=1) / count
    return mean, np.maximum(np.sqrt(variance), floor)


def _trail_past(
    judged: Floats, *, mean: Floats, spread: Floats, worse: int, threshold: float, smoothing: float
) -> Ints:
    """How many days with a value, counting back from the last, the EWMA
    (``item_change.worse_run``) stays past the line, or within ``MARGIN`` of it."""
    level = mean.copy()
    line = threshold * spread - MARGIN
    trail = np.zeros(len(mean), dtype=np.int64)
    for column in judged.T:
        has = ~np.isnan(column)
        level = np.where(has, smoothing * column + (1 - smoothing) * level, level)
        past = worse * (level - mean) > line
        trail = np.where(has, np.where(past, trail + 1, 0), trail)
    return trail


def _item_could(
    values: Floats, worse: int, floor: float, before: int, t: Thresholds
) -> npt.NDArray[np.bool_]:
    """A change on one item (``detector.judge``'s EWMA) could be found."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    mean, spread = _mean_spread(values[:, :before], floor)
    with np.errstate(invalid="ignore"):
        trail = _trail_past(
            values[:, before:],
            mean=mean,
            spread=spread,
            worse=worse,
            # The lowest line any single item has (``ITEM_RATIO`` or
            # ``SIGN_RATIO`` may be below 1), so no one is let go too soon.
            threshold=t.change_threshold * min(1.0, ITEM_RATIO, SIGN_RATIO),
            smoothing=t.smoothing,
        )
    return trail >= t.change_days


def _nanmedian(values: Floats) -> Floats:
    """Each row's median over its values (NaN for a row without any), as
    ``statistics.median`` takes it: the middle value, or halfway between the
    two middle ones. Sorting puts NaN last."""
    ordered = np.sort(values, axis=1)
    count = _counts(values)
    low = np.maximum(count - 1, 0) // 2
    high = np.maximum(count, 1) // 2
    rows = np.arange(len(values))
    middle = (ordered[rows, low] + ordered[rows, np.minimum(high, values.shape[1] - 1)]) / 2
    return np.where(count > 0, middle, np.nan)


def _robust(before: Floats, floor: float) -> tuple[Floats, Floats]:
    """``together._robust`` (median and spread from the MAD) for every row."""
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = _nanmedian(before)
        distances = np.abs(before - centre[:, None])
        mad = _nanmedian(distances)
        mean_distance = np.nansum(distances, axis=1) / _counts(distances)
    spread = np.maximum(
        np.maximum(tuning.MAD_TO_SPREAD * mad, tuning.MEAN_DISTANCE_TO_SPREAD * mean_distance),
        floor,
    )
    return centre, spread


def _distances(values: Floats, way: int, centre: Floats, spread: Floats) -> Floats:
    z = way * (values - centre[:, None]) / spread[:, None]
    return np.clip(z, -tuning.TOGETHER_CLIP, tuning.TOGETHER_CLIP)


def _together_could(
    days: Days,
    usual: dict[str, Flags],
    sign_usual: Flags,
    *,
    high: bool,
    before: int,
    thresholds: Thresholds,
) -> Flags:
    """Signals together (``together.together_signal``) could be found."""
    n, width = days.answered.shape
    ways = {MOOD: 1, SLEEP: -1} if high else {MOOD: -1, ANXIETY: 1, SLEEP: -1}
    total = np.zeros((n, width))
    count = np.zeros((n, width), dtype=np.int64)
    items = np.zeros(n, dtype=np.int64)
    for item, way in ways.items():
        values = days.items[item]
        centre, spread = _robust(values[:, :before], spread_floor(item))
        used = usual[item][:, None] & ~np.isnan(values)
        with np.errstate(invalid="ignore"):
            total += np.where(used, _distances(values, way, centre, spread), 0.0)
        count += used
        items += usual[item]
    if len(days.signs):
        centre, spread = _robust(days.signs[:, :before], spread_floor(SIGN_PREFIX))
        used = sign_usual[:, None] & ~np.isnan(days.signs)
        with np.errstate(invalid="ignore"):
            np.add.at(
                total,
                days.sign_owner,
                np.where(used, _distances(days.signs, 1, centre, spread), 0.0),
            )
        np.add.at(count, days.sign_owner, used)
        np.add.at(items, days.sign_owner, sign_usual)
    writing, wrote = _writing(days, before=before)
    judged_total = total[:, before:] + writing
    judged_count = count[:, before:] + wrote
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.where(
            count[:, :before] > 0, total[:, :before] / np.sqrt(count[:, :before]), np.nan
        )
        daily = np.where(judged_count > 0, judged_total / np.sqrt(judged_count), np.nan)
        centre, spread = _robust(own, tuning.TOGETHER_SELF_FLOOR)
    # No day figure in the baseline: the detector's usual is 0, spread 1.
    none = np.isnan(centre)
    centre = np.where(none, 0.0, centre)
    spread = np.where(none, 1.0, spread)
    t = thresholds
    with np.errstate(invalid="ignore"):
        trail = _trail_past(
            daily,
            mean=centre,
            spread=spread,
            worse=1,
            threshold=t.change_threshold * t.together_ratio,
            smoothing=t.together_smoothing,
        )
    need = max(1, t.change_days - t.together_fewer_days)
    could = trail >= need
    if t.accumulate_ratio > 0:
        with np.errstate(invalid="ignore"):
            could |= (
                _accumulated_trail(
                    daily,
                    centre=centre,
                    spread=spread,
                    line=t.change_threshold * t.accumulate_ratio,
                )
                >= need
            )
    return (items >= 2) & could


def _accumulated_trail(judged: Floats, *, centre: Floats, spread: Floats, line: float) -> Ints:
    """How many days with a figure, counting back from the last, the added-up
    day figure (``together.accumulated_run``) stays past the line, or within
    ``MARGIN`` of it."""
    total = np.zeros(len(centre))
    trail = np.zeros(len(centre), dtype=np.int64)
    allowance = tuning.TOGETHER_ACCUMULATE_ALLOWANCE
    for column in judged.T:
        has = ~np.isnan(column)
        step = np.maximum(0.0, total + (column - centre) / spread - allowance)
        total = np.where(has, step, total)
        trail = np.where(has, np.where(total > line - MARGIN, trail + 1, 0), trail)
    return trail


def _writing(days: Days, *, before: int) -> tuple[Floats, Ints]:
    """Fewer check-ins than usual (``together._writing``) on each judged day,
    and on which judged days there is such a figure (1) or not (0)."""
    week = tuning.WRITING_WEEK
    due, answered = days.due, days.answered
    n, width = due.shape
    judged = width - before
    usual_due = due[:, :before]
    hit = usual_due & answered[:, :before]
    started = hit.any(axis=1)
    first = np.argmax(hit, axis=1)
    from_first = np.arange(before)[None, :] >= first[:, None]
    usual_days = np.count_nonzero(usual_due & from_first, axis=1)
    usual_missed = np.count_nonzero(usual_due & ~answered[:, :before] & from_first, axis=1)
    has = days.scheduled & started & (usual_days >= week * 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        missed = usual_missed / usual_days
        spread = np.maximum(np.sqrt(missed * (1 - missed) / week), tuning.WRITING_SPREAD_FLOOR)
    due_so_far = np.concatenate([np.zeros((n, 1), dtype=np.int64), np.cumsum(due, axis=1)], axis=1)
    missed_so_far = np.concatenate(
        [np.zeros((n, 1), dtype=np.int64), np.cumsum(due & ~answered, axis=1)], axis=1
    )
    ends = np.arange(before, width) + 1
    week_due = due_so_far[:, ends] - due_so_far[:, ends - week]
    week_missed = missed_so_far[:, ends] - missed_so_far[:, ends - week]
    wrote = has[:, None] & answered[:, before:] & (week_due > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = week_missed / week_due
        figure = np.clip((share - missed[:, None]) / spread[:, None], 0.0, tuning.TOGETHER_CLIP)
    assert figure.shape == (n, judged)
    return np.where(wrote, figure, 0.0), wrote.astype(np.int64)


def _medication_could(values: Floats, usual: Flags, t: Thresholds) -> Flags:
    """Medication not taken (``item_change.medication_signal``) could be found."""
    last = values[:, -tuning.MEDICATION_DAYS :]
    with np.errstate(invalid="ignore"):
        missed = np.count_nonzero(last < 0.5, axis=1)
    return usual & (missed >= t.change_days)


def _missed_could(days: Days, t: Thresholds) -> Flags:
    """Check-ins missed in a row, or a diarist gone quiet (``check_ins``), could be found."""
    n, width = days.answered.shape
    if t.missed_in_a_row == 0:
        return np.zeros(n, dtype=bool)
    columns = np.arange(width)[None, :]
    # Due days after the last due day answered.
    hit = days.due & days.answered
    last_hit = np.where(hit.any(axis=1), width - 1 - np.argmax(hit[:, ::-1], axis=1), -1)
    in_a_row = np.count_nonzero(days.due & (columns > last_hit[:, None]), axis=1)
    missed = days.scheduled & (in_a_row >= t.missed_in_a_row)
    # Days since the last entry, for someone who wrote on enough days; their
    # usual gaps and share of days written are left to the detector.
    wrote = days.answered.any(axis=1)
    last_entry = width - 1 - np.argmax(days.answered[:, ::-1], axis=1)
    quiet = width - 1 - last_entry
    enough = np.count_nonzero(days.answered, axis=1) >= t.baseline_days
    stopped = wrote & enough & (quiet >= max(tuning.QUIET_AT_LEAST, t.missed_in_a_row))
    return missed | stopped
