"""Synthetic directory entries for tests: fictional services, Ofcom drama numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.utils import timezone

from tandem.directory import services
from tandem.directory.models import Entry, Tool
from tandem.directory.services import Details, Hours, ToolAssessment
from tandem.people.models import CareTeam, User

CAFE = Details(
    name="Lantern Crisis Café",
    need="crisis",
    offers="A calm place to go in the evening when things feel too much.",
    for_whom="Adults 18 and over",
    route="self",
    phone="0113 496 0123",
    web="https://lantern.example.org",
    address="1 Example Row, Leeds",
    area="Leeds",
    languages="",
    accessibility="Step-free access",
    cost="Free",
)
# Friday 6pm to 2am on Saturday morning.
LATE_FRIDAY = [Hours(weekday=4, opens=dt.time(18), closes=dt.time(2), closes_next_day=True)]


def add(
    actor: User,
    *,
    team: CareTeam | None = None,
    hours: list[Hours] | None = None,
    check_by: dt.date | None = None,
    **changes: Any,
) -> Entry:
    return services.add_entry(
        actor=actor,
        details=replace(CAFE, **changes),
        hours=LATE_FRIDAY if hours is None else hours,
        team=team,
        check_by=check_by or timezone.localdate() + dt.timedelta(days=90),
    )


def make_overdue(entry: Entry, days: int = 1) -> None:
    """Time passes: the entry's check date is now behind us."""
    Entry.objects.filter(pk=entry.pk).update(
        check_by=timezone.localdate() - dt.timedelta(days=days)
    )


MOOD_APP = ToolAssessment(
    name="Tidewater Mood Diary",
    web="https://tidewater.example.org",
    purpose="Keep a daily note of mood and sleep.",
    manufacturer="Tidewater Example Ltd",
    platforms="iPhone, Android",
    languages="",
    cost="Free",
    data_collected="Mood scores, sleep times and notes",
    data_held="UK data centres",
    tier="B",
    clinical_safety="met",
    dcb0129_evidence="Clinical safety case report, version 3",
    data_protection="met",
    technical_security="met",
    interoperability="met",
    usability="met",
    notes="",
)


def assess(actor: User, *, review_in_days: int = 180, **changes: Any) -> Tool:
    return services.save_tool(
        actor=actor,
        tool=None,
        version=None,
        assessment=replace(MOOD_APP, **changes),
        review_by=timezone.localdate() + dt.timedelta(days=review_in_days),
    )
