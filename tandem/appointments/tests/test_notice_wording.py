"""What appointment messages say (issue 16, HAZ-154): a carer's copy names whose
appointment it is, and a cancellation promises no call that nobody will make."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.appointments import notices, self_service, services
from tandem.consult.tests.helpers import texts_please
from tandem.notify.models import Message
from tandem.notify.templates import render
from tandem.people.models import Carer, CarerLink
from tests.clinic import Clinic, book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db
CHANNELS = ("sms", "email", "letter")


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    CarerLink.objects.filter(pk=personas.carer_link.pk).update(can_get_reminders=True)
    Carer.objects.filter(pk=personas.carer_profile.pk).update(email="alex.taylor@example.org")
    texts_please(personas, personas.su)
    return build_clinic(personas)


def texts(message: Message) -> list[str]:
    values = {**message.personalisation, "service_name": "Northgate"}
    out = []
    for channel in CHANNELS:
        done = render(message.template, channel, values)
        out += [done.subject, done.body]
    return out


def carers_copies() -> list[Message]:
    found = list(Message.objects.filter(carer__isnull=False))
    assert found, "the carer was sent nothing"
    return found


def test_the_carers_copy_of_a_booking_names_whose_appointment_it_is(
    personas: Personas, clinic: Clinic
) -> None:
    book(personas, clinic, modality="face_to_face")
    for message in carers_copies():
        words = " ".join(texts(message))
        assert "Sam Taylor" in words, message.template
        assert "for you" not in words and "your appointment" not in words.lower()
        # The subject line, seen on a lock screen, names no one.
        assert (
            "Sam"
            not in render(
                message.template, "email", {**message.personalisation, "service_name": "Northgate"}
            ).subject
        )


def test_the_carers_copy_of_a_move_and_a_cancellation_names_the_person_too(
    personas: Personas, clinic: Clinic
) -> None:
    booked = book(personas, clinic)
    moved = services.move(
        actor=personas.clinician,
        appointment=booked,
        starts_at=booked.starts_at + dt.timedelta(hours=2),
    )
    services.cancel(actor=personas.clinician, appointment=moved, by_person=False, reason="Ill")
    templates = {m.template for m in carers_copies()}
    assert {"carer_appointment_moved", "carer_appointment_cancelled"} <= templates
    for message in carers_copies():
        words = " ".join(texts(message))
        assert "Sam Taylor" in words and "your appointment" not in words.lower()


def test_a_name_with_a_forbidden_word_does_not_stop_the_booking(
    personas: Personas, clinic: Clinic
) -> None:
    personas.su.family_name = "Riskett"
    personas.su.save()
    assert notices.name_for_carer(personas.su) == "Sam"
    book(personas, clinic)
    assert all(m.personalisation["person_name"] == "Sam" for m in carers_copies())


def test_after_sam_cancels_he_is_told_how_to_book_again_not_promised_a_call(
    personas: Personas, clinic: Clinic
) -> None:
    booked = book(personas, clinic)
    self_service.self_cancel(actor=personas.su.user, appointment=booked, reason="")
    own = Message.objects.filter(
        template="appointment_cancelled", service_user=personas.su, carer__isnull=True
    ).first()
    assert own is not None
    for text in texts(own):
        assert "in touch" not in text
    assert (
        "sign in to Tandem to see times you can book yourself"
        in render(own.template, "sms", {**own.personalisation, "service_name": "Northgate"}).body
    )


def test_a_cancellation_by_the_team_promises_no_call_either(
    personas: Personas, clinic: Clinic
) -> None:
    # Cancelling raises no task to arrange another, so the words must not promise one.
    booked = book(personas, clinic)
    services.cancel(actor=personas.clinician, appointment=booked, by_person=False, reason="Ill")
    for message in Message.objects.filter(template__endswith="appointment_cancelled"):
        for text in texts(message):
            assert "in touch" not in text and "we will" not in text.lower()
