"""Each kind of person signs in through the real form, lands on their home
page, and signs out with the header's button."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser

HOMES = [
    # persona, where they land, the heading there
    ("service_user", "/me/", "Hello Sam"),
    ("carer", "/carer/", "Your home page"),
    ("clinician", "/caseload/", "Caseload"),
    ("manager", "/manage/", "Team overview"),
    ("admin", "/service/", "Service settings"),
]


@pytest.mark.parametrize(("who", "home", "heading"), HOMES, ids=[h[0] for h in HOMES])
def test_each_role_signs_in_to_their_home_page_and_signs_out(
    tab: Tab, personas: Personas, who: str, home: str, heading: str
) -> None:
    # Given a person with an account
    person = getattr(personas, who)

    # When they sign in through the form (staff with their security code too)
    steps.sign_in(tab, person)

    # Then they land on their own home page, styled by the NHS frontend
    assert tab.page.url == tab.url(home)
    assert tab.heading() == heading
    assert steps.header_background(tab) == steps.NHS_BLUE
    assert person.full_name in tab.page.locator("header").inner_text()

    # When they sign out with the header's button
    steps.sign_out(tab)

    # Then they are told so, and their home page needs signing in again
    assert tab.heading() == "You have signed out"
    tab.visit(home)
    assert tab.page.url.startswith(tab.url("/sign-in/"))


def test_wrong_password_shows_the_error_summary_linking_to_the_field(
    tab: Tab, personas: Personas
) -> None:
    # Given a service user on the sign-in page
    tab.visit("/sign-in/")

    # When they type the wrong password
    steps.fill_sign_in_form(tab, personas.service_user.email, "not the right password")
    tab.submit("Sign in")

    # Then the NHS error summary says what is wrong
    summary = tab.page.locator(".nhsuk-error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    link = summary.get_by_role("link").first
    assert link.inner_text().strip() == "Enter a correct email address and password"
    assert tab.page.title().startswith("Error: ")

    # And its link leads to a field on the form, which takes focus
    target = (link.get_attribute("href") or "").removeprefix("#")
    field_ids = tab.page.locator("main form input:not([type=hidden])").evaluate_all(
        "(inputs) => inputs.map((input) => input.id)"
    )
    assert target in field_ids, f"error summary links to #{target}, not to a field {field_ids}"
    link.click()
    focused = tab.page.evaluate("() => document.activeElement && document.activeElement.id")
    assert focused == target

    # And they are not signed in
    tab.visit("/me/")
    assert tab.page.url.startswith(tab.url("/sign-in/"))
