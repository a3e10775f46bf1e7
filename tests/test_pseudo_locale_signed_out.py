"""Every page someone not signed in can reach, in the language they chose on
this browser (ADR 0073), rendered in the pseudo-locale: words that were not
marked for translation fail it, as for the signed-in pages beside it.

The pages are every URL the access matrix lets an anonymous visitor GET, and
the error pages they may meet.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access.test_access_matrix import MATRIX, OTHER_OBJECT
from tests.personas import Personas
from tests.pseudo_locale import CODE, pseudo_locale, unmarked_text
from tests.test_pseudo_locale import data_on_pages

pytestmark = pytest.mark.django_db


def pages() -> list[str]:
    return sorted(name for name, rule in MATRIX.items() if rule.expected("anonymous") == 200)


def visitor(code: str = CODE) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


@pytest.mark.parametrize("name", pages())
def test_every_page_read_before_signing_in_is_marked(personas: Personas, name: str) -> None:
    url = reverse(name.split("#")[0], kwargs=MATRIX[name].kwargs(personas) or None)
    with pseudo_locale():
        response = visitor().get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            return  # a download or an API answer, not a page to read
        assert response["Content-Language"] == CODE
        left = unmarked_text(response.content.decode(), data_on_pages(personas))
    assert not left, f"Words not marked for translation on {name}: {left[:8]}"


def test_the_page_not_found_is_marked(personas: Personas) -> None:
    with pseudo_locale():
        response = visitor().get("/no-such-page/")
        assert response.status_code == 404
        left = unmarked_text(response.content.decode(), data_on_pages(personas))
    assert not left, f"Words not marked for translation: {left[:8]}"


def test_a_feedback_link_that_cannot_be_used_is_marked(personas: Personas) -> None:
    name = "feedback:give#forged"
    url = reverse("feedback:give", kwargs=OTHER_OBJECT[name].kwargs(personas))
    with pseudo_locale():
        response = visitor().get(url)
        assert response.status_code == 404
        left = unmarked_text(response.content.decode(), data_on_pages(personas))
    assert not left, f"Words not marked for translation: {left[:8]}"
