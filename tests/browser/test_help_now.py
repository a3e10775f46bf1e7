"""Service users and carers are one step from crisis contacts on every page."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("who", ["service_user", "carer"])
def test_need_help_now_leads_to_crisis_contacts(tab: Tab, personas: Personas, who: str) -> None:
    # Given a service user or carer signed in, on their home page
    steps.sign_in(tab, getattr(personas, who))

    # Then the page offers 'Need help now?'
    link = steps.crisis_link(tab)
    assert link.is_visible()

    # When they follow it
    tab.follow(link)

    # Then they see the crisis contacts, with numbers they can call
    assert tab.heading() == "Need help now?"
    text = tab.main_text()
    assert "NHS 111, option 2" in text
    assert "Samaritans" in text
    assert "116 123" in text
    assert "999" in text
    phones = tab.page.locator("main a[href^='tel:']").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert {"tel:111", "tel:116123", "tel:999"} <= set(phones)


def test_someone_not_signed_in_also_finds_help(tab: Tab) -> None:
    # Given someone on the sign-in page, not signed in
    tab.visit("/sign-in/")

    # When they follow 'Need help now?'
    tab.follow(steps.crisis_link(tab))

    # Then they see the national crisis contacts
    assert tab.heading() == "Need help now?"
    assert "Samaritans" in tab.main_text()
