"""The national crisis lines in the reader's language, every number the same in
every language (issue 27; HAZ-338, HAZ-357)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tandem.people.bidi import LEFT_TO_RIGHT_ISOLATE, POP_DIRECTIONAL_ISOLATE
from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import CrisisContact, User
from tandem.people.services import (
    DEFAULT_CRISIS_CONTACTS,
    CrisisContactDetails,
    national_crisis_contacts,
)
from tests.personas import Personas, sign_in

LANGUAGES = ("en-gb", "cy", "ar")


def in_language(code: str) -> list[CrisisContactDetails]:
    with translation.override(code):
        return national_crisis_contacts()


def figures(details: CrisisContactDetails) -> list[str]:
    """The numbers a person reads or dials, in the order they are written."""
    text = " | ".join((details.name, details.how, details.description))
    return [details.phone, *re.findall(r"\d[\d ]*\d|\d", text)]


def test_every_number_is_the_same_in_english_welsh_and_arabic() -> None:
    english = [figures(d) for d in in_language("en-gb")]
    assert english == [
        ["111", "111", "2", "111", "2", "24"],
        ["116123", "116 123", "24"],
        ["999", "999"],
    ]
    for code in ("cy", "ar"):
        # A translation may put the figures in another order in its sentence;
        # it may not change, add or lose one, and the number dialled is the same.
        translated = in_language(code)
        assert [d.phone for d in translated] == ["111", "116123", "999"]
        assert [sorted(figures(d)) for d in translated] == [sorted(f) for f in english], code


def test_the_names_and_words_are_translated() -> None:
    english, welsh, arabic = (in_language(code) for code in LANGUAGES)
    assert [d.name for d in welsh] == ["GIG 111, opsiwn 2", "Samariaid", "Gwasanaethau brys"]
    assert welsh[1].how == "Ffoniwch 116 123"
    assert arabic[2].name == "خدمات الطوارئ"
    for translated in (welsh, arabic):
        for t, e in zip(translated, english, strict=True):
            assert t.name != e.name
            assert (t.how, t.description) != (e.how, e.description)


def test_english_is_what_a_service_saves() -> None:
    assert in_language("en-gb") == list(DEFAULT_CRISIS_CONTACTS)
    assert DEFAULT_CRISIS_CONTACTS[1] == CrisisContactDetails(
        name="Samaritans",
        how="Call 116 123",
        phone="116123",
        description=(
            "Free, 24 hours a day, every day, to talk about anything that is troubling you."
        ),
    )


def test_in_arabic_a_number_keeps_its_order_inside_the_sentence() -> None:
    """'116 123' inside an Arabic sentence would show as '123 116' (HAZ-353):
    it is isolated left to right; Welsh and English need nothing."""
    arabic = in_language("ar")[1].how
    assert f"{LEFT_TO_RIGHT_ISOLATE}116 123{POP_DIRECTIONAL_ISOLATE}" in arabic
    assert LEFT_TO_RIGHT_ISOLATE not in in_language("cy")[1].how


@pytest.mark.django_db
def test_a_service_line_saved_as_the_national_default_reads_in_the_readers_language(
    personas: Personas,
) -> None:
    for i, details in enumerate(DEFAULT_CRISIS_CONTACTS):
        CrisisContact.objects.create(
            organisation=personas.organisation, position=i, **details.__dict__
        )
    CrisisContact.objects.create(
        organisation=personas.organisation,
        position=9,
        name="Leeds Crisis Café",
        how="Call 0113 496 0123",
        phone="01134960123",
        description="Evenings, for a cup of tea and someone to talk to.",
    )
    with translation.override("cy"):
        shown = crisis_contacts_for(personas.service_user)
    assert [d.name for d in shown][1:3] == ["Samariaid", "Gwasanaethau brys"]
    # The service's own line stays as the service wrote it.
    assert shown[-1].name == "Leeds Crisis Café"
    assert shown[-1].how == "Call 0113 496 0123"


@pytest.mark.django_db
def test_a_welsh_reader_sees_the_national_lines_in_welsh_with_the_same_links(
    personas: Personas,
) -> None:
    User.objects.filter(pk=personas.service_user.pk).update(language="cy")
    html = sign_in(Client(), personas.service_user).get(reverse("web:help")).content.decode()
    assert "Samariaid" in html and "Ffoniwch 116 123" in html
    for number in ("111", "116123", "999"):
        assert f'href="tel:{number}"' in html
