"""The words of every message: nothing clinical, placeholders from a short list."""

from __future__ import annotations

import pytest
from django.conf import settings

from tandem.notify.templates import (
    ALLOWED_PLACEHOLDERS,
    CARER_COPIES,
    CLINICAL_WORDS,
    NOT_WATCHED,
    TEMPLATES,
    TemplateError,
    check_personalisation,
    clinical_words_in,
    placeholders_in,
    render,
)

REQUIRED = {
    "appointment_booked",
    "appointment_moved",
    "appointment_cancelled",
    "appointment_reminder",
    "discharge_letter",
    "self_service_link",
    "new_message_notice",
}
# Words the list must keep catching: the brief names these.
MUST_CATCH = ["diagnosis", "mental health", "crisis", "psychiatric", "CMHT", "Psychiatrist"]


def test_every_required_template_exists_with_text_for_every_channel() -> None:
    assert set(TEMPLATES) >= REQUIRED
    for template in TEMPLATES.values():
        for name, text in template.texts().items():
            assert text.strip(), f"{template.name} has no {name}"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_template_contains_clinical_words(name: str) -> None:
    for part, text in TEMPLATES[name].texts().items():
        assert clinical_words_in(text) == [], f"{name} {part}"
    assert clinical_words_in(TEMPLATES[name].label) == []


@pytest.mark.parametrize("word", MUST_CATCH)
def test_the_word_list_catches_the_obvious(word: str) -> None:
    assert clinical_words_in(f"About your {word} appointment")


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_placeholders_are_declared_and_limited(name: str) -> None:
    template = TEMPLATES[name]
    assert template.accepts <= ALLOWED_PLACEHOLDERS
    assert template.required <= template.accepts
    used = set().union(*(placeholders_in(text) for text in template.texts().values()))
    assert used <= template.accepts, f"{name} uses undeclared {used - template.accepts}"
    # Widening this list is a clinical safety decision (HAZ-008): review the new value.
    assert {
        "date",
        "time",
        "how_to_join",
        "link",
        "service_name",
        "how_to_come_back",
        "person_name",
        # Reviewed (issue 24 follow-up, HAZ-276): a paper feedback form's random
        # reference, from letters that cannot spell any clinical word.
        "reference",
    } == ALLOWED_PLACEHOLDERS


def test_every_text_message_says_replies_are_not_read() -> None:
    for template in TEMPLATES.values():
        assert NOT_WATCHED in template.sms
        assert "not read" in template.email_body


def test_email_subjects_do_not_name_the_sender() -> None:
    # A subject line shows on a lock screen; it says only that there is an appointment.
    for template in TEMPLATES.values():
        assert "service_name" not in placeholders_in(template.email_subject)


def test_video_appointments_say_how_to_join() -> None:
    values = {"date": "Tuesday 1 December", "time": "10:30am", "service_name": "Riverside"}
    for name in ("appointment_booked", "appointment_moved", "appointment_reminder"):
        assert "how_to_join" in TEMPLATES[name].accepts
        joined = render(name, "sms", {**values, "how_to_join": "Join: https://example.org/v/1"})
        assert "Join: https://example.org/v/1" in joined.body
        plain = render(name, "sms", values)
        assert "\n\n" not in plain.body  # the empty line is left out


def test_neutral_sender_says_nothing_clinical() -> None:
    assert clinical_words_in(settings.TANDEM_NOTIFY_NEUTRAL_SENDER) == []


def test_personalisation_is_checked() -> None:
    ok = {"date": "1 December", "time": "10:30am"}
    check_personalisation("appointment_reminder", ok)
    with pytest.raises(TemplateError, match="does not take"):
        check_personalisation("appointment_reminder", {**ok, "diagnosis": "x"})
    with pytest.raises(TemplateError, match="does not take"):
        check_personalisation("appointment_reminder", {**ok, "service_name": "Northgate"})
    with pytest.raises(TemplateError, match="needs"):
        check_personalisation("appointment_reminder", {"date": "1 December"})
    with pytest.raises(TemplateError, match="must not be sent"):
        check_personalisation(
            "appointment_reminder", {**ok, "how_to_join": "Come to the Crisis Café"}
        )
    with pytest.raises(TemplateError, match="Unknown template"):
        check_personalisation("nope", ok)


def test_word_list_is_lower_case() -> None:
    assert all(word == word.lower() for word in CLINICAL_WORDS)


@pytest.mark.parametrize("name", sorted(CARER_COPIES.values()))
def test_a_carers_copy_names_whose_appointment_it_is_and_never_says_you(name: str) -> None:
    # The carer is not the patient: 'booked for you' told them the wrong thing (issue 16).
    template = TEMPLATES[name]
    assert "person_name" in template.required
    values = {"date": "Tuesday 1 December", "time": "10:30am", "service_name": "Riverside"}
    for channel in ("sms", "email", "letter"):
        done = render(name, channel, {**values, "person_name": "Sam Taylor"})
        assert "Sam Taylor" in done.body
        assert "for you" not in done.body and "your appointment" not in done.body.lower()
        assert "Sam" not in done.subject  # a subject shows on a lock screen


def test_every_appointment_message_has_a_carers_copy() -> None:
    assert set(CARER_COPIES) == {
        "appointment_booked",
        "appointment_moved",
        "appointment_cancelled",
        "appointment_reminder",
    }
    for person, carer in CARER_COPIES.items():
        assert TEMPLATES[carer].accepts - {"person_name"} == TEMPLATES[person].accepts


def test_a_cancellation_promises_no_call_back() -> None:
    values = {"date": "Tuesday 1 December", "time": "10:30am", "service_name": "Riverside"}
    for channel in ("sms", "email", "letter"):
        body = render("appointment_cancelled", channel, values).body
        assert "in touch" not in body and "we will" not in body.lower()
        assert "call us" in body
