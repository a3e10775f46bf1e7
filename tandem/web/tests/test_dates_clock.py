"""Times on the 24-hour clock and days with their weekday, in local time."""

from __future__ import annotations

import datetime as dt

from tandem.web.dates import clock, day_and_clock, day_month, span, weekday


def test_a_moment_shows_its_local_time_on_the_24_hour_clock() -> None:
    # 13:05 UTC on 1 July 2026 is 14:05 in London (BST).
    assert clock(dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.UTC)) == "14:05"
    assert clock(dt.time(9, 0)) == "09:00"
    assert clock(None) == ""


def test_a_day_can_name_its_weekday_with_or_without_the_year() -> None:
    assert weekday(dt.date(2026, 3, 3)) == "Tuesday 3 March 2026"
    assert weekday(dt.date(2026, 3, 3), year=False) == "Tuesday 3 March"
    # 11:30pm UTC on Sunday 28 June 2026 is already Monday in London.
    assert weekday(dt.datetime(2026, 6, 28, 23, 30, tzinfo=dt.UTC)) == "Monday 29 June 2026"
    assert weekday(None) == ""


def test_a_day_in_the_month() -> None:
    assert day_month(dt.date(2026, 3, 3)) == "3 March"
    assert day_month(None) == ""


def test_a_session_reads_on_one_clock_from_start_to_end() -> None:
    # 17:00 to 18:30 UTC on 3 March 2026 is the same in London (GMT); a
    # session at 6pm must never read "6pm to 19:30".
    starts = dt.datetime(2026, 3, 3, 18, 0, tzinfo=dt.UTC)
    assert span(starts, starts + dt.timedelta(minutes=90)) == "Tuesday 3 March 2026, 18:00 to 19:30"
    assert day_and_clock(starts) == "Tuesday 3 March 2026, 18:00"
    # Past midnight the end says its own day.
    late = dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC)
    assert span(late, late + dt.timedelta(hours=1)) == (
        "Tuesday 3 March 2026, 23:30 to Wednesday 4 March 2026, 00:30"
    )
    assert span(None, None) == ""
