"""Every FHIR API endpoint against every token scope (issue 21, ADR 0037): a
token reaches only the resource types and actions its scopes name, and only its
client's teams' people; another team's person is the same 404 as a missing one."""

from __future__ import annotations

import pytest

from tandem.fhir.kinds import KINDS
from tandem.fhir.models import RESOURCE_TYPES
from tandem.fhir.services import register_client
from tandem.fhir.tests.helpers import Api, token
from tandem.record.tests.helpers import build_sams_care, build_sams_record

pytestmark = pytest.mark.django_db

SCOPES = {
    "Patient.read": "system/Patient.read",
    "Appointment.read": "system/Appointment.read",
    "QuestionnaireResponse.read": "system/QuestionnaireResponse.read",
    "*.read": "system/*.read",
    "Patient.write": "system/Patient.write",
}


def allowed(scope: str, kind: str, action: str) -> bool:
    return scope in (f"{kind}.{action}", f"*.{action}")


@pytest.fixture
def tokens(personas):
    records = build_sams_record(personas)
    build_sams_care(personas, records)
    made = register_client(
        actor=personas.admin,
        name="Scope matrix",
        owner="North Trust",
        teams=[personas.team_a],
        resource_types=list(RESOURCE_TYPES),
        can_write=True,
    )
    return records, made.client, {name: Api(token(made, scope)) for name, scope in SCOPES.items()}


@pytest.mark.parametrize("scope", SCOPES)
def test_each_scope_reaches_only_what_it_names(personas, tokens, scope):
    _records, made, apis = tokens
    api = apis[scope]
    # One of each type Sam has, found as an unlimited client would.
    first = {kind: KINDS[kind].rows(made).first().pk for kind in RESOURCE_TYPES}
    for kind in RESOURCE_TYPES:
        expected = 200 if allowed(scope, kind, "read") else 403
        assert api.get(f"/fhir/{kind}").status_code == expected, (scope, kind)
        assert api.get(f"/fhir/{kind}/{first[kind]}").status_code == expected, (scope, kind)
    write = api.call("POST", "/fhir/Patient", {"resourceType": "Patient"})
    assert write.status_code == (400 if scope == "Patient.write" else 403)
    transaction = api.call(
        "POST", "/fhir/", {"resourceType": "Bundle", "type": "transaction", "entry": []}
    )
    assert transaction.status_code == (400 if scope == "Patient.write" else 403)
    export = api.get("/fhir/$export?_type=Patient", Prefer="respond-async")
    assert export.status_code == (202 if allowed(scope, "Patient", "read") else 403)
    assert api.get("/fhir/metadata").status_code == 200


@pytest.mark.parametrize("scope", ["Patient.read", "*.read"])
def test_another_teams_person_is_the_same_404_whatever_the_scope(personas, tokens, scope):
    _records, _made, apis = tokens
    api = apis[scope]
    assert api.get(f"/fhir/Patient/{personas.other_su.pk}").status_code == 404
    assert api.get("/fhir/Patient/987654321").status_code == 404
    group = api.get(f"/fhir/Group/{personas.team_b.slug}/$export", Prefer="respond-async")
    assert group.status_code == 404
