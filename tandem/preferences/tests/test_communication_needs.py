"""The Accessible Information Standard's needs (ADR 0047): recorded on the
access needs form, each with a Tandem code, flagged in words where staff
contact the person, and shared with a carer only where their link suits it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.preferences.communication import CODE_SYSTEM, Category, needs_from
from tandem.preferences.models import AccessNeeds
from tandem.preferences.tests.test_choices import post

pytestmark = pytest.mark.django_db


def test_every_need_has_a_code_words_and_a_category(personas) -> None:
    access = AccessNeeds(
        service_user=personas.su,
        bsl_interpreter=True,
        spoken_interpreter=True,
        interpreter_language="Tigrinya",
        large_print=True,
        easy_read=True,
        braille=True,
        communication_professional="deafblind_manual",
        copy_to_someone=True,
        copy_to_name="Jo Advocate",
        hearing_impairment=True,
    )
    found = needs_from(access, personas.su)
    assert [n.code for n in found] == [
        "bsl-interpreter",
        "interpreter",
        "professional-deafblind_manual",
        "large-print",
        "easy-read",
        "braille",
        "copy-to-carer-or-advocate",
    ]
    assert all(n.words and n.category in Category.values for n in found)
    assert [n.who for n in found if n.needs_someone_there] == [
        "a British Sign Language interpreter",
        "a Tigrinya interpreter",
        "a deafblind manual interpreter",
    ]
    assert CODE_SYSTEM.startswith("urn:tandem:")
    # Hearing impairment is an access need, not a communication need by itself.
    assert "Hearing impairment" in access.other_needs
    assert not any("interpreter" in n.lower() for n in access.other_needs)


def test_the_form_records_the_new_needs_and_asks_who_to_copy_in(client_for, personas) -> None:
    client = client_for("service_user")
    missing = post(client, "access", {"needs": ["copy_to_someone"], "copy_to_name": ""})
    assert "Enter the name of the carer or advocate to copy in" in missing.content.decode()
    assert not AccessNeeds.objects.exists()
    ok = post(
        client,
        "access",
        {
            "needs": ["braille", "copy_to_someone"],
            "copy_to_name": "Jo Advocate",
            "communication_professional": "lipspeaker",
        },
    )
    assert ok.status_code == 302
    saved = AccessNeeds.objects.get(is_current=True)
    assert saved.braille and saved.copy_to_name == "Jo Advocate"
    assert saved.communication_professional == "lipspeaker"


def test_the_flag_shows_on_the_person_page_and_the_inbox_thread(client_for, personas) -> None:
    from tandem.messaging.models import Thread

    post(client_for("service_user"), "access", {"needs": ["bsl_interpreter", "easy_read"]})
    person_page = client_for("clinician").get(reverse("people:person", args=[personas.su.pk]))
    text = person_page.content.decode()
    assert "data-communication-needs" in text
    assert "Needs a British Sign Language interpreter" in text
    assert "Letters in easy read" in text
    thread = Thread.objects.create(
        service_user=personas.su,
        team=personas.team_a,
        subject="Hello",
        started_by=personas.clinician,
    )
    inbox = client_for("colleague").get(reverse("messaging:staff-thread", args=[thread.pk]))
    assert "Needs a British Sign Language interpreter" in inbox.content.decode()


def test_a_carer_sees_the_needs_only_with_a_suitable_scope(client_for, personas) -> None:
    post(client_for("service_user"), "access", {"needs": ["bsl_interpreter"]})
    page = reverse("people:carer-person", args=[personas.su.pk])
    carer = client_for("carer")
    assert "Needs a British Sign Language interpreter" in carer.get(page).content.decode()
    link = personas.carer_link
    link.can_see_appointments = link.can_join_video = False
    link.save()
    assert "Needs a British Sign Language interpreter" not in carer.get(page).content.decode()
