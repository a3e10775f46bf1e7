"""The CapabilityStatement checked against what the API really answers: every
type, interaction, search parameter and operation it lists works, and what it
does not list is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tandem.fhir.tests.helpers import outcome_of

pytestmark = pytest.mark.django_db

SAMPLE = {"token": "1", "string": "Tay", "date": "ge2000-01-01", "reference": "Patient/1"}


def statement(api: Any) -> dict[str, Any]:
    return api.json("/fhir/metadata")["rest"][0]


def test_every_listed_search_parameter_is_answered(api, sams):
    for resource in statement(api)["resource"]:
        kind = resource["type"]
        for param in resource["searchParam"]:
            value = "booked" if param["name"] == "status" else SAMPLE[param["type"]]
            response = api.get(f"/fhir/{kind}?{param['name']}={value}")
            assert response.status_code == 200, (kind, param["name"], response.content)


def test_every_listed_interaction_is_answered(api, personas, sams):
    for resource in statement(api)["resource"]:
        kind = resource["type"]
        codes = {i["code"] for i in resource["interaction"]}
        assert {"read", "search-type"} <= codes
        bundle = api.json(f"/fhir/{kind}")
        first = bundle["entry"][0]["resource"]["id"]
        assert api.get(f"/fhir/{kind}/{first}").status_code == 200
        put = api.call("PUT", f"/fhir/{kind}/{first}", {"resourceType": kind, "id": first})
        post = api.call("POST", f"/fhir/{kind}", {"resourceType": kind})
        if {"create", "update"} <= codes:
            # Listed: refused for what was sent (no If-Match, no details), not as unsupported.
            assert put.status_code == 428
            assert post.status_code == 400
        else:
            assert put.status_code == post.status_code == 405
            assert "cannot be written" in outcome_of(put)


def test_parameters_and_types_it_does_not_list_are_refused(api, sams):
    listed = statement(api)["resource"]
    types = {r["type"] for r in listed}
    for kind in ("MedicationRequest", "Practitioner", "Group"):
        assert kind not in types
        assert api.get(f"/fhir/{kind}").status_code == 404
    for resource in listed:
        names = {p["name"] for p in resource["searchParam"]}
        for unlisted in {"_lastUpdated", "name", "status", "_text"} - names:
            response = api.get(f"/fhir/{resource['type']}?{unlisted}=x")
            assert response.status_code == 400
            assert "Unknown search parameter" in outcome_of(response)


def test_listed_system_interactions_and_operations_are_answered(api, sams):
    rest = statement(api)
    assert {i["code"] for i in rest["interaction"]} == {"transaction"}
    empty = api.call(
        "POST", "/fhir/", {"resourceType": "Bundle", "type": "transaction", "entry": []}
    )
    assert "no entries" in outcome_of(empty)
    operations = {o["name"] for o in rest["operation"]}
    assert operations == {"export", "group-export"}
    started = api.get("/fhir/$export", Prefer="respond-async")
    assert started.status_code == 202
    token_url = rest["security"]["extension"][0]["extension"][0]["valueUri"]
    assert token_url == "http://testserver/fhir/auth/token"
    assert json.loads(api.get("/fhir/metadata").content)["fhirVersion"] == "4.0.1"
