"""Availability pages: clear messages, nothing saved half-way, and only your own
availability (or your team's, for a manager)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import AvailabilitySession, Leave, OneOffSession
from tests.clinic import Clinic, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def session_post(p: Personas, c: Clinic, **changes: object) -> dict:
    values: dict = {
        "team": str(p.team_a.pk),
        "weekday": "0",
        "starts": "16:00",
        "ends": "18:00",
        "modalities": ["video", "phone"],
        "site": "",
        "room": "",
        "self_bookable": "no",
        **date_fields("valid_from", timezone.localdate()),
        **date_fields("valid_until", None),
    }
    values.update(changes)
    return values


def test_the_availability_page_lists_sessions(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    text = client_for("clinician").get(reverse("appointments:availability")).content.decode()
    assert "Your availability" in text
    assert "Monday" in text and "09:00 to 17:00" in text
    assert "Northgate Resource Centre, Room 1" in text


def test_an_overlapping_session_is_refused_with_a_clear_message(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    before = AvailabilitySession.objects.count()
    response = client_for("clinician").post(
        reverse("appointments:session-add"), session_post(personas, clinic)
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "This overlaps the Monday session from 09:00 to 17:00" in text
    assert AvailabilitySession.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts": "18:00", "ends": "17:30"}, "The end time must be after the start time"),
        ({"starts": "half four"}, "Enter the start time as hours and minutes, like 09:00"),
        ({"modalities": ["face_to_face"], "weekday": "5"}, "Choose the site for face-to-face"),
        ({"modalities": []}, "Select at least one way the session offers"),
        ({"weekday": ""}, "Select the day of the week"),
    ],
)
def test_a_session_form_explains_each_mistake(
    client_for, personas: Personas, clinic: Clinic, changes: dict, message: str
) -> None:
    before = AvailabilitySession.objects.count()
    response = client_for("clinician").post(
        reverse("appointments:session-add"), session_post(personas, clinic, **changes)
    )
    assert message in response.content.decode()
    assert AvailabilitySession.objects.count() == before


def test_a_saturday_face_to_face_session_is_added(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    response = client_for("clinician").post(
        reverse("appointments:session-add"),
        session_post(
            personas,
            clinic,
            weekday="5",
            modalities=["face_to_face"],
            site=str(clinic.site.pk),
            room=str(clinic.room_2.pk),
        ),
    )
    assert response.status_code == 302
    added = AvailabilitySession.objects.get(weekday=5)
    assert added.staff == personas.clinician.staff
    assert (added.site, added.room, added.modalities) == (
        clinic.site,
        clinic.room_2,
        ["face_to_face"],
    )


def test_a_manager_manages_a_team_members_availability(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    client: Client = client_for("manager")
    colleague = personas.colleague.staff.pk
    page = client.get(reverse("appointments:availability") + f"?staff={colleague}")
    assert "Availability: Jordan Patel" in page.content.decode()
    response = client.post(
        reverse("appointments:session-add") + f"?staff={colleague}",
        session_post(personas, clinic, weekday="5"),
    )
    assert response.status_code == 302
    assert AvailabilitySession.objects.get(weekday=5).staff_id == colleague


def test_a_clinician_cannot_reach_a_colleagues_availability(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    client: Client = client_for("clinician")
    colleague = personas.colleague.staff.pk
    assert (
        client.get(reverse("appointments:availability") + f"?staff={colleague}").status_code == 404
    )
    response = client.post(
        reverse("appointments:session-add") + f"?staff={colleague}",
        session_post(personas, clinic, weekday="5"),
    )
    assert response.status_code == 404
    session = AvailabilitySession.objects.filter(staff=personas.colleague.staff).first()
    assert session is not None
    end = reverse("appointments:session-end", kwargs={"pk": session.pk})
    assert client.post(end, date_fields("last_day", timezone.localdate())).status_code == 404
    session.refresh_from_db()
    assert session.valid_until is None


def test_ending_a_session(client_for, personas: Personas, clinic: Clinic) -> None:
    session = AvailabilitySession.objects.filter(staff=personas.clinician.staff).first()
    assert session is not None
    end = reverse("appointments:session-end", kwargs={"pk": session.pk})
    client: Client = client_for("clinician")
    past = client.post(end, date_fields("last_day", timezone.localdate() - dt.timedelta(days=1)))
    assert "The last date must be today or in the future" in past.content.decode()
    last = timezone.localdate() + dt.timedelta(days=30)
    assert client.post(end, date_fields("last_day", last)).status_code == 302
    session.refresh_from_db()
    assert session.valid_until == last


def test_a_one_off_session(client_for, personas: Personas, clinic: Clinic) -> None:
    day = timezone.localdate() + dt.timedelta(days=10)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    values = {
        "team": str(personas.team_a.pk),
        "starts": "10:00",
        "ends": "12:00",
        "modalities": ["phone"],
        "site": "",
        "room": "",
        "self_bookable": "no",
        **date_fields("day", day),
    }
    response = client_for("clinician").post(reverse("appointments:one-off-add"), values)
    assert response.status_code == 302
    assert OneOffSession.objects.get().day == day


def test_leave_needs_a_last_day_unless_they_have_left(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    client: Client = client_for("clinician")
    today = timezone.localdate()
    values = {"kind": "annual", "cover": str(personas.colleague.staff.pk)}
    values |= date_fields("first_day", today) | date_fields("last_day", None)
    refused = client.post(reverse("appointments:leave-add"), values)
    assert "Enter the last day" in refused.content.decode()
    assert not Leave.objects.exists()
    values |= date_fields("last_day", today + dt.timedelta(days=4))
    done = client.post(reverse("appointments:leave-add"), values)
    assert done.status_code == 302
    leave = Leave.objects.get()
    assert leave.cover == personas.colleague.staff
    assert "Annual leave" in client.get(reverse("appointments:availability")).content.decode()


def test_cover_must_be_a_colleague_in_the_team(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    today = timezone.localdate()
    values = {"kind": "annual", "cover": str(personas.outsider.staff.pk)}
    values |= date_fields("first_day", today) | date_fields("last_day", today)
    response = client_for("clinician").post(reverse("appointments:leave-add"), values)
    assert "Choose a colleague from the list" in response.content.decode()
    assert not Leave.objects.exists()
