"""Dates as people read them: weeks are named by their Monday, never '2026-W53'."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.web.dates import week_of


@pytest.mark.parametrize(
    "value",
    [
        "2026-W53",  # the ISO week that crosses the year's end
        dt.date(2026, 12, 28),  # its Monday
        dt.date(2027, 1, 3),  # its Sunday, in the next calendar year
    ],
)
def test_a_week_is_named_by_its_monday(value: object) -> None:
    assert week_of(value) == "week of 28 December 2026"  # type: ignore[arg-type]


def test_a_week_can_start_a_sentence_or_a_table_cell() -> None:
    assert week_of("2026-W01", capital=True) == "Week of 29 December 2025"


def test_a_moment_counts_in_the_services_local_time() -> None:
    # 11:30pm on Sunday 28 June 2026 in UTC is already Monday in London (BST).
    late_sunday_utc = dt.datetime(2026, 6, 28, 23, 30, tzinfo=dt.UTC)
    assert timezone.localdate(late_sunday_utc) == dt.date(2026, 6, 29)
    assert week_of(late_sunday_utc) == "week of 29 June 2026"
