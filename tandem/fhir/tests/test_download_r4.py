"""The person's own download and the API build resources through the one mapping,
so they cannot disagree: every resource in the download (every section, for a
record with something in each) validates against FHIR R4, and the download's
Patient and Appointments are the API's, apart from the ids and references each
gives them."""

from __future__ import annotations

import json

import pytest
from fhirclient.models.fhirabstractbase import FHIRValidationError

from tandem.fhir.tests.helpers import Api, r4_valid, token
from tandem.record import export_fhir_bundle, queries
from tandem.record.tests.helpers import build_sams_care, build_sams_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def download(personas) -> dict:
    build_sams_care(personas, build_sams_record(personas))
    return json.loads(export_fhir_bundle.bundle_json(queries.full_record(personas.service_user)))


def test_every_resource_in_the_download_is_valid_r4(download):
    kinds = {e["resource"]["resourceType"] for e in download["entry"]}
    assert len(kinds) >= 12
    r4_valid(download)


def without_ids(resource: dict) -> dict:
    text = json.dumps({k: v for k, v in resource.items() if k not in ("id", "meta")})
    for found in ("urn:uuid:", "Patient/"):
        text = text.replace(found, "")
    return json.loads(text)


def test_the_download_and_the_api_agree(download, personas, trust):
    api = Api(token(trust))
    mine = [e["resource"] for e in download["entry"]]
    patient = next(r for r in mine if r["resourceType"] == "Patient")
    served = api.json(f"/fhir/Patient/{personas.su.pk}")
    assert without_ids(served) == without_ids(patient)
    served_appointments = api.json(f"/fhir/Appointment?patient=Patient/{personas.su.pk}")
    starts = {e["resource"]["start"]: e["resource"] for e in served_appointments["entry"]}
    downloaded = [r for r in mine if r["resourceType"] == "Appointment"]
    assert downloaded
    for resource in downloaded:
        ours, theirs = without_ids(resource), without_ids(starts[resource["start"]])
        for body in (ours, theirs):
            for p in body["participant"]:
                p["actor"].pop("reference", None)
        assert ours == theirs
    # The questionnaire is the same resource; the diary's day is one Observation
    # in the download with the API's items as its components.
    (answered,) = [r for r in mine if r["resourceType"] == "QuestionnaireResponse"]
    (served_answers,) = api.json(f"/fhir/QuestionnaireResponse?patient={patient_ref(personas)}")[
        "entry"
    ]
    ours, theirs = without_ids(answered), without_ids(served_answers["resource"])
    assert ours.pop("subject") and theirs.pop("subject")
    assert ours == theirs
    diary = next(
        r
        for r in mine
        if r["resourceType"] == "Observation" and r["code"].get("text") == "Diary entry"
    )
    items = api.json(f"/fhir/Observation?patient={patient_ref(personas)}&code=mood,sleep,anxiety")
    served_items = {json.dumps(e["resource"]["code"]): e["resource"] for e in items["entry"]}
    components = {json.dumps(c["code"]): c for c in diary["component"]}
    assert len(served_items) == 3
    for code, item in served_items.items():
        value = next(k for k in item if k.startswith("value"))
        assert components[code][value] == item[value]


def patient_ref(personas) -> str:
    return f"Patient/{personas.su.pk}"


@pytest.mark.parametrize(
    "broken",
    [
        {"resourceType": "Patient", "birthDate": "05/02/1986"},
        {"resourceType": "Patient", "nickname": "Sam"},
        {"resourceType": "Appointment", "status": "booked"},
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": {"resourceType": "Patient", "gender": 1}}],
        },
    ],
)
def test_the_validator_refuses_what_is_not_r4(broken):
    with pytest.raises(FHIRValidationError):
        r4_valid(broken)
