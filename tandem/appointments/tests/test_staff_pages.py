"""The diary, a person's appointments, one appointment, and moving, cancelling
and recording what happened, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance, Status
from tandem.appointments.slots import at, open_slots
from tandem.people.models import CaseloadEntry
from tandem.preferences.models import AccessNeeds, ContactPreferences, DigitalAccessCheck
from tests import factories
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(f"appointments:{name}", kwargs={"pk": pk}))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def past_appointment(p: Personas, c: Clinic, *, days_ago: int = 2) -> Appointment:
    """Made directly: the services rightly refuse to book in the past."""
    starts = at(timezone.localdate() - dt.timedelta(days=days_ago), dt.time(10))
    return Appointment.objects.create(
        service_user=p.su,
        team=p.team_a,
        clinician=p.clinician.staff,
        appointment_type=c.check_in,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality="video",
        booked_via="staff",
        booked_by=p.clinician,
    )


# --- Diary -----


def sam_needs(p: Personas) -> None:
    p.su.phone = "+447700900123"
    p.su.interpreter_needed = True
    p.su.first_language = "Polish"
    p.su.save()
    AccessNeeds.objects.create(service_user=p.su, recorded_by=p.clinician, hearing_impairment=True)
    DigitalAccessCheck.objects.create(
        service_user=p.su,
        recorded_by=p.clinician,
        devices=["smartphone"],
        connection="reliable",
        data_costs_a_problem="no",
        private_space="no",
        video_confidence="confident",
    )


def test_the_diary_shows_what_to_know_before_a_remote_contact(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    sam_needs(personas)
    day = next_weekday(days_ahead=3)
    book(personas, clinic, day=day, hour=11)
    text = client_for("clinician").get(reverse("appointments:diary")).content.decode()
    assert f"{day:%A %-d %B}" in text
    assert "11:00 to 11:30" in text
    assert "Sam Taylor" in text
    assert "Video call" in text
    assert "Not yet" in text  # not confirmed
    assert "Needs an interpreter (Polish)" in text
    assert "Hearing impairment" in text
    assert "No private space at home" in text
    assert "07700 900123" in text or "+44 7700 900123" in text


def test_the_diary_shows_only_the_clinicians_own_next_two_weeks(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    book(personas, clinic, day=next_weekday(days_ahead=3), hour=9)
    book(personas, clinic, day=next_weekday(days_ahead=20), hour=15)
    book(personas, clinic, day=next_weekday(days_ahead=4), hour=13, clinician=personas.colleague)
    text = client_for("clinician").get(reverse("appointments:diary")).content.decode()
    assert "09:00 to 09:30" in text
    assert "15:00 to 15:30" not in text
    assert "13:00 to 13:30" not in text
    colleague = client_for("colleague").get(reverse("appointments:diary")).content.decode()
    assert "13:00 to 13:30" in colleague


def test_the_diary_reads_the_same_number_of_times_however_full(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    client = client_for("clinician")
    book(personas, clinic, day=next_weekday(days_ahead=3), hour=9)
    client.get(reverse("appointments:diary"))  # warm the session and role caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("appointments:diary"))
    for n in range(4):
        other = factories.ServiceUserFactory(given_name=f"Person{n}", family_name="Synthetic")
        CaseloadEntry.objects.create(service_user=other, team=personas.team_a)
        AccessNeeds.objects.create(service_user=other, recorded_by=personas.clinician)
        Appointment.objects.create(
            service_user=other,
            team=personas.team_a,
            clinician=personas.clinician.staff,
            appointment_type=clinic.check_in,
            starts_at=at(next_weekday(days_ahead=5), dt.time(9 + n)),
            ends_at=at(next_weekday(days_ahead=5), dt.time(9 + n, 30)),
            modality="phone",
            booked_via="staff",
        )
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("appointments:diary"))
    assert response.content.decode().count("Phone if the call drops") == 5
    assert len(five) == len(one)


# --- A person's appointments and one appointment -------------------------------------------------


def test_a_persons_page_lists_upcoming_and_past_with_outcomes(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    book(personas, clinic, hour=14)
    held = past_appointment(personas, clinic)
    held.attendance = Attendance.ATTENDED
    held.save()
    text = page(client_for("colleague"), "person", personas.su.pk)
    assert "Book an appointment" in text
    assert "14:00 to 14:30" in text
    assert "Attended on time" in text


def test_the_appointment_page_shows_how_it_was_booked_and_the_messages_sent(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    personas.su.email = "sam.taylor@example.org"
    personas.su.save()
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.service_user,
        by_email=True,
        by_letter=False,
        preferred_channel="email",
    )
    appointment = book(personas, clinic, hour=14)
    text = page(client_for("clinician"), "appointment", appointment.pk)
    assert "Booked by staff (Dr Casey Lee)" in text
    assert "Not yet" in text
    assert "Messages about this appointment" in text
    assert "No messages have been sent." not in text
    assert "Service user, by email" in text
    assert "Move to another time" in text and "Cancel the appointment" in text


def test_an_appointment_of_another_team_is_not_found(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    response = client_for("outsider").get(
        reverse("appointments:appointment", kwargs={"pk": appointment.pk})
    )
    assert response.status_code == 404


# --- Cancel -----


def test_cancelling_needs_who_and_why_then_records_the_code(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    client: Client = client_for("clinician")
    cancel = reverse("appointments:cancel", kwargs={"pk": appointment.pk})
    refused = client.post(cancel, {"by": "", "reason": ""})
    assert "Select who cancelled" in refused.content.decode()
    assert "Enter the reason" in refused.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED
    done = client.post(cancel, {"by": "person", "reason": "Sam is away that week"})
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert appointment.attendance == Attendance.CANCELLED_BY_PERSON
    assert appointment.cancellation_reason == "Sam is away that week"


def test_cancelling_a_cancelled_appointment_says_so_and_changes_nothing(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    client: Client = client_for("clinician")
    cancel = reverse("appointments:cancel", kwargs={"pk": appointment.pk})
    client.post(cancel, {"by": "service", "reason": "Clinician unwell"})
    appointment.refresh_from_db()
    first = (appointment.cancelled_at, appointment.attendance, appointment.cancellation_reason)
    assert "already been cancelled" in client.get(cancel).content.decode()
    again = client.post(cancel, {"by": "person", "reason": "Second go"})
    assert again.status_code == 200
    assert "This appointment has already been cancelled" in again.content.decode()
    appointment.refresh_from_db()
    assert (
        appointment.cancelled_at,
        appointment.attendance,
        appointment.cancellation_reason,
    ) == first


# --- Outcome -----


def test_an_outcome_waits_until_the_appointment_has_started(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    client: Client = client_for("clinician")
    outcome = reverse("appointments:outcome", kwargs={"pk": appointment.pk})
    assert "once the appointment has started" in client.get(outcome).content.decode()
    refused = client.post(
        outcome, {"attendance": "5", "technical_failure": "no", "switched_to": "no"}
    )
    assert "once the appointment has started" in refused.content.decode()
    appointment.refresh_from_db()
    assert not appointment.has_outcome


def test_recording_a_technical_failure_and_a_switch_to_phone(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = past_appointment(personas, clinic)
    client: Client = client_for("clinician")
    outcome = reverse("appointments:outcome", kwargs={"pk": appointment.pk})
    missing = client.post(
        outcome, {"attendance": "5", "technical_failure": "yes", "switched_to": "phone"}
    )
    assert "Select who switched" in missing.content.decode()
    appointment.refresh_from_db()
    assert not appointment.has_outcome
    done = client.post(
        outcome,
        {
            "attendance": "5",
            "technical_failure": "yes",
            "switched_to": "phone",
            "switched_by": "clinician",
            "notes": "Video froze after ten minutes",
        },
    )
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert appointment.attendance == Attendance.ATTENDED
    assert appointment.technical_failure
    assert (appointment.switched_to, appointment.switched_by) == ("phone", "clinician")
    assert appointment.outcome_recorded_by == personas.clinician
    text = page(client, "appointment", appointment.pk)
    assert "Phone call, switched by the clinician" in text


# --- Move -----


def test_moving_books_a_new_time_and_keeps_the_old_one_visible(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic, hour=10)
    client: Client = client_for("clinician")
    move = reverse("appointments:move", kwargs={"pk": appointment.pk})
    listing = client.get(move).content.decode()
    assert "Choose a time" not in listing or "Move the appointment" in listing
    day = next_weekday(days_ahead=8)
    slot = next(
        s
        for s in open_slots(
            team=personas.team_a,
            appointment_type=clinic.check_in,
            first_day=day,
            days=1,
            modality="video",
            clinician=personas.clinician.staff,
        )
        if timezone.localtime(s.starts_at).hour == 15
    )
    check = client.get(f"{move}?anyone=no&slot={slot.key}")
    assert "Check and move" in check.content.decode()
    done = client.post(f"{move}?anyone=no&slot={slot.key}", {"guardrail_reason": ""})
    assert done.status_code == 302
    appointment.refresh_from_db()
    moved = Appointment.objects.get(moved_from=appointment)
    assert appointment.status == Status.CANCELLED
    assert moved.starts_at == slot.starts_at
    text = page(client, "appointment", appointment.pk)
    assert "Moved to" in text


def test_choosing_no_time_when_moving_says_so(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    move = reverse("appointments:move", kwargs={"pk": appointment.pk})
    response = client_for("clinician").get(f"{move}?anyone=no&choose=1")
    assert "Select a time" in response.content.decode()
