"""Properties of the detector that must hold for any diary, checked with hypothesis. No database.

What is claimed, precisely:

1. **A flat series never alerts.** Every item the same value every day, a
   check-in written every day it was due: no signal of any kind on any night.
2. **A clear sustained shift always alerts.** After at least six weeks of a
   person's usual (values varying by up to one point around it), mood falls
   (or anxiety or a warning sign rises, or mood rises when high mood is
   watched) by a clear amount and stays there: a change alert comes within
   the team's ``change_days`` plus a few days, whatever the usual was.
3. **Noise never makes an alert earlier.** Take a diary with a sustained
   shift and move any of the values after it part of the way back towards
   the usual (never past it): the first night with an alert is the same or
   later, never earlier. The same holds when the diary is written on fewer
   of those days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.alerts import detector
from tandem.alerts.detector import Diary, Thresholds

START = dt.date(2026, 3, 2)
USUAL_DAYS = 60
AFTER = 14
DAYS = USUAL_DAYS + AFTER
DEFAULTS = Thresholds()


def day(i: int) -> dt.date:
    return START + dt.timedelta(days=i)


def every_day(days: int) -> frozenset[dt.date]:
    return frozenset(day(i) for i in range(days))


def first_alert(d: Diary, *, days: int = DAYS) -> int | None:
    """The first night a change would be raised, replayed night by night
    from the first with enough days for a usual."""
    for i in range(DEFAULTS.baseline_days + DEFAULTS.recent_days - 1, days):
        if any(s.kind == detector.CHANGE for s in detector.check(d, as_of=day(i))):
            return i
    return None


@settings(max_examples=25, deadline=None)
@given(
    mood=st.integers(0, 10),
    sleep=st.sampled_from([4.0, 6.5, 7.5, 9.0]),
    anxiety=st.integers(0, 10),
    sign=st.integers(0, 4),
    high=st.booleans(),
    medication=st.booleans(),
)
def test_a_flat_series_never_alerts(
    mood: int, sleep: float, anxiety: int, sign: int, high: bool, medication: bool
) -> None:
    days = USUAL_DAYS + AFTER
    values: dict[str, dict[dt.date, float]] = {
        item: {day(i): float(v) for i in range(days)}
        for item, v in (
            (detector.MOOD, mood),
            (detector.SLEEP, sleep),
            (detector.ANXIETY, anxiety),
            ("sign:1", sign),
        )
    }
    if medication:
        values[detector.MEDICATION] = {day(i): 1.0 for i in range(days)}
    d = Diary(
        values=values,
        labels={"sign:1": "Staying in bed"},
        watch_high_mood=high,
        due=every_day(days),
        answered=every_day(days),
    )
    # From the first night with enough days for a usual.
    for i in range(DEFAULTS.baseline_days + DEFAULTS.recent_days - 1, days):
        assert detector.check(d, as_of=day(i)) == []


# Which item moves, which way, and how far (a clear shift: at least four points
# on a 0-10 scale, three on a 0-4 sign).
SHIFTS = st.sampled_from(
    [
        (detector.MOOD, -1, 4.0, False),
        (detector.MOOD, 1, 4.0, True),
        (detector.ANXIETY, 1, 4.0, False),
        ("sign:1", 1, 3.0, False),
    ]
)


def _usual_and_shift(
    data: st.DataObject, item: str, way: int, size: float
) -> tuple[dict[str, dict[dt.date, float]], float]:
    """Every item's usual (a level and day values within one point of it),
    and ``item`` moved by ``size`` the ``way`` from day USUAL_DAYS on, kept on scale."""
    top = {detector.MOOD: 10.0, detector.ANXIETY: 10.0, "sign:1": 4.0, detector.SLEEP: 14.0}
    values: dict[str, dict[dt.date, float]] = {}
    level_of_item = 0.0
    for name, high in top.items():
        if name == item:
            # Room for the shift on the scale.
            low_level = size if way < 0 else 0.0
            high_level = high - size if way > 0 else high
            level = float(data.draw(st.integers(int(low_level), int(high_level)), label=name))
            level_of_item = level
        else:
            level = float(data.draw(st.integers(0, int(high)), label=name))
        wobble = data.draw(
            st.lists(st.sampled_from([-1.0, 0.0, 1.0]), min_size=7, max_size=7), label="wobble"
        )
        values[name] = {
            day(i): min(high, max(0.0, level + wobble[i % 7])) for i in range(USUAL_DAYS + AFTER)
        }
    for i in range(USUAL_DAYS, USUAL_DAYS + AFTER):
        values[item][day(i)] = level_of_item + way * size
    return values, level_of_item


def any_clear_shift(test: Callable[..., None]) -> Callable[..., None]:
    """Run ``test`` on many usuals, for each item and way of shifting it."""
    return settings(max_examples=25, deadline=None)(given(shift=SHIFTS, data=st.data())(test))


@any_clear_shift
def test_a_clear_sustained_shift_always_alerts(
    shift: tuple[str, int, float, bool], data: st.DataObject
) -> None:
    item, way, size, high = shift
    values, _ = _usual_and_shift(data, item, way, size)
    every = every_day(DAYS)
    found = first_alert(Diary(values=values, watch_high_mood=high, due=every, answered=every))
    assert found is not None
    assert USUAL_DAYS <= found <= USUAL_DAYS + DEFAULTS.change_days + 3


@any_clear_shift
def test_noise_towards_the_usual_never_makes_an_alert_earlier(
    shift: tuple[str, int, float, bool], data: st.DataObject
) -> None:
    item, way, size, high = shift
    values, level = _usual_and_shift(data, item, way, size)
    first_clean = first_alert(Diary(values=values, watch_high_mood=high, answered=every_day(DAYS)))
    assert first_clean is not None
    # Part of the way back towards the usual on some days after the shift,
    # and some of those days not written at all (no schedule, so a day not
    # written is not a missed check-in).
    back = data.draw(
        st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=AFTER, max_size=AFTER),
        label="back",
    )
    skipped = data.draw(st.sets(st.integers(USUAL_DAYS, DAYS - 1), max_size=4), label="skipped")
    noisy = {name: dict(v) for name, v in values.items()}
    for j, share in enumerate(back):
        noisy[item][day(USUAL_DAYS + j)] = level + way * size * (1 - share)
    for i in skipped:
        for v in noisy.values():
            v.pop(day(i), None)
    answered = every_day(DAYS) - {day(i) for i in skipped}
    first_noisy = first_alert(Diary(values=noisy, watch_high_mood=high, answered=answered))
    assert first_noisy is None or first_noisy >= first_clean


def test_a_weekly_rhythm_with_most_days_alike_is_not_a_change() -> None:
    """Hypothesis found this usual: four days a week on one value and three
    two points lower, with sleep and a warning sign keeping the same rhythm.
    The MAD of such a week is 0, so the three low days once read as a change
    every week; the spread now also counts how far the other days go."""
    rhythm = [-1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0]
    values = {
        detector.MOOD: {day(i): 4.0 + rhythm[i % 7] for i in range(DAYS)},
        detector.SLEEP: {day(i): max(0.0, 1.0 + rhythm[i % 7]) for i in range(DAYS)},
        detector.ANXIETY: {day(i): 0.0 for i in range(DAYS)},
        "sign:1": {day(i): 1.0 if i % 7 in (0, 6) else 0.0 for i in range(DAYS)},
    }
    every = every_day(DAYS)
    assert first_alert(Diary(values=values, due=every, answered=every)) is None
