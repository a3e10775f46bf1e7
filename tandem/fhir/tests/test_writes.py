"""Writing Patients through the API: matched by NHS number, a date of birth that
does not match refused and raised for a person to check (never merged),
If-Match on update, and Bundle transactions that save all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tandem.fhir import mapping
from tandem.fhir.reading import TEAM
from tandem.fhir.tests.helpers import Api, outcome_of, r4_valid, register, token
from tandem.people.models import CaseloadEntry, ServiceUser
from tandem.worklist.models import WorkItem

pytestmark = pytest.mark.django_db

NEW_NUMBER = "9990000034"
OTHER_NUMBER = "9990000050"


def patient(
    number: str = NEW_NUMBER, born: str = "1990-04-01", family: str = "Okafor", **more: Any
) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": mapping.NHS_NUMBER, "value": number}],
        "name": [{"use": "official", "family": family, "given": ["Ada"]}],
        "birthDate": born,
        "gender": "female",
        **more,
    }


def test_create_adds_the_person_to_the_clients_team(api, personas):
    response = api.call("POST", "/fhir/Patient", patient())
    assert response.status_code == 201
    body = r4_valid(json.loads(response.content))
    person = ServiceUser.objects.get(nhs_number=NEW_NUMBER)
    assert response["Location"].endswith(f"/fhir/Patient/{person.pk}")
    assert response["ETag"] == f'W/"{body["meta"]["versionId"]}"'
    assert (person.given_name, person.family_name, person.date_of_birth) == (
        "Ada",
        "Okafor",
        dt.date(1990, 4, 1),
    )
    assert CaseloadEntry.objects.filter(service_user=person, team=personas.team_a).exists()


def test_create_of_someone_held_with_the_same_birthdate_returns_them_unchanged(api, personas):
    su = personas.su
    sent = patient(su.nhs_number, su.date_of_birth.isoformat(), family="Different")
    response = api.call("POST", "/fhir/Patient", sent)
    assert response.status_code == 200
    assert json.loads(response.content)["id"] == str(su.pk)
    su.refresh_from_db()
    assert su.family_name == "Taylor"
    assert ServiceUser.objects.filter(nhs_number=su.nhs_number).count() == 1


def test_a_date_of_birth_mismatch_is_refused_and_raised_never_merged(api, personas):
    su = personas.su
    before = ServiceUser.objects.count()
    response = api.call("POST", "/fhir/Patient", patient(su.nhs_number, "1970-01-01"))
    assert response.status_code == 422
    assert "different date of birth" in outcome_of(response)
    assert ServiceUser.objects.count() == before
    su.refresh_from_db()
    assert su.date_of_birth != dt.date(1970, 1, 1)
    task = WorkItem.objects.get(service_user=su)
    assert task.team == personas.team_a
    assert "date of birth" in task.title
    assert "North Trust EPR" in task.reason


def test_someone_held_in_another_team_is_not_revealed_or_changed(api, personas):
    kit = personas.other_su
    kit.nhs_number = OTHER_NUMBER
    kit.save(update_fields=["nhs_number"])
    response = api.call(
        "POST", "/fhir/Patient", patient(OTHER_NUMBER, kit.date_of_birth.isoformat())
    )
    assert response.status_code == 400
    assert "not open to your teams" in outcome_of(response)
    assert not CaseloadEntry.objects.filter(service_user=kit, team=personas.team_a).exists()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"resourceType": "Appointment"}), "Expected a Patient"),
        (json.dumps(patient(born="1990-13-45")), "Not a valid Patient"),
        (json.dumps(patient(number="1234567890")), "valid NHS number"),
        (json.dumps({**patient(), "identifier": []}), "NHS number"),
        (json.dumps({**patient(), "name": [{"family": "Okafor"}]}), "given name"),
    ],
)
def test_bad_bodies_get_an_operation_outcome_and_save_nothing(api, body, words):
    before = ServiceUser.objects.count()
    response = api.call("POST", "/fhir/Patient", body)
    assert response.status_code == 400
    assert words in outcome_of(response)
    assert ServiceUser.objects.count() == before


def test_a_client_in_two_teams_must_say_which(personas):
    made = register(personas.admin, [personas.team_a, personas.team_b], can_write=True)
    api = Api(token(made))
    response = api.call("POST", "/fhir/Patient", patient())
    assert response.status_code == 400
    assert "managingOrganization" in outcome_of(response)
    sent = patient(
        managingOrganization={"identifier": {"system": TEAM, "value": personas.team_b.slug}}
    )
    assert api.call("POST", "/fhir/Patient", sent).status_code == 201
    person = ServiceUser.objects.get(nhs_number=NEW_NUMBER)
    assert CaseloadEntry.objects.get(service_user=person).team == personas.team_b


def read(api: Api, pk: int) -> tuple[dict[str, Any], str]:
    response = api.get(f"/fhir/Patient/{pk}")
    return json.loads(response.content), response["ETag"]


def test_update_needs_the_etag_read_and_refuses_a_stale_one(api, personas):
    su = personas.su
    body, etag = read(api, su.pk)
    body["address"] = [{"postalCode": "LS6 1AN"}]
    missing = api.call("PUT", f"/fhir/Patient/{su.pk}", body)
    assert missing.status_code == 428
    assert "If-Match" in outcome_of(missing)
    done = api.call("PUT", f"/fhir/Patient/{su.pk}", body, **{"If-Match": etag})
    assert done.status_code == 200
    su.refresh_from_db()
    assert su.postcode == "LS6 1AN"
    assert done["ETag"] != etag
    body["address"] = [{"postalCode": "LS1 1AA"}]
    stale = api.call("PUT", f"/fhir/Patient/{su.pk}", body, **{"If-Match": etag})
    assert stale.status_code == 412
    assert "changed since you read it" in outcome_of(stale)
    su.refresh_from_db()
    assert su.postcode == "LS6 1AN"


def test_update_never_changes_the_nhs_number_or_date_of_birth(api, personas):
    su = personas.su
    body, etag = read(api, su.pk)
    body["birthDate"] = "1950-01-01"
    response = api.call("PUT", f"/fhir/Patient/{su.pk}", body, **{"If-Match": etag})
    assert response.status_code == 422
    assert WorkItem.objects.filter(service_user=su).exists()
    body["birthDate"] = su.date_of_birth.isoformat()
    body["identifier"][0]["value"] = NEW_NUMBER
    response = api.call("PUT", f"/fhir/Patient/{su.pk}", body, **{"If-Match": etag})
    assert response.status_code == 400
    su.refresh_from_db()
    assert su.nhs_number == "9990000018"


def test_update_of_someone_not_theirs_is_404(api, personas):
    response = api.call(
        "PUT",
        f"/fhir/Patient/{personas.other_su.pk}",
        {**patient(), "id": str(personas.other_su.pk)},
        **{"If-Match": 'W/"x"'},
    )
    assert response.status_code == 404


def test_a_read_only_client_cannot_write(personas):
    made = register(personas.admin, [personas.team_a], can_write=False)
    response = Api(token(made)).call("POST", "/fhir/Patient", patient())
    assert response.status_code == 403
    assert not ServiceUser.objects.filter(nhs_number=NEW_NUMBER).exists()


def transaction(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "transaction", "entry": list(entries)}


def post(resource: dict[str, Any]) -> dict[str, Any]:
    return {"resource": resource, "request": {"method": "POST", "url": "Patient"}}


def test_a_transaction_brings_a_caseload_in(api, personas):
    su = personas.su
    body, etag = read(api, su.pk)
    body["address"] = [{"postalCode": "LS6 1AN"}]
    sent = transaction(
        post(patient()),
        post(patient(OTHER_NUMBER, family="Ng")),
        {
            "resource": body,
            "request": {"method": "PUT", "url": f"Patient/{su.pk}", "ifMatch": etag},
        },
    )
    response = api.call("POST", "/fhir/", sent)
    assert response.status_code == 200, response.content
    answer = r4_valid(json.loads(response.content))
    assert answer["type"] == "transaction-response"
    assert [e["response"]["status"] for e in answer["entry"]] == [
        "201 Created",
        "201 Created",
        "200 OK",
    ]
    assert ServiceUser.objects.filter(nhs_number__in=[NEW_NUMBER, OTHER_NUMBER]).count() == 2


def test_one_bad_entry_saves_nothing_from_the_transaction(api, personas):
    su = personas.su
    sent = transaction(
        post(patient()),
        post(patient(su.nhs_number, "1970-01-01")),
    )
    response = api.call("POST", "/fhir/", sent)
    assert response.status_code == 422
    assert not ServiceUser.objects.filter(nhs_number=NEW_NUMBER).exists()
    assert WorkItem.objects.filter(service_user=su).exists()
    broken = api.call(
        "POST", "/fhir/", transaction(post(patient()), post({"resourceType": "Patient"}))
    )
    assert broken.status_code == 400
    assert "Entry 2" in outcome_of(broken)
    assert not ServiceUser.objects.filter(nhs_number=NEW_NUMBER).exists()
    batch = api.call("POST", "/fhir/", {"resourceType": "Bundle", "type": "batch", "entry": []})
    assert batch.status_code == 400
