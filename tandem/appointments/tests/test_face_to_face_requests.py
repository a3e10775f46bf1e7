"""'Face to face is always available' only when it is (HAZ-153): when no
face-to-face time can be booked online the booking page says so and offers to
ask the team, which becomes one task for the team with a date to answer by."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import face_to_face
from tandem.appointments.models import AvailabilitySession
from tandem.audit.models import AuditEvent
from tandem.web.working_days import is_working_day
from tandem.worklist import services as worklist
from tandem.worklist.models import WorkItem, WorkKind
from tests.clinic import Clinic, book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


@pytest.fixture
def no_face_to_face(clinic: Clinic) -> Clinic:
    """The team's sessions are remote only, as in the demo before this fix."""
    AvailabilitySession.objects.update(modalities=["video", "phone"], site=None, room=None)
    return clinic


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def way_page(client, clinic: Clinic) -> str:  # type: ignore[no-untyped-def]
    return text(client.get(reverse("appointments:self-book-slot"), {"type": clinic.check_in.pk}))


def ask(client, clinic: Clinic, note: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("appointments:ask-face-to-face"), {"type": clinic.check_in.pk, "note": note}
    )


def test_the_page_says_face_to_face_is_available_only_when_it_can_be_booked(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    sam = client_for("service_user")
    page = way_page(sam, clinic)
    assert "You can choose face to face" in page
    assert "always available" not in page
    assert "Ask the team for a face-to-face appointment" not in page

    AvailabilitySession.objects.update(modalities=["video", "phone"], site=None, room=None)
    page = way_page(sam, clinic)
    assert "always available" not in page
    assert "You can choose face to face" not in page
    assert "There are no face-to-face times you can book online" in page
    assert "Ask the team for a face-to-face appointment" in page
    # A plain form that works without JavaScript.
    assert f'action="{reverse("appointments:ask-face-to-face")}"' in page
    assert 'method="post"' in page


def test_choosing_face_to_face_with_no_times_offers_the_request(
    client_for, no_face_to_face: Clinic
) -> None:
    page = text(
        client_for("service_user").get(
            reverse("appointments:self-book-slot"),
            {"type": no_face_to_face.check_in.pk, "way": "face_to_face"},
        )
    )
    assert "There are no face-to-face times you can book online" in page
    assert "Ask the team for a face-to-face appointment" in page


def test_asking_raises_one_task_with_a_reply_date_shown_to_the_person(
    client_for, personas: Personas, no_face_to_face: Clinic
) -> None:
    sam = client_for("service_user")
    response = ask(sam, no_face_to_face, note="Mornings are best,  step-free access please")
    assert response.status_code == 302
    item = WorkItem.objects.get(kind=WorkKind.FACE_TO_FACE_REQUEST)
    assert item.team == personas.team_a and item.service_user == personas.su
    assert "Mornings are best, step-free access please" in item.reason
    assert item.respond_by is not None
    due = timezone.localtime(item.respond_by)
    assert is_working_day(due.date()) and due.time() == dt.time(17)
    assert due.date() > timezone.localdate()
    by = face_to_face.by_text(item.respond_by)
    followed = text(sam.get(response["Location"]))
    assert f"The team will contact you by {by}" in followed
    assert "Your request is with them" in followed
    # The person is the one who asked: the audit says so.
    raised = AuditEvent.objects.get(object_id=str(item.pk), what__startswith="Raised")
    assert raised.actor_id == personas.su.user_id
    # The booking page now says the request is open instead of offering it again.
    page = way_page(sam, no_face_to_face)
    assert f"They will contact you by {by}" in page
    assert 'name="note"' not in page


def test_asking_again_while_one_is_open_raises_nothing_new(
    client_for, no_face_to_face: Clinic
) -> None:
    sam = client_for("service_user")
    ask(sam, no_face_to_face)
    again = ask(sam, no_face_to_face, note="Any afternoon")
    assert again.status_code == 302
    assert WorkItem.objects.filter(kind=WorkKind.FACE_TO_FACE_REQUEST).count() == 1
    assert "You have already asked" in text(sam.get(again["Location"]))


def test_a_note_too_long_is_refused_with_a_message(client_for, no_face_to_face: Clinic) -> None:
    response = ask(client_for("service_user"), no_face_to_face, note="x" * 301)
    assert response.status_code == 200
    assert "Your note must be 300 characters or fewer" in text(response)
    assert not WorkItem.objects.exists()


def test_staff_close_it_by_saying_what_they_did_then_sam_may_ask_again(
    client_for, personas: Personas, no_face_to_face: Clinic
) -> None:
    sam = client_for("service_user")
    ask(sam, no_face_to_face)
    item = WorkItem.objects.get()
    task_page = text(client_for("clinician").get(reverse("worklist:item", args=[item.pk])))
    assert "Asked for a face-to-face appointment" in task_page
    assert "The person was told the team would contact them by" in task_page
    response = client_for("clinician").post(
        reverse("worklist:item", args=[item.pk]), {"outcome": "Phoned Sam, booked Thursday"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.is_open
    ask(sam, no_face_to_face)
    assert WorkItem.objects.filter(kind=WorkKind.FACE_TO_FACE_REQUEST).count() == 2


def test_booking_a_face_to_face_appointment_closes_the_request(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    ask(client_for("service_user"), clinic)
    item = WorkItem.objects.get()
    book(personas, clinic, modality="video")
    item.refresh_from_db()
    assert item.is_open  # a video call does not answer a request to be seen in person
    booked = book(personas, clinic, modality="face_to_face", hour=14)
    item.refresh_from_db()
    assert not item.is_open and item.done_by == personas.clinician
    local = timezone.localtime(booked.starts_at)
    assert f"{local:%-d %B %Y}" in item.outcome


def test_the_request_is_only_for_the_persons_own_teams(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    from tandem.appointments.models import AppointmentType

    other = AppointmentType.objects.create(
        team=personas.team_b,
        name="Check-in",
        kind="check_in",
        duration_minutes=30,
        self_bookable=True,
    )
    response = client_for("service_user").post(
        reverse("appointments:ask-face-to-face"), {"type": other.pk, "note": ""}
    )
    assert response.status_code == 302 and response["Location"] == reverse("appointments:self-book")
    assert not WorkItem.objects.exists()
    # Staff and carers cannot reach it at all.
    for persona in ("clinician", "carer"):
        assert ask(client_for(persona), clinic).status_code == 404
    assert not WorkItem.objects.exists()


def test_a_single_use_link_visitor_is_told_to_call_the_team(
    personas: Personas, no_face_to_face: Clinic
) -> None:
    from django.test import Client

    from tandem.appointments import links

    booked = book(personas, no_face_to_face)
    path = links.issue_link(appointment=booked, actor=personas.clinician)
    born = personas.su.date_of_birth
    visitor = Client()
    checked = visitor.post(
        path,
        {
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
        },
    )
    assert checked.status_code == 302
    page = text(visitor.get(path + "move/"))
    assert "There are no face-to-face times you can book online" in page
    assert 'name="note"' not in page  # no account to ask from: the team's number instead
    assert re.search(r"call (your care team|Northgate)", page)


def test_the_reply_date_skips_the_weekend() -> None:
    friday = timezone.make_aware(dt.datetime(2026, 12, 4, 9, 0))
    due = timezone.localtime(face_to_face.respond_by(friday))
    assert due.date() == dt.date(2026, 12, 8)  # Tuesday
    assert face_to_face.by_text(face_to_face.respond_by(friday)) == "5pm on Tuesday 8 December"


def test_closing_by_the_system_records_no_person(personas: Personas, clinic: Clinic) -> None:
    item = worklist.raise_work_item(
        team=personas.team_a,
        kind=WorkKind.FACE_TO_FACE_REQUEST,
        title="Asked for a face-to-face appointment",
        reason="x",
        service_user=personas.su,
        about_key=face_to_face.about_key(personas.su),
    )
    assert (
        worklist.settle_work_items(
            actor=None, team=personas.team_a, about_keys=[item.about_key], outcome="Booked"
        )
        == 1
    )
