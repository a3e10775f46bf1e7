"""Bulk export (FHIR Bulk Data Access): kick-off with Prefer: respond-async, a
status URL with progress, NDJSON files built by the task worker, valid R4 on
every line, only the client's teams, audited, and files that expire."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.access.records import accesses_to_own_record
from tandem.fhir.exporting import purge_expired
from tandem.fhir.models import RESOURCE_TYPES, BulkExport, ExportFile, ExportStatus
from tandem.fhir.tests.helpers import Api, outcome_of, r4_valid, register, token

# The worker closes the database connection when it is done, and the export is
# enqueued when its request commits: these tests run outside a rolled-back transaction.
pytestmark = pytest.mark.usefixtures("transactional_db")

ASYNC = {"Prefer": "respond-async", "Accept": "application/fhir+json"}


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


def kick_off(api: Api, path: str = "/fhir/$export") -> str:
    response = api.get(path, **ASYNC)
    assert response.status_code == 202, response.content
    return str(response["Content-Location"]).removeprefix("http://testserver")


def lines(api: Api, url: str) -> list[dict]:
    response = api.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    return [json.loads(line) for line in response.content.decode().splitlines()]


def test_an_export_is_built_by_the_worker_and_read_as_ndjson(api, personas, sams, trust):
    status_url = kick_off(api, "/fhir/$export?_type=Patient,Appointment,Encounter")
    waiting = api.get(status_url)
    assert waiting.status_code == 202
    assert waiting["X-Progress"]
    run_worker()
    done = api.get(status_url)
    assert done.status_code == 200
    manifest = json.loads(done.content)
    assert manifest["requiresAccessToken"] is True
    assert done["Expires"]
    by_type = {o["type"]: o for o in manifest["output"]}
    assert set(by_type) == {"Patient", "Appointment", "Encounter"}
    patients = lines(api, by_type["Patient"]["url"])
    assert [p["id"] for p in patients] == [str(personas.su.pk)]
    appointments = lines(api, by_type["Appointment"]["url"])
    assert len(appointments) == by_type["Appointment"]["count"] == 3
    assert str(sams.kits_appointment.pk) not in {a["id"] for a in appointments}
    for resource in patients + appointments + lines(api, by_type["Encounter"]["url"]):
        r4_valid(resource)
    export = BulkExport.objects.get()
    assert (export.done, export.total) == (5, 5)
    exported = [
        e
        for e in accesses_to_own_record(personas.service_user)
        if e.actor_id == trust.client.actor_id and "in bulk" in e.what
    ]
    assert len(exported) == 5


def test_a_group_export_holds_one_team_and_type_filters(personas, sams):
    made = register(personas.admin, [personas.team_a, personas.team_b])
    api = Api(token(made))
    status_url = kick_off(api, f"/fhir/Group/{personas.team_b.slug}/$export?_type=Patient")
    run_worker()
    manifest = json.loads(api.get(status_url).content)
    assert [o["type"] for o in manifest["output"]] == ["Patient"]
    assert [p["id"] for p in lines(api, manifest["output"][0]["url"])] == [
        str(personas.other_su.pk)
    ]


def test_every_type_is_exported_one_type_a_file_without_diary_notes(personas, sams):
    made = register(personas.admin, [personas.team_a, personas.team_b])
    api = Api(token(made))
    # Team A's Group: things with a team of their own by that team, the rest
    # (carers, consent, safety plans) by the people open to it.
    status_url = kick_off(api, f"/fhir/Group/{personas.team_a.slug}/$export")
    run_worker()
    manifest = json.loads(api.get(status_url).content)
    by_type = {o["type"]: o for o in manifest["output"]}
    assert set(by_type) == set(RESOURCE_TYPES)
    sam = f"Patient/{personas.su.pk}"
    for kind, output in by_type.items():
        found = lines(api, output["url"])
        assert len(found) == output["count"]
        for resource in found:
            r4_valid(resource)
            assert resource["resourceType"] == kind
            about = resource.get("subject") or resource.get("patient") or {"reference": sam}
            assert about == {"reference": sam} or resource["id"] == str(personas.su.pk)
    observations = lines(api, by_type["Observation"]["url"])
    assert sorted(o["id"].rsplit("-", 1)[0] for o in observations if "-" in o["id"]) == [
        "diary-anxiety",
        "diary-medication",
        "diary-mood",
        "diary-sleep",
    ]
    files = b"".join(bytes(f.content) for f in ExportFile.objects.all())
    assert b"diary: a flat day" not in files and b"sign: staying in bed" not in files
    # Only what the client's token may read: a narrower client is refused the rest.
    narrow = Api(token(register(personas.admin, [personas.team_a], types=["Patient"])))
    assert narrow.get("/fhir/$export?_type=Patient,Observation", **ASYNC).status_code == 403


def test_another_clients_export_and_another_teams_group_are_404(api, personas, sams):
    status_url = kick_off(api)
    run_worker()
    other = Api(token(register(personas.admin, [personas.team_a], name="Analytics")))
    assert other.get(status_url).status_code == 404
    assert api.get(f"/fhir/Group/{personas.team_b.slug}/$export", **ASYNC).status_code == 404


@pytest.mark.parametrize(
    ("query", "headers", "words"),
    [
        ("", {}, "Prefer: respond-async"),
        ("?_type=Patient,Practitioner", ASYNC, "Cannot export Practitioner"),
        ("?_outputFormat=text/csv", ASYNC, "NDJSON"),
        ("?_since=last-week", ASYNC, "not a date"),
        ("?_elements=id", ASYNC, "Unknown parameter"),
    ],
)
def test_bad_kick_offs_get_an_operation_outcome_and_start_nothing(api, query, headers, words):
    response = api.get(f"/fhir/$export{query}", **headers)
    assert response.status_code == 400
    assert words in outcome_of(response)
    assert not BulkExport.objects.exists()


def test_since_leaves_out_appointments_unchanged_since(api, sams):
    later = (timezone.now() + dt.timedelta(minutes=5)).isoformat().replace("+", "%2B")
    status_url = kick_off(api, f"/fhir/$export?_type=Appointment&_since={later}")
    run_worker()
    manifest = json.loads(api.get(status_url).content)
    assert manifest["output"] == []


def test_files_expire_and_are_deleted(api, sams):
    status_url = kick_off(api)
    run_worker()
    export = BulkExport.objects.get()
    BulkExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert purge_expired() == 1
    assert not ExportFile.objects.exists()
    assert BulkExport.objects.get().status == ExportStatus.EXPIRED
    gone = api.get(status_url)
    assert gone.status_code == 404
    assert "expired" in outcome_of(gone)


def test_deleting_the_status_url_cancels_and_deletes(api, sams):
    status_url = kick_off(api)
    run_worker()
    assert api.call("DELETE", status_url).status_code == 202
    assert not ExportFile.objects.exists()
    assert api.get(status_url).status_code == 404
