"""Easy read (ADR 0062, HAZ-348): a service user switches the key pages to
easy read and back, each page checked with axe, the crisis numbers first."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser

KEY_PAGES = ["/me/", "/appointments/me/", "/messages/", "/safety-plan/", "/help/"]


def help_comes_first(tab: Tab) -> None:
    easy = tab.page.locator("main .tandem-easy-read")
    text = easy.inner_text()
    assert text.index("999") < text.index("Samaritans")
    phones = easy.locator("a[href^='tel:']").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert "tel:116123" in phones


def test_a_service_user_reads_the_key_pages_in_easy_read(tab: Tab, personas: Personas) -> None:
    # Given Sam signed in, on the standard home page
    steps.sign_in(tab, personas.service_user)
    tab.visit("/me/")
    assert not tab.page.locator("main .tandem-easy-read").count()

    # When Sam chooses easy read
    tab.submit("Easy read")

    # Then every key page is in easy read, with the crisis numbers first
    for path in KEY_PAGES:
        tab.visit(path)
        help_comes_first(tab)
        assert tab.page.locator("main").get_by_role("button", name="Standard version").is_visible()

    # When Sam goes back to the standard version
    tab.submit("Standard version")

    # Then the page is the standard one again, and says where easy read is
    assert not tab.page.locator("main .tandem-easy-read").count()
    assert tab.page.locator("main").get_by_role("button", name="Easy read").is_visible()


def test_someone_not_signed_in_reads_help_now_in_easy_read(tab: Tab) -> None:
    # Given someone not signed in on 'Need help now?'
    tab.visit("/help/")

    # When they follow 'Easy read'
    tab.follow("Easy read")

    # Then they see the easy-read page, crisis numbers first
    assert tab.heading() == "Need help now?"
    help_comes_first(tab)
