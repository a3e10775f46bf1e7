"""Texts, emails and letters in the recipient's language (issue 27, ADR 0061,
HAZ-342): decided when the message is queued, read in it when it is sent, the
urgent number and every other figure filled in from data, and English wherever
a piece is not translated."""

from __future__ import annotations

import datetime as dt
import io
import string

import pytest
from babel.messages.pofile import read_po
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader

from tandem.appointments import notices
from tandem.consult.tests.helpers import video_appointment
from tandem.notify import outbox
from tandem.notify.fake_notify import FakeNotifyServer
from tandem.notify.letters import letter_for
from tandem.notify.models import Message
from tandem.notify.services import print_letter_batch, queue_message
from tandem.notify.templates import (
    NOT_WATCHED,
    TEMPLATES,
    URGENT_NUMBER,
    Words,
    clinical_words_in,
    render,
)
from tandem.notify.tests.helpers import VALUES, set_contact
from tandem.people.models import ServiceUser
from tandem.translations import catalogue
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TRANSLATED = ("cy", "ar")
WELSH_NOT_WATCHED = "Nid yw atebion i'r neges hon yn cael eu darllen."


def welsh(person: ServiceUser) -> None:
    assert person.user is not None
    person.user.language = "cy"
    person.user.save(update_fields=["language"])


def reminder_sent(personas: Personas, fake: FakeNotifyServer, channel: str) -> dict[str, str]:
    """Book a phone appointment ten days ahead, then send its first reminder
    through the real client to the fake Notify; what Notify received."""
    set_contact(personas.su, personas.clinician, channels=("sms", "email"), preferred=channel)
    appointment = video_appointment(personas, starts_in=dt.timedelta(days=10), modality="phone")
    notices.booked(appointment=appointment, actor=personas.clinician)
    reminder = Message.objects.get(
        template="appointment_reminder", idempotency_key__endswith="reminder:7"
    )
    assert reminder.channel == channel
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - dt.timedelta(seconds=1))
    assert outbox.send_due(message_id=reminder.pk) == {"sent": 1}
    [received] = [r for r in fake.store.all() if r["reference"] == reminder.idempotency_key]
    return received


@pytest.fixture
def notify_for_email_too(fake_notify: FakeNotifyServer, settings) -> FakeNotifyServer:  # type: ignore[no-untyped-def]
    """Emails through the fake Notify as well, so both arrive the same way."""
    settings.TANDEM_NOTIFY_EMAIL_VIA = "notify"
    return fake_notify


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_a_welsh_speakers_reminder_arrives_in_welsh(
    personas: Personas, notify_for_email_too: FakeNotifyServer, channel: str
) -> None:
    welsh(personas.su)
    received = reminder_sent(personas, notify_for_email_too, channel)
    body = received["body"]
    assert received["type"] == channel
    assert "Nodyn atgoffa" in (received["subject"] if channel == "email" else body)
    assert "apwyntiad" in body
    assert "ffôn" in body  # how to join, written in Welsh when it was queued
    assert WELSH_NOT_WATCHED in body
    # The urgent number is data: it is there, and no translation holds it.
    assert f"GIG {URGENT_NUMBER}" in body
    assert "Replies to this message" not in body and "reminder" not in body.lower()
    assert clinical_words_in(body) == [] and clinical_words_in(received["subject"]) == []


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_an_english_speakers_reminder_arrives_in_english(
    personas: Personas, notify_for_email_too: FakeNotifyServer, channel: str
) -> None:
    received = reminder_sent(personas, notify_for_email_too, channel)
    assert "reminder" in (received["subject"] + received["body"]).lower()
    assert NOT_WATCHED in received["body"]
    assert "This is a phone call." in received["body"]
    assert "apwyntiad" not in received["body"]


def test_the_language_is_the_one_the_person_read_when_it_was_queued(
    personas: Personas, notify_for_email_too: FakeNotifyServer
) -> None:
    welsh(personas.su)
    set_contact(personas.su, personas.clinician)
    message = queue_message(
        actor=personas.clinician,
        recipient=personas.su,
        template="new_message_notice",
        personalisation={"link": "https://tandem.example.org/m"},
        about_key="thread:1",
        idempotency_key="thread:1:notice",
    )
    assert message is not None and message.language == "cy"
    # They switch to English before the worker sends it: the queued one stays
    # Welsh, as its values were written in Welsh; the next one is English.
    assert personas.su.user is not None
    personas.su.user.language = "en-gb"
    personas.su.user.save(update_fields=["language"])
    assert outbox.send_due(message_id=message.pk) == {"sent": 1}
    [received] = notify_for_email_too.store.all()
    assert "neges newydd" in received["body"]


def test_who_reads_which_language(personas: Personas) -> None:
    from tandem.notify.recipients import language_of

    assert language_of(personas.su) == "en-gb"
    welsh(personas.su)
    assert language_of(personas.su) == "cy"
    # No account, first language recorded in a language Tandem ships: that one.
    without = factories.ServiceUserFactory(user=None, first_language="Arabic")
    assert language_of(without) == "ar"
    assert language_of(factories.ServiceUserFactory(user=None, first_language="Polish")) == "en-gb"
    # A carer without an account has no language recorded anywhere: English.
    assert language_of(factories.CarerFactory(user=None)) == "en-gb"


def test_a_piece_nobody_has_translated_reads_in_english() -> None:
    # Not marked here (a test is no source of words), so in no catalogue: as new wording is.
    text = Words("A sentence added after the translators last looked.", " ", NOT_WATCHED)
    with translation.override("cy"):
        read = text.translated()
    assert read.startswith("A sentence added after the translators last looked. ")
    assert read.endswith(f"{WELSH_NOT_WATCHED} Os oes angen help arnoch ar frys, ffoniwch GIG 111.")
    # A place's name and directions are the service's own words: kept as written.
    with translation.override("cy"):
        rendered = render("appointment_booked", "sms", {**VALUES, "how_to_join": "Ward 3, Leeds"})
    assert "Ward 3, Leeds" in rendered.body


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_message_says_anything_clinical_in_welsh_or_arabic(code: str, name: str) -> None:
    template = TEMPLATES[name]
    values = {k: v for k, v in VALUES.items() if k in template.accepts}
    for channel in ("sms", "email", "letter"):
        with translation.override(code):
            done = render(name, channel, values)
        for part in (done.subject, done.body):
            assert clinical_words_in(part) == [], f"{name} {channel} in {code}: {part}"
        # Where the English gives the urgent number, so does the translation.
        assert (URGENT_NUMBER in done.body) == (URGENT_NUMBER in render(name, channel, values).body)
        # Every piece is translated: no English sentence is left behind.
        assert "Replies to this message" not in done.body
        assert "If you need help urgently" not in done.body


def test_every_message_says_replies_are_not_read_in_welsh() -> None:
    for name, template in TEMPLATES.items():
        values = {k: v for k, v in VALUES.items() if k in template.accepts}
        with translation.override("cy"):
            assert WELSH_NOT_WATCHED in render(name, "sms", values).body, name
            assert WELSH_NOT_WATCHED in render(name, "email", values).body, name


def _braces(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_message_placeholders_and_no_crisis_number(code: str) -> None:
    # catalogue's own test checks %(name)s; messages also use {name}, filled in
    # with the person's values after translation.
    done = catalogue.translated(code)
    broken = [(s, t) for s, t in done.items() if "{" in s and _braces(s) != _braces(t)]
    assert not broken, broken
    with catalogue.po_path(code).open("rb") as handle:
        strings = [m.string for m in read_po(handle) if m.id]
    assert not [s for s in strings if URGENT_NUMBER in str(s)]


def _printed(personas: Personas, code: str) -> tuple[str, str]:
    """Print one appointment letter for Sam reading ``code``: the PDF's text,
    and the batch's HTML (where the language and direction are marked)."""
    personas.su.postcode = "LS2 7UE"
    personas.su.save()
    if code != "en-gb":
        assert personas.su.user is not None
        personas.su.user.language = code
        personas.su.user.save(update_fields=["language"])
    set_contact(personas.su, personas.clinician, channels=("letter",), preferred="letter")
    message = queue_message(
        actor=personas.clinician,
        recipient=personas.su,
        template="appointment_booked",
        personalisation={"date": "Dydd Mawrth 1 Rhagfyr", "time": "10:30"},
        about_key="appointment:1",
        idempotency_key=f"letter:{code}",
    )
    assert message is not None
    html = render_to_string(
        "notify/letters.jinja", {"letters": [letter_for(message)], "to_make": []}
    )
    batch = print_letter_batch(actor=personas.admin)
    assert batch is not None and batch.letters == 1
    reader = PdfReader(io.BytesIO(bytes(batch.pdf)))
    return "\n".join(page.extract_text() for page in reader.pages), html


def test_a_welsh_letter_prints_in_welsh(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "print"
    text, html = _printed(personas, "cy")
    assert "Eich apwyntiad" in text
    assert "Yn gywir," in text
    assert "GIG 111" in text
    assert 'lang="cy" dir="ltr"' in html


def test_an_arabic_letter_prints_right_to_left(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_LETTERS = "print"
    text, html = _printed(personas, "ar")
    assert 'lang="ar" dir="rtl"' in html
    # The address stays where a window envelope shows it.
    assert '<div class="address" dir="ltr">' in html
    assert "التحيات" in text  # 'Yours sincerely'
    assert "111" in text


def test_an_arabic_easy_read_letter_has_one_sentence_a_line() -> None:
    from tandem.notify.letters import Letter

    with translation.override("ar"):
        body = render("appointment_cancelled", "letter", VALUES).body
        letter = Letter(
            address=["Sam Taylor", "LS2 7UE"],
            sender="Riverside",
            date="",
            heading="",
            paragraphs=body.split("\n\n"),
            large_print=False,
            reference="Ref 1",
            formats_to_make=[],
            person_name="Sam Taylor",
            easy_read=True,
            language="ar",
        )
    assert letter.closing == "مع خالص التحيات،" and letter.direction == "rtl"
    assert len(letter.easy_lines) == 3  # cancelled; how to arrange another; urgent help
    assert all(line.count(". ") == 0 for line in letter.easy_lines)


def test_the_languages_of_many_recipients_are_one_query(
    personas: Personas, django_assert_num_queries
) -> None:
    """A person and their carers: their accounts read together, not each account
    and then its roles (issue 18), and each answer the one their pages use."""
    from tandem.notify.recipients import language_of, languages_of
    from tandem.people.models import TeamMembership
    from tandem.translations.languages import language_for

    welsh(personas.su)
    carers = [factories.CarerFactory(user=factories.UserFactory()) for _ in range(4)]
    carers[0].user.language = "ar"
    carers[0].user.save(update_fields=["language"])
    # A carer who also works in a team reads English pages, so gets English messages.
    carers[1].user.language = "cy"
    carers[1].user.save(update_fields=["language"])
    worker = factories.StaffMemberFactory(user=carers[1].user)
    TeamMembership.objects.create(staff=worker, team=personas.team_a)
    # A carer whose account is switched off; one without an account.
    carers[2].user.language = "cy"
    carers[2].user.is_active = False
    carers[2].user.save(update_fields=["language", "is_active"])
    carers.append(factories.CarerFactory(user=None))
    without = factories.ServiceUserFactory(user=None, first_language="Arabic")
    people = [personas.su, *carers, without]
    expected = ["cy", "ar", "en-gb", "en-gb", "en-gb", "en-gb", "ar"]
    assert [language_of(person) for person in people] == expected
    for person in people[:5]:
        account = type(person.user).objects.get(pk=person.user_id)
        assert language_for(account) == language_of(person)
    fresh = [type(person).objects.get(pk=person.pk) for person in people]
    with django_assert_num_queries(1):
        assert languages_of(fresh) == expected
    # Nobody with an account: no query at all.
    with django_assert_num_queries(0):
        assert languages_of([without, carers[-1]]) == ["ar", "en-gb"]
