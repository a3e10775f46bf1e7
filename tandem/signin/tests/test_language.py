"""A service user or carer reads Tandem in their language; staff read English."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tandem.audit.models import Action, AuditEvent
from tandem.people.models import ServiceUser, User
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db

LANGUAGE_PAGE = "/account/language/"


def html_tag(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"<html[^>]*>", response.content.decode())
    assert found is not None
    return found.group(0)


def test_the_language_page_is_where_the_url_says() -> None:
    assert reverse("account:language") == LANGUAGE_PAGE


def test_a_service_user_chooses_welsh_and_every_page_says_so(personas: Personas) -> None:
    client = sign_in(Client(), personas.service_user)
    page = client.get(LANGUAGE_PAGE)
    assert page.status_code == 200
    # Each language by its own name, marked as that language for screen readers.
    assert 'lang="cy"' in page.content.decode() and "Cymraeg" in page.content.decode()
    assert "العربية" in page.content.decode()

    response = client.post(LANGUAGE_PAGE, {"language": "cy"})
    assert response.status_code == 302
    personas.service_user.refresh_from_db()
    assert personas.service_user.language == "cy"
    assert AuditEvent.objects.filter(
        actor=personas.service_user, action=Action.UPDATE, object_type="people.User"
    ).exists()

    home = client.get(reverse("people:service-user-home"))
    assert 'lang="cy"' in html_tag(home) and 'dir="ltr"' in html_tag(home)
    assert home.headers["Content-Language"] == "cy"
    # The way back is always also in English.
    assert "/ Language" in home.content.decode()


def test_arabic_pages_run_right_to_left(personas: Personas) -> None:
    client = sign_in(Client(), personas.carer)
    assert client.post(LANGUAGE_PAGE, {"language": "ar"}).status_code == 302
    page = client.get(reverse("web:help"))
    assert 'lang="ar"' in html_tag(page) and 'dir="rtl"' in html_tag(page)


def test_the_recorded_first_language_is_the_default_until_the_person_chooses(
    personas: Personas,
) -> None:
    ServiceUser.objects.filter(user=personas.service_user).update(first_language="Welsh")
    client = sign_in(Client(), personas.service_user)
    assert 'lang="cy"' in html_tag(client.get(reverse("web:help")))

    client.post(LANGUAGE_PAGE, {"language": "en-gb"})
    assert 'lang="en-GB"' in html_tag(client.get(reverse("web:help")))


def test_a_first_language_tandem_does_not_ship_reads_english(personas: Personas) -> None:
    ServiceUser.objects.filter(user=personas.service_user).update(first_language="Polish")
    client = sign_in(Client(), personas.service_user)
    assert 'lang="en-GB"' in html_tag(client.get(reverse("web:help")))


def test_a_language_not_offered_is_refused_and_nothing_is_saved(personas: Personas) -> None:
    client = sign_in(Client(), personas.service_user)
    response = client.post(LANGUAGE_PAGE, {"language": "fr"})
    assert response.status_code == 200
    assert "Choose a language" in response.content.decode()
    assert User.objects.get(pk=personas.service_user.pk).language == ""


def test_staff_pages_stay_english_and_staff_have_no_language_page(personas: Personas) -> None:
    User.objects.filter(pk=personas.clinician.pk).update(language="cy")
    client = sign_in(Client(), personas.clinician)
    assert client.get(LANGUAGE_PAGE).status_code == 404
    assert client.post(LANGUAGE_PAGE, {"language": "cy"}).status_code == 404
    assert 'lang="en-GB"' in html_tag(client.get(reverse("people:caseload")))
