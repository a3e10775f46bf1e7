"""Sam's record, choices, care plan and help with technology in Welsh when his
language is Welsh (issue 27, ADR 0061): the pages and their mistakes in his
language, and what staff keep about his changes still in English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.people.models import User
from tandem.preferences.codes import PREFERENCE_KINDS
from tandem.preferences.models import ContactPreferences, ModalityPreference
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db


def reading(user: User, language: str) -> Client:
    User.objects.filter(pk=user.pk).update(language=language)
    return sign_in(Client(), user)


def test_sams_record_reads_in_welsh(personas: Personas) -> None:
    text = reading(personas.service_user, "cy").get(reverse("record:mine")).content.decode()
    assert "Eich cofnod" in text  # 'Your record'
    assert "Lawrlwytho popeth sydd gennym amdanoch chi" in text  # 'Download everything …'
    assert "ac yn ei gadw am 7 diwrnod" in text  # '… and keep it for 7 days'
    assert "Download everything we hold about you" not in text


def test_sams_care_plan_and_technology_help_read_in_welsh(personas: Personas) -> None:
    client = reading(personas.service_user, "cy")
    plan = client.get(reverse("careplans:mine")).content.decode()
    assert "Dechrau eich cynllun gofal" in plan  # 'Start your care plan'
    assert "Start your care plan" not in plan
    change = client.get(reverse("careplans:change")).content.decode()
    assert "Beth sy&#39;n bwysig i mi" in change  # the part 'What matters to me'
    help_page = client.get(reverse("inclusion:ask-for-help")).content.decode()
    assert "Ymuno â galwad fideo" in help_page  # 'Joining a video call'


def test_a_welsh_readers_mistake_on_his_choices_is_told_in_welsh_and_nothing_is_saved(
    personas: Personas,
) -> None:
    client = reading(personas.service_user, "cy")
    page = client.post(
        reverse("preferences:change", args=["contact"]),
        {"preferred_channel": "sms", "messages_may_be_left": "no"},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mae problem wedi codi" in text  # 'There is a problem'
    assert "Dewiswch o leiaf un opsiwn" in text  # 'Select at least one option'
    assert "Select at least one option" not in text
    assert not ContactPreferences.objects.filter(service_user=personas.su).exists()


def test_his_choice_is_kept_for_staff_in_english_when_he_makes_it_in_welsh(
    personas: Personas,
) -> None:
    client = reading(personas.service_user, "cy")
    choices = {f"preferred_{kind}": "" for kind in PREFERENCE_KINDS}
    choices["preferred_medication_review"] = "video"
    page = client.post(reverse("preferences:change", args=["seen"]), choices, follow=True)
    assert "Wedi&#39;i gadw. Gall eich tîm gofal weld hyn nawr." in page.content.decode()
    saved = ModalityPreference.objects.get(service_user=personas.su, kind="medication_review")
    assert saved.preferred == "video"
    whats = AuditEvent.objects.filter(subject_id=personas.su.pk).values_list("what", flat=True)
    assert "Changed how they prefer to be seen for: medication review" in whats
    # Dr Lee reads Sam's choices in English.
    staff = sign_in(Client(), personas.clinician)
    text = staff.get(reverse("preferences:person", args=[personas.su.pk])).content.decode()
    assert "Medication review" in text and "Video call" in text
