"""Safety around remote calls: the discreet signal agreed in advance, the safety
check for phone appointments, staff taking a carer or interpreter out of a call,
and a waiting room that need not reload itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tandem.audit.models import AuditEvent
from tandem.consult import admitting, invitations, remote_safety
from tandem.consult.models import (
    AgreedSignal,
    CantTalkSignal,
    ParticipantState,
    SafetyCheck,
)
from tandem.consult.tests.helpers import (
    admitted_service_user,
    video_appointment,
    waiting_service_user,
)
from tandem.errors import InvalidInput

pytestmark = pytest.mark.django_db

AGREED = {
    "control": "camera",
    "phone_words": "Is it still raining there?",
    "agreed_with_them": "on",
}


def text(response) -> str:
    return response.content.decode()


def test_staff_record_the_signal_and_sams_call_page_uses_it_without_saying_why(
    personas, client_for
):
    lee = client_for("clinician")
    unconfirmed = lee.post(
        f"/video/people/{personas.su.pk}/signal/", {**AGREED, "agreed_with_them": ""}
    )
    assert "Confirm you agreed this with them" in text(unconfirmed)
    assert not AgreedSignal.objects.exists()
    too_long = lee.post(
        f"/video/people/{personas.su.pk}/signal/", {**AGREED, "phone_words": "x" * 201}
    )
    assert "200 characters or fewer" in text(too_long)
    assert not AgreedSignal.objects.exists()

    saved = lee.post(f"/video/people/{personas.su.pk}/signal/", AGREED)
    assert saved.status_code == 302
    signal = AgreedSignal.objects.get()
    assert (signal.control, signal.agreed_by) == ("camera", personas.clinician)
    assert AuditEvent.objects.filter(
        what="Recorded the signal agreed with the person for when they cannot talk freely"
    ).exists()

    # Sam's call page has 'Check my camera' and nothing about what it means.
    appointment = video_appointment(personas)
    admitted_service_user(personas, appointment)
    sam = client_for("service_user")
    call = text(sam.get(f"/video/{appointment.pk}/call/"))
    assert "Check my camera" in call
    assert "Check my sound" not in call
    assert "talk freely" not in call
    assert "raining" not in call
    pressed = sam.post(f"/video/{appointment.pk}/sound-check/", follow=True)
    assert "Camera check done. Your camera is working." in text(pressed)
    assert "talk freely" not in text(pressed)
    assert CantTalkSignal.objects.filter(room__appointment=appointment).count() == 1
    # Nor on Sam's own pages about his choices and record.
    for page in ("/", "/preferences/", "/my-record/"):
        shown = sam.get(page, follow=True)
        assert shown.status_code == 200
        assert "raining" not in text(shown)

    # Dr Lee's call page says what was agreed and that Sam used it.
    staff_call = text(lee.get(f"/video/{appointment.pk}/call/"))
    assert "pressing <strong>'Check my camera'</strong> means they cannot talk freely" in (
        staff_call
    )
    assert "Is it still raining there?" in staff_call
    assert "They may not be able to talk freely" in staff_call


def test_without_an_agreed_signal_check_my_sound_stands_in_and_staff_are_prompted(
    personas, client_for
):
    appointment = video_appointment(personas)
    admitted_service_user(personas, appointment)
    assert "Check my sound" in text(
        client_for("service_user").get(f"/video/{appointment.pk}/call/")
    )
    staff_call = text(client_for("clinician").get(f"/video/{appointment.pk}/call/"))
    assert "No signal agreed yet" in staff_call
    assert f"/video/people/{personas.su.pk}/signal/" in staff_call


def test_only_the_persons_teams_can_record_their_signal(personas):
    with pytest.raises(PermissionDenied):
        remote_safety.agree_signal(
            actor=personas.outsider, person=personas.su, control="sound", phone_words=""
        )
    with pytest.raises(InvalidInput):
        remote_safety.agree_signal(
            actor=personas.clinician, person=personas.su, control="wave", phone_words=""
        )
    assert not AgreedSignal.objects.exists()


def test_a_phone_appointment_starts_with_the_same_safety_check(personas, client_for):
    appointment = video_appointment(personas, modality="phone")
    remote_safety.agree_signal(
        actor=personas.clinician,
        person=personas.su,
        control="sound",
        phone_words="Did you feed the cat?",
    )
    lee = client_for("clinician")
    detail = text(lee.get(f"/appointments/staff/{appointment.pk}/"))
    assert "Start the phone call" in detail

    page = text(lee.get(f"/video/phone/{appointment.pk}/"))
    assert "Phone call with Sam Taylor" in page
    assert "Record the safety check before anything else" in page
    assert "Did you feed the cat?" in page

    missing = lee.post(
        f"/video/phone/{appointment.pk}/", {"location": "", "private_and_safe": "yes"}
    )
    assert "Confirm who you are speaking to" in text(missing)
    assert "Enter where they are now" in text(missing)
    assert not SafetyCheck.objects.exists()

    done = lee.post(
        f"/video/phone/{appointment.pk}/",
        {
            "identity_confirmed": "on",
            "location": "12 Example Road, Leeds",
            "others_present": "Their brother, in the next room",
            "private_and_safe": "no",
        },
        follow=True,
    )
    body = text(done)
    assert "ask only yes or no questions" in body
    assert "The call has started" in body
    assert "Record what happened" in body
    check = SafetyCheck.objects.get()
    assert check.room.appointment == appointment
    assert (check.private_and_safe, check.recorded_by) == ("no", personas.clinician)
    assert AuditEvent.objects.filter(
        what="Recorded the safety check at the start of a phone call"
    ).exists()


def test_the_video_pages_do_not_open_a_phone_appointment(personas, client_for):
    appointment = video_appointment(personas, modality="phone")
    lee = client_for("clinician")
    assert lee.get(f"/video/{appointment.pk}/call/").status_code == 404
    assert client_for("service_user").get(f"/video/{appointment.pk}/").status_code == 404


def _carer_in_call(personas, appointment):
    lee = admitting.staff_participant(actor=personas.clinician, appointment=appointment)
    issued = invitations.invite_carer(
        actor=personas.clinician, room=lee.room, link=personas.carer_link, channel="email"
    )
    alex_browser = Client()
    alex_browser.post(issued.path)
    alex = lee.room.participants.get(kind="carer")
    admitting.device_checked(actor=None, participant=alex)
    admitting.guest_waits(participant=alex)
    admitting.admit(actor=personas.clinician, participant=alex)
    return alex, alex_browser


def test_staff_remove_a_carer_who_then_cannot_come_back(personas, client_for):
    appointment = video_appointment(personas)
    sam = admitted_service_user(personas, appointment)
    alex, alex_browser = _carer_in_call(personas, appointment)
    assert alex_browser.get(f"/video/{appointment.pk}/call/").status_code == 200

    lee = client_for("clinician")
    call = text(lee.get(f"/video/{appointment.pk}/call/"))
    assert 'Remove<span class="nhsuk-u-visually-hidden"> Alex Taylor</span> from the call' in call
    # Sam has no such button: staff end the call or switch to phone instead.
    assert 'Remove<span class="nhsuk-u-visually-hidden"> Sam Taylor' not in call

    removed = lee.post(f"/video/participants/{alex.pk}/remove/", follow=True)
    assert "Alex Taylor has been removed from the call." in text(removed)
    alex.refresh_from_db()
    assert alex.state == ParticipantState.REMOVED
    assert AuditEvent.objects.filter(
        what="Removed Alex Taylor (carer or family member) from the video call"
    ).exists()
    # Alex's browser no longer holds a place, and the people list drops them.
    assert alex_browser.get(f"/video/{appointment.pk}/call/")["Location"].startswith("/sign-in/")
    assert "Alex Taylor" not in text(lee.get(f"/video/{appointment.pk}/call/"))

    again = lee.post(f"/video/participants/{alex.pk}/remove/", follow=True)
    assert "They have already been removed" in text(again)
    with pytest.raises(InvalidInput):
        admitting.remove(actor=personas.clinician, participant=sam)
    with pytest.raises(PermissionDenied):
        admitting.remove(actor=personas.outsider, participant=alex)


def test_the_waiting_room_can_stop_reloading_itself(personas, client_for):
    appointment = video_appointment(personas)
    waiting_service_user(personas, appointment)
    sam = client_for("service_user")
    auto = text(sam.get(f"/video/{appointment.pk}/waiting/"))
    assert '<meta http-equiv="refresh"' in auto
    assert "stop it checking by itself" in auto
    still = text(sam.get(f"/video/{appointment.pk}/waiting/?auto=off"))
    assert '<meta http-equiv="refresh"' not in still
    assert "Check if I have been let in" in still
    assert "You are waiting" in still
