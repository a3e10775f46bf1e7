"""Care plans written together (issue 24) in the API beside the safety plan:
read, search by patient, category and _lastUpdated, paging across both, the
safety plan's ids unchanged, the same 404 for another team's person, bulk
export, and R4 validation."""

from __future__ import annotations

import json

import pytest

from tandem.careplans import services
from tandem.careplans.tests.helpers import write_plan
from tandem.fhir import tasks
from tandem.fhir.models import BulkExport
from tandem.fhir.tests.helpers import Api, outcome_of, r4_valid, register, token
from tandem.fhir.tests.test_bulk import kick_off, lines
from tandem.safety.models import PlanVersion

pytestmark = pytest.mark.django_db

SECTION = "urn:tandem:record-section"


def ids(bundle: dict) -> list[str]:
    return [e["resource"]["id"] for e in bundle["entry"]]


@pytest.fixture
def plans(personas, sams):
    """Two versions of Sam's care plan, the first agreed by Sam; one of Kit's (team B)."""
    first = write_plan(personas.clinician, personas.su)
    services.record_agreement(
        actor=personas.service_user, person=personas.su, version_number=1, agreed=True
    )
    second = write_plan(personas.clinician, personas.su, {"goals": "Sleep through"})
    kits = write_plan(personas.other_service_user, personas.other_su)
    return first, second, kits


def test_care_plan_versions_are_served_beside_safety_plans(api, personas, plans):
    first, second, kits = plans
    sam = f"Patient/{personas.su.pk}"
    safety_ids = [
        str(pk)
        for pk in PlanVersion.objects.filter(plan__service_user=personas.su)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]
    found = api.json(f"/fhir/CarePlan?patient={sam}")
    # The safety plan keeps its bare ids, so clients that read them still do.
    assert ids(found) == [*safety_ids, f"care-plan-{first.pk}", f"care-plan-{second.pk}"]
    read = api.get(f"/fhir/CarePlan/care-plan-{second.pk}")
    assert read.status_code == 200 and read["ETag"]
    newest = r4_valid(json.loads(read.content))
    assert newest["status"] == "active" and newest["title"] == "Care plan, version 2"
    assert newest["replaces"] == [{"reference": f"CarePlan/care-plan-{first.pk}"}]
    assert newest["subject"] == {"reference": sam}
    older = api.json(f"/fhir/CarePlan/care-plan-{first.pk}")
    assert older["status"] == "revoked"
    assert any(n["text"] == "The person agreed with this version." for n in older["note"])
    assert api.get(f"/fhir/CarePlan/{safety_ids[0]}").status_code == 200
    # By category: the code alone or with Tandem's system; both; neither.
    care = api.json(f"/fhir/CarePlan?category={SECTION}|care-plan")
    assert ids(care) == [f"care-plan-{first.pk}", f"care-plan-{second.pk}"]
    assert ids(api.json("/fhir/CarePlan?category=safety-plan")) == safety_ids
    assert api.json("/fhir/CarePlan?category=safety-plan,care-plan")["total"] == len(safety_ids) + 2
    assert api.json("/fhir/CarePlan?category=other|care-plan")["total"] == 0
    assert ids(api.json(f"/fhir/CarePlan?_id=care-plan-{first.pk}")) == [f"care-plan-{first.pk}"]
    assert api.json("/fhir/CarePlan?_lastUpdated=ge2000-01-01")["total"] == len(safety_ids) + 2
    assert api.json("/fhir/CarePlan?_lastUpdated=lt2000-01-01")["total"] == 0
    # Kit's plan (team B) is the same 404 as one that does not exist, never in a search.
    assert api.get(f"/fhir/CarePlan/care-plan-{kits.pk}").status_code == 404
    assert api.get("/fhir/CarePlan/care-plan-99999999").status_code == 404
    assert api.get("/fhir/CarePlan/care-plan-x").status_code == 404
    assert f"care-plan-{kits.pk}" not in ids(api.json("/fhir/CarePlan?category=care-plan"))
    south = Api(token(register(personas.admin, [personas.team_b], name="South Trust EPR")))
    assert ids(south.json("/fhir/CarePlan?category=care-plan")) == [f"care-plan-{kits.pk}"]
    assert "is not a patient" in outcome_of(api.get("/fhir/CarePlan?patient=Sam"))


def test_care_plans_page_with_safety_plans_and_go_in_bulk_export(api, personas, plans):
    every = ids(api.json("/fhir/CarePlan"))
    seen: list[str] = []
    url = "/fhir/CarePlan?_count=1"
    while url:
        page = api.json(url)
        assert page["total"] == len(every)
        seen += ids(page)
        following = [link["url"] for link in page["link"] if link["relation"] == "next"]
        url = following[0].removeprefix("http://testserver") if following else ""
    assert seen == every and sum(i.startswith("care-plan-") for i in every) == 2
    status_url = kick_off(api, "/fhir/$export?_type=CarePlan")
    # Built here, as the worker would, so the test stays in one rolled-back transaction.
    tasks.build_bulk_export.call(BulkExport.objects.get().pk)
    done = api.get(status_url)
    assert done.status_code == 200, (done.status_code, done.content, done.headers)
    (output,) = json.loads(done.content)["output"]
    exported = lines(api, output["url"])
    assert sorted(r["id"] for r in exported) == sorted(every)
    for resource in exported:
        r4_valid(resource)


def test_a_token_without_careplan_scope_gets_no_care_plan(personas, plans):
    made = register(personas.admin, [personas.team_a], types=["Patient"], name="Directory")
    refused = Api(token(made)).get(f"/fhir/CarePlan/care-plan-{plans[0].pk}")
    assert refused.status_code == 403
