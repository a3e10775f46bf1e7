"""A service administrator registers a trust's system as a FHIR API client,
sees its secret once, and revokes it (issue 21, ADR 0037, HAZ-213). Without
JavaScript: every step is a plain form; axe checks each page."""

from __future__ import annotations

import pytest

from tandem.fhir.models import ApiClient
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_an_administrator_registers_a_client_sees_the_secret_once_and_revokes_it(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given the service administrator, in a browser without JavaScript, on the list
    admin = open_tab(javascript=False)
    steps.sign_in(admin, personas.admin)
    admin.visit("/fhir/clients/")
    assert admin.heading() == "API clients"
    admin.follow(admin.page.get_by_role("button", name="Register an API client"))
    assert admin.heading() == "Register an API client"

    # When they send the form empty, they are told what is missing and nothing is saved
    admin.submit("Register")
    messages = steps.error_summary(admin).inner_text()
    assert "Enter the name of the system" in messages
    assert "Select at least one team" in messages
    assert not ApiClient.objects.exists()

    # When they fill it in for one team, reading people and appointments
    page = admin.page
    page.get_by_label("Name of the system").fill("North Trust EPR")
    page.get_by_label("Owner").fill("North Trust, integration team")
    page.get_by_role("group", name="Teams whose people it may see").get_by_label(
        personas.team_a.name
    ).check()
    kinds = page.get_by_role("group", name="What it may read")
    kinds.get_by_label("People (Patient)", exact=False).check()
    kinds.get_by_label("Appointments", exact=False).check()
    page.get_by_label("No, read only").check()
    admin.submit("Register")

    # Then the secret is shown once, with the client ID and what it may do
    assert admin.heading() == "North Trust EPR"
    secret = page.locator("#client-secret").inner_text()
    client = ApiClient.objects.get()
    assert client.application.client_id in admin.main_text()
    assert "system/Patient.read system/Appointment.read" in admin.main_text()
    assert secret and secret not in client.application.client_secret
    admin.visit(f"/fhir/clients/{client.pk}/")
    assert "Copy the secret now" not in admin.main_text()

    # When they revoke it, it says so and the button goes
    admin.submit("Revoke this client")
    assert "Revoked on" in admin.main_text()
    assert page.get_by_role("button", name="Revoke this client").count() == 0
