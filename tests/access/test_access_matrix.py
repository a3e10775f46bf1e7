"""Every URL, every persona, someone else's objects.

The matrix must name every URL pattern: adding a URL without deciding who may
reach it fails this test. Each app keeps its part in ``matrix_<app>.py``.
Statuses are for GET; 'login' means a redirect to sign-in. Anything not listed
for a persona must be 404, the same answer a record that does not exist gets.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.matrix_rules import EVERYONE, Rule
from tests.pages import same_page_text
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# Every tests/access/matrix_<part>.py except the shared rules is a fragment.
FRAGMENTS = tuple(
    importlib.import_module(f"tests.access.{info.name}")
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name)
    if info.name.startswith("matrix_") and info.name != "matrix_rules"
)
MATRIX: dict[str, Rule] = {k: v for f in FRAGMENTS for k, v in f.MATRIX.items()}
OTHER_OBJECT: dict[str, Rule] = {k: v for f in FRAGMENTS for k, v in f.OTHER_OBJECT.items()}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")
            else:
                names.add(f"<unnamed {pattern.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_pattern_is_in_the_matrix():
    missing = all_url_names() - set(MATRIX)
    stale = set(MATRIX) - all_url_names()
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"
    assert not stale, f"These matrix entries match no URL: {sorted(stale)}"


def check(client_for, personas: Personas, name: str, rule: Rule, persona: str) -> None:
    # 'name#variant' checks the same URL against another kind of object.
    url = reverse(name.split("#")[0], kwargs=rule.kwargs(personas) or None)
    response = client_for(persona).get(url)
    expected = rule.expected(persona)
    if expected == "login":
        assert response.status_code == 302, f"{persona} GET {url}: {response.status_code}"
        assert response["Location"].startswith("/sign-in/?next="), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{persona} GET {url}: got {response.status_code}, expected {expected}"
        )


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client_for, personas, name, persona):
    check(client_for, personas, name, MATRIX[name], persona)


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", sorted(OTHER_OBJECT))
def test_other_persons_objects(client_for, personas, name, persona):
    check(client_for, personas, name, OTHER_OBJECT[name], persona)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("outsider", "people:person"),
        ("outsider", "people:person-change"),
        ("carer", "people:carer-person"),
        ("service_user", "people:person"),
    ],
)
def test_not_yours_looks_exactly_like_missing(client_for, personas, persona, url_name):
    """Someone probing ids learns nothing: 'not yours' and 'no such record' read the same."""
    pk = personas.su.pk if persona != "carer" else personas.other_su.pk
    client = client_for(persona)
    not_yours = client.get(reverse(url_name, kwargs={"pk": pk}))
    missing = client.get(reverse(url_name, kwargs={"pk": 987_654_321}))
    assert not_yours.status_code == missing.status_code == 404
    assert same_page_text(not_yours) == same_page_text(missing)


def test_outsider_cannot_change_another_teams_record(client_for, personas):
    before = personas.su.family_name
    response = client_for("outsider").post(
        reverse("people:person-change", kwargs={"pk": personas.su.pk}),
        {"given_name": "Changed", "family_name": "Changed"},
    )
    assert response.status_code == 404
    personas.su.refresh_from_db()
    assert personas.su.family_name == before


def test_clinician_cannot_post_crisis_contacts(client_for, personas):
    response = client_for("clinician").post(
        reverse("people:crisis-contacts"), {"name_0": "Fake line", "how_0": "Call 0"}
    )
    assert response.status_code == 404


def test_withdrawn_carer_loses_access_at_once(client_for, personas):
    from django.utils import timezone

    carer = client_for("carer")
    url = reverse("people:carer-person", kwargs={"pk": personas.su.pk})
    assert carer.get(url).status_code == 200
    personas.carer_link.withdrawn_at = timezone.now()
    personas.carer_link.save()
    assert carer.get(url).status_code == 404
