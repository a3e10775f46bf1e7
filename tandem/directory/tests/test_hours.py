"""'Open now' and 'open this evening' on the UK wall clock, across midnight and
the clock changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tandem.directory.hours import describe, is_open_at, is_open_in_evening, spoken
from tandem.directory.services import Hours

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
# Friday 6pm to 2am (Saturday morning); Sunday 10am to 4pm.
HOURS = [
    Hours(weekday=4, opens=dt.time(18), closes=dt.time(2), closes_next_day=True),
    Hours(weekday=6, opens=dt.time(10), closes=dt.time(16)),
]


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (london(2026, 1, 9, 17, 59), False),  # Friday, just before opening
        (london(2026, 1, 9, 18, 0), True),  # Friday, opening minute
        (london(2026, 1, 9, 23, 59), True),
        (london(2026, 1, 10, 0, 30), True),  # Saturday, after midnight: Friday's opening
        (london(2026, 1, 10, 1, 59), True),
        (london(2026, 1, 10, 2, 0), False),  # closing minute: closed
        (london(2026, 1, 10, 18, 30), False),  # Saturday evening: not open
        (london(2026, 1, 11, 15, 59), True),  # Sunday daytime
        (london(2026, 1, 11, 16, 0), False),
        (london(2026, 1, 12, 0, 30), False),  # Monday after midnight: Sunday closed at 4pm
    ],
)
def test_open_now_across_midnight(moment, expected):
    assert is_open_at(HOURS, moment) is expected


def test_open_now_follows_the_uk_clock_in_summer_time():
    # 17:30 UTC on a Friday in July is 18:30 BST: open. The same UTC time in
    # January is 17:30 GMT: not yet open.
    assert is_open_at(HOURS, dt.datetime(2026, 7, 10, 17, 30, tzinfo=UTC))
    assert not is_open_at(HOURS, dt.datetime(2026, 1, 9, 17, 30, tzinfo=UTC))
    # 00:30 UTC on Saturday 1 August is 01:30 BST: still Friday's opening.
    assert is_open_at(HOURS, dt.datetime(2026, 8, 1, 0, 30, tzinfo=UTC))
    # 01:30 UTC is 02:30 BST: closed.
    assert not is_open_at(HOURS, dt.datetime(2026, 8, 1, 1, 30, tzinfo=UTC))


def test_open_through_the_night_the_clocks_go_forward():
    # Clocks go forward at 1am GMT on Sunday 29 March 2026. Saturday 6pm to 3am.
    saturday_night = [Hours(weekday=5, opens=dt.time(18), closes=dt.time(3), closes_next_day=True)]
    # 00:30 UTC is 00:30 GMT: open; 01:30 UTC is 02:30 BST: open; 02:30 UTC is 03:30 BST: closed.
    assert is_open_at(saturday_night, dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    assert is_open_at(saturday_night, dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    assert not is_open_at(saturday_night, dt.datetime(2026, 3, 29, 2, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (HOURS, True),  # Friday 6pm to 2am
        ([Hours(weekday=4, opens=dt.time(9), closes=dt.time(17))], False),
        ([Hours(weekday=4, opens=dt.time(9), closes=dt.time(18, 30))], True),
        ([Hours(weekday=4, opens=dt.time(21, 30), closes=dt.time(23))], True),
        ([Hours(weekday=4, opens=dt.time(22), closes=dt.time(23))], False),
        # Thursday's all-night opening ends on Friday morning: not Friday evening.
        ([Hours(weekday=3, opens=dt.time(20), closes=dt.time(8), closes_next_day=True)], False),
    ],
)
def test_open_this_evening(hours, expected):
    friday_morning = london(2026, 1, 9, 9, 0)
    assert is_open_in_evening(hours, friday_morning) is expected


def test_this_evening_is_the_uk_day_not_the_utc_day():
    # 23:30 UTC on Thursday 9 July is 00:30 BST on Friday: 'this evening' is Friday's.
    assert is_open_in_evening(HOURS, dt.datetime(2026, 7, 9, 23, 30, tzinfo=UTC))


def test_hours_are_said_as_people_say_them():
    assert [spoken(dt.time(h, m)) for h, m in [(0, 0), (9, 30), (12, 0), (18, 0)]] == [
        "midnight",
        "9:30am",
        "midday",
        "6pm",
    ]
    rows = dict(describe(HOURS))
    assert rows["Friday"] == "6pm to 2am (Saturday morning)"
    assert rows["Monday"] == "Closed"
