"""Staff accounts in a real browser, with and without JavaScript (issue 17):
an administrator adds a clinician who sets a password, enrols an authenticator
app and signs in; a leaver cannot sign in and their people appear for hand-over."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
NEW_PASSWORD = "a long synthetic passphrase"


@BOTH
def test_an_administrator_adds_a_clinician_who_enrols_and_signs_in(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given the service administrator on the staff page
    admin = open_tab(javascript=javascript)
    steps.sign_in(admin, personas.admin)
    admin.follow(admin.page.locator("header").get_by_role("link", name="Staff", exact=True))
    assert admin.heading() == "Staff"

    # When they add a clinician to team A
    admin.follow(admin.page.locator("main").get_by_role("button", name="Add a member of staff"))
    admin.submit("Add and send invitation")
    assert "Select at least one team" in steps.error_summary_messages(admin)
    admin.page.get_by_label("Full name", exact=True).fill("Riley Shaw")
    admin.page.get_by_label("Work email address", exact=True).fill("riley.shaw@example.org")
    admin.page.get_by_label("Professional role", exact=True).select_option("social_worker")
    admin.page.get_by_label("Northgate CMHT", exact=True).check()
    admin.page.get_by_label("No, a clinician", exact=True).check()
    admin.submit("Add and send invitation")

    # Then the account is waiting for them, and they are emailed a link
    assert admin.heading() == "Riley Shaw"
    assert "Invited" in admin.main_text()
    [email] = [m for m in mail.outbox if m.to == ["riley.shaw@example.org"]]
    link = re.search(r"https?://[^/]+(/staff/join/[0-9a-f]{64}/)", email.body)
    assert link, email.body

    # When the new member follows the link and sets a password
    riley = open_tab(javascript=javascript)
    riley.visit(link.group(1))
    assert riley.heading() == "Set your password"
    riley.page.get_by_label("Create a password", exact=True).fill(NEW_PASSWORD)
    riley.page.get_by_label("Type your password again", exact=True).fill(NEW_PASSWORD)
    riley.submit("Set password and continue")

    # Then they set up their authenticator app with the key shown
    assert riley.heading() == "Set up your authenticator app"
    secret = riley.page.locator("main code").inner_text()
    riley.page.get_by_label("Security code", exact=True).fill(steps.security_code(secret))
    riley.submit("Continue")

    # And they are signed in, on their caseload
    assert riley.page.url == riley.url("/caseload/")
    assert "Riley Shaw" in riley.page.locator("header").inner_text()

    # And the link cannot be used again
    steps.sign_out(riley)
    riley.visit(link.group(1), status=404)
    assert riley.heading() == "Page not found"


@BOTH
def test_a_leaver_cannot_sign_in_and_their_people_appear_for_hand_over(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given the clinician signed in, and the administrator on their account page
    clinician = open_tab(javascript=javascript)
    steps.sign_in(clinician, personas.clinician)
    admin = open_tab(javascript=javascript)
    steps.sign_in(admin, personas.admin)
    admin.visit(f"/staff/{personas.clinician.staff.pk}/")
    assert admin.heading() == "Dr Casey Lee"

    # When the administrator ends the account today
    admin.follow("End their account")
    today = timezone.localdate()
    steps.fill_date(admin, "leaves_on", str(today.day), str(today.month), str(today.year))
    admin.submit("End account")

    # Then the page says so
    assert f"Left on {today.day}" in admin.main_text()

    # And the clinician is signed out, and cannot sign in again
    clinician.visit("/caseload/")
    assert clinician.page.url.startswith(clinician.url("/sign-in/"))
    steps.sign_in_with_password(clinician, personas.clinician)
    assert "Enter a correct email address and password" in steps.error_summary_messages(clinician)

    # And the person they coordinated is on their manager's task list to hand over
    manager = open_tab(javascript=javascript)
    steps.sign_in(manager, personas.manager)
    manager.visit("/tasks/")
    assert "Hand over: Sam Taylor needs a new care coordinator" in manager.main_text()

    # When the manager opens Sam's page and names a new care coordinator
    manager.follow("Sam Taylor")
    manager.follow(manager.page.get_by_role("link", name="Choose a new care coordinator"))
    manager.page.get_by_label("Jordan Patel").check()
    manager.submit("Save")

    # Then Sam's page says who it is, and the task has closed itself
    assert "Jordan Patel is now care coordinator for Sam" in manager.main_text()
    manager.visit("/tasks/")
    assert "Hand over: Sam Taylor" not in manager.main_text()


def test_a_leaving_date_in_the_future_is_shown_until_its_day(
    open_tab: OpenTab, personas: Personas
) -> None:
    admin = open_tab(javascript=False)
    steps.sign_in(admin, personas.admin)
    admin.visit(f"/staff/{personas.colleague.staff.pk}/end/")
    later = timezone.localdate() + dt.timedelta(days=10)
    steps.fill_date(admin, "leaves_on", str(later.day), str(later.month), str(later.year))
    admin.submit("End account")
    assert "Leaving on" in admin.main_text()
    assert "Change the date their account ends" in admin.main_text()
