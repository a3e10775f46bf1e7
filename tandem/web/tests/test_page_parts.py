"""The header every page shares is rendered once per process for each set of
roles, menu item and language (tandem.web.page_parts, issue 18): each person
still sees their own name and a sign-out form that works, never another's, and
a change of role shows on the next page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tandem.people.models import TeamMembership
from tests.personas import Personas, sign_in

pytestmark = pytest.mark.django_db


def header(client: Client, path: str = "/caseload/") -> str:
    page = client.get(path).content.decode()
    assert "\x00" not in page  # no stand-in left behind
    return page[page.index("<header") : page.index("</header>")]


def test_two_colleagues_with_the_same_roles_each_see_their_own_name(
    personas: Personas,
) -> None:
    mine = header(sign_in(Client(), personas.clinician))
    theirs = header(sign_in(Client(), personas.colleague))
    assert f"{personas.clinician.full_name} (Clinician)" in mine
    assert personas.colleague.full_name not in mine
    assert f"{personas.colleague.full_name} (Clinician)" in theirs
    assert personas.clinician.full_name not in theirs


def test_a_name_is_escaped_as_the_template_would_escape_it(personas: Personas) -> None:
    personas.colleague.full_name = '<b>Jo & "Sam" O\'Neil</b>'
    personas.colleague.save()
    page = header(sign_in(Client(), personas.colleague))
    assert "&lt;b&gt;Jo &amp; &#34;Sam&#34; O&#39;Neil&lt;/b&gt; (Clinician)" in page
    assert "<b>Jo" not in page


def test_the_sign_out_form_carries_this_page_s_own_csrf_field(personas: Personas) -> None:
    client = sign_in(Client(enforce_csrf_checks=True), personas.clinician)
    form = header(client)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert found is not None
    signed_out = client.post("/sign-out/", {"csrfmiddlewaretoken": found.group(1)})
    assert signed_out.status_code == 200
    assert "You have signed out" in signed_out.content.decode()
    assert client.get("/caseload/").status_code == 302  # back to sign-in


def test_a_new_role_shows_in_the_menu_on_the_next_page(personas: Personas) -> None:
    client = sign_in(Client(), personas.colleague)
    before = header(client)
    assert 'href="/insights/"' not in before
    TeamMembership.objects.filter(staff__user=personas.colleague).update(
        role=TeamMembership.Role.MANAGER
    )
    after = header(client)
    assert f"{personas.colleague.full_name} (Team manager)" in after
    assert 'href="/insights/"' in after


def test_the_current_menu_item_follows_the_page(personas: Personas) -> None:
    client = sign_in(Client(), personas.clinician)
    on_caseload = header(client, "/caseload/")
    on_alerts = header(client, "/alerts/")
    current = re.compile(
        r'class="nhsuk-header__navigation-link" href="([^"]+)" aria-current="page"'
    )
    assert current.findall(on_caseload) == ["/caseload/"]
    assert current.findall(on_alerts) == ["/alerts/"]
