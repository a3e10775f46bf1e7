"""Someone not signed in reads the sign-in page, 'Need help now?' and the other
public pages in Welsh or Arabic if they choose, or if their browser asks for
it; once they sign in, their account's language decides (ADR 0073)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tandem.people.models import User
from tandem.translations import languages
from tests.factories import PASSWORD
from tests.personas import Personas

pytestmark = pytest.mark.django_db

LANGUAGE_PAGE = "/account/language/"


def html_tag(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"<html[^>]*>", response.content.decode())
    assert found is not None
    return found.group(0)


def test_a_visitor_chooses_welsh_and_goes_back_to_the_page_they_were_on() -> None:
    client = Client()
    page = client.get(reverse("signin:sign-in"))
    # The way to a language is on the page, and brings the person back to it.
    assert f"{LANGUAGE_PAGE}?next=%2Fsign-in%2F" in page.content.decode()

    response = client.post(LANGUAGE_PAGE, {"language": "cy", "next": "/sign-in/"})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy"
    # Until the browser closes, no longer: a shared computer's next user is
    # not left in a language they did not choose (HAZ-355).
    assert not cookie["max-age"] and not cookie["expires"]

    sign_in = client.get("/sign-in/")
    assert 'lang="cy"' in html_tag(sign_in)
    assert "Mewngofnodi" in sign_in.content.decode()
    assert "Cookie" in sign_in["Vary"] and "Accept-Language" in sign_in["Vary"]
    # The way back is always also in English.
    assert "/ Language" in sign_in.content.decode()


def test_arabic_runs_right_to_left_before_signing_in() -> None:
    client = Client()
    client.post(LANGUAGE_PAGE, {"language": "ar"})
    page = client.get(reverse("web:help"))
    assert 'lang="ar"' in html_tag(page) and 'dir="rtl"' in html_tag(page)


def test_the_browsers_language_is_used_until_the_person_chooses() -> None:
    client = Client(headers={"accept-language": "fr;q=0.9, cy-GB;q=0.8, en;q=0.5"})
    assert 'lang="cy"' in html_tag(client.get(reverse("web:help")))
    client.post(LANGUAGE_PAGE, {"language": "en-gb"})
    assert 'lang="en-GB"' in html_tag(client.get(reverse("web:help")))


def test_a_browser_asking_for_languages_tandem_does_not_ship_reads_english() -> None:
    client = Client(headers={"accept-language": "pl, fr;q=0.8"})
    assert 'lang="en-GB"' in html_tag(client.get(reverse("signin:sign-in")))


def test_the_language_is_worked_out_from_the_choice_then_the_browser() -> None:
    assert languages.signed_out_language(chosen="ar", accept_language="cy") == "ar"
    assert languages.signed_out_language(chosen="xx", accept_language="ar-EG,en") == "ar"
    assert languages.signed_out_language(chosen="", accept_language="en-US,cy") == "en-gb"
    assert languages.signed_out_language(chosen="", accept_language="*") == "en-gb"
    assert languages.signed_out_language(chosen="", accept_language="") == "en-gb"


def test_a_language_not_offered_is_refused_and_no_cookie_is_set() -> None:
    response = Client().post(LANGUAGE_PAGE, {"language": "fr"})
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert "Choose a language" in response.content.decode()


def test_the_way_back_never_leaves_tandem() -> None:
    response = Client().post(LANGUAGE_PAGE, {"language": "cy", "next": "https://example.com/"})
    assert response["Location"] == reverse("signin:sign-in")


def test_once_signed_in_the_accounts_language_wins(personas: Personas) -> None:
    User.objects.filter(pk=personas.service_user.pk).update(language="ar")
    client = Client(headers={"accept-language": "en"})
    client.post(LANGUAGE_PAGE, {"language": "cy"})
    assert 'lang="cy"' in html_tag(client.get(reverse("signin:sign-in")))

    client.post(
        reverse("signin:sign-in"),
        {"email": personas.service_user.email, "password": PASSWORD},
    )
    home = client.get(reverse("people:service-user-home"))
    assert home.status_code == 200
    assert 'lang="ar"' in html_tag(home)


def test_staff_read_english_whatever_the_browser_chose(personas: Personas) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.force_login(personas.clinician)
    assert 'lang="en-GB"' in html_tag(client.get(reverse("web:help")))


def test_a_signed_in_visitor_on_the_language_page_sets_their_account_not_a_cookie(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.carer)
    response = client.post(LANGUAGE_PAGE, {"language": "cy"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    personas.carer.refresh_from_db()
    assert personas.carer.language == "cy"


def test_the_crisis_numbers_read_the_same_in_every_language() -> None:
    """The numbers are figures filled in from code, never in the words a
    translator writes, so each language shows exactly the same ones (HAZ-356)."""
    found = {}
    for code in ("en-gb", "cy", "ar"):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
        text = client.get(reverse("web:help")).content.decode()
        found[code] = sorted(re.findall(r'href="tel:([^"]+)"', text))
    assert found["en-gb"]
    assert found["cy"] == found["en-gb"] == found["ar"]
