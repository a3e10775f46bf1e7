"""Translations read as 'needs review by a fluent speaker' until a service
administrator records who checked them, and again when the wording changes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.audit.models import Action, AuditEvent
from tandem.people.models import User
from tandem.translations.models import TranslationReview
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db

NOTICE = "not yet checked by a fluent speaker"


def welsh_help_page(personas: Personas) -> str:
    User.objects.filter(pk=personas.service_user.pk).update(language="cy")
    return sign_in(Client(), personas.service_user).get(reverse("web:help")).content.decode()


def test_a_welsh_page_says_it_is_unchecked_until_a_review_is_recorded(personas: Personas) -> None:
    page = welsh_help_page(personas)
    assert "Angen help nawr?" in page
    assert "nid yw siaradwr rhugl wedi" in page

    admin = sign_in(Client(), personas.admin)
    assert (
        "Needs review by a fluent speaker"
        in admin.get(reverse("translations:index")).content.decode()
    )
    url = reverse("translations:sign-off", kwargs={"code": "cy"})
    assert admin.post(url, {"reviewer_name": "Eleri Jones"}).status_code == 302
    assert AuditEvent.objects.filter(actor=personas.admin, action=Action.CREATE).exists()

    assert "nid yw siaradwr rhugl wedi" not in welsh_help_page(personas)
    assert "Checked by Eleri Jones" in admin.get(reverse("translations:index")).content.decode()


def test_a_review_of_older_wording_does_not_count(personas: Personas) -> None:
    TranslationReview.objects.create(
        language="cy", catalogue_digest="0" * 64, reviewer_name="Eleri", recorded_by=personas.admin
    )
    assert "nid yw siaradwr rhugl wedi" in welsh_help_page(personas)


def test_a_review_needs_the_reviewers_name_and_saves_nothing_without_it(personas: Personas) -> None:
    admin = sign_in(Client(), personas.admin)
    response = admin.post(
        reverse("translations:sign-off", kwargs={"code": "ar"}), {"reviewer_name": " "}
    )
    assert response.status_code == 200
    assert "Enter the name of the fluent speaker who checked it" in response.content.decode()
    assert not TranslationReview.objects.exists()


def test_staff_other_than_the_service_administrator_cannot_record_a_review(
    personas: Personas,
) -> None:
    clinician = sign_in(Client(), personas.clinician)
    url = reverse("translations:sign-off", kwargs={"code": "cy"})
    assert clinician.post(url, {"reviewer_name": "Someone"}).status_code == 404
    assert not TranslationReview.objects.exists()


def test_translation_coverage_reports_each_language_and_its_review(personas: Personas) -> None:
    out = StringIO()
    call_command("translation_coverage", stdout=out)
    report = out.getvalue()
    assert "strings marked for translation" in report
    assert "cy Welsh:" in report and "(100%)" in report
    assert "ar Arabic:" in report
    assert report.count("needs review by a fluent speaker") == 2
