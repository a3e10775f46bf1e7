"""One error path (ADR 0024): a refusal anywhere is the single 404, and a form
page shows a service's InvalidInput on the form with nothing saved."""

from __future__ import annotations

import pytest

from tandem.web.tests import urls_error_path
from tests.pages import same_page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def error_path_urls(settings):
    settings.ROOT_URLCONF = "tandem.web.tests.urls_error_path"
    urls_error_path.SAVED.clear()
    urls_error_path.RETIRED.clear()


def test_a_refusal_is_the_same_page_as_a_missing_address(client):
    refused = client.get("/refuses/")
    missing = client.get("/no-such-page/")
    assert refused.status_code == missing.status_code == 404
    assert same_page_text(refused) == same_page_text(missing)
    assert "Only the person" not in refused.content.decode()


def test_the_form_page_shows_the_form_on_get(client):
    response = client.get("/name/")
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_a_valid_form_is_saved_and_the_person_is_sent_on_with_a_message(client):
    response = client.post("/name/", {"name": "Robin"}, follow=True)
    assert urls_error_path.SAVED == ["Robin"]
    assert response.redirect_chain == [("/help/?saved=Robin", 302)]
    assert "Robin saved" in response.content.decode()


def test_a_form_the_form_refuses_never_reaches_the_service(client):
    response = client.post("/name/", {"name": ""})
    assert response.status_code == 200
    assert "Enter a name" in response.content.decode()
    assert urls_error_path.SAVED == []


@pytest.mark.parametrize(
    ("name", "message", "href"),
    [
        ("taken", "That name is already in use", "#id_name"),
        ("late", "Someone changed this while you were writing", None),
    ],
)
def test_invalid_input_from_the_service_is_shown_on_the_form(client, name, message, href):
    response = client.post("/name/", {"name": name})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    if href:
        assert f'href="{href}"' in page
    assert urls_error_path.SAVED == []


def test_a_refusal_from_the_service_is_the_single_404(client):
    refused = client.post("/name/", {"name": "not-yours"})
    missing = client.get("/no-such-page/")
    assert refused.status_code == 404
    assert same_page_text(refused) == same_page_text(missing)


def test_a_confirm_page_asks_first_and_acts_only_on_post(client):
    response = client.get("/retire/phrase/")
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()
    assert urls_error_path.RETIRED == []

    done = client.post("/retire/phrase/", follow=True)
    assert done.redirect_chain == [("/help/", 302)]
    assert "phrase retired" in done.content.decode()
    assert urls_error_path.RETIRED == ["phrase"]


def test_a_confirm_page_shows_invalid_input_and_does_nothing(client):
    response = client.post("/retire/in-use/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "It is still in use" in page
    assert 'href="#retire"' in page
    assert urls_error_path.RETIRED == []
