"""Times on the 24-hour clock and days with their weekday, in local time."""

from __future__ import annotations

import datetime as dt

from tandem.web.dates import clock, day_month, weekday


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
