"""Keeping the directory: who may, what bad input does, and what the public sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.directory import selectors, services
from tandem.directory.models import Entry, OpeningTime
from tandem.directory.services import Hours
from tandem.directory.tests.helpers import CAFE, LATE_FRIDAY, add, make_overdue
from tandem.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_adding_an_entry_keeps_its_hours_records_who_checked_it_and_audits(personas):
    entry = add(personas.manager, team=personas.team_a)
    assert entry.phone == "+441134960123"
    assert entry.checked_by == personas.manager
    assert entry.checked_on == timezone.localdate()
    assert [(h.weekday, h.opens, h.closes, h.closes_next_day) for h in entry.hours.all()] == [
        (4, dt.time(18), dt.time(2), True)
    ]
    event = AuditEvent.objects.filter(object_type="directory.Entry").get()
    assert event.action == "create"
    assert event.actor_id == personas.manager.pk


@pytest.mark.parametrize("who", ["clinician", "service_user", "carer"])
def test_only_the_administrator_and_managers_keep_the_directory(personas, who):
    with pytest.raises(PermissionDenied):
        add(personas.all()[who], team=personas.team_a)
    assert not Entry.objects.exists()


def test_a_manager_keeps_only_their_own_teams_entries(personas):
    with pytest.raises(InvalidInput, match="Select one of your teams"):
        add(personas.manager, team=personas.team_b)
    with pytest.raises(InvalidInput, match="Select the team"):
        add(personas.manager, team=None)
    theirs = add(personas.admin, team=personas.team_b)
    with pytest.raises(PermissionDenied):
        services.mark_checked(
            actor=personas.manager,
            entry=theirs,
            version=theirs.version,
            check_by=timezone.localdate() + dt.timedelta(days=30),
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "not a number"}, "phone"),
        ({"phone": "0113 496"}, "phone"),
        ({"web": "lantern dot org"}, "web"),
        ({"web": "javascript:alert(1)"}, "web"),
        ({"phone": "", "web": "", "address": ""}, "phone"),
        ({"name": "  "}, "name"),
        ({"need": "astrology"}, "need"),
    ],
)
def test_bad_details_save_nothing(personas, changes, field):
    with pytest.raises(InvalidInput) as raised:
        add(personas.admin, **changes)
    assert raised.value.field == field
    assert not Entry.objects.exists()
    assert not OpeningTime.objects.exists()
    assert not AuditEvent.objects.filter(object_type="directory.Entry").exists()


@pytest.mark.parametrize(
    "hours",
    [
        [Hours(weekday=0, opens=dt.time(17), closes=dt.time(9))],
        [Hours(weekday=0, opens=dt.time(9), closes=dt.time(9))],
        # 'After midnight' but later than it opened: over a day long.
        [Hours(weekday=0, opens=dt.time(9), closes=dt.time(10), closes_next_day=True)],
        [Hours(weekday=0, opens=dt.time(9), closes=dt.time(12))] * 2,
    ],
)
def test_an_opening_that_ends_before_it_starts_is_refused(personas, hours):
    with pytest.raises(InvalidInput):
        add(personas.admin, hours=hours)
    assert not Entry.objects.exists()


@pytest.mark.parametrize("days", [0, -1, 367])
def test_the_next_check_must_be_soon_and_in_the_future(personas, days):
    with pytest.raises(InvalidInput) as raised:
        add(personas.admin, check_by=timezone.localdate() + dt.timedelta(days=days))
    assert raised.value.field == "check_by"


def test_two_people_editing_at_once_the_second_saves_nothing(personas):
    entry = add(personas.admin, team=personas.team_a)
    started_from = entry.version
    services.change_entry(
        actor=personas.manager,
        entry=entry,
        version=started_from,
        details=replace(CAFE, cost="£2 for a hot drink"),
        hours=LATE_FRIDAY,
        team=personas.team_a,
    )
    with pytest.raises(InvalidInput, match="Someone else changed this entry"):
        services.change_entry(
            actor=personas.admin,
            entry=entry,
            version=started_from,
            details=replace(CAFE, name="Renamed"),
            hours=[],
            team=personas.team_a,
        )
    entry.refresh_from_db()
    assert (entry.name, entry.cost, entry.hours.count()) == (CAFE.name, "£2 for a hot drink", 1)


def test_an_overdue_entry_is_hidden_from_the_public_until_checked(personas):
    entry = add(personas.admin, team=personas.team_a)
    make_overdue(entry)
    assert not selectors.public_entries().exists()
    assert selectors.entries_for_staff(personas.clinician).get() == entry
    assert selectors.needs_checking(personas.admin) == [entry]
    assert selectors.needs_checking(personas.manager) == [entry]
    assert selectors.needs_checking(personas.clinician) == []

    entry.refresh_from_db()
    services.mark_checked(
        actor=personas.manager,
        entry=entry,
        version=entry.version,
        check_by=timezone.localdate() + dt.timedelta(days=180),
    )
    entry.refresh_from_db()
    assert entry.checked_by == personas.manager
    assert selectors.public_entries().get() == entry
    assert selectors.needs_checking(personas.admin) == []


def test_an_entry_due_today_is_still_shown(personas):
    entry = add(personas.admin)
    Entry.objects.filter(pk=entry.pk).update(check_by=timezone.localdate())
    assert selectors.public_entries().get() == entry


def test_search_by_need_area_and_opening(personas):
    cafe = add(personas.admin)
    add(
        personas.admin,
        name="Harbour Debt Advice",
        need="money",
        area="Wakefield",
        hours=[Hours(weekday=d, opens=dt.time(9), closes=dt.time(17)) for d in range(5)],
    )
    everything = selectors.public_entries()
    friday_night = dt.datetime(2026, 1, 9, 22, 0, tzinfo=dt.UTC)
    monday_morning = dt.datetime(2026, 1, 12, 10, 0, tzinfo=dt.UTC)

    def names(now: dt.datetime = friday_night, **kw: str) -> list[str]:
        return [e.name for e in selectors.search(everything, selectors.Search(**kw), now=now)]

    assert names(need="crisis") == [cafe.name]
    assert names(area="wakefield") == ["Harbour Debt Advice"]
    assert names(when="now") == [cafe.name]
    assert names(when="now", now=monday_morning) == ["Harbour Debt Advice"]
    assert names(when="evening") == [cafe.name]
