"""Issue 24 follow-up: the paper form for people without email or texts, a team
member entering a form posted back, and named answers in the record download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditEvent
from tandem.feedback import paper, requests
from tandem.feedback.models import Answer, FeedbackRequest, NamedAnswer, Occasion, Overall
from tandem.notify import letters
from tandem.notify.models import Message, MessageChannel
from tandem.notify.template_rules import CLINICAL_WORDS
from tandem.preferences.models import ContactPreferences, DigitalAccessCheck
from tandem.record import export_pdf, queries
from tests.personas import Personas

pytestmark = pytest.mark.django_db

WORRYING = "It was fine but I want to end my life and I have a plan."


def prefs(p: Personas, **channels: object) -> None:
    ContactPreferences.objects.create(service_user=p.su, recorded_by=p.clinician, **channels)


def ask(p: Personas, key: str = "test:paper", modality: str = "phone") -> FeedbackRequest | None:
    asked = requests.ask(
        service_user=p.su,
        team=p.team_a,
        occasion=Occasion.CONTACT,
        about_key=key,
        modality=modality,
    )
    return asked.request if asked else None


def posted_form(p: Personas) -> FeedbackRequest:
    p.su.postcode = "LS1 4AP"
    p.su.save(update_fields=["postcode"])
    prefs(p, by_phone=True, preferred_channel="phone")
    request = ask(p)
    assert request is not None
    return request


def answers(**changes: str) -> dict[str, str]:
    return {
        "overall": Overall.POOR,
        "why": "",
        "talk_freely": "partly",
        "technology_worked": "no",
        "listened_to": "yes",
        "choose_again": "no",
        "name": "named",
        **changes,
    }


def test_people_without_email_or_texts_get_the_paper_form_once(personas: Personas) -> None:
    request = posted_form(personas)
    message = Message.objects.get(template="feedback_request")
    # Phone calls only: still asked, by post, once per contact and once a week.
    assert (message.channel, message.to) == (MessageChannel.LETTER, "Sam Taylor / LS1 4AP")
    assert request.paper_reference is not None and len(request.paper_reference) == 8
    letter = letters.letter_for(message)
    printed = "\n".join(letter.paragraphs)
    assert paper.shown(request.paper_reference) in printed
    assert "Can we tell your care team these answers are yours?" in printed
    assert ask(personas, key="test:again") is None
    assert Message.objects.filter(template="feedback_request").count() == 1


def test_no_reference_can_spell_a_clinical_word() -> None:
    # A value with a clinical word is refused when the message is queued, which
    # would leave the person unasked; the letters used make that impossible.
    letters_used = set(paper.ALPHABET.lower())
    assert not [w for w in CLINICAL_WORDS if set(w.replace(" ", "")) <= letters_used]


def test_digital_exclusion_means_paper_and_no_address_means_not_asked(
    personas: Personas,
) -> None:
    prefs(personas, by_sms=True, preferred_channel="sms")
    DigitalAccessCheck.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        devices=["basic_phone"],
        connection="none",
        data_costs_a_problem="yes",
        private_space="yes",
        video_confidence="never",
    )
    # A text would carry a link they cannot open; with no postcode there is
    # nowhere to post the form, so no request is made at all.
    assert ask(personas) is None
    assert not FeedbackRequest.objects.exists()
    personas.su.postcode = "LS1 4AP"
    personas.su.save(update_fields=["postcode"])
    assert ask(personas) is not None
    assert Message.objects.get(template="feedback_request").channel == MessageChannel.LETTER


def test_a_team_member_enters_a_named_paper_form_once_with_the_same_alert(
    personas: Personas, client_for
) -> None:
    request = posted_form(personas)
    reference = request.paper_reference
    assert reference is not None
    client = client_for("clinician")
    typed = paper.shown(reference).lower().replace("-", " ")
    found = client.get(reverse("feedback:paper_find"), {"reference": typed})
    page = reverse("feedback:paper_enter", kwargs={"reference": reference})
    assert found.status_code == 302 and found.url == page
    form = client.get(page)
    assert "Did the technology work?" in form.content.decode()
    done = client.post(page, answers(why=WORRYING))
    assert "an alert is now in the team" in done.content.decode()
    named = NamedAnswer.objects.select_related("answer").get()
    assert (named.service_user, named.answer.overall) == (personas.su, Overall.POOR)
    alert = Alert.objects.get(kind=AlertKind.WORRYING_WORDS)
    assert alert.service_user == personas.su
    assert AuditEvent.objects.filter(
        actor=personas.clinician, what="Gave feedback on paper, entered by staff, with their name"
    ).exists()
    # Entered twice (a colleague, or the back button): refused, nothing saved.
    again = client.post(page, answers(overall=Overall.GOOD), follow=True)
    assert "already been answered" in again.content.decode()
    refused = client.get(reverse("feedback:paper_find"), {"reference": reference})
    assert "already been answered" in refused.content.decode()
    assert Answer.objects.count() == 1


def test_an_anonymous_paper_form_with_worrying_words_tells_staff_no_one_will_follow_up(
    personas: Personas, client_for
) -> None:
    request = posted_form(personas)
    client = client_for("manager")
    page = reverse("feedback:paper_enter", kwargs={"reference": request.paper_reference})
    done = client.post(page, answers(why=WORRYING, name="anonymous"))
    body = done.content.decode()
    assert "no one will follow it up" in body
    assert "call 999" in body and "tel:" in body
    assert not Alert.objects.exists() and not NamedAnswer.objects.exists()
    assert Answer.objects.get().anonymous
    # Bad input: a missing answer says what to do and saves nothing.
    other = posted_form_for_next_week(personas)
    page = reverse("feedback:paper_enter", kwargs={"reference": other.paper_reference})
    bad = client.post(page, answers(overall="", why="x" * 2001))
    assert "Select how your experience was overall" in bad.content.decode()
    assert Answer.objects.count() == 1


def posted_form_for_next_week(p: Personas) -> FeedbackRequest:
    # The first request was more than a week ago, so another may be made.
    FeedbackRequest.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    request = ask(p, key="test:paper:2")
    assert request is not None
    return request


def test_another_teams_form_or_a_wrong_reference_is_not_found(
    personas: Personas, client_for
) -> None:
    request = posted_form(personas)
    client = client_for("outsider")
    found = client.get(reverse("feedback:paper_find"), {"reference": request.paper_reference})
    assert "No feedback form for your teams has that reference" in found.content.decode()
    page = reverse("feedback:paper_enter", kwargs={"reference": request.paper_reference})
    assert client.post(page, answers()).status_code == 404
    assert not Answer.objects.exists()


def test_named_answers_are_in_the_persons_download_and_anonymous_ones_are_not(
    personas: Personas, client_for
) -> None:
    named = posted_form(personas)
    client = client_for("clinician")
    client.post(
        reverse("feedback:paper_enter", kwargs={"reference": named.paper_reference}),
        answers(why="The phone line kept dropping out."),
    )
    anonymous = posted_form_for_next_week(personas)
    client.post(
        reverse("feedback:paper_enter", kwargs={"reference": anonymous.paper_reference}),
        answers(why="Nobody called me back at all.", name="anonymous"),
    )
    assert Answer.objects.count() == 2
    html = export_pdf.html(queries.full_record(personas.service_user))
    assert "Feedback you gave with your name" in html
    assert "The phone line kept dropping out." in html
    assert "Did the technology work?" in html
    assert "Nobody called me back" not in html
