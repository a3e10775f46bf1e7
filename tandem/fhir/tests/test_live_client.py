"""A trust's integration engine, played by a FHIR client library we did not
write (fhirclient), against a live server on a loopback port: the service
administrator registers it, then it gets a token, reads, searches, pages,
writes a Patient and runs a bulk export."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import requests
from django.core.management import call_command
from fhirclient.models.appointment import Appointment
from fhirclient.models.fhirsearch import FHIRSearch
from fhirclient.models.observation import Observation
from fhirclient.models.patient import Patient
from fhirclient.server import FHIRServer

from tandem.diary.models import DiaryEntry, DiaryPlan
from tandem.fhir import mapping
from tandem.people.models import ServiceUser
from tandem.record.tests.helpers import appointment

# The worker and the live server commit: no rolled-back transaction around them.
pytestmark = pytest.mark.usefixtures("transactional_db")


def registered(client_for: Any, personas: Any) -> tuple[str, str]:
    """The administrator registers the engine on the page; the id and secret as shown."""
    admin = client_for("admin")
    response = admin.post(
        "/fhir/clients/new/",
        {
            "name": "North Trust integration engine",
            "owner": "North Trust, integration team",
            "teams": [str(personas.team_a.pk)],
            "resource_types": ["Patient", "Appointment", "Encounter", "Observation"],
            "can_write": "yes",
        },
    )
    page = admin.get(response["Location"]).content.decode()
    client_id = re.search(r'id="client-id">([^<]+)<', page)
    secret = re.search(r'id="client-secret">([^<]+)<', page)
    assert client_id and secret
    return client_id.group(1), secret.group(1)


def test_an_integration_engine_drives_the_api(live_server, client_for, personas):
    # Appointments only: the worker's SQLite flush cannot empty sent messages here.
    for days in range(8):
        appointment(personas.su, personas.team_a, personas.clinician.staff, days=20 + days)
    DiaryPlan.objects.create(
        service_user=personas.su, team=personas.team_a, set_up_by=personas.clinician
    )
    DiaryEntry.objects.create(
        service_user=personas.su,
        day=dt.date(2026, 12, 1),
        mood=6,
        note="Synthetic: a good walk",
        submitted_by=personas.clinician,
    )
    client_id, secret = registered(client_for, personas)
    base = f"{live_server.url}/fhir/"
    assert base.startswith("http://127.0.0.1:") or base.startswith("http://localhost:")

    def ask(scope: str) -> requests.Response:
        data = {"grant_type": "client_credentials", "scope": scope}
        return requests.post(f"{base}auth/token", data=data, auth=(client_id, secret), timeout=30)

    # Not registered for every type, so not system/*.read.
    assert ask("system/*.read system/Patient.write").status_code == 400
    got = ask(
        "system/Patient.read system/Appointment.read system/Observation.read system/Patient.write"
    )
    assert got.status_code == 200, got.content
    server = FHIRServer(None, base_uri=base)
    server.session.headers["Authorization"] = f"Bearer {got.json()['access_token']}"

    # Read and search, with the library's own (R4) models.
    sam = Patient.read(str(personas.su.pk), server)
    assert sam.identifier[0].system == mapping.NHS_NUMBER
    assert sam.identifier[0].value == personas.su.nhs_number
    found = list(
        Patient.where({"identifier": personas.su.nhs_number}).perform_resources_iter(server)
    )
    assert [p.id for p in found] == [str(personas.su.pk)]

    # Paging: the library follows the next links to the end.
    search = FHIRSearch(Appointment, {"patient": f"Patient/{personas.su.pk}", "_count": "3"})
    pages = list(search.perform_iter(server))
    assert len(pages) == 3
    appointments = [e.resource for page in pages for e in page.entry or []]
    assert len(appointments) == pages[0].total == 8
    assert len({a.id for a in appointments}) == 8

    # A diary item, searched by its code and read with the library's Observation.
    mood = list(
        Observation.where(
            {"patient": f"Patient/{personas.su.pk}", "code": "urn:tandem:diary-item|mood"}
        ).perform_resources_iter(server)
    )
    assert [o.valueInteger for o in mood] == [6]
    assert mood[0].as_json()["effectiveDateTime"] == "2026-12-01"
    assert mood[0].note is None

    # Write: a new person, matched by NHS number.
    new = Patient(
        {
            "identifier": [{"system": mapping.NHS_NUMBER, "value": "9990000034"}],
            "name": [{"use": "official", "family": "Okafor", "given": ["Ada"]}],
            "birthDate": "1990-04-01",
        }
    )
    created = new.create(server)
    assert created["resourceType"] == "Patient"
    assert ServiceUser.objects.filter(nhs_number="9990000034").exists()

    # Bulk export: kick off, the worker builds it, poll, download NDJSON.
    kick = server.session.get(
        f"{base}$export?_type=Patient,Appointment",
        headers={"Prefer": "respond-async", "Accept": "application/fhir+json"},
        timeout=30,
    )
    assert kick.status_code == 202
    status_url = kick.headers["Content-Location"]
    assert server.session.get(status_url, timeout=30).status_code == 202
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    done = server.session.get(status_url, timeout=30)
    assert done.status_code == 200
    outputs = {o["type"]: o for o in done.json()["output"]}
    ndjson = server.session.get(outputs["Patient"]["url"], timeout=30).text.splitlines()
    people = [Patient(json.loads(line)) for line in ndjson]
    assert {p.id for p in people} == {str(personas.su.pk), created["id"]}
    rows = server.session.get(outputs["Appointment"]["url"], timeout=30).text.splitlines()
    assert len([Appointment(json.loads(line)) for line in rows]) == 8
