"""Staff booking in three steps, through the pages: a shared decision when one is
needed, open times, a check with the team's workload limits, and the same 404
for anyone not caring for the person."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment, Status
from tandem.appointments.slots import Slot, at, open_slots
from tandem.preferences.models import ModalityPreference, SharedDecision
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def url(name: str, p: Personas, **params: object) -> str:
    base = reverse(f"appointments:{name}", kwargs={"pk": p.su.pk})
    return base + ("?" + urlencode(params) if params else "")


def choice(c: Clinic, p: Personas, *, way: str = "video", anyone: bool = False) -> dict:
    return {
        "type": c.check_in.pk,
        "way": way,
        "clinician": "any" if anyone else p.clinician.staff.pk,
    }


def first_slot(p: Personas, c: Clinic, *, day: dt.date | None = None, hour: int = 10) -> Slot:
    day = day or next_weekday()
    slots = open_slots(
        team=p.team_a,
        appointment_type=c.check_in,
        first_day=day,
        days=1,
        modality="video",
        clinician=p.clinician.staff,
    )
    return next(s for s in slots if timezone.localtime(s.starts_at).hour == hour)


def agreed(p: Personas, way: str = "video") -> SharedDecision:
    return SharedDecision.objects.create(
        service_user=p.su,
        kind="check_in",
        options_discussed=["face_to_face", way],
        face_to_face_offered=True,
        took_part="Sam and Dr Lee",
        decision=way,
        reasons="Agreed at the last review",
        decided_by=p.clinician,
    )


DECISION = {
    "options_discussed": ["phone"],
    "person_preference": "video",
    "took_part": "Sam and Dr Lee",
    "carer_took_part": "no",
    "reasons": "Sam works days; video saves a trip",
    "against_preference_reason": "",
}


# --- Step one -----


def test_step_one_shows_what_staff_must_know(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    personas.su.interpreter_needed = True
    personas.su.first_language = "Polish"
    personas.su.phone = "+447700900123"
    personas.su.save()
    response = client_for("clinician").get(url("book", personas))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Check-in, 30 minutes" in text
    assert "Anyone in the team who is free" in text
    assert "Needs an interpreter (Polish)" in text
    assert "07700 900123" in text or "+44 7700 900123" in text


def test_step_one_says_what_is_missing(client_for, personas: Personas, clinic: Clinic) -> None:
    response = client_for("clinician").get(url("book", personas, type="", way="", clinician=""))
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Select the appointment type" in text
    assert "Select how it will be held" in text


def test_with_an_agreed_way_step_one_goes_straight_to_times(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    agreed(personas, "video")
    response = client_for("clinician").get(url("book", personas, **choice(clinic, personas)))
    assert response.status_code == 302
    assert response["Location"].startswith(url("book-slot", personas))


def test_a_new_way_asks_for_the_shared_decision_with_guidance(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    agreed(personas, "face_to_face")
    response = client_for("clinician").get(url("book", personas, **choice(clinic, personas)))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Record the shared decision" in text
    assert "not the one last agreed" in text
    assert "face to face (always offered)" in text  # included, and shown as such
    assert 'value="face_to_face"' not in text.split("options_discussed")[1].split("</fieldset>")[0]


def test_the_decision_must_be_complete_and_nothing_is_saved(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    ModalityPreference.objects.create(
        service_user=personas.su,
        kind="check_in",
        preferred="face_to_face",
        not_wanted=["video"],
        recorded_by=personas.service_user,
    )
    response = client_for("clinician").post(
        url("book", personas, **choice(clinic, personas)),
        {**DECISION, "took_part": ""},
    )
    text = response.content.decode()
    assert "Enter who took part in the decision" in text
    assert "The person said they do not want video call for this" in text
    assert not SharedDecision.objects.exists()


# --- The whole flow -----


def test_booking_with_a_new_decision_records_it_with_the_appointment(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    client: Client = client_for("clinician")
    chosen = choice(clinic, personas)
    slots_page = client.post(url("book", personas, **chosen), DECISION)
    text = slots_page.content.decode()
    assert "Choose a time" in text
    assert 'name="took_part" value="Sam and Dr Lee"' in text  # carried, not in the address
    slot = first_slot(personas, clinic)
    check = client.post(url("book-confirm", personas, **chosen), {**DECISION, "slot": slot.key})
    assert "Check and book" in check.content.decode()
    assert not Appointment.objects.exists()
    done = client.post(
        url("book-confirm", personas, **chosen), {**DECISION, "slot": slot.key, "step": "book"}
    )
    appointment = Appointment.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("appointments:appointment", kwargs={"pk": appointment.pk})
    decision = SharedDecision.objects.get()
    assert appointment.shared_decision == decision
    assert decision.options_discussed == ["face_to_face", "video", "phone"]
    assert decision.decided_by == personas.clinician
    assert appointment.starts_at == slot.starts_at and appointment.modality == "video"
    page = client.get(done["Location"])
    assert "Appointment booked" in page.content.decode()


def test_booking_on_an_agreed_way_uses_the_address_only(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    decision = agreed(personas, "video")
    client: Client = client_for("clinician")
    chosen = choice(clinic, personas, anyone=True)
    week = client.get(url("book-slot", personas, **chosen))
    assert "Next week" in week.content.decode()
    slot = first_slot(personas, clinic)
    check = client.get(url("book-confirm", personas, **chosen, slot=slot.key))
    assert check.status_code == 200
    client.post(url("book-confirm", personas, **chosen, slot=slot.key), {"step": "book"})
    appointment = Appointment.objects.get()
    assert appointment.shared_decision == decision
    assert SharedDecision.objects.count() == 1


def test_the_times_step_without_a_needed_decision_goes_back_to_step_one(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    chosen = choice(clinic, personas)
    response = client_for("clinician").get(url("book-slot", personas, **chosen))
    assert response.status_code == 302
    assert response["Location"].startswith(url("book", personas))


def test_a_time_taken_meanwhile_sends_staff_back_to_the_times(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    agreed(personas, "video")
    chosen = choice(clinic, personas)
    slot = first_slot(personas, clinic)
    book(personas, clinic, hour=10)  # someone else books it first
    response = client_for("colleague").post(
        url("book-confirm", personas, **chosen, slot=slot.key), {"step": "book"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "That time is no longer free" in text
    assert "Choose a time" in text
    assert Appointment.objects.count() == 1


def test_a_booking_that_breaks_a_workload_limit_needs_a_reason(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    agreed(personas, "video")
    book(personas, clinic, hour=10)  # 10:00 to 10:30, video
    chosen = choice(clinic, personas)
    slot = first_slot(personas, clinic, hour=10)  # the next free one: 10:30, no break
    assert timezone.localtime(slot.starts_at).time() == dt.time(10, 30)
    client: Client = client_for("clinician")
    check = client.get(url("book-confirm", personas, **chosen, slot=slot.key))
    assert "This breaks the team" in check.content.decode()
    refused = client.post(
        url("book-confirm", personas, **chosen, slot=slot.key),
        {"step": "book", "slot": slot.key, "guardrail_reason": ""},
    )
    assert "Enter why the booking needs to go ahead" in refused.content.decode()
    assert Appointment.objects.count() == 1
    client.post(
        url("book-confirm", personas, **chosen, slot=slot.key),
        {"step": "book", "slot": slot.key, "guardrail_reason": "Only time Sam can do this week"},
    )
    made = Appointment.objects.get(starts_at=slot.starts_at)
    assert made.guardrail_reason == "Only time Sam can do this week"
    assert any("break" in b for b in made.guardrail_breaches)


@pytest.mark.parametrize("persona", ["outsider", "carer", "service_user"])
def test_no_one_outside_the_team_can_book_for_sam(
    client_for, personas: Personas, clinic: Clinic, persona: str
) -> None:
    agreed(personas, "video")
    slot = first_slot(personas, clinic)
    client: Client = client_for(persona)
    chosen = choice(clinic, personas)
    assert client.get(url("book", personas, **chosen)).status_code == 404
    response = client.post(url("book-confirm", personas, **chosen, slot=slot.key), {"step": "book"})
    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_face_to_face_bookings_take_the_sessions_place(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    agreed(personas, "face_to_face")
    chosen = choice(clinic, personas, way="face_to_face")
    day = next_weekday()
    slot = next(
        s
        for s in open_slots(
            team=personas.team_a,
            appointment_type=clinic.check_in,
            first_day=day,
            days=1,
            modality="face_to_face",
            clinician=personas.clinician.staff,
        )
        if s.starts_at == at(day, dt.time(14))
    )
    client_for("clinician").post(
        url("book-confirm", personas, **chosen, slot=slot.key), {"step": "book"}
    )
    made = Appointment.objects.get()
    assert made.site == clinic.site and made.room == clinic.room_1
    assert made.status == Status.BOOKED
