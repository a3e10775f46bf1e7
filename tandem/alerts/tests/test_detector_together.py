"""Several signals together, missed check-ins against the person's own usual,
and one alert per episode across both. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.alerts import detector, episodes
from tandem.alerts.detector import Diary, Thresholds
from tandem.alerts.episodes import Earlier

START = dt.date(2026, 6, 1)
DAYS = 100
AT = 90


def day(i: int) -> dt.date:
    return START + dt.timedelta(days=i)


def steady(
    pattern: tuple[float, ...], *, then: float | None = None, at: int = AT, days: int = DAYS
) -> dict[dt.date, float]:
    return {
        day(i): (then if then is not None and i >= at else pattern[i % len(pattern)])
        for i in range(days)
    }


def small_moves_together(*, at: int = AT, days: int = DAYS) -> dict[str, dict[dt.date, float]]:
    """Mood down 1, anxiety up 1, sleep down 1 hour and a sign up 1: each
    alone far too small for its own alert (about one spread each)."""
    return {
        "mood": steady((5.0, 6.0, 7.0, 6.0), then=5.0, at=at, days=days),
        "anxiety": steady((2.0, 3.0, 4.0, 3.0), then=4.0, at=at, days=days),
        "sleep": steady((7.0, 7.5, 8.0, 7.5), then=6.5, at=at, days=days),
        "sign:1": steady((0.0, 1.0, 2.0, 1.0), then=2.0, at=at, days=days),
    }


def diary(values: dict[str, dict[dt.date, float]], **extra: object) -> Diary:
    answered = frozenset(d for v in values.values() for d in v)
    return Diary(
        values=values,
        labels={"sign:1": "not wanting to see anyone"},
        answered=answered,
        **extra,  # type: ignore[arg-type]
    )


def first(d: Diary, *, upto: int = DAYS) -> tuple[int, list[detector.Signal]] | None:
    for i in range(AT - 20, upto):
        found = [s for s in detector.check(d, as_of=day(i)) if s.kind == detector.CHANGE]
        if found:
            return i, found
    return None


def test_several_small_moves_together_are_noticed_with_each_named_in_words() -> None:
    found = first(diary(small_moves_together()))
    assert found is not None
    night, signals = found
    assert AT <= night <= AT + 4
    # Each alone is not a change from their usual; together they are.
    assert [s.episode for s in signals] == [detector.LOW]
    reason = signals[0].reason
    assert reason.startswith(
        "Taken together, the diary has moved the way lower mood, more anxiety, less sleep or "
        f"warning signs would, since {detector.day_words(day(AT))}: "
    )
    assert "mood about 5 out of 10 (usually 6)" in reason
    assert "anxiety about 4 out of 10 (usually 3)" in reason
    assert "sleep about 6.5 hours (usually 7.5)" in reason
    assert "'Not wanting to see anyone' about 2 out of 4 (usually 1)" in reason


def test_the_same_moves_the_other_way_are_not_an_episode() -> None:
    values = small_moves_together()
    better = {
        "mood": steady((5.0, 6.0, 7.0, 6.0), then=8.0),
        "anxiety": steady((2.0, 3.0, 4.0, 3.0), then=1.0),
        "sleep": values["sleep"],
        "sign:1": steady((0.0, 1.0, 2.0, 1.0), then=0.0),
    }
    assert first(diary(better)) is None


def test_higher_mood_with_less_sleep_is_noticed_only_when_high_mood_is_watched() -> None:
    values = {
        "mood": steady((5.0, 6.0, 7.0, 6.0), then=8.0),
        "sleep": steady((7.0, 7.5, 8.0, 7.5), then=6.0),
        "anxiety": steady((2.0, 3.0, 4.0, 3.0)),
    }
    watched = first(diary(values, watch_high_mood=True))
    assert watched is not None
    assert detector.HIGH in [s.episode for s in watched[1]]
    assert "higher mood with less sleep" in next(
        s.reason for s in watched[1] if s.episode == detector.HIGH
    )
    assert first(diary(values)) is None or all(
        s.episode != detector.HIGH
        for s in first(diary(values))[1]  # type: ignore[index]
    )


def test_a_few_bad_days_in_the_usual_do_not_hide_a_change() -> None:
    values = small_moves_together()
    # Four very bad days in the middle of the usual: a mean and standard
    # deviation would be pulled by them; a median and MAD barely move.
    for i in range(40, 44):
        values["mood"][day(i)] = 0.0
        values["anxiety"][day(i)] = 10.0
        values["sleep"][day(i)] = 2.0
        values["sign:1"][day(i)] = 4.0
    found = first(diary(values))
    assert found is not None and found[1][0].episode == detector.LOW


def test_fewer_check_ins_than_their_usual_counts_among_the_signals() -> None:
    # Only mood and anxiety move, one spread each; they still write every
    # day, so nothing is noticed ...
    longer = DAYS + 10
    quiet = {
        "mood": steady((5.0, 6.0, 7.0, 6.0), then=5.0, days=longer),
        "anxiety": steady((2.0, 3.0, 4.0, 3.0), then=4.0, days=longer),
        "sleep": steady((7.0, 7.5, 8.0, 7.5), days=longer),
    }
    every = frozenset(day(i) for i in range(longer))
    assert first(diary(quiet, due=every), upto=longer) is None
    # ... but the same, written on only every other day, is.
    fewer = {
        item: {d: v for d, v in series.items() if d < day(AT) or (d - day(AT)).days % 2 == 0}
        for item, series in quiet.items()
    }
    found = first(diary(fewer, due=every), upto=longer)
    assert found is not None
    assert "fewer check-ins than usual" in found[1][0].reason


def test_an_episode_seen_together_then_item_by_item_raises_one_alert() -> None:
    values = small_moves_together()
    for i in range(AT + 5, DAYS):
        values["mood"][day(i)] = 1.0  # mood then falls far enough on its own
    d = diary(values)
    earlier: list[Earlier] = []
    raised = []
    for i in range(AT - 10, DAYS):
        for alert in episodes.to_raise(detector.check(d, as_of=day(i)), earlier=earlier, diary=d):
            earlier.append(Earlier(alert.kind, alert.about_key, alert.data_from, alert.data_to))
            raised.append(alert)
    assert len(raised) == 1
    assert raised[0].summary == "Changed from their usual: signals taken together"


def test_a_real_change_weeks_after_a_false_alert_raises_a_new_alert() -> None:
    d = diary(small_moves_together(at=160, days=180))
    false_alert = Earlier(
        detector.CHANGE, f"{detector.CHANGE}:{detector.LOW}:{day(100)}", day(100), day(104)
    )
    night = next(
        i
        for i in range(150, 175)
        if any(s.episode == detector.LOW for s in detector.check(d, as_of=day(i)))
    )
    signal = next(s for s in detector.check(d, as_of=day(night)) if s.episode == detector.LOW)
    assert episodes.is_new(signal, [false_alert])
    # An ongoing change (already there when the recent days began) too, once
    # more than 28 days have passed since the earlier alert's data.
    ongoing = detector.Signal(**{**signal.__dict__, "ongoing": True})
    assert episodes.is_new(ongoing, [false_alert])


def test_missing_as_many_check_ins_as_usual_is_not_an_alert_but_more_is() -> None:
    # Writes five days, misses three, again and again (last written day 76):
    # missing five in a row (the team's number) is not unusual for them until
    # it is more than MISSED_OVER_USUAL times their longest run (3).
    pattern = [True] * 5 + [False] * 3
    answered = {day(i) for i in range(77) if pattern[i % 8]}
    due = frozenset(day(i) for i in range(DAYS))
    d = Diary(values={}, due=due, answered=frozenset(answered))
    needed = int(detector.MISSED_OVER_USUAL * 3) + 1
    last_quiet = 76 + needed - 1
    missed = [s for s in detector.check(d, as_of=day(last_quiet)) if s.kind == detector.MISSED]
    assert missed == []
    missed = [s for s in detector.check(d, as_of=day(last_quiet + 1)) if s.kind == detector.MISSED]
    assert len(missed) == 1
    assert missed[0].reason.startswith(f"No diary entry on the last {needed} days")


def test_a_team_can_still_ask_for_bigger_changes() -> None:
    d = diary(small_moves_together())
    assert first(d) is not None
    strict = Thresholds(change_threshold=4.0)
    assert all(
        s.kind != detector.CHANGE
        for i in range(AT, DAYS)
        for s in detector.check(d, as_of=day(i), thresholds=strict)
    )


def test_replay_recommends_28_missed_check_ins_and_10_days_and_a_new_team_keeps_5_and_28() -> None:
    assert detector.recommended().missed_in_a_row == 28
    assert detector.recommended().baseline_days == 10
    assert Thresholds().missed_in_a_row == 5
    assert Thresholds().baseline_days == 28


def _wobble(*, together: bool, then: tuple[float, float, float, float] | None = None) -> Diary:
    """Mood, anxiety, sleep and a sign wobbling by about one spread each.
    ``together``: every item is worse on the same days (a bad day moves them
    all); otherwise two are worse while the other two are better. ``then``:
    mood, anxiety, sleep and the sign from day AT on."""
    mood, anxiety, sleep, sign = then or (None, None, None, None)
    return diary(
        {
            "mood": steady((4.0, 6.0, 8.0, 6.0), then=mood),
            "anxiety": steady(
                (5.0, 3.0, 1.0, 3.0) if together else (1.0, 3.0, 5.0, 3.0), then=anxiety
            ),
            "sleep": steady((6.5, 7.5, 8.5, 7.5), then=sleep),
            "sign:1": steady((2.0, 1.0, 0.0, 1.0) if together else (0.0, 1.0, 2.0, 1.0), then=sign),
        }
    )


def test_someone_whose_signals_always_move_together_needs_a_bigger_change() -> None:
    # The same change, about one usual spread on each item: noticed for the
    # person whose items wobble apart, since together they are unusual ...
    small = (4.5, 4.5, 6.75, 2.0)
    assert first(_wobble(together=False, then=small)) is not None
    # ... but not for the person on whose bad days every item is worse: for
    # them a day like this is within their usual.
    assert first(_wobble(together=True, then=small)) is None
    # A change clearly beyond their usual bad days is noticed for them too.
    found = first(_wobble(together=True, then=(3.0, 6.0, 5.5, 3.0)))
    assert found is not None and detector.LOW in {s.episode for s in found[1]}
    # And neither is alerted for their usual wobble alone.
    assert first(_wobble(together=True)) is None
    assert first(_wobble(together=False)) is None


def test_a_change_in_every_signal_is_noticed_after_two_days_not_three() -> None:
    # A relapse coming on within days: every item clearly worse from day AT.
    d = _wobble(together=False, then=(3.0, 6.0, 5.5, 3.0))
    together_nights = [
        i
        for i in range(AT - 5, AT + 4)
        if any(s.episode == detector.LOW for s in detector.check(d, as_of=day(i)))
    ]
    assert together_nights[0] == AT + 1
    # A team asking for more days in a row gets one fewer here too.
    slower = Thresholds(change_days=4)
    assert not any(
        s.episode == detector.LOW for s in detector.check(d, as_of=day(AT + 1), thresholds=slower)
    )
    assert any(
        s.episode == detector.LOW for s in detector.check(d, as_of=day(AT + 2), thresholds=slower)
    )


def _half_spread_moves(*, at: int, days: int) -> dict[str, dict[dt.date, float]]:
    """Mood down half a point, anxiety up half, sleep half an hour less and a
    sign up half, from day ``at``: about half a usual spread on each item."""
    return {
        "mood": steady((5.0, 6.0, 7.0, 6.0), then=5.5, at=at, days=days),
        "anxiety": steady((2.0, 3.0, 4.0, 3.0), then=3.5, at=at, days=days),
        "sleep": steady((7.0, 7.5, 8.0, 7.5), then=7.0, at=at, days=days),
        "sign:1": steady((0.0, 1.0, 2.0, 1.0), then=1.5, at=at, days=days),
    }


ADDED_UP = Thresholds(accumulate_ratio=3.0)


def _first_change(d: Diary, t: Thresholds, nights: range) -> tuple[int, detector.Signal] | None:
    for i in nights:
        found = [s for s in detector.check(d, as_of=day(i), thresholds=t) if s.kind == "change"]
        if found:
            return i, found[0]
    return None


def test_a_small_move_on_every_signal_that_lasts_adds_up_when_the_settings_ask() -> None:
    d = diary(_half_spread_moves(at=80, days=DAYS))
    # Half a spread on each item never takes the smoothed figure past its line ...
    assert _first_change(d, Thresholds(), range(70, DAYS)) is None
    # ... but added up day after day it passes the line in under two weeks,
    # and the words say since when, against what usual.
    found = _first_change(d, ADDED_UP, range(70, DAYS))
    assert found is not None
    night, signal = found
    assert 80 < night <= 80 + 12
    assert signal.episode == detector.LOW
    assert signal.data_from == day(80)
    assert f"since {detector.day_words(day(80))}: mood about 5.5 out of 10 (usually 6)" in (
        signal.reason
    )
    assert "sleep about 7 hours (usually 7.5)" in signal.reason


def test_ordinary_wobble_and_a_brief_bad_spell_never_add_up() -> None:
    # A usual wobble, whether the items move together or apart, wears the sum
    # away as fast as it grows.
    for together in (True, False):
        assert _first_change(_wobble(together=together), ADDED_UP, range(50, DAYS)) is None
    # Four days half a spread worse, then back to usual: not a change.
    values = _half_spread_moves(at=80, days=DAYS)
    usual = small_moves_together(at=DAYS, days=DAYS)
    for item, series in values.items():
        for i in range(84, DAYS):
            series[day(i)] = usual[item][day(i)]
    assert _first_change(diary(values), ADDED_UP, range(70, DAYS)) is None


def test_adding_up_is_off_unless_asked_and_cannot_be_negative() -> None:
    assert Thresholds().accumulate_ratio == 0
    assert detector.recommended().accumulate_ratio == 0
    with pytest.raises(ValueError):
        Thresholds(accumulate_ratio=-1.0)
