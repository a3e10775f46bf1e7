"""A call that is over (its join window passed, its outcome recorded, or the
appointment cancelled) says so to everyone who opens it, and offers nothing to
do in it: no safety check, no device check, no waiting room, no admitting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.appointments import services as appointment_services
from tandem.appointments.models import Attendance
from tandem.consult import admitting, remote_safety
from tandem.consult.models import CallRoom, Participant, SafetyCheck
from tandem.consult.tests.helpers import video_appointment, waiting_service_user
from tandem.consult.tests.test_join_link import DOB, booked_for_jo, link_in, own_message
from tandem.errors import InvalidInput
from tandem.web.dates import when

pytestmark = pytest.mark.django_db

LAST_JUNE = dt.timedelta(days=-170)
PERSON_PAGES = ("", "check/", "phone-number/", "waiting/", "call/")
STAFF_PAGES = ("call/", "safety-check/", "invite/", "switch-to-phone/")
SAFETY = {"identity_confirmed": "on", "location": "12 Example Road", "private_and_safe": "yes"}


def text(response) -> str:
    return response.content.decode()


def offers_nothing_to_do(body: str) -> None:
    for control in (
        "Record the safety check",
        "Check your camera",
        "Admit",
        "Leave the call",
        "Send the invitation",
        "Switch to phone",
        'name="location"',
        "consult/call.js",
    ):
        assert control not in body, control


def test_a_call_from_last_june_says_it_has_ended_to_staff_and_the_person(personas, client_for):
    appointment = video_appointment(personas, starts_in=LAST_JUNE)
    ended = f"This call was on {when(appointment.starts_at)}. It has ended."

    lee = client_for("clinician")
    for page in STAFF_PAGES:
        answer = lee.get(f"/video/{appointment.pk}/{page}")
        assert answer.status_code == 200, page
        assert ended in text(answer), page
        offers_nothing_to_do(text(answer))
    assert "Go to the appointment" in text(lee.get(f"/video/{appointment.pk}/call/"))
    lee.post(f"/video/{appointment.pk}/safety-check/", SAFETY)
    assert not SafetyCheck.objects.exists()

    sam = client_for("service_user")
    for page in PERSON_PAGES:
        answer = sam.get(f"/video/{appointment.pk}/{page}")
        assert answer.status_code == 200, page
        assert ended in text(answer), page
        assert "Need help now?" in text(answer)
        offers_nothing_to_do(text(answer))
    sam.post(f"/video/{appointment.pk}/check/")
    # Nobody was given a place in a call that is over.
    assert not Participant.objects.exists()
    assert not CallRoom.objects.exists()


def test_a_call_whose_outcome_is_recorded_has_ended_even_inside_its_window(personas, client_for):
    appointment = video_appointment(personas, starts_in=dt.timedelta(minutes=-20))
    waiting_service_user(personas, appointment)
    appointment_services.record_outcome(
        actor=personas.clinician,
        appointment=appointment,
        outcome=appointment_services.Outcome(attendance=Attendance.ATTENDED),
    )
    lee = client_for("clinician")
    body = text(lee.get(f"/video/{appointment.pk}/call/"))
    assert "It has ended." in body
    offers_nothing_to_do(body)
    # Sam, left waiting, is no longer offered to be let in.
    assert "Sam Taylor" not in text(lee.get("/video/waiting-room/"))
    assert "It has ended." in text(client_for("service_user").get(f"/video/{appointment.pk}/"))


def test_a_cancelled_call_says_it_was_cancelled(personas, client_for):
    appointment = video_appointment(personas)
    appointment_services.cancel(
        actor=personas.clinician, appointment=appointment, by_person=False, reason="Unwell"
    )
    for who, pages in (("clinician", STAFF_PAGES), ("service_user", PERSON_PAGES)):
        for page in pages:
            answer = client_for(who).get(f"/video/{appointment.pk}/{page}")
            assert answer.status_code == 200, (who, page)
            assert "This appointment was cancelled." in text(answer), (who, page)
            offers_nothing_to_do(text(answer))


def test_a_call_that_is_over_is_still_no_one_elses(personas, client_for):
    appointment = video_appointment(personas, starts_in=LAST_JUNE)
    for who in ("outsider", "other_service_user", "carer"):
        assert client_for(who).get(f"/video/{appointment.pk}/call/").status_code in (302, 404)
    assert Client().get(f"/video/{appointment.pk}/call/")["Location"].startswith("/sign-in/")


def test_a_phone_call_from_last_june_offers_no_safety_check(personas, client_for):
    appointment = video_appointment(personas, starts_in=LAST_JUNE, modality="phone")
    lee = client_for("clinician")
    body = text(lee.get(f"/video/phone/{appointment.pk}/"))
    assert f"This call was on {when(appointment.starts_at)}. It has ended." in body
    offers_nothing_to_do(body)
    lee.post(f"/video/phone/{appointment.pk}/", SAFETY)
    assert not SafetyCheck.objects.exists()


def test_the_safety_check_of_a_call_that_is_over_is_refused(personas):
    open_call = video_appointment(personas)
    room = admitting.staff_participant(actor=personas.clinician, appointment=open_call).room
    open_call.starts_at -= dt.timedelta(days=170)
    open_call.save(update_fields=["starts_at"])
    room.refresh_from_db()
    answers = remote_safety.SafetyAnswers(
        identity_confirmed=True, location="Home", others_present="", private_and_safe="yes"
    )
    with pytest.raises(InvalidInput, match="over"):
        remote_safety.record_safety_check(actor=personas.clinician, room=room, answers=answers)
    assert not SafetyCheck.objects.exists()


def test_the_join_link_of_a_call_that_is_over_says_so(personas):
    jo, appointment = booked_for_jo(personas)
    path = link_in(own_message(jo))
    appointment.starts_at -= dt.timedelta(days=170)
    appointment.save(update_fields=["starts_at"])
    ended = Client().get(path)
    assert ended.status_code == 200
    assert f"This call was on {when(appointment.starts_at)}. It has ended." in text(ended)
    offers_nothing_to_do(text(ended))
    assert "date of birth" not in text(ended).lower()
    # Posting a date of birth to it gives no place in the call.
    Client().post(path, DOB)
    assert not Participant.objects.exists()

    appointment_services.cancel(
        actor=personas.clinician, appointment=appointment, by_person=False, reason="Unwell"
    )
    assert "This appointment was cancelled." in text(Client().get(path))
