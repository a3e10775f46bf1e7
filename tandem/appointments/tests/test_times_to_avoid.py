"""Booking keeps the times a person asked us to avoid in view (issue 16,
item 4; HAZ-155): staff see them beside each offered time and must give a
reason to book inside them; the person's own pick page marks such times."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import services
from tandem.appointments.models import Appointment
from tandem.appointments.slots import Slot, open_slots
from tandem.audit.models import AuditEvent
from tandem.preferences.models import ContactPreferences, SharedDecision
from tests.clinic import Clinic, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db
MARK = "Inside a time they asked us to avoid: before 11:00"


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    clinic = build_clinic(personas)
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.service_user,
        by_email=True,
        preferred_channel="email",
        not_before=dt.time(11),
        times_to_avoid="Mornings are hard",
    )
    SharedDecision.objects.create(
        service_user=personas.su,
        kind="check_in",
        options_discussed=["face_to_face", "video"],
        face_to_face_offered=True,
        took_part="Sam and Dr Lee",
        decision="video",
        reasons="Agreed at the last review",
        decided_by=personas.clinician,
    )
    return clinic


def url(name: str, p: Personas, c: Clinic, **params: object) -> str:
    chosen = {"type": c.check_in.pk, "way": "video", "clinician": p.clinician.staff.pk}
    base = reverse(f"appointments:{name}", kwargs={"pk": p.su.pk})
    return base + "?" + urlencode(chosen | params)


def slot_at(p: Personas, c: Clinic, hour: int) -> Slot:
    slots = open_slots(
        team=p.team_a,
        appointment_type=c.check_in,
        first_day=next_weekday(),
        days=1,
        modality="video",
        clinician=p.clinician.staff,
    )
    return next(s for s in slots if timezone.localtime(s.starts_at).hour == hour)


def test_staff_see_the_times_to_avoid_beside_each_offered_time(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    page = client_for("clinician").get(
        url("book-slot", personas, clinic, week=next_weekday().isoformat())
    )
    text = page.content.decode()
    assert "Sam Taylor asked us to avoid: Not before 11:00" in text
    # The 10:00 and 10:30 times are marked; from 11:00 they are not.
    ten, eleven = slot_at(personas, clinic, 10), slot_at(personas, clinic, 11)
    assert text.count(MARK) >= 2
    items = {
        key: next(i for i in text.split('class="nhsuk-radios__item"') if f'value="{key}"' in i)
        for key in (ten.key, eleven.key)
    }
    assert MARK in items[ten.key]
    assert MARK not in items[eleven.key]


def test_booking_inside_a_time_to_avoid_needs_a_reason_kept_in_the_audit(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    client: Client = client_for("clinician")
    slot = slot_at(personas, clinic, 10)
    check = client.get(url("book-confirm", personas, clinic, slot=slot.key))
    assert "Sam Taylor asked us to avoid this time" in check.content.decode()
    refused = client.post(
        url("book-confirm", personas, clinic, slot=slot.key),
        {"step": "book", "slot": slot.key, "avoid_reason": "  "},
    )
    assert "Enter why the appointment must be at a time they asked us to avoid" in (
        refused.content.decode()
    )
    assert not Appointment.objects.exists()
    client.post(
        url("book-confirm", personas, clinic, slot=slot.key),
        {"step": "book", "slot": slot.key, "avoid_reason": "Sam asked for 10am this once"},
    )
    made = Appointment.objects.get()
    entry = AuditEvent.objects.get(object_id=str(made.pk), what__startswith="Booked inside")
    assert entry.what == (
        "Booked inside a time they asked us to avoid (Not before 11:00). "
        "Reason: Sam asked for 10am this once"
    )
    assert entry.actor_id == personas.clinician.pk


def test_booking_at_an_allowed_time_needs_no_reason(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    slot = slot_at(personas, clinic, 11)
    client: Client = client_for("clinician")
    check = client.get(url("book-confirm", personas, clinic, slot=slot.key)).content.decode()
    assert "asked us to avoid this time" not in check
    client.post(url("book-confirm", personas, clinic, slot=slot.key), {"step": "book"})
    assert Appointment.objects.count() == 1


def test_the_service_itself_refuses_a_staff_booking_inside_without_a_reason(
    personas: Personas, clinic: Clinic
) -> None:
    slot = slot_at(personas, clinic, 10)
    with pytest.raises(services.NeedsAvoidReason):
        services.book(
            actor=personas.clinician,
            booking=services.Booking(
                service_user=personas.su,
                team=personas.team_a,
                clinician=personas.clinician.staff,
                appointment_type=clinic.check_in,
                starts_at=slot.starts_at,
                modality="video",
            ),
        )
    assert not Appointment.objects.exists()


def test_sams_pick_page_marks_times_he_asked_us_to_avoid(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    sam = client_for("service_user")
    day = next_weekday(3)
    page = sam.get(
        reverse("appointments:self-book-slot"),
        {"type": clinic.check_in.pk, "way": "video", "day": day.isoformat()},
    ).content.decode()
    assert "You asked us to avoid: Not before 11:00" in page
    rows = [row for row in page.split("<li>") if "with Dr Casey Lee" in row]
    marked = [row for row in rows if "You asked us to avoid this time" in row]
    # Marked, not hidden: the morning times are there, and only they are marked.
    assert any("10am" in row for row in marked)
    assert not any("11am" in row or "pm" in row.split("</a>")[0] for row in marked)
    assert any("11am" in row for row in rows)


def test_no_marks_for_someone_with_no_times_to_avoid(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    ContactPreferences.objects.filter(service_user=personas.su).update(not_before=None)
    page = (
        client_for("service_user")
        .get(
            reverse("appointments:self-book-slot"),
            {"type": clinic.check_in.pk, "way": "video", "day": next_weekday(3).isoformat()},
        )
        .content.decode()
    )
    assert "with Dr Casey Lee" in page
    assert "asked us to avoid" not in page
