"""Staff forms reject bad input with the NHS error pattern and save nothing."""

from __future__ import annotations

import pytest

from tandem.people.models import ServiceUser
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def add_person_with_bad_details(tab: Tab) -> None:
    tab.visit("/people/new/")
    assert tab.heading() == "Add a person to a caseload"
    page = tab.page
    page.get_by_label("First name", exact=True).fill("Robin")
    page.get_by_label("Last name", exact=True).fill("Synthetic")
    page.locator("#id_nhs_number").fill("1234567890")
    steps.fill_date(tab, "date_of_birth", "31", "2", "1990")
    page.locator("#id_phone").fill("abc")
    tab.submit("Save")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_adding_a_person_with_bad_details_shows_each_error_and_saves_nothing(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given a clinician signed in
    tab = open_tab(javascript=javascript)
    steps.sign_in(tab, personas.clinician)
    people_before = ServiceUser.objects.count()

    # When they add a person with an invalid NHS number, an impossible date of
    # birth and a phone number that is not one
    add_person_with_bad_details(tab)

    # Then the error summary lists each problem, linked to its field
    assert steps.error_summary(tab).get_by_role("heading", name="There is a problem").is_visible()
    assert tab.page.title().startswith("Error: ")
    summary = {field: message for message, field in steps.error_summary_messages(tab).items()}
    assert set(summary) == {"id_nhs_number", "date_of_birth_day", "id_phone"}, summary
    assert summary["id_nhs_number"].startswith("Enter a valid NHS number")
    assert summary["date_of_birth_day"] == "Date of birth must be a real date"
    assert summary["id_phone"].startswith("Enter a phone number")

    # And each field shows its own message, keeping what was typed
    assert "Enter a valid NHS number" in steps.field_error(tab, "id_nhs_number")
    assert steps.field_error(tab, "date_of_birth_day") == "Error: Date of birth must be a real date"
    # Once in the summary and once with the field: nowhere else on the page.
    assert tab.main_text().count("Date of birth must be a real date") == 2
    assert "Enter a phone number" in steps.field_error(tab, "id_phone")
    assert tab.page.locator("#id_nhs_number").input_value() == "1234567890"
    assert tab.page.locator("#date_of_birth_day").input_value() == "31"

    # And nothing was saved
    assert ServiceUser.objects.count() == people_before
    assert not ServiceUser.objects.filter(family_name="Synthetic").exists()
