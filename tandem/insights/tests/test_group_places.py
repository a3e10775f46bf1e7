"""Insights: places in group sessions by how members met and by group, small
numbers hidden as everywhere else (issue 26, ADR 0060)."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.appointments.models import Appointment, AppointmentType, Site, Status
from tandem.appointments.slots import at
from tandem.groups.models import GroupProgramme, GroupSession, Way
from tandem.insights import group_places, report
from tandem.insights.tests.helpers import person, scope
from tandem.people.models import CareTeam, StaffMember
from tests.personas import Personas

pytestmark = pytest.mark.django_db
SESSION = at(dt.date(2026, 3, 2), dt.time(18))


def _session(team: CareTeam, lead: StaffMember, name: str, *, starts: dt.datetime) -> GroupSession:
    group = GroupProgramme.objects.create(
        team=team,
        name=name,
        purpose="Skills practice",
        capacity=30,
        way=Way.VIDEO,
        lead=lead,
        created_by=lead.user,
    )
    return GroupSession.objects.create(
        programme=group, starts_at=starts, ends_at=starts + dt.timedelta(minutes=90)
    )


def _places(session: GroupSession, *outcomes: tuple[str, str, bool]) -> None:
    """One member's place per (way, attendance, technical failure)."""
    programme = session.programme
    site, _ = Site.objects.get_or_create(
        organisation=programme.team.organisation,
        name="Riverside",
        defaults={"address": "1 High St, Leeds", "postcode": "LS1 1AA"},
    )
    kind, _ = AppointmentType.objects.get_or_create(
        team=programme.team, name="Group session", kind="group_session", duration_minutes=90
    )
    Appointment.objects.bulk_create(
        Appointment(
            service_user=person(programme.team),
            team=programme.team,
            clinician=programme.lead,
            appointment_type=kind,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            modality=way,
            site=site if way == "face_to_face" else None,
            booked_via="staff",
            status=Status.CANCELLED if attendance in ("2", "4") else Status.BOOKED,
            cancelled_at=session.starts_at - dt.timedelta(days=1)
            if attendance in ("2", "4")
            else None,
            attendance=attendance,
            technical_failure=technical,
            group_session=session,
        )
        for way, attendance, technical in outcomes
    )


def _rows(found, slug: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    table = next(t for t in found.tables if t.slug == slug)
    return {row[0]: row[1:] for row in table.text_rows()}


def test_group_places_are_counted_by_way_and_by_group_with_small_numbers_hidden(
    personas: Personas,
) -> None:
    p = personas
    anxiety = _session(p.team_a, p.clinician.staff, "Managing anxiety", starts=SESSION)
    # By video: 8 attended (2 with a technical failure) and 2 did not attend.
    _places(
        anxiety,
        *[("video", "5", n < 2) for n in range(8)],
        ("video", "3", False),
        ("video", "3", True),
    )
    # In the room: 10 attended.
    _places(anxiety, *[("face_to_face", "5", False) for _ in range(10)])
    # A small group: three places, each figure hidden.
    carers = _session(
        p.team_a, p.colleague.staff, "Carers' evening", starts=SESSION + dt.timedelta(days=1)
    )
    _places(carers, ("video", "5", False), ("video", "5", False), ("video", "2", False))
    # Another team's group, and a session outside the period, never count.
    other = _session(p.team_b, p.outsider.staff, "Other team's group", starts=SESSION)
    _places(other, *[("video", "5", False) for _ in range(9)])
    later = _session(
        p.team_a, p.clinician.staff, "Next year", starts=at(dt.date(2027, 1, 4), dt.time(18))
    )
    _places(later, *[("video", "3", False) for _ in range(9)])

    found = group_places.section(scope(p.team_a))
    way = _rows(found, "places-in-groups-way")
    # Booked, attended, did not attend, cancelled, technical failure, switched, DNA rate.
    assert way["By video"] == ["15", "10", "*", "*", "*", "0", "*"]
    assert way["In the room"] == ["10", "10", "0", "0", "0", "0", "0%"]
    assert way["All places"] == ["25", "20", "*", "*", "*", "0", "*"]
    groups = _rows(found, "places-in-groups-programme")
    assert set(groups) == {"Managing anxiety", "Carers' evening"}
    assert groups["Managing anxiety"][:3] == ["20", "20", "*"]
    assert groups["Carers' evening"] == ["*", "*", "0", "*", "0", "0", "*"]


def test_the_tables_download_as_csv_on_their_own(personas: Personas) -> None:
    p = personas
    session = _session(p.team_a, p.clinician.staff, "Managing anxiety", starts=SESSION)
    _places(session, *[("video", "5", False) for _ in range(10)])
    found = report.table(scope(p.team_a), "places-in-groups-programme")
    assert found is not None
    csv = report.as_csv(found, scope=scope(p.team_a), team_names=["Northgate CMHT"])
    assert "Managing anxiety,10,10,0" in csv
