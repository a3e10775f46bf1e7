"""Reading and searching through the FHIR API: what a client sees (its teams'
people only, the same 404 as a missing record), paging, _count, _lastUpdated,
ETags, OperationOutcome for every error, and the audit trail. Every resource
and Bundle answered is checked against FHIR R4 by fhirclient's models."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tandem.access.records import accesses_to_own_record
from tandem.appointments.models import Attendance
from tandem.fhir import mapping
from tandem.fhir.api import MAX_COUNT
from tandem.fhir.models import RESOURCE_TYPES
from tandem.fhir.tests.helpers import Api, outcome_of, r4_valid
from tandem.record.tests.helpers import appointment

pytestmark = pytest.mark.django_db


def ids(bundle: dict) -> list[str]:
    return [e["resource"]["id"] for e in bundle["entry"] if e["search"]["mode"] == "match"]


@pytest.mark.parametrize("kind", RESOURCE_TYPES)
def test_every_type_searches_and_reads_as_valid_r4(api, personas, sams, kind):
    bundle = api.json(f"/fhir/{kind}")
    assert bundle["type"] == "searchset"
    assert bundle["total"] >= 1
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert resource["resourceType"] == kind
        assert entry["fullUrl"].endswith(f"/fhir/{kind}/{resource['id']}")
        read = api.json(f"/fhir/{kind}/{resource['id']}")
        assert read == resource


def test_the_client_sees_only_its_teams_people(api, personas, sams):
    patients = api.json("/fhir/Patient")
    assert ids(patients) == [str(personas.su.pk)]
    appointments = api.json("/fhir/Appointment")
    assert str(sams.kits_appointment.pk) not in ids(appointments)
    assert str(sams.attended.pk) in ids(appointments)


def test_not_theirs_is_the_same_404_as_missing(api, personas, sams):
    kit = api.get(f"/fhir/Patient/{personas.other_su.pk}")
    missing = api.get("/fhir/Patient/987654321")
    assert kit.status_code == missing.status_code == 404
    assert outcome_of(kit) == outcome_of(missing)
    other = api.get(f"/fhir/Appointment/{sams.kits_appointment.pk}")
    assert other.status_code == 404


def test_patient_search_by_nhs_number_name_and_birthdate(api, personas, sams):
    su = personas.su
    assert ids(api.json(f"/fhir/Patient?identifier={mapping.NHS_NUMBER}|{su.nhs_number}")) == [
        str(su.pk)
    ]
    assert ids(api.json(f"/fhir/Patient?identifier={su.nhs_number}")) == [str(su.pk)]
    assert ids(api.json("/fhir/Patient?identifier=https://example.org/other|1")) == []
    assert ids(api.json(f"/fhir/Patient?name={su.family_name[:3].lower()}")) == [str(su.pk)]
    assert ids(api.json("/fhir/Patient?name=Nobody")) == []
    born = su.date_of_birth.isoformat()
    assert ids(api.json(f"/fhir/Patient?birthdate={born}")) == [str(su.pk)]
    assert ids(api.json(f"/fhir/Patient?birthdate=gt{born}")) == []
    assert ids(api.json(f"/fhir/Patient?birthdate=le{born}")) == [str(su.pk)]


def test_appointment_search_by_patient_date_and_status(api, personas, sams):
    pk = personas.su.pk
    everything = ids(api.json(f"/fhir/Appointment?patient=Patient/{pk}"))
    assert sorted(everything, key=int) == sorted(
        [str(a.pk) for a in (sams.upcoming, sams.attended, sams.cancelled)], key=int
    )
    assert ids(api.json("/fhir/Appointment?status=fulfilled")) == [str(sams.attended.pk)]
    assert ids(api.json("/fhir/Appointment?status=cancelled")) == [str(sams.cancelled.pk)]
    assert ids(api.json("/fhir/Appointment?status=booked")) == [str(sams.upcoming.pk)]
    day = timezone.localtime(sams.upcoming.starts_at).date().isoformat()
    assert ids(api.json(f"/fhir/Appointment?date={day}")) == [str(sams.upcoming.pk)]
    assert ids(api.json(f"/fhir/Appointment?date=ge{day}")) == [str(sams.upcoming.pk)]


def test_appointment_carries_the_way_and_the_attendance_code(api, sams):
    body = api.json(f"/fhir/Appointment/{sams.attended.pk}")
    assert body["status"] == "fulfilled"
    assert body["appointmentType"]["coding"][0] == {
        "system": mapping.MODALITY,
        "code": sams.attended.modality,
        "display": sams.attended.get_modality_display(),
    }
    attendance = next(e for e in body["extension"] if e["url"] == mapping.ATTENDANCE_EXTENSION)
    assert attendance["valueCoding"]["system"] == mapping.ATTENDANCE
    assert attendance["valueCoding"]["code"] == Attendance.ATTENDED


def test_encounters_are_the_held_contacts_with_switch_and_technical_failure(api, personas, sams):
    held = appointment(
        personas.su,
        personas.team_a,
        personas.clinician.staff,
        days=-2,
        modality="video",
        attendance=Attendance.LATE_SEEN,
        switched_to="phone",
        technical_failure=True,
    )
    found = api.json("/fhir/Encounter")
    assert sorted(ids(found), key=int) == sorted([str(sams.attended.pk), str(held.pk)], key=int)
    body = api.json(f"/fhir/Encounter/{held.pk}")
    urls = {e["url"]: e for e in body["extension"]}
    assert urls[mapping.ATTENDANCE_EXTENSION]["valueCoding"]["code"] == Attendance.LATE_SEEN
    assert urls[mapping.SWITCHED_EXTENSION]["valueCoding"]["code"] == "phone"
    assert urls[mapping.TECHNICAL_FAILURE_EXTENSION]["valueBoolean"] is True
    assert body["class"]["code"] == "VR"
    assert body["appointment"] == [{"reference": f"Appointment/{held.pk}"}]
    assert api.get(f"/fhir/Encounter/{sams.cancelled.pk}").status_code == 404


def test_communication_says_what_about_never_the_wording(api, sams):
    body = api.json(f"/fhir/Communication/{sams.letter.pk}")
    assert body["topic"]["text"] == sams.letter.template_label
    assert "payload" not in body


def test_paging_follows_next_links_to_every_result(api, personas, sams):
    for days in range(7):
        appointment(personas.su, personas.team_a, personas.clinician.staff, days=10 + days)
    seen: list[str] = []
    page = api.json("/fhir/Appointment?_count=4")
    total = page["total"]
    while True:
        seen += ids(page)
        assert len(ids(page)) <= 4
        following = [link["url"] for link in page["link"] if link["relation"] == "next"]
        if not following:
            break
        page = api.json(following[0].removeprefix("http://testserver"))
    assert total == 10
    assert sorted(seen, key=int) == sorted(set(seen), key=int)
    assert len(seen) == total


def test_count_is_capped_and_a_huge_count_refused(api, sams):
    capped = api.json("/fhir/Appointment?_count=5000")
    warnings = [e for e in capped["entry"] if e["search"]["mode"] == "outcome"]
    assert str(MAX_COUNT) in warnings[0]["resource"]["issue"][0]["diagnostics"]
    for bad in ("100000000", "-1", "ten"):
        response = api.get(f"/fhir/Appointment?_count={bad}")
        assert response.status_code == 400
        assert "_count" in outcome_of(response)


def test_last_updated_finds_what_changed_since(api, sams):
    sams.upcoming.cancelled_at = timezone.now() + timezone.timedelta(hours=1)
    sams.upcoming.save(update_fields=["cancelled_at"])
    later = (timezone.now() + timezone.timedelta(minutes=30)).isoformat()
    found = api.json(f"/fhir/Appointment?_lastUpdated=ge{later.replace('+', '%2B')}")
    assert ids(found) == [str(sams.upcoming.pk)]
    assert found["entry"][0]["resource"]["meta"]["lastUpdated"]


def test_etag_is_the_version_and_changes_with_the_record(api, personas, sams):
    first = api.get(f"/fhir/Patient/{personas.su.pk}")
    version = json.loads(first.content)["meta"]["versionId"]
    assert first["ETag"] == f'W/"{version}"'
    personas.su.postcode = "LS2 9JT"
    personas.su.save(update_fields=["postcode"])
    second = api.get(f"/fhir/Patient/{personas.su.pk}")
    assert second["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/fhir/Patient?colour=blue", 400, "Unknown search parameter: colour"),
        ("/fhir/Patient?_lastUpdated=ge2026-01-01", 400, "Unknown search parameter"),
        ("/fhir/Appointment?status=lost", 400, "not a status"),
        ("/fhir/Appointment?date=yesterday", 400, "not a date"),
        ("/fhir/Appointment?patient=Sam", 400, "not a patient"),
        ("/fhir/Practitioner", 404, "not a resource type"),
        ("/fhir/Patient/abc", 404, "No such resource"),
    ],
)
def test_bad_requests_get_an_operation_outcome(api, sams, path, status, words):
    response = api.get(path)
    assert response.status_code == status
    assert words in outcome_of(response)


def test_no_token_or_a_bad_one_is_401(sams):
    response = Api("not-a-token").get("/fhir/Patient")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "bearer token" in outcome_of(response)


def test_every_read_is_audited_under_the_client_and_shown_to_the_person(api, trust, personas, sams):
    api.json(f"/fhir/Patient/{personas.su.pk}")
    api.json(f"/fhir/Appointment?patient=Patient/{personas.su.pk}")
    seen = [
        e
        for e in accesses_to_own_record(personas.service_user)
        if e.actor_id == trust.client.actor_id
    ]
    assert {e.object_type for e in seen} >= {"people.ServiceUser", "Appointment"}
    assert all(e.actor_name == "API client: North Trust EPR" for e in seen)
    assert len([e for e in seen if e.object_type == "Appointment"]) == 3
    assert not [
        e
        for e in accesses_to_own_record(personas.other_service_user)
        if e.actor_id == trust.client.actor_id
    ]


def test_metadata_is_valid_r4(api):
    statement = api.json("/fhir/metadata")
    assert statement["fhirVersion"] == "4.0.1"
    r4_valid(statement)


def test_questionnaire_totals_carry_loinc_codes_and_bands_not_ratings(api, personas, sams):
    found = api.json(f"/fhir/Observation?patient=Patient/{personas.su.pk}")
    totals = [e for e in found["entry"] if not e["resource"]["id"].startswith("diary-")]
    assert totals
    for entry in totals:
        body = entry["resource"]
        assert body["code"]["text"].endswith("total")
        assert isinstance(body["valueInteger"], int)
        published = {c["code"] for c in body["code"]["coding"] if c["system"] == "http://loinc.org"}
        assert published <= {"44261-6", "70274-6"}
        assert body["subject"] == {"reference": f"Patient/{personas.su.pk}"}
    kits = api.json(f"/fhir/Observation?patient=Patient/{personas.other_su.pk}")
    assert kits["total"] == 0


def test_the_safety_plan_versions_say_which_is_current(api, personas, sams):
    found = api.json(f"/fhir/CarePlan?patient=Patient/{personas.su.pk}")
    plans = sorted((e["resource"] for e in found["entry"]), key=lambda r: r["title"])
    assert len(plans) >= 2
    assert [p["status"] for p in plans] == ["revoked"] * (len(plans) - 1) + ["active"]
    assert plans[-1]["replaces"] == [{"reference": f"CarePlan/{plans[-2]['id']}"}]
    assert "replaces" not in plans[0]
    assert api.json("/fhir/CarePlan?_lastUpdated=ge2000-01-01")["total"] == len(plans)
