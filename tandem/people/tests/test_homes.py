"""Each role lands on its own home page after signing in."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "home", "heading"),
    [
        ("service_user", "/me/", "Hello Sam"),
        ("carer", "/carer/", "People you care for"),
        ("clinician", "/caseload/", "Caseload"),
        ("manager", "/manage/", "Team overview"),
        ("admin", "/service/", "Service settings"),
    ],
)
def test_each_role_lands_on_its_home(client_for, persona, home, heading):
    client = client_for(persona)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == home
    page = client.get(home)
    assert page.status_code == 200
    assert heading in page.content.decode()


def test_service_settings_lead_to_every_service_wide_page(client_for):
    """The administrator reaches the API clients and the directory from their home."""
    body = client_for("admin").get("/service/").content.decode()
    for href in ("/service/caseload-import/", "/fhir/clients/", "/local-support/manage/"):
        assert f'href="{href}"' in body


@pytest.mark.parametrize("persona", ["service_user", "carer", "anonymous"])
def test_service_users_and_carers_always_see_need_help_now(client_for, persona):
    page = client_for(persona).get("/help/" if persona == "anonymous" else "/")
    if page.status_code == 302:
        page = client_for(persona).get(page["Location"])
    assert 'href="/help/">Need help now?</a>' in page.content.decode()


def test_help_page_lists_default_crisis_contacts(client):
    body = client.get("/help/").content.decode()
    for expected in ("NHS 111, option 2", "Samaritans", "116 123", "999"):
        assert expected in body


def test_staff_who_are_also_service_users_still_see_need_help_now(client_for, personas):
    personas.other_su.user = personas.colleague
    personas.other_su.save()
    page = client_for("colleague").get("/me/")
    assert page.status_code == 200
    assert 'href="/help/">Need help now?</a>' in page.content.decode()


def test_signed_in_pages_are_not_cached(client_for, personas):
    response = client_for("service_user").get("/me/details/")
    assert response["Cache-Control"] == "no-store, private"


def test_server_error_page_shows_crisis_numbers_without_the_database(rf):
    from tandem.web.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "116 123" in response.content.decode()


def test_team_crisis_line_is_added_to_not_instead_of_national_numbers(client_for, personas):
    from tandem.people.models import CrisisContact

    CrisisContact.objects.create(
        organisation=personas.organisation,
        team=personas.team_a,
        name="Northgate out-of-hours line",
        how="Call 0113 496 0999",
        phone="01134960999",
    )
    mine = client_for("service_user").get("/help/").content.decode()
    assert mine.index("Northgate out-of-hours line") < mine.index("Samaritans")
    assert "NHS 111, option 2" in mine
    theirs = client_for("other_service_user").get("/help/").content.decode()
    assert "Northgate out-of-hours line" not in theirs


def test_caseload_lists_each_person_once_with_all_their_teams(client_for, personas):
    from tandem.people.models import CaseloadEntry, TeamMembership

    TeamMembership.objects.create(staff=personas.clinician.staff, team=personas.team_b)
    CaseloadEntry.objects.create(service_user=personas.su, team=personas.team_b)
    page = client_for("clinician").get("/caseload/?show=team").content.decode()
    assert page.count(f'href="/people/{personas.su.pk}/"') == 1
    assert "Northgate CMHT, Southmoor CMHT" in page
    # Each entry's coordinator in the teams' order; nobody allocated in team B.
    assert "Care coordinator </span>Dr Casey Lee, Not allocated</td>" in page
    assert "Kit Moreno" in page  # team B's person, now visible to a team B member
    mine = client_for("clinician").get("/caseload/").content.decode()
    assert "Sam Taylor" in mine and "Kit Moreno" not in mine


def test_bad_host_header_gets_the_400_page_not_a_crash(client):
    response = client.get("/help/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
