"""Every URL, every persona, someone else's objects.

The matrix must name every URL pattern: adding a URL without deciding who may
reach it fails this test. Statuses are for GET; 'login' means a redirect to
sign-in. Anything not listed for a persona must be 404, the same answer a
record that does not exist gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import Personas

pytestmark = pytest.mark.django_db

EVERYONE = (
    "anonymous",
    "clinician",
    "colleague",
    "outsider",
    "manager",
    "admin",
    "service_user",
    "other_service_user",
    "carer",
)
SIGNED_IN = EVERYONE[1:]
TEAM_A_STAFF = ("clinician", "colleague", "manager")
CLINICAL_STAFF = ("clinician", "colleague", "outsider", "manager")
SERVICE_USERS = ("service_user", "other_service_user")


@dataclass(frozen=True)
class Rule:
    """Who gets what for one URL. ``kwargs`` picks whose object is asked for."""

    allowed: dict[str, int]
    kwargs: Callable[[Personas], dict[str, int]] = lambda p: {}
    default: int | str = 404
    anonymous: int | str = "login"
    extra: dict[str, int | str] = field(default_factory=dict)

    def expected(self, persona: str) -> int | str:
        if persona in self.extra:
            return self.extra[persona]
        if persona == "anonymous":
            return self.anonymous
        return self.allowed.get(persona, self.default)


def only(personas: tuple[str, ...], status: int = 200) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def su_pk(p: Personas) -> dict[str, int]:
    return {"pk": p.su.pk}


def other_su_pk(p: Personas) -> dict[str, int]:
    return {"pk": p.other_su.pk}


PUBLIC = Rule(allowed=only(SIGNED_IN), anonymous=200)

MATRIX: dict[str, Rule] = {
    # Signing in: the form itself is public; signed-in people are sent home.
    "signin:sign-in": Rule(allowed={}, default=302, anonymous=200),
    # Verified staff and non-staff have nothing to verify and are redirected.
    "signin:verify": Rule(allowed={}, default=302, anonymous=302),
    "signin:set-up": Rule(allowed={}, default=302, anonymous=302),
    "signin:sign-out": Rule(allowed={}, default=405, anonymous=405),
    "web:help": PUBLIC,
    "web:accessibility": PUBLIC,
    "web:privacy": PUBLIC,
    "web:healthz": PUBLIC,
    "people:home": Rule(allowed={}, default=302),
    "people:service-user-home": Rule(allowed=only(SERVICE_USERS)),
    "people:my-details": Rule(allowed=only(SERVICE_USERS)),
    "people:my-details-change": Rule(allowed=only(SERVICE_USERS)),
    "people:my-access-log": Rule(allowed=only(SERVICE_USERS)),
    "people:carer-home": Rule(allowed=only(("carer",))),
    # The carer is linked to the service user in team A and to nobody else.
    "people:carer-person": Rule(allowed=only(("carer",)), kwargs=su_pk),
    "people:caseload": Rule(allowed=only(CLINICAL_STAFF)),
    "people:register": Rule(allowed=only(CLINICAL_STAFF)),
    "people:person": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "people:person-change": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "people:manager-home": Rule(allowed=only(("manager",))),
    "people:admin-home": Rule(allowed=only(("admin",))),
    "people:crisis-contacts": Rule(allowed=only(("admin",))),
}

# Object URLs checked a second time against the other team's service user:
# nobody who reaches the first must reach this one unless they belong to team B.
OTHER_OBJECT: dict[str, Rule] = {
    "people:carer-person": Rule(allowed={}, kwargs=other_su_pk),
    "people:person": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "people:person-change": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
}


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
    url = reverse(name, kwargs=rule.kwargs(personas) or None)
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


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


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
    strip = lambda r: CSRF_RE.sub("", r.content.decode())  # noqa: E731
    assert strip(not_yours) == strip(missing)


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
