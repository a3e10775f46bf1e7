"""A forgotten password is reset by email: the link arrives, the new password
is set, the old session on another device is signed out, and staff still need
their authenticator to sign in again."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

NEW_PASSWORD = "correct horse battery staple 7"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_forgotten_password_is_reset_by_email(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given Priya is still signed in on a shared computer
    shared = open_tab(javascript=javascript)
    steps.sign_in(shared, personas.clinician)

    # When, on her own phone, she says she has forgotten her password
    phone = open_tab(javascript=javascript)
    phone.visit("/sign-in/")
    phone.follow("Forgotten your password?")
    assert phone.heading() == "Reset your password"
    phone.page.get_by_label("Email address or mobile number").fill(personas.clinician.email)
    phone.submit("Send me a link")

    # Then she is told to check her email, in words that say nothing about the account
    assert phone.heading() == "Check your email or text messages"
    assert "If the email address or mobile number you gave belongs to an account" in (
        phone.main_text()
    )

    # When the background worker has run, the email holds a single-use link
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    email = mail.outbox[-1]
    assert email.to == [personas.clinician.email]
    link = re.search(r"https?://\S+/account/reset-password/[0-9a-f]{64}/", email.body)
    assert link
    path = urlsplit(link.group(0)).path

    # And she chooses a new password with it
    phone.visit(path)
    assert phone.heading() == "Choose a new password"
    phone.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    phone.page.get_by_label("Type the new password again", exact=True).fill(NEW_PASSWORD)
    phone.submit("Change password")

    # Then she is asked to sign in again, not signed in for her
    assert phone.heading() == "Sign in to Tandem"
    assert "Your password has been changed" in phone.main_text()
    assert mail.outbox[-1].subject == "Your password has been changed"

    # And the shared computer is signed out
    shared.visit("/account/signed-in/")
    assert shared.heading() == "Sign in to Tandem"

    # And the link does not work twice
    phone.visit(path)
    assert phone.heading() == "This link has expired"

    # And signing in with the new password still asks for her security code
    steps.sign_in_with_password(phone, personas.clinician, NEW_PASSWORD)
    assert phone.heading() == "Enter your security code"
