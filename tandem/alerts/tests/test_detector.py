"""The deterioration detector on hand-made diaries. No database.

Each test builds one person's day-level series and checks what the nightly
sweep would be told: a change from their usual with the right words, nothing
for a steady person or one without enough days, missed check-ins, a regular
diarist who stops, and one alert per episode.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.alerts import detector, episodes, tuning
from tandem.alerts.detector import Diary, Thresholds
from tandem.alerts.episodes import Earlier

START = dt.date(2026, 6, 1)
# Fixed here so the words below do not move when the defaults are re-tuned.
EWMA = Thresholds(smoothing=0.3)
STEADY_SLEEP = (7.0, 7.5, 8.0)  # usual 7.5 hours, a small spread
STEADY_MOOD = (6.0, 7.0, 6.0, 7.0, 6.0)


def day(i: int) -> dt.date:
    return START + dt.timedelta(days=i)


def series(days: int, pattern: tuple[float, ...], *, then: float | None = None, at: int = 0):  # type: ignore[no-untyped-def]
    """``pattern`` repeated for ``days`` days; from day ``at`` on, ``then`` instead."""
    return {
        day(i): (then if then is not None and i >= at else pattern[i % len(pattern)])
        for i in range(days)
    }


def diary(**values: dict[dt.date, float]) -> Diary:
    answered = frozenset(d for v in values.values() for d in v)
    return Diary(values=values, answered=answered)


def changes(d: Diary, as_of: int, thresholds: Thresholds = EWMA) -> list[detector.Signal]:
    return [
        s for s in detector.check(d, as_of=day(as_of), thresholds=thresholds) if s.kind == "change"
    ]


def first_night(
    d: Diary, *, upto: int, thresholds: Thresholds = EWMA
) -> tuple[int, detector.Signal] | None:
    for i in range(upto):
        found = changes(d, i, thresholds)
        if found:
            return i, found[0]
    return None


# --- A steady person ----------------------------------------------------------------------------


def test_a_steady_person_is_never_alerted() -> None:
    d = diary(sleep=series(200, STEADY_SLEEP), mood=series(200, STEADY_MOOD))
    assert all(detector.check(d, as_of=day(i), thresholds=EWMA) == [] for i in range(200))


def test_a_one_point_move_in_a_perfectly_steady_person_is_not_a_change() -> None:
    d = diary(mood=series(120, (6.0,), then=5.0, at=100))
    assert first_night(d, upto=120) is None


@settings(max_examples=60, deadline=None)
@given(
    value=st.integers(min_value=0, max_value=10),
    days=st.integers(min_value=1, max_value=150),
    threshold=st.floats(min_value=0.5, max_value=5),
    change_days=st.integers(min_value=1, max_value=7),
    smoothing=st.floats(min_value=0.05, max_value=1),
    method=st.sampled_from(["ewma", "cusum"]),
)
def test_a_constant_series_never_raises_a_change(
    value: int, days: int, threshold: float, change_days: int, smoothing: float, method: str
) -> None:
    t = Thresholds(
        change_threshold=threshold, change_days=change_days, smoothing=smoothing, method=method
    )
    constant = {day(i): float(value) for i in range(days)}
    d = Diary(
        values={
            "mood": constant,
            "anxiety": constant,
            "sign:1": {k: min(v, 4) for k, v in constant.items()},
        },
        watch_high_mood=True,
    )
    assert changes(d, days - 1, t) == []


# --- A clear change -------------------------------------------------------------------------


def test_sleep_two_hours_below_the_usual_is_noticed_with_the_reason_in_words() -> None:
    d = diary(sleep=series(100, STEADY_SLEEP, then=5.5, at=90))
    # Sleep alone is judged at ITEM_RATIO x the team's line (round five):
    # a team line of 1.6 keeps it at the 2 spreads this test was written for.
    at_two = Thresholds(smoothing=0.3, change_threshold=2.0 / tuning.ITEM_RATIO)
    night, signal = first_night(d, upto=100, thresholds=at_two)  # type: ignore[misc]
    assert 90 < night <= 96
    days = night - 90 + 1
    assert signal.reason.startswith(f"Sleep 2 hours below their usual for {days} days")
    assert "usually about 7.5 hours" in signal.reason
    assert signal.data_from == day(90)
    assert signal.data_to == day(night)
    assert signal.about_key == "change:sleep:2026-08-30"


def test_a_warning_sign_rated_high_is_named_in_the_persons_words() -> None:
    calm = series(100, (0.0, 1.0, 0.0))
    for i, rating in zip(range(94, 100), (4.0, 3.0, 1.0, 4.0, 4.0, 2.0), strict=True):
        calm[day(i)] = rating
    d = Diary(
        values={"sign:7": calm},
        labels={"sign:7": "feeling people are against me"},
        answered=frozenset(calm),
    )
    signals = changes(d, 99)
    assert [s.reason for s in signals] == [
        "'Feeling people are against me' rated high on 4 of the last 6 days "
        "(usually about 0.5 out of 4)"
    ]


def test_mood_alone_needs_a_bigger_change_than_a_warning_sign() -> None:
    """Round five: mood, sleep and anxiety alone are judged at ``ITEM_RATIO``
    (1.25) x the team's line, a warning sign at the line itself. A fall of
    about 2.2 spreads is not enough for mood alone; the same for a sign is."""
    assert tuning.ITEM_RATIO == 1.25
    # Usual mood 6.4 with a spread at its floor of 1 point: 4.2 is 2.2 below.
    assert first_night(diary(mood=series(110, STEADY_MOOD, then=4.2, at=90)), upto=110) is None
    # 3.0 is 3.4 below: past 2.5 spreads, so mood alone is still noticed.
    found = first_night(diary(mood=series(110, STEADY_MOOD, then=3.0, at=90)), upto=110)
    assert found is not None and found[1].reason.startswith("Mood ")
    # A sign always 0 (spread at its floor of 0.5) rated 1.1: 2.2 spreads above.
    sign = series(110, (0.0,), then=1.1, at=90)
    d = Diary(values={"sign:7": sign}, labels={"sign:7": "not going out"}, answered=frozenset(sign))
    assert first_night(d, upto=110) is not None
    # A team asking for smaller changes moves mood's line too.
    eager = Thresholds(smoothing=0.3, change_threshold=1.6)
    fall = diary(mood=series(110, STEADY_MOOD, then=4.2, at=90))
    assert first_night(fall, upto=110, thresholds=eager) is not None


def test_mood_falling_and_anxiety_rising_are_both_reasons_for_one_alert() -> None:
    d = diary(
        mood=series(100, STEADY_MOOD, then=3.0, at=92),
        anxiety=series(100, (3.0, 4.0), then=8.0, at=92),
    )
    signals = changes(d, 99)
    # Each on its own, and the two together the way an episode moves them.
    assert {s.episode for s in signals} == {"mood", "anxiety", detector.LOW}
    [alert] = episodes.to_raise(signals, earlier=[], diary=d)
    assert alert.kind == "change"
    assert alert.summary == "Changed from their usual: anxiety, mood and signals taken together"
    assert any(r.startswith("Mood 3.5 points below their usual for 8 days") for r in alert.reasons)
    assert any(
        r.startswith("Anxiety 4.5 points above their usual for 8 days") for r in alert.reasons
    )


def test_no_score_level_or_colour_in_anything_the_detector_says() -> None:
    d = diary(
        mood=series(100, STEADY_MOOD, then=2.0, at=90),
        sleep=series(100, STEADY_SLEEP, then=4.0, at=90),
        anxiety=series(100, (3.0,), then=9.0, at=90),
    )
    words = " ".join(
        [
            a.summary + " " + " ".join(a.reasons)
            for a in episodes.to_raise(changes(d, 99), earlier=[], diary=d)
        ]
    ).lower()
    assert words
    assert not re.search(
        r"\b(risk|score|level|severity|red|amber|green|high risk|low risk)\b", words
    )


# --- Not enough days ------------------------------------------------------------------------


def test_no_change_is_judged_without_baseline_days_of_data_before_the_recent_days() -> None:
    # Diary started 14 + 27 days before the night judged: one day short.
    short = {d: v for d, v in series(100, STEADY_SLEEP, then=3.0, at=92).items() if d >= day(59)}
    d = diary(sleep=short)
    assert changes(d, 99) == []
    assert not detector.judge(d, as_of=day(99), thresholds=EWMA).compared
    enough = {d: v for d, v in series(100, STEADY_SLEEP, then=3.0, at=92).items() if d >= day(58)}
    assert changes(diary(sleep=enough), 99)
    assert detector.judge(diary(sleep=enough), as_of=day(99), thresholds=EWMA).compared


def test_the_team_can_ask_for_a_longer_baseline() -> None:
    d = diary(sleep=series(100, STEADY_SLEEP, then=3.0, at=92))
    assert changes(d, 99, Thresholds(smoothing=0.3, baseline_days=90)) == []
    assert changes(d, 99, Thresholds(smoothing=0.3, baseline_days=60))


# --- High mood -------------------------------------------------------------------------------


def test_high_mood_is_noticed_only_when_the_plan_watches_for_it() -> None:
    rising = series(100, STEADY_MOOD, then=10.0, at=92)
    assert changes(Diary(values={"mood": rising}), 99) == []
    watched = changes(Diary(values={"mood": rising}, watch_high_mood=True), 99)
    assert [s.episode for s in watched] == ["mood-high"]
    assert watched[0].reason.startswith("Mood 3.5 points above their usual for 8 days")


def test_falling_mood_is_noticed_whether_or_not_high_mood_is_watched() -> None:
    falling = series(100, STEADY_MOOD, then=2.0, at=92)
    assert [
        s.episode for s in changes(Diary(values={"mood": falling}, watch_high_mood=True), 99)
    ] == ["mood"]


# --- Gaps ------------------------------------------------------------------------------------


def test_missing_days_neither_count_nor_break_the_run_and_the_words_say_so() -> None:
    values = series(100, STEADY_SLEEP, then=5.0, at=90)
    for i in (92, 95):
        del values[day(i)]
    signal = changes(diary(sleep=values), 99)[0]
    assert signal.reason.startswith("Sleep 2.5 hours below their usual on 8 of the last 10 days")


def test_a_gappy_baseline_still_counts_days_with_a_value() -> None:
    values = {
        d: v
        for d, v in series(100, STEADY_SLEEP, then=4.0, at=92).items()
        if d.toordinal() % 2 == 0 or d >= day(92)
    }
    assert len([d for d in values if d < day(86)]) >= 28
    assert changes(diary(sleep=values), 99)


def test_one_bad_night_is_not_a_change() -> None:
    values = series(100, STEADY_SLEEP)
    values[day(97)] = 2.0
    assert changes(diary(sleep=values), 99) == []


# --- Medication ------------------------------------------------------------------------------


def test_medication_not_taken_on_several_recent_days_is_noticed() -> None:
    taken = {day(i): 1.0 for i in range(100)}
    for i in (94, 95, 96, 97, 99):
        taken[day(i)] = 0.0
    [signal] = changes(diary(medication=taken), 99)
    assert (
        signal.reason
        == "Medication not taken on 5 of the last 7 days (usually taken on 76 of 76 days)"
    )


def test_a_short_lapse_in_medication_is_not_a_change() -> None:
    # Four days of seven not taken by someone who always takes it: on
    # simulator 4 such lapses were most medication alerts, and outside any
    # episode (issue 20 round four); five of seven is noticed (above).
    taken = {day(i): 1.0 for i in range(100)}
    for i in (95, 96, 97, 98):
        taken[day(i)] = 0.0
    assert changes(diary(medication=taken), 99) == []


def test_medication_missed_as_often_as_usual_is_not_a_change() -> None:
    usually = {day(i): (0.0 if i % 2 else 1.0) for i in range(100)}
    assert changes(diary(medication=usually), 99) == []


# --- Check-ins -------------------------------------------------------------------------------


def every_day(upto: int) -> frozenset[dt.date]:
    return frozenset(day(i) for i in range(upto))


def test_missed_check_ins_in_a_row_are_a_signal_even_without_a_usual() -> None:
    answered = frozenset(day(i) for i in range(5))
    d = Diary(values={}, due=every_day(20), answered=answered)
    assert [s for s in detector.check(d, as_of=day(8), thresholds=EWMA) if s.kind == "missed"] == []
    [signal] = detector.check(d, as_of=day(9), thresholds=EWMA)
    assert signal.kind == "missed"
    assert (
        signal.reason
        == "No diary entry on the last 5 days one was due (none since Saturday 6 June)"
    )
    assert (signal.data_from, signal.data_to) == (day(5), day(9))


def test_missed_check_ins_count_only_days_that_were_due() -> None:
    mondays = frozenset(day(i) for i in range(0, 70, 7))
    d = Diary(values={}, due=mondays, answered=frozenset({day(0), day(7)}))
    # Mondays 14, 21, 28, 35 missed: four in a row.
    assert detector.check(d, as_of=day(40), thresholds=EWMA) == []
    [signal] = detector.check(d, as_of=day(42), thresholds=EWMA)
    assert signal.reason.startswith("No diary entry on the last 5 days one was due")


def test_a_team_can_turn_missed_check_ins_off() -> None:
    d = Diary(values={}, due=every_day(20), answered=frozenset())
    assert detector.check(d, as_of=day(15), thresholds=Thresholds(missed_in_a_row=0)) == []
    regular = Diary(values={}, answered=frozenset(day(i) for i in range(60)))
    assert detector.check(regular, as_of=day(80), thresholds=Thresholds(missed_in_a_row=0)) == []


def test_a_regular_diarist_who_stops_is_noticed() -> None:
    answered = frozenset(day(i) for i in range(60) if i % 10 != 3)
    d = Diary(values={}, answered=answered)
    assert detector.check(d, as_of=day(63), thresholds=EWMA) == []
    [signal] = detector.check(d, as_of=day(64), thresholds=EWMA)
    assert signal.kind == "missed"
    assert signal.reason.startswith(
        "No diary entries for the last 5 days; before that they wrote on 54 of 60 days"
    )
    assert signal.data_from == day(60)


def test_an_occasional_diarist_going_quiet_is_not_disengagement() -> None:
    answered = frozenset(day(i) for i in range(0, 60, 3))
    d = Diary(values={}, answered=answered)
    assert detector.check(d, as_of=day(70), thresholds=EWMA) == []


# --- One alert per episode --------------------------------------------------------------------


def replay(
    d: Diary, nights: range, thresholds: Thresholds = EWMA
) -> list[tuple[int, episodes.ToRaise]]:
    earlier: list[Earlier] = []
    raised = []
    for i in nights:
        for alert in episodes.to_raise(
            detector.check(d, as_of=day(i), thresholds=thresholds), earlier=earlier, diary=d
        ):
            earlier.append(Earlier(alert.kind, alert.about_key, alert.data_from, alert.data_to))
            raised.append((i, alert))
    return raised


def test_a_long_change_raises_one_alert_not_one_a_night() -> None:
    d = diary(sleep=series(160, STEADY_SLEEP, then=4.0, at=90))
    raised = replay(d, range(160))
    assert len(raised) == 1
    assert raised[0][1].about_key == "change:sleep:2026-08-30"


def test_a_new_change_after_a_return_to_usual_raises_a_new_alert() -> None:
    values = series(200, STEADY_SLEEP)
    for i in [*range(90, 100), *range(150, 160)]:
        values[day(i)] = 4.0
    # At the 2 spreads this test was written for (sleep alone is judged at
    # ITEM_RATIO x the team's line since round five). At 2.5 the second
    # fall is not seen: the first one, in the usual, widens its spread
    # (HAZ-380).
    at_two = Thresholds(smoothing=0.3, change_threshold=2.0 / tuning.ITEM_RATIO)
    raised = replay(diary(sleep=values), range(200), at_two)
    assert [a.data_from for _, a in raised] == [day(90), day(150)]


def test_an_earlier_alert_for_the_same_episode_even_closed_stops_a_second_one() -> None:
    d = diary(sleep=series(100, STEADY_SLEEP, then=4.0, at=90))
    signals = changes(d, 99)
    earlier = [Earlier("change", "change:sleep:2026-08-30", day(90), day(95))]
    assert episodes.to_raise(signals, earlier=earlier, diary=d) == []
    # Another item changing in the same night is still new.
    other = [Earlier("change", "change:mood:2026-08-30", day(90), day(95))]
    assert episodes.to_raise(signals, earlier=other, diary=d)


def test_about_keys_fit_the_database_however_many_signs_change() -> None:
    values = {f"sign:{1000 + n}": series(100, (0.0,), then=4.0, at=92) for n in range(12)}
    signals = changes(Diary(values=values), 99)
    assert len(signals) == 13  # each sign, and all of them together
    [alert] = episodes.to_raise(signals, earlier=[])
    assert len(alert.about_key) <= 100
    assert len(alert.reasons) == 13


def test_cusum_is_available_for_comparison_and_notices_the_same_drop() -> None:
    d = diary(sleep=series(100, STEADY_SLEEP, then=5.0, at=90))
    assert changes(d, 99, Thresholds(method="cusum"))


@settings(max_examples=25, deadline=None)
@given(
    moods=st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=60, max_size=140),
    watch_high=st.booleans(),
)
def test_any_diary_replayed_night_by_night_raises_each_episode_once_with_reasons(
    moods: list[int | None], watch_high: bool
) -> None:
    values = {day(i): float(m) for i, m in enumerate(moods) if m is not None}
    d = Diary(
        values={"mood": values},
        watch_high_mood=watch_high,
        due=every_day(len(moods)),
        answered=frozenset(values),
        owner="su1",
    )
    raised = replay(d, range(len(moods)))
    keys = [a.about_key for _, a in raised]
    assert len(keys) == len(set(keys))
    for _, alert in raised:
        assert alert.reasons and alert.summary
        assert alert.about_key.startswith("su1/") and len(alert.about_key) <= 100
        assert alert.data_from <= alert.data_to
