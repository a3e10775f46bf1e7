"""The video call pages, without JavaScript: the way in, the waiting room, the
safety check, the discreet signal, invitations and switching to phone."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.consult import calls
from tandem.consult.models import (
    CallQuality,
    CantTalkSignal,
    Participant,
    ParticipantState,
    SafetyCheck,
)
from tandem.consult.tests.helpers import (
    admitted_service_user,
    video_appointment,
    waiting_service_user,
)
from tandem.preferences.models import AccessNeeds
from tests.pages import same_page_text

pytestmark = pytest.mark.django_db


def text(response) -> str:
    # Per-request tokens blanked: a random nonce could spell a name a test
    # looks for to prove it is left out.
    return same_page_text(response)


def test_the_person_joins_from_their_appointment_through_check_and_phone_number(
    personas, client_for
):
    appointment = video_appointment(personas)
    sam = client_for("service_user")
    page = sam.get("/video/")
    assert "Join the video appointment" in text(page)
    join = sam.get(f"/video/{appointment.pk}/")
    assert join["Location"] == f"/video/{appointment.pk}/check/"
    check = sam.get(join["Location"])
    assert "Check your camera, microphone and connection" in text(check)
    assert "Need help now?" in text(check)
    after_check = sam.post(f"/video/{appointment.pk}/check/")
    assert after_check["Location"] == f"/video/{appointment.pk}/phone-number/"

    wrong = sam.post(f"/video/{appointment.pk}/phone-number/", {"phone": "call me maybe"})
    assert wrong.status_code == 200
    assert "There is a problem" in text(wrong)
    assert "Enter a phone number" in text(wrong)
    assert Participant.objects.get(user=personas.service_user).state == ParticipantState.INVITED

    right = sam.post(f"/video/{appointment.pk}/phone-number/", {"phone": "0113 496 0999"})
    assert right["Location"] == f"/video/{appointment.pk}/waiting/"
    waiting = sam.get(right["Location"])
    body = text(waiting)
    assert "You are waiting" in body
    assert "Dr Casey Lee knows you are here." in body
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in body
    assert "not watched around the clock" in body

    # The clinician lets Sam in; the next refresh takes Sam to the call.
    lee = client_for("clinician")
    waiting_room = text(lee.get("/video/waiting-room/"))
    assert "Sam Taylor" in waiting_room
    assert "0113 496 0999" in waiting_room
    participant = Participant.objects.get(user=personas.service_user)
    lee.post(f"/video/participants/{participant.pk}/admit/")
    assert sam.get(f"/video/{appointment.pk}/waiting/")["Location"] == (
        f"/video/{appointment.pk}/call/"
    )
    call = sam.get(f"/video/{appointment.pk}/call/")
    assert call.status_code == 200
    assert "Your video appointment" in text(call)


def test_the_waiting_room_shows_access_needs_and_only_the_teams_own_calls(personas, client_for):
    AccessNeeds.objects.create(
        service_user=personas.su, recorded_by=personas.clinician, hearing_impairment=True
    )
    waiting_service_user(personas, video_appointment(personas))
    page = text(client_for("colleague").get("/video/waiting-room/"))
    assert "Sam Taylor" in page
    assert "Hearing impairment" in page
    assert "Sam Taylor" not in text(client_for("outsider").get("/video/waiting-room/"))


def test_check_my_sound_tells_staff_privately_and_the_person_sees_a_sound_check(
    personas, client_for
):
    appointment = video_appointment(personas)
    admitted_service_user(personas, appointment)
    sam = client_for("service_user")
    response = sam.post(f"/video/{appointment.pk}/sound-check/", follow=True)
    assert "Sound check done. Your sound is working." in text(response)
    assert "talk freely" not in text(response)
    assert CantTalkSignal.objects.count() == 1
    lee_call = text(client_for("clinician").get(f"/video/{appointment.pk}/call/"))
    assert "They may not be able to talk freely" in lee_call
    assert "yes or no questions" in lee_call
    assert "hidden" not in lee_call.split('id="consult-cant-talk"')[1].split(">")[0]


def test_the_call_is_not_started_until_the_safety_check_is_recorded(personas, client_for):
    appointment = video_appointment(personas)
    lee = client_for("clinician")
    assert "The call has not started until you record the safety check" in text(
        lee.get(f"/video/{appointment.pk}/call/")
    )
    empty = lee.post(f"/video/{appointment.pk}/safety-check/", {})
    assert "There is a problem" in text(empty)
    assert "Confirm who you are speaking to" in text(empty)
    assert "Enter where they are now" in text(empty)
    assert "Select whether it is private and safe to talk" in text(empty)
    assert not SafetyCheck.objects.exists()
    done = lee.post(
        f"/video/{appointment.pk}/safety-check/",
        {
            "identity_confirmed": "on",
            "location": "12 Example Road, Leeds",
            "others_present": "Their partner",
            "private_and_safe": "no",
        },
        follow=True,
    )
    assert "ask only yes or no questions" in text(done)
    assert "The call has started" in text(done)
    check = SafetyCheck.objects.get()
    assert (check.private_and_safe, check.recorded_by) == ("no", personas.clinician)


def test_switch_to_phone_in_one_step_records_the_outcome(personas, client_for):
    appointment = video_appointment(personas, starts_in=dt.timedelta(minutes=-2))
    admitted_service_user(personas, appointment)
    lee = client_for("clinician")
    page = text(lee.get(f"/video/{appointment.pk}/switch-to-phone/"))
    assert "0113 496 0999" in page
    lee.post(f"/video/{appointment.pk}/switch-to-phone/", {"notes": ""})
    appointment.refresh_from_db()
    assert appointment.technical_failure
    assert appointment.switched_to == "phone"


def test_a_carer_is_offered_only_with_consent(personas, client_for):
    appointment = video_appointment(personas)
    personas.carer_link.can_join_video = False
    personas.carer_link.save()
    lee = client_for("clinician")
    page = text(lee.get(f"/video/{appointment.pk}/invite/"))
    assert "Alex Taylor" not in page
    assert "has not agreed to any carer" in page
    refused = lee.post(
        f"/video/{appointment.pk}/invite/",
        {"who": str(personas.carer_link.pk), "channel": "email"},
    )
    assert "Select who you are inviting from the list" in text(refused)
    assert not Participant.objects.filter(kind="carer").exists()


def test_an_interpreter_joins_by_a_single_use_link(personas, client_for):
    appointment = video_appointment(personas)
    lee = client_for("clinician")
    made = lee.post(
        f"/video/{appointment.pk}/invite/",
        {
            "who": "interpreter",
            "channel": "email",
            "interpreter_name": "Ana Lima",
            "address": "ana@example.org",
        },
    )
    body = text(made)
    assert "Invitation made for Ana Lima" in body
    path = "/video/invite/" + body.split("/video/invite/")[1].split("/")[0] + "/"
    guest = client_for("anonymous")
    # Opening the link (a message app's preview, say) does not use it up.
    assert "Join a video appointment" in text(guest.get(path))
    assert "Sam" not in text(guest.get(path))
    joined = guest.post(path)
    assert joined["Location"] == f"/video/{appointment.pk}/check/"
    assert guest.get(joined["Location"]).status_code == 200
    waiting = guest.post(joined["Location"])
    assert waiting["Location"] == f"/video/{appointment.pk}/waiting/"
    assert "Dr Casey Lee knows you are here" in text(guest.get(waiting["Location"]))
    # The link is used up, for anyone else holding it.
    stranger = client_for("anonymous")
    assert "This link does not work" in text(stranger.post(path))
    assert "This link does not work" in text(stranger.get("/video/invite/forged-token/"))
    # The guest reaches only this call.
    other = video_appointment(personas, person=personas.other_su)
    assert guest.get(f"/video/{other.pk}/check/").status_code == 302  # to sign in


def test_call_quality_is_posted_as_json_and_junk_refused(personas, client_for):
    appointment = video_appointment(personas)
    admitted_service_user(personas, appointment)
    sam = client_for("service_user")
    url = f"/video/{appointment.pk}/quality/"
    report = {
        "timeToConnectMs": 640,
        "relayUsed": False,
        "packetLossPercent": 0.4,
        "durationSeconds": 1500,
        "ending": "hung_up",
    }
    assert sam.post(url, json.dumps(report), content_type="application/json").status_code == 200
    assert sam.post(url, "{nope", content_type="application/json").status_code == 400
    bad = {**report, "packetLossPercent": 250}
    assert sam.post(url, json.dumps(bad), content_type="application/json").status_code == 400
    assert CallQuality.objects.count() == 1


def test_a_call_that_is_not_open_says_when_it_opens(personas, client_for):
    appointment = video_appointment(personas, starts_in=dt.timedelta(hours=5))
    page = text(client_for("service_user").get("/video/"))
    assert "You can join from" in page
    assert "Join the video appointment" not in page
    lee_call = text(client_for("clinician").get(f"/video/{appointment.pk}/call/"))
    assert "This call is open from" in lee_call


def test_opening_a_call_is_audited_for_staff(personas, client_for):
    appointment = video_appointment(personas)
    client_for("colleague").get(f"/video/{appointment.pk}/safety-check/")
    assert AuditEvent.objects.filter(
        actor=personas.colleague, what="Opened the safety check for a video call"
    ).exists()
    assert calls.is_open(appointment, timezone.now())
