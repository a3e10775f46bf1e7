"""QuestionnaireResponse and the diary's items as Observations (issue 21): read,
search, paging across questionnaire totals and diary items, the same 404 for
another team's person, scope refusal, R4 validation, and the person's diary
note never sent (ADR 0044)."""

from __future__ import annotations

import json

import pytest

from tandem.diary.models import DiaryEntry, DiaryPlan
from tandem.fhir.tests.helpers import Api, outcome_of, r4_valid, register, token
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

DIARY = "urn:tandem:diary-item"


def ids(bundle: dict) -> list[str]:
    return [e["resource"]["id"] for e in bundle["entry"]]


def test_questionnaire_responses_are_read_and_searched(api, personas, sams):
    sam = f"Patient/{personas.su.pk}"
    found = api.json(f"/fhir/QuestionnaireResponse?patient={sam}")
    assert found["total"] == 1
    (answered,) = [e["resource"] for e in found["entry"]]
    assert answered["questionnaire"].startswith("urn:tandem:questionnaire:phq9|")
    assert answered["subject"] == {"reference": sam}
    first = answered["item"][0]
    assert first["linkId"] == "q1" and first["text"].startswith("1. ")
    assert first["answer"][0]["valueCoding"]["code"] == "1"
    read = api.get(f"/fhir/QuestionnaireResponse/{answered['id']}")
    assert read.status_code == 200 and read["ETag"]
    assert r4_valid(json.loads(read.content))["item"] == answered["item"]
    day = answered["authored"][:10]
    for query in (f"_id={answered['id']}", f"authored={day}", f"_lastUpdated=ge{day}"):
        assert ids(api.json(f"/fhir/QuestionnaireResponse?{query}")) == [answered["id"]], query
    assert api.json("/fhir/QuestionnaireResponse?authored=lt2000-01-01")["total"] == 0
    # Kit's (team B) is the same 404 as one that does not exist, and never in a search.
    kits = Response.objects.get(service_user=personas.other_su).pk
    assert api.get(f"/fhir/QuestionnaireResponse/{kits}").status_code == 404
    assert api.get("/fhir/QuestionnaireResponse/99999999").status_code == 404
    assert api.json("/fhir/QuestionnaireResponse")["total"] == 1
    unknown = api.get("/fhir/QuestionnaireResponse?date=2026-01-01")
    assert "Unknown search parameter" in outcome_of(unknown)


def test_diary_items_are_coded_observations_without_the_note(api, personas, sams):
    sam = f"Patient/{personas.su.pk}"
    found = api.json(f"/fhir/Observation?patient={sam}")
    diary = {
        e["resource"]["code"]["coding"][-1]["code"]: e["resource"]
        for e in found["entry"]
        if e["resource"]["id"].startswith("diary-")
    }
    assert set(diary) == {"mood", "sleep", "anxiety", "medication"}
    assert found["total"] == 5  # the PHQ-9 total and the four items of one day
    assert diary["mood"]["valueInteger"] == 4
    assert diary["anxiety"]["valueInteger"] == 7
    assert diary["medication"]["valueBoolean"] is True
    sleep = diary["sleep"]
    assert sleep["valueQuantity"] == {
        "value": 5.5,
        "unit": "hours",
        "system": "http://unitsofmeasure.org",
        "code": "h",
    }
    assert sleep["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "93832-4",
        "display": "Sleep duration",
    }
    day = DiaryEntry.objects.get(service_user=personas.su).day.isoformat()
    assert all(o["effectiveDateTime"] == day for o in diary.values())
    # The person's own words, in their note and their warning signs, never go.
    body = api.get(f"/fhir/Observation?patient={sam}").content.decode()
    assert "Sam diary" not in body and "Sam sign" not in body
    # Search by code: Tandem's, LOINC's, or the code alone; totals by their codes.
    assert ids(api.json(f"/fhir/Observation?code={DIARY}|mood")) == [diary["mood"]["id"]]
    assert ids(api.json("/fhir/Observation?code=http://loinc.org|93832-4")) == [sleep["id"]]
    both = api.json("/fhir/Observation?code=anxiety,medication")
    assert set(ids(both)) == {diary["anxiety"]["id"], diary["medication"]["id"]}
    totals = api.json("/fhir/Observation?code=http://loinc.org|44261-6")
    assert totals["total"] == 1 and not ids(totals)[0].startswith("diary-")
    assert api.json("/fhir/Observation?code=urn:tandem:questionnaire-total|phq9")["total"] == 1
    assert api.json(f"/fhir/Observation?date={day}&code=mood")["total"] == 1
    assert api.json("/fhir/Observation?date=lt2000-01-01")["total"] == 0
    assert api.json(f"/fhir/Observation?_id={diary['mood']['id']}")["total"] == 1
    read = api.get(f"/fhir/Observation/{diary['sleep']['id']}")
    assert json.loads(read.content)["valueQuantity"]["value"] == 5.5


def test_observations_page_across_totals_and_diary_items(api, personas, sams):
    every = ids(api.json("/fhir/Observation"))
    seen: list[str] = []
    url = "/fhir/Observation?_count=2"
    while url:
        page = api.json(url)
        assert page["total"] == len(every) == 5
        seen += ids(page)
        following = [link["url"] for link in page["link"] if link["relation"] == "next"]
        url = following[0].removeprefix("http://testserver") if following else ""
    assert seen == every


def test_another_teams_diary_and_a_private_diary_are_the_same_404(api, personas, sams):
    kit_mood = api_for_team_b(personas).json("/fhir/Observation?code=mood")
    (kits,) = ids(kit_mood)
    assert api.get(f"/fhir/Observation/{kits}").status_code == 404
    assert api.get("/fhir/Observation/diary-mood-99999999").status_code == 404
    assert api.get("/fhir/Observation/diary-nothing-1").status_code == 404
    (sams_mood,) = ids(api.json("/fhir/Observation?code=mood"))
    assert api.get(f"/fhir/Observation/{sams_mood}").status_code == 200
    # Sam stops sharing the diary with the team: the items go from the API at once.
    DiaryPlan.objects.filter(service_user=personas.su).update(share_with_team=False)
    assert api.json("/fhir/Observation?code=mood")["total"] == 0
    assert api.get(f"/fhir/Observation/{sams_mood}").status_code == 404


def api_for_team_b(personas) -> Api:
    return Api(token(register(personas.admin, [personas.team_b], name="South Trust EPR")))


def test_a_token_without_the_scope_is_refused(personas, sams):
    made = register(personas.admin, [personas.team_a], types=["Observation"], name="Analytics")
    observations_only = Api(token(made))
    refused = observations_only.get("/fhir/QuestionnaireResponse")
    assert refused.status_code == 403
    assert "does not allow read of QuestionnaireResponse" in outcome_of(refused)
    assert observations_only.get("/fhir/Observation?code=mood").status_code == 200
    export = observations_only.get(
        "/fhir/$export?_type=QuestionnaireResponse", Prefer="respond-async"
    )
    assert export.status_code == 403
