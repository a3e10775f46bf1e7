"""Feedback after a contact (issue 24): asking, answering with or without a name,
worrying words, bad links and input, results with suppression, 'You said, we
did' on home pages."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.appointments import services as appointments
from tandem.appointments.discharge import discharge
from tandem.appointments.models import Appointment, Attendance
from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.feedback import answering, requests, services
from tandem.feedback.models import (
    Answer,
    FeedbackRequest,
    NamedAnswer,
    Occasion,
    Overall,
    YouSaidWeDid,
)
from tandem.notify.models import Message
from tandem.people.models import ServiceUser
from tandem.preferences.models import ContactPreferences
from tests.clinic import Clinic, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db

WORRYING = "It was fine but I want to end my life and I have a plan."


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


@pytest.fixture(autouse=True)
def sam_takes_texts(personas: Personas) -> None:
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        by_sms=True,
        preferred_channel="sms",
    )


def held(
    p: Personas, c: Clinic, *, modality: str = "video", days_ago: int = 0, hours_ago: int = 2
) -> Appointment:
    starts = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(
        hours=hours_ago, days=days_ago
    )
    appointment = Appointment.objects.create(
        service_user=p.su,
        team=p.team_a,
        clinician=p.clinician.staff,
        appointment_type=c.check_in,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality=modality,
        site=c.site if modality == "face_to_face" else None,
        booked_via="staff",
    )
    return appointments.record_outcome(
        actor=p.clinician,
        appointment=appointment,
        outcome=appointments.Outcome(attendance=Attendance.ATTENDED),
    )


def link_for(p: Personas, *, modality: str = "video", key: str = "test:1") -> requests.Asked:
    asked = requests.ask(
        service_user=p.su,
        team=p.team_a,
        occasion=Occasion.CONTACT,
        about_key=key,
        modality=modality,
    )
    assert asked is not None
    return asked


def form(**changes: str) -> dict[str, str]:
    return {
        "overall": Overall.GOOD,
        "why": "",
        "talk_freely": "yes",
        "technology_worked": "partly",
        "listened_to": "yes",
        "choose_again": "yes",
        "name": "anonymous",
        **changes,
    }


# --- Asking ----------------------------------------------------------------------------


def test_a_held_contact_asks_once_by_the_agreed_channel_with_nothing_clinical(
    personas: Personas, clinic: Clinic
) -> None:
    appointment = held(personas, clinic)
    request = FeedbackRequest.objects.get()
    assert request.appointment == appointment
    assert (request.occasion, request.modality) == (Occasion.CONTACT, "video")
    message = Message.objects.get(template="feedback_request")
    assert message.service_user == personas.su
    # Only the link (and the paper form's reference) is sent, and only its hash is kept.
    assert set(message.personalisation) == {"link", "reference"}
    token = message.personalisation["link"].rstrip("/").rsplit("/", 1)[-1]
    assert token not in request.token_hash
    assert answering.find(token) == request
    # Correcting the outcome does not ask again; nor does a missed appointment.
    appointments.record_outcome(
        actor=personas.clinician,
        appointment=appointment,
        outcome=appointments.Outcome(attendance=Attendance.LATE_SEEN),
    )
    assert FeedbackRequest.objects.count() == 1


def test_never_more_than_one_request_a_week_and_not_for_a_missed_contact(
    personas: Personas, clinic: Clinic
) -> None:
    held(personas, clinic, days_ago=2)
    held(personas, clinic, modality="phone", hours_ago=4)
    assert FeedbackRequest.objects.count() == 1
    FeedbackRequest.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    missed = Appointment.objects.create(
        service_user=personas.su,
        team=personas.team_a,
        clinician=personas.clinician.staff,
        appointment_type=clinic.check_in,
        starts_at=timezone.now() - dt.timedelta(hours=6),
        ends_at=timezone.now() - dt.timedelta(hours=5, minutes=30),
        modality="video",
        booked_via="staff",
    )
    appointments.record_outcome(
        actor=personas.clinician,
        appointment=missed,
        outcome=appointments.Outcome(attendance=Attendance.DID_NOT_ATTEND),
    )
    assert FeedbackRequest.objects.count() == 1
    held(personas, clinic, modality="phone", hours_ago=8)
    assert FeedbackRequest.objects.count() == 2


def test_discharge_asks_about_the_service_without_the_contact_questions(
    personas: Personas,
) -> None:
    discharge(actor=personas.clinician, service_user=personas.su, team=personas.team_a)
    request = FeedbackRequest.objects.get(occasion=Occasion.DISCHARGE)
    assert request.about_key.startswith("discharge:")
    assert not answering.asks_about_the_contact(request)
    with pytest.raises(InvalidInput):
        answering.give(
            request=request,
            given=answering.Given(anonymous=True, overall=Overall.GOOD, listened_to="yes"),
        )
    assert not Answer.objects.exists()


# --- Answering -------------------------------------------------------------------------


def test_an_anonymous_answer_cannot_be_traced_to_the_person(personas: Personas, client) -> None:
    asked = link_for(personas)
    page = client.get(asked.path)
    assert "no one in the team can tell they are yours" in page.content.decode()
    response = client.post(
        asked.path,
        form(why="Sam Taylor here, 07700 900123, sam@example.org: the video kept freezing"),
    )
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    answer = Answer.objects.get()
    assert answer.anonymous and not NamedAnswer.objects.exists()
    # No column links it back: its only relation is the team; its key is random;
    # its only date is a month.
    relations = [f.name for f in Answer._meta.get_fields() if f.is_relation and f.concrete]
    assert relations == ["team"]
    assert isinstance(answer.pk, uuid.UUID)
    assert not [f for f in Answer._meta.get_fields() if isinstance(f, models.DateTimeField)]
    assert answer.month.day == 1
    # What they wrote is kept without their names, number or email address.
    assert "Sam" not in answer.why and "Taylor" not in answer.why
    assert "07700" not in answer.why and "@" not in answer.why
    assert "video kept freezing" in answer.why
    # The audit log never names the answer, and the link is used up with a day only.
    assert not AuditEvent.objects.filter(object_id=str(answer.pk)).exists()
    assert not AuditEvent.objects.filter(object_type="feedback.Answer").exists()
    request = FeedbackRequest.objects.get()
    assert request.used_on == timezone.localdate()


def test_a_named_answer_with_worrying_words_raises_an_alert_for_the_team(
    personas: Personas, client
) -> None:
    asked = link_for(personas)
    response = client.post(asked.path, form(why=WORRYING, name="named"))
    text = response.content.decode()
    assert "We have asked your care team to contact you" in text
    assert "Samaritans" in text or "111" in text
    named = NamedAnswer.objects.select_related("answer").get()
    assert named.service_user == personas.su and not named.answer.anonymous
    alert = Alert.objects.get()
    assert (alert.team, alert.service_user, alert.kind) == (
        personas.team_a,
        personas.su,
        AlertKind.WORRYING_WORDS,
    )
    assert "feedback" in alert.summary


def test_an_anonymous_writer_with_worrying_words_sees_crisis_contacts_and_no_one_is_told(
    personas: Personas, client
) -> None:
    asked = link_for(personas)
    text = client.post(asked.path, form(why=WORRYING)).content.decode()
    assert "we cannot contact you" in text
    assert "call 999" in text and "tel:" in text
    assert not Alert.objects.exists()


def test_a_used_or_expired_link_says_so_and_saves_nothing(personas: Personas, client) -> None:
    asked = link_for(personas)
    assert client.post(asked.path, form()).status_code == 200
    # Sent twice (a double click): the second saves nothing.
    again = client.post(asked.path, form(overall=Overall.POOR))
    assert again.status_code == 404
    assert "This link cannot be used" in again.content.decode()
    assert Answer.objects.count() == 1
    assert Answer.objects.get().overall == Overall.GOOD
    FeedbackRequest.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    expired = link_for(personas, key="test:2")
    FeedbackRequest.objects.filter(pk=expired.request.pk).update(
        created_at=timezone.now() - dt.timedelta(days=40),
        expires_at=timezone.now() - dt.timedelta(days=12),
    )
    assert client.get(expired.path).status_code == 404
    assert client.post(expired.path, form()).status_code == 404
    assert Answer.objects.count() == 1
    assert client.get(reverse("feedback:give", kwargs={"token": "f" * 64})).status_code == 404


def test_enormous_text_and_missing_answers_get_a_clear_message_and_nothing_is_saved(
    personas: Personas, client
) -> None:
    asked = link_for(personas)
    too_long = client.post(asked.path, form(why="word " * 1000))
    assert too_long.status_code == 200
    assert "must be 2000 characters or fewer" in too_long.content.decode()
    missing = client.post(asked.path, form(overall="", name=""))
    text = missing.content.decode()
    assert "Select how your experience was overall" in text
    assert "Select whether to give your name" in text
    assert not Answer.objects.exists()
    assert FeedbackRequest.objects.get().used_on is None


def test_the_technology_question_is_only_asked_about_phone_and_video(
    personas: Personas, client
) -> None:
    asked = link_for(personas, modality="face_to_face")
    page = client.get(asked.path).content.decode()
    assert "Could you talk freely?" in page
    assert "Did the technology work?" not in page
    with pytest.raises(InvalidInput):
        answering.give(
            request=asked.request,
            given=answering.Given(anonymous=True, overall="good", technology_worked="no"),
        )
    client.post(asked.path, form())
    assert Answer.objects.get().technology_worked == ""


# --- Results and 'You said, we did' ---------------------------------------------------


def answers(p: Personas, n: int, *, team=None, why: str = "", modality: str = "video") -> None:
    for i in range(n):
        Answer.objects.create(
            team=team or p.team_a,
            occasion=Occasion.CONTACT,
            modality=modality,
            month=timezone.localdate().replace(day=1),
            anonymous=True,
            overall=Overall.VERY_GOOD if i % 4 else Overall.POOR,
            why=why,
            listened_to="yes",
            age_band="25_44",
            sex="2",
            ethnic_group="white",
            imd_quintile="3",
            disability="N",
            language="english",
        )


def test_a_managers_results_hide_small_numbers_and_free_text_from_small_groups(
    personas: Personas, client_for
) -> None:
    answers(personas, 3, why="The room was too cold")
    answers(personas, 20, team=personas.team_b, why="Team B only")
    page = client_for("manager").get(reverse("insights:feedback"))
    text = page.content.decode()
    assert page.status_code == 200
    assert '<strong id="feedback-answers">*</strong>' in text
    assert 'id="free-text-held-back"' in text
    assert "The room was too cold" not in text and "Team B only" not in text
    answers(personas, 9, why="The room was too cold")
    text = client_for("manager").get(reverse("insights:feedback")).content.decode()
    assert '<strong id="feedback-answers">10</strong>' in text
    assert "The room was too cold" in text
    assert "Team B only" not in text
    assert "Overall experience by ethnic group" in text


def test_you_said_we_did_reaches_the_teams_people_and_carers_until_withdrawn(
    personas: Personas, client_for
) -> None:
    manager = client_for("manager")
    empty = manager.post(reverse("feedback:notes"), {"team": personas.team_a.pk, "you_said": " "})
    assert "Enter what people said" in empty.content.decode()
    assert not YouSaidWeDid.objects.exists()
    manager.post(
        reverse("feedback:notes"),
        {
            "team": personas.team_a.pk,
            "you_said": "Evening appointments are hard to get",
            "we_did": "We added Thursday evening clinics",
        },
    )
    note = YouSaidWeDid.objects.get()
    for persona in ("service_user", "carer"):
        home = client_for(persona).get(reverse("people:home"), follow=True)
        assert "We added Thursday evening clinics" in home.content.decode(), persona
    other = client_for("other_service_user").get(reverse("people:home"), follow=True)
    assert "We added Thursday evening clinics" not in other.content.decode()
    manager.post(reverse("feedback:withdraw", args=[note.pk]))
    home = client_for("service_user").get(reverse("people:home"), follow=True)
    assert "We added Thursday evening clinics" not in home.content.decode()


def test_only_a_teams_manager_publishes_for_it(personas: Personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.publish_note(
            actor=personas.manager, team=personas.team_b, you_said="x", we_did="y"
        )
    with pytest.raises(PermissionDenied):
        services.publish_note(
            actor=personas.clinician, team=personas.team_a, you_said="x", we_did="y"
        )


def test_equity_groups_are_coarse(personas: Personas) -> None:
    from tandem.feedback.equity import groups_of

    person = ServiceUser(
        date_of_birth=dt.date(1990, 6, 1),
        sex="1",
        ethnicity="H",
        imd_decile=4,
        disability="Y",
        first_language="Polish",
        interpreter_needed=False,
    )
    assert groups_of(person, on=dt.date(2026, 1, 1)) == {
        "age_band": "25_44",
        "sex": "1",
        "ethnic_group": "asian",
        "imd_quintile": "2",
        "disability": "Y",
        "language": "other",
    }
