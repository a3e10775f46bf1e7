"""Registering API clients, their tokens and scopes: the service administrator's
pages, a secret shown once, scopes no wider than the registration, tokens that
expire, and revoking."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from tandem.audit.models import AuditEvent
from tandem.fhir.models import ApiClient
from tandem.fhir.services import revoke_client
from tandem.fhir.tests.helpers import Api, register, token, token_response

pytestmark = pytest.mark.django_db


def test_the_administrator_registers_a_client_and_sees_its_secret_once(client_for, personas):
    admin = client_for("admin")
    page = admin.get("/fhir/clients/new/")
    assert page.status_code == 200
    response = admin.post(
        "/fhir/clients/new/",
        {
            "name": "North Trust EPR",
            "owner": "North Trust, integration team",
            "teams": [str(personas.team_a.pk)],
            "resource_types": ["Patient", "Appointment"],
            "can_write": "no",
        },
    )
    assert response.status_code == 302
    client = ApiClient.objects.get()
    assert list(client.teams.all()) == [personas.team_a]
    assert client.scopes() == ["system/Patient.read", "system/Appointment.read"]
    shown = admin.get(response["Location"]).content.decode()
    assert "Copy the secret now" in shown
    assert client.application.client_id in shown
    # Only its hash is kept, and the page does not show it again.
    assert "Copy the secret now" not in admin.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(object_type="fhir.ApiClient", action="create").exists()


def test_the_form_says_what_is_missing_and_saves_nothing(client_for):
    response = client_for("admin").post("/fhir/clients/new/", {"name": "", "owner": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter the name of the system" in text
    assert "Select at least one team" in text
    assert not ApiClient.objects.exists()


def test_a_token_carries_only_scopes_the_registration_allows(personas):
    made = register(personas.admin, [personas.team_a], types=["Patient"])
    assert token_response(made, "system/Patient.read").status_code == 200
    assert token_response(made, "system/Appointment.read").status_code == 400
    assert token_response(made, "system/Patient.write").status_code == 400
    assert token_response(made, "system/*.read").status_code == 400
    assert token_response(made, secret="wrong").status_code == 401
    api = Api(token(made, "system/Patient.read"))
    assert api.get("/fhir/Patient").status_code == 200
    assert api.get("/fhir/Appointment").status_code == 403


def test_a_token_asked_for_without_scopes_gets_the_read_scopes(personas, sams):
    made = register(personas.admin, [personas.team_a], can_write=True)
    body = json.loads(token_response(made).content)
    assert "system/*.read" in body["scope"].split()
    assert "system/Patient.write" not in body["scope"].split()


def test_tokens_expire(personas, sams):
    made = register(personas.admin, [personas.team_a])
    bearer = token(made)
    assert Api(bearer).get("/fhir/Patient").status_code == 200
    AccessToken.objects.filter(token_checksum__isnull=False).update(
        expires=timezone.now() - dt.timedelta(seconds=1)
    )
    assert Api(bearer).get("/fhir/Patient").status_code == 401


def test_a_revoked_client_loses_access_at_once(personas, sams):
    made = register(personas.admin, [personas.team_a])
    bearer = token(made)
    revoke_client(actor=personas.admin, client=made.client)
    assert Api(bearer).get("/fhir/Patient").status_code == 401
    assert token_response(made).status_code == 401


def test_only_the_administrator_reaches_the_pages(client_for, personas):
    made = register(personas.admin, [personas.team_a])
    for persona in ("clinician", "manager", "service_user", "carer"):
        assert client_for(persona).get("/fhir/clients/").status_code == 404
        assert client_for(persona).get(f"/fhir/clients/{made.client.pk}/").status_code == 404
    assert client_for("admin").get("/fhir/clients/").status_code == 200
    revoke = client_for("admin").post(f"/fhir/clients/{made.client.pk}/revoke/")
    assert revoke.status_code == 302
    made.client.refresh_from_db()
    assert made.client.revoked_at is not None
