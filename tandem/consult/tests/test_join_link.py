"""A person without an account joins their video appointment from the link in
their reminder, after giving their date of birth."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from tandem.appointments import notices
from tandem.appointments import services as appointment_services
from tandem.audit.models import AuditEvent
from tandem.consult import join_links
from tandem.consult.models import JoinLink, Participant, ParticipantState
from tandem.consult.tests.helpers import (
    person_without_account,
    texts_please,
    video_appointment,
)
from tandem.notify.models import Message
from tandem.people.models import CarerLink
from tandem.web import tokens
from tests import factories

pytestmark = pytest.mark.django_db

DOB = {"date_of_birth_day": "27", "date_of_birth_month": "3", "date_of_birth_year": "1985"}
WRONG = {"date_of_birth_day": "28", "date_of_birth_month": "3", "date_of_birth_year": "1985"}


def text(response) -> str:
    return response.content.decode()


def link_in(message: Message) -> str:
    """The path of the join link in a message's 'how to join' words."""
    found = re.search(
        r"https?://[^/\s]+(/video/join/[^/\s]+/)", message.personalisation["how_to_join"]
    )
    assert found, message.personalisation["how_to_join"]
    return found.group(1)


def own_message(person) -> Message:
    found = Message.objects.filter(template="appointment_booked", service_user=person).first()
    assert found is not None
    return found


def booked_for_jo(personas, *, starts_in=dt.timedelta(minutes=5)):
    jo = person_without_account(personas)
    carer = factories.CarerFactory(
        given_name="Riley", family_name="Rivers", email="riley.rivers@example.org"
    )
    CarerLink.objects.create(
        service_user=jo, carer=carer, relationship="Sibling", can_get_reminders=True
    )
    appointment = video_appointment(personas, person=jo, starts_in=starts_in)
    notices.booked(appointment=appointment, actor=personas.clinician)
    return jo, appointment


def test_the_persons_message_carries_their_own_link_and_the_carers_does_not(personas):
    jo, _ = booked_for_jo(personas)
    own = own_message(jo)
    assert "We will ask for your date of birth." in own.personalisation["how_to_join"]
    assert join_links.find(link_in(own).split("/")[-2]) is not None
    carers = Message.objects.filter(template="carer_appointment_booked", carer__isnull=False)
    assert carers
    for message in carers:
        assert "/video/join/" not in message.personalisation["how_to_join"]
        assert "your own link" in message.personalisation["how_to_join"]
    # Only a hash of the token is kept.
    token = link_in(own).split("/")[-2]
    assert not JoinLink.objects.filter(token_hash=token).exists()


def test_someone_with_an_account_is_sent_to_sign_in_not_given_a_link(personas):
    texts_please(personas, personas.su)
    appointment = video_appointment(personas)
    notices.booked(appointment=appointment, actor=personas.clinician)
    own = own_message(personas.su)
    assert f"/video/{appointment.pk}/" in own.personalisation["how_to_join"]
    assert "sign in" in own.personalisation["how_to_join"]
    assert not JoinLink.objects.exists()


def test_jo_gives_her_date_of_birth_and_goes_all_the_way_into_the_call(personas, client_for):
    jo, appointment = booked_for_jo(personas)
    path = link_in(own_message(jo))
    browser = Client()

    page = browser.get(path)
    assert "Check it is you" in text(page)
    # Nothing about her before the check. As a whole word: the page's random
    # CSRF token may hold the letters 'Jo' (it did, once in a while).
    assert not re.search(r"\bJo\b|Rivers", text(page))

    checked = browser.post(path, DOB)
    assert checked["Location"] == f"/video/{appointment.pk}/check/"
    assert "Check your camera" in text(browser.get(checked["Location"]))
    browser.post(f"/video/{appointment.pk}/check/")
    fallback = browser.get(f"/video/{appointment.pk}/phone-number/")
    assert "Confirm your phone number" in text(fallback)
    waiting = browser.post(f"/video/{appointment.pk}/phone-number/", {"phone": "0113 496 0777"})
    assert waiting["Location"] == f"/video/{appointment.pk}/waiting/"
    assert "You are waiting" in text(browser.get(waiting["Location"]))

    # Dr Lee sees her waiting with the number she gave, and lets her in.
    lee = client_for("clinician")
    assert "Jo Rivers" in text(lee.get("/video/waiting-room/"))
    jo_in_call = Participant.objects.get(room__appointment=appointment, kind="service_user")
    assert jo_in_call.user_id is None
    lee.post(f"/video/participants/{jo_in_call.pk}/admit/")
    assert browser.get(f"/video/{appointment.pk}/call/").status_code == 200
    assert AuditEvent.objects.filter(
        what="Date of birth confirmed on a link to join a video appointment"
    ).exists()

    # Another browser without the check gets nowhere.
    stranger = Client()
    assert stranger.get(f"/video/{appointment.pk}/call/")["Location"].startswith("/sign-in/")


def test_wrong_dates_of_birth_lock_the_link_and_staff_are_told(personas, client_for):
    jo, appointment = booked_for_jo(personas)
    path = link_in(own_message(jo))
    browser = Client()
    for attempt in range(1, join_links.MAX_FAILED_CHECKS):
        wrong = browser.post(path, WRONG)
        assert wrong.status_code == 200
        assert "does not match our records" in text(wrong)
        assert (
            JoinLink.objects.get(token_hash=tokens.digest(path.split("/")[-2])).failed_checks
            == attempt
        )
    locked = browser.post(path, WRONG)
    assert locked.status_code == 404
    assert "This link does not work" in text(locked)
    # Even the right date does not open a locked link, and nothing was made.
    assert browser.post(path, DOB).status_code == 404
    assert not Participant.objects.filter(room__appointment=appointment).exists()
    assert AuditEvent.objects.filter(what__contains="the link no longer works").exists()

    lee = client_for("clinician")
    assert "Their join link has stopped working" in text(lee.get(f"/video/{appointment.pk}/call/"))


def test_forged_cancelled_and_early_links(personas):
    jo, appointment = booked_for_jo(personas, starts_in=dt.timedelta(hours=3))
    path = link_in(own_message(jo))
    browser = Client()

    early = browser.get(path)
    assert "You can join from" in text(early)
    assert "date of birth" not in text(early).lower()
    assert browser.post(path, DOB).status_code == 200  # the form is not there yet
    assert not Participant.objects.exists()

    assert browser.get("/video/join/made-up-token/").status_code == 404
    appointment_services.cancel(
        actor=personas.clinician, appointment=appointment, by_person=False, reason="Unwell"
    )
    # A cancelled appointment's link says so (test_over.py), and offers nothing.
    cancelled = text(browser.get(path))
    assert "This appointment was cancelled." in cancelled
    assert "date of birth" not in cancelled.lower()


def test_a_link_made_before_the_person_signed_up_sends_them_to_sign_in(personas):
    jo, appointment = booked_for_jo(personas)
    path = link_in(own_message(jo))
    jo.user = factories.UserFactory(email="jo.rivers@example.org")
    jo.save(update_fields=["user"])
    answer = Client().get(path)
    assert answer["Location"] == f"/video/{appointment.pk}/"
    assert not Participant.objects.filter(state=ParticipantState.WAITING).exists()
