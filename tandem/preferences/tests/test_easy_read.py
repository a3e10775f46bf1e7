"""Easy read (ADR 0062, HAZ-348): the key service-user pages in a second
version the person chooses, on by default when their recorded need is easy
read, the choice kept and audited; the same data and access as the standard
pages, with the crisis numbers first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.preferences import services as preferences
from tandem.preferences.models import ReadingChoice
from tests.personas import Personas

pytestmark = pytest.mark.django_db

KEY_PAGES = [
    "people:service-user-home",
    "appointments:mine",
    "messaging:mine",
    "safety:mine",
    "web:help",
]


def needs_easy_read(p: Personas) -> None:
    preferences.save_access_needs(actor=p.clinician, person=p.su, values={"easy_read": True})


@pytest.mark.parametrize("name", KEY_PAGES)
def test_someone_who_needs_easy_read_gets_it_with_help_first(
    client_for, personas: Personas, name: str
) -> None:
    needs_easy_read(personas)
    text = client_for("service_user").get(reverse(name)).text
    assert 'class="tandem-easy-read"' in text
    assert "Standard version" in text
    # The crisis numbers are on the page, before anything else in the body.
    body = text[text.index('class="tandem-easy-read"') :]
    samaritans = body.index("Samaritans")
    assert body.index("999") < samaritans
    if name != "web:help":
        after_help = body.index("<h2", body.index("Need help now?"))
        assert samaritans < after_help


@pytest.mark.parametrize("name", KEY_PAGES)
def test_others_get_the_standard_page_with_a_link_to_easy_read(
    client_for, personas: Personas, name: str
) -> None:
    text = client_for("service_user").get(reverse(name)).text
    assert 'class="tandem-easy-read"' not in text
    assert ">Easy read</button>" in text


def test_the_choice_is_kept_audited_and_followed(client_for, personas: Personas) -> None:
    person = client_for("service_user")
    home = reverse("people:service-user-home")
    response = person.post(reverse("preferences:reading"), {"easy_read": "1", "next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert ReadingChoice.objects.get(service_user=personas.su).easy_read
    assert AuditEvent.objects.filter(
        what="Chose the easy-read version of their pages", subject_id=personas.su.pk
    ).exists()
    assert 'class="tandem-easy-read"' in person.get(reverse("appointments:mine")).text
    # Choosing the standard version wins over a recorded need for easy read.
    needs_easy_read(personas)
    person.post(reverse("preferences:reading"), {"easy_read": "0", "next": home})
    assert 'class="tandem-easy-read"' not in person.get(home).text


def test_going_back_never_leaves_the_site(client_for) -> None:
    response = client_for("service_user").post(
        reverse("preferences:reading"), {"easy_read": "1", "next": "https://example.com/"}
    )
    assert response["Location"] == reverse("people:service-user-home")


@pytest.mark.parametrize("who", ["clinician", "carer", "outsider"])
def test_only_a_service_user_keeps_a_choice(client_for, personas: Personas, who: str) -> None:
    response = client_for(who).post(reverse("preferences:reading"), {"easy_read": "1"})
    assert response.status_code == 404
    assert not ReadingChoice.objects.exists()


def test_anyone_can_read_help_now_in_easy_read_without_signing_in(client) -> None:
    standard = client.get(reverse("web:help")).text
    assert 'href="/help/?read=easy"' in standard
    easy = client.get(reverse("web:help") + "?read=easy").text
    assert 'class="tandem-easy-read"' in easy and "Samaritans" in easy
    assert 'href="/help/?read=standard"' in easy


def test_staff_reading_the_plan_see_the_standard_page(client_for, personas: Personas) -> None:
    needs_easy_read(personas)
    url = reverse("safety:staff-plan", kwargs={"pk": personas.su.pk})
    text = client_for("clinician").get(url).text
    assert 'class="tandem-easy-read"' not in text and "Easy read" not in text


def test_the_easy_read_pages_show_only_the_persons_own_data(client_for, personas: Personas) -> None:
    needs_easy_read(personas)
    preferences.save_access_needs(
        actor=personas.other_service_user, person=personas.other_su, values={"easy_read": True}
    )
    text = client_for("service_user").get(reverse("people:service-user-home")).text
    assert personas.su.given_name in text
    assert personas.other_su.given_name not in text
