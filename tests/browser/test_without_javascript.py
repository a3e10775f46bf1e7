"""The core flows work with JavaScript switched off (progressive enhancement)."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_staff_sign_in_with_security_code_works_without_javascript(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a browser with JavaScript switched off
    tab = open_tab(javascript=False)

    # When the clinician signs in with their password
    steps.sign_in_with_password(tab, personas.clinician)

    # Then they are asked for their security code
    assert tab.heading() == "Enter your security code"

    # When they enter a wrong code
    tab.page.get_by_label("Security code", exact=True).fill("12345")
    tab.submit("Continue")

    # Then the error summary and the field's message say what is wrong
    assert steps.error_summary_messages(tab) == {"Security code must be 6 numbers": "id_code"}
    assert steps.field_error(tab, "id_code") == "Error: Security code must be 6 numbers"

    # When they enter the code from their app
    steps.enter_security_code(tab)

    # Then they reach their caseload, still styled by the NHS frontend
    assert tab.page.url == tab.url("/caseload/")
    assert tab.heading() == "Caseload"
    assert steps.header_background(tab) == steps.NHS_BLUE

    # And they can sign out
    steps.sign_out(tab)
    assert tab.heading() == "You have signed out"


def test_wrong_password_without_javascript_shows_the_error_summary(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a browser with JavaScript switched off, on the sign-in page
    tab = open_tab(javascript=False)
    tab.visit("/sign-in/")

    # When a carer submits the form without a password
    tab.page.get_by_label("Email address", exact=True).fill(personas.carer.email)
    tab.submit("Sign in")

    # Then the error summary links to the password field
    assert steps.error_summary_messages(tab) == {"Enter your password": "id_password"}
    assert steps.field_error(tab, "id_password") == "Error: Enter your password"
