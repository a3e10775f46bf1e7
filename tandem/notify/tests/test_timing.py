"""The rule for when a message may go, given the times a person asked us to
avoid (issue 16: Sam said 'not before 10am, not on Fridays' and got a text at
06:44). Pure: no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.notify.timing import CHANGED_TODAY, NO_TIME, SOON, when_to_send, why_line
from tandem.preferences.times import MINUTE, ContactTimes

LONDON = ZoneInfo("Europe/London")
MON, FRI, SAT, SUN = 0, 4, 5, 6
SAM = ContactTimes(frozenset({FRI}), dt.time(10), None)
TEN_TO_NINE = ContactTimes(frozenset(), dt.time(10), dt.time(21))


def local(y: int, m: int, d: int, h: int, mi: int = 0, fold: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=LONDON, fold=fold)


def send(wanted, *, now=None, times=SAM, deadline=None, change=False):  # type: ignore[no-untyped-def]
    return when_to_send(
        wanted=wanted,
        now=now or wanted,
        times=times,
        tz=LONDON,
        deadline=deadline,
        change=change,
    )


# 7 December 2026 is a Monday.


def test_a_text_due_at_0644_waits_until_ten():
    decided = send(local(2026, 12, 7, 6, 44))
    assert decided.at == local(2026, 12, 7, 10)
    assert decided.why == ""


def test_an_allowed_time_goes_as_planned():
    wanted = local(2026, 12, 7, 11, 15)
    assert send(wanted).at == wanted


def test_no_times_recorded_sends_as_planned():
    wanted = local(2026, 12, 7, 3)
    assert send(wanted, times=None).at == wanted
    assert send(wanted, times=ContactTimes()).at == wanted


def test_a_friday_message_waits_for_saturday_morning():
    assert send(local(2026, 12, 11, 14)).at == local(2026, 12, 12, 10)


def test_weekend_avoidance_spans_days():
    weekdays_only = ContactTimes(frozenset({SAT, SUN}), dt.time(9), dt.time(17))
    # Friday after five: not Saturday or Sunday, so Monday at nine.
    assert send(local(2026, 12, 11, 17, 30), times=weekdays_only).at == local(2026, 12, 14, 9)


def test_not_after_is_inclusive_to_the_minute():
    evenings_off = ContactTimes(frozenset(), None, dt.time(20))
    assert send(local(2026, 12, 7, 20), times=evenings_off).at == local(2026, 12, 7, 20)
    assert send(local(2026, 12, 7, 20, 1), times=evenings_off).at == local(2026, 12, 8, 0)


def test_midnight_is_the_start_of_the_next_day():
    not_sundays = ContactTimes(frozenset({SUN}), None, None)
    late_sunday = local(2026, 12, 13, 23, 59) + dt.timedelta(seconds=30)
    assert send(late_sunday, times=not_sundays).at == local(2026, 12, 14, 0)


def test_clocks_going_forward_keep_ten_on_the_persons_clock():
    # Clocks go forward at 01:00 on Sunday 28 March 2027: 10:00 is 09:00 UTC.
    decided = send(local(2027, 3, 27, 22), times=TEN_TO_NINE)
    assert decided.at == dt.datetime(2027, 3, 28, 9, tzinfo=dt.UTC)


def test_clocks_going_back_keep_ten_on_the_persons_clock():
    # Clocks go back at 02:00 on Sunday 31 October 2027: 10:00 is 10:00 UTC.
    decided = send(local(2027, 10, 30, 22), times=TEN_TO_NINE)
    assert decided.at == dt.datetime(2027, 10, 31, 10, tzinfo=dt.UTC)


def test_a_window_opening_in_the_hour_the_clocks_skip_opens_when_they_land():
    # 01:30 does not happen on 28 March 2027; the first moment after it is 02:00 BST.
    times = ContactTimes(frozenset(), dt.time(1, 30), None)
    assert send(local(2027, 3, 28, 0, 10), times=times).at == dt.datetime(
        2027, 3, 28, 1, tzinfo=dt.UTC
    )


def test_a_change_to_an_appointment_today_goes_at_once_and_says_why():
    now = local(2026, 12, 7, 7)
    decided = send(now, deadline=local(2026, 12, 7, 15), change=True)
    assert decided.at == now
    assert decided.why == CHANGED_TODAY
    assert "your appointment today has changed" in why_line(decided.why)


def test_a_change_to_a_later_appointment_waits_for_an_allowed_time():
    decided = send(local(2026, 12, 7, 7), deadline=local(2026, 12, 8, 15), change=True)
    assert decided.at == local(2026, 12, 7, 10)
    assert decided.why == ""


def test_a_routine_message_about_today_still_waits_when_there_is_time():
    decided = send(local(2026, 12, 7, 7), deadline=local(2026, 12, 7, 15))
    assert decided.at == local(2026, 12, 7, 10)


def test_a_reminder_held_past_its_day_still_arrives_before_the_appointment():
    # Planned for Friday 10:30 (a day before); Friday is avoided; Saturday 10:00
    # is still before the 10:30 appointment.
    decided = send(local(2026, 12, 11, 10, 30), deadline=local(2026, 12, 12, 10, 30))
    assert decided.at == local(2026, 12, 12, 10)


def test_a_reminder_goes_at_the_last_allowed_time_before_the_appointment():
    # Appointment Saturday 09:30: no allowed time between Friday's planned
    # reminder and then, so it goes on Thursday at the end of the window.
    times = ContactTimes(frozenset({FRI}), dt.time(10), dt.time(20))
    decided = send(
        local(2026, 12, 11, 9, 30),
        now=local(2026, 12, 9, 12),
        times=times,
        deadline=local(2026, 12, 12, 9, 30),
    )
    assert decided.at == local(2026, 12, 10, 20)
    assert decided.why == ""


def test_an_appointment_within_the_hour_gets_its_reminder_at_once_saying_why():
    now = local(2026, 12, 7, 9)
    decided = send(now, deadline=local(2026, 12, 7, 9, 45))
    assert decided.at == now
    assert decided.why == SOON
    assert "your appointment is soon" in why_line(decided.why)


def test_a_message_about_an_appointment_that_has_begun_just_waits():
    decided = send(local(2026, 12, 7, 7), deadline=local(2026, 12, 7, 6, 30), change=True)
    assert decided.at == local(2026, 12, 7, 10)


def test_a_person_avoiding_every_day_is_still_sent_to_saying_why():
    never = ContactTimes(frozenset(range(7)), None, None)
    decided = send(local(2026, 12, 7, 12), times=never)
    assert decided.why == NO_TIME


# --- Properties ------------------------------------------------------------------

minutes = st.integers(min_value=0, max_value=24 * 60 - 1).map(lambda n: dt.time(n // 60, n % 60))


@st.composite
def contact_times(draw: st.DrawFn) -> ContactTimes:
    days = draw(st.frozensets(st.integers(0, 6), max_size=6))
    before = draw(st.none() | minutes)
    after = draw(st.none() | minutes)
    if before is not None and after is not None and after <= before:
        before, after = after, before
        if after == before:
            after = None
    return ContactTimes(days, before, after)


instants = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),
    max_value=dt.datetime(2028, 12, 31),
    timezones=st.just(dt.UTC),
)


@settings(max_examples=300, deadline=None)
@given(
    times=contact_times(),
    wanted=instants,
    earlier=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3)),
    deadline_after=st.none()
    | st.timedeltas(min_value=dt.timedelta(hours=-2), max_value=dt.timedelta(days=4)),
    change=st.booleans(),
)
def test_the_rule_never_sends_inside_a_time_to_avoid_without_saying_why(
    times: ContactTimes,
    wanted: dt.datetime,
    earlier: dt.timedelta,
    deadline_after: dt.timedelta | None,
    change: bool,
) -> None:
    now = wanted - earlier
    deadline = wanted + deadline_after if deadline_after is not None else None
    decided = send(wanted, now=now, times=times, deadline=deadline, change=change)
    assert decided.at >= now
    if not decided.why:
        assert times.allows(decided.at, LONDON)
    if deadline is not None and wanted < deadline:
        # A held message still goes before the appointment it is about.
        assert decided.at < deadline
    if deadline is None:
        # Held only as long as needed: the minute before was not allowed.
        assert decided.at == wanted or not times.allows(decided.at - MINUTE, LONDON)
