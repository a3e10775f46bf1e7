"""Every easy-read page, rendered in the pseudo-locale: any words a person reads
that were not marked for translation fail it (issue 27, ADR 0061, ADR 0062).

tests/test_pseudo_locale.py renders each URL once, in its standard version;
the easy-read templates are other files behind the same URLs, so they are
rendered here, for a service user who reads easy read and for a carer who asks
for the easy-read 'Need help now?', with things on them to show (appointments,
a message thread, a safety plan).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tandem.consult.tests.helpers import video_appointment
from tandem.messaging.tests.helpers import sam_writes
from tandem.people.models import User
from tandem.preferences import services as preferences
from tandem.safety.tests.helpers import TYPICAL, write_plan
from tests.personas import Personas, sign_in
from tests.pseudo_locale import CODE, pseudo_locale, unmarked_text
from tests.test_pseudo_locale import data_on_pages

pytestmark = pytest.mark.django_db

# The key pages with an easy-read version (ADR 0062).
EASY_PAGES = [
    "people:service-user-home",
    "appointments:mine",
    "messaging:mine",
    "safety:mine",
    "web:help",
]


@pytest.fixture(name="easy_reader")
def easy_reader_fixture(personas: Personas) -> Personas:
    video_appointment(personas, starts_in=dt.timedelta(minutes=30))
    video_appointment(personas, starts_in=dt.timedelta(days=3), modality="phone")
    sam_writes(personas)
    preferences.save_access_needs(
        actor=personas.clinician, person=personas.su, values={"easy_read": True}
    )
    User.objects.filter(pk__in=[personas.service_user.pk, personas.carer.pk]).update(language=CODE)
    return personas


def left_unmarked(personas: Personas, html: str) -> list[str]:
    # Sam's own plan is data, in his words.
    plan_lines = {line for part in TYPICAL.values() for line in part.splitlines()}
    return unmarked_text(html, data_on_pages(personas) | plan_lines)


def easy_page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert 'class="tandem-easy-read"' in html, f"{url} is not the easy-read version"
    return html


@pytest.mark.parametrize("name", EASY_PAGES)
def test_every_easy_read_page_a_service_user_reads_is_marked(
    easy_reader: Personas, name: str
) -> None:
    client = sign_in(Client(), easy_reader.service_user)
    with pseudo_locale():
        html = easy_page(client, reverse(name))
        left = left_unmarked(easy_reader, html)
    assert not left, f"Words not marked for translation: {left[:8]}"


def test_the_easy_read_safety_plan_with_sams_plan_in_it_is_marked(easy_reader: Personas) -> None:
    write_plan(easy_reader.clinician, easy_reader.su)
    client = sign_in(Client(), easy_reader.service_user)
    with pseudo_locale():
        html = easy_page(client, reverse("safety:mine"))
        left = left_unmarked(easy_reader, html)
    assert "Walk the dog round the park" in html
    assert not left, f"Words not marked for translation: {left[:8]}"


def test_the_easy_read_help_page_a_carer_asks_for_is_marked(easy_reader: Personas) -> None:
    client = sign_in(Client(), easy_reader.carer)
    with pseudo_locale():
        html = easy_page(client, reverse("web:help") + "?read=easy")
        left = left_unmarked(easy_reader, html)
    assert not left, f"Words not marked for translation: {left[:8]}"


@pytest.mark.parametrize("name", EASY_PAGES)
def test_a_welsh_easy_reader_reads_welsh_with_the_same_crisis_numbers(
    easy_reader: Personas, name: str
) -> None:
    User.objects.filter(pk=easy_reader.service_user.pk).update(language="cy")
    client = sign_in(Client(), easy_reader.service_user)
    welsh = easy_page(client, reverse(name))
    assert "Angen help nawr?" in welsh
    assert 'href="tel:999"' in welsh or "<strong>999</strong>" in welsh
    for number in ("tel:111", "tel:116123"):
        assert number in welsh
