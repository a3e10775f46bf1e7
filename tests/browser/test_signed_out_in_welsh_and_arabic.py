"""Someone not signed in, on a phone, chooses Welsh or Arabic from the footer
of the sign-in page, with JavaScript off: the sign-in page, the language page
and 'Need help now?' pass axe, say their language and direction, keep the
crisis numbers one step away and fit 360 px; signing in, their account's
language (English here) takes over (issue 27, ADR 0073).

Set TANDEM_LANGUAGE_SHOTS to a folder to keep a screenshot of each page.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import OpenTab
from tests.browser.tab import Tab
from tests.browser.test_pages_in_welsh_and_arabic import (
    LANGUAGES,
    PHONE,
    assert_crisis_numbers_one_step_away,
    assert_laid_out_in,
    shot,
)
from tests.factories import PASSWORD
from tests.personas import Personas

pytestmark = pytest.mark.browser


def choose(tab: Tab, code: str) -> None:
    """From any signed-out page: the footer's language link, the language by
    its value (its name is in its own language), then the form's button."""
    tab.follow(tab.page.locator("footer a[href^='/account/language/']"))
    tab.page.locator(f"main input[type=radio][value='{code}']").check()
    tab.follow(tab.page.locator("main form button[type=submit]"))


@pytest.mark.parametrize(("code", "lang", "direction"), LANGUAGES, ids=["welsh", "arabic"])
def test_choosing_a_language_before_signing_in(
    open_tab: OpenTab, personas: Personas, code: str, lang: str, direction: str
) -> None:
    # Given someone not signed in opens the sign-in page on a phone, without JavaScript
    tab = open_tab(javascript=False)
    tab.page.set_viewport_size(PHONE)
    tab.visit("/sign-in/")
    assert_laid_out_in(tab, "en-GB", "ltr")

    # When they choose their language from the footer
    choose(tab, code)

    # Then they are back on the sign-in page, in their language
    assert tab.page.url.endswith("/sign-in/")
    assert_laid_out_in(tab, lang, direction)
    shot(tab, f"{code}-signed-out-sign-in")
    # And the way back to English says 'Language' in English too
    assert "/ Language" in tab.page.locator("footer").inner_text()

    # And 'Need help now?' with the same crisis numbers is one step away
    assert_crisis_numbers_one_step_away(tab, lang, direction)
    shot(tab, f"{code}-signed-out-help")

    # When they sign in, the language saved for their account decides
    tab.visit("/sign-in/")
    tab.page.locator("input[name=email]").fill(personas.service_user.email)
    tab.page.locator("input[name=password]").fill(PASSWORD)
    tab.follow(tab.page.locator("main form button[type=submit]"))
    assert tab.page.locator("html").get_attribute("lang") == "en-GB"
    # axe found nothing on any page shown
    assert len(tab.pages_checked) >= 6
