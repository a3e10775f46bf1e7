"""The checks every browser test relies on do catch what they are for.

If these fail, the other browser tests may be passing without checking.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser import steps
from tests.browser.axe import AccessibilityViolations, Checker
from tests.browser.conftest import VIEWPORT, OpenTab
from tests.browser.tab import BrowserProblem, Tab

pytestmark = pytest.mark.browser

IMAGE_WITHOUT_ALT = """() => {
  const img = document.createElement('img');
  img.src = '/assets/images/favicon.svg';
  document.querySelector('main').append(img);
}"""


def test_nhs_frontend_css_and_javascript_load_from_assets(tab: Tab) -> None:
    # Given the sign-in page
    tab.visit("/sign-in/")

    # Then the NHS stylesheet has styled the header blue
    assert steps.header_background(tab) == steps.NHS_BLUE

    # And the NHS frontend's JavaScript has started: the password input's
    # 'Show' button, hidden until the script runs, is visible
    assert tab.page.locator("main").get_by_role("button", name="Show password").is_visible()


def test_without_javascript_the_enhancements_stay_hidden(open_tab: OpenTab) -> None:
    # Given a browser with JavaScript switched off, on the sign-in page
    tab = open_tab(javascript=False)
    tab.visit("/sign-in/")

    # Then the page is still styled, and the script-only button stays hidden
    assert steps.header_background(tab) == steps.NHS_BLUE
    assert not tab.page.locator("main").get_by_role("button", name="Show password").is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_axe_reports_a_violation(open_tab: OpenTab, javascript: bool) -> None:
    # Given an accessible page
    tab = open_tab(javascript=javascript)
    tab.visit("/help/")

    # When an image without a text alternative is added to it
    tab.page.evaluate(IMAGE_WITHOUT_ALT)

    # Then the check fails, naming the rule, its impact and the element
    with pytest.raises(AccessibilityViolations) as failure:
        tab.check_page()
    message = str(failure.value)
    assert "image-alt [critical]" in message
    assert "(1 element: img)" in message


def test_a_missing_asset_fails_the_page(tab: Tab) -> None:
    # Given a page
    tab.visit("/help/")

    # When it asks for a stylesheet that is not there
    asked_for_it = tab.page.expect_console_message(
        lambda m: (m.location or {}).get("url", "").endswith("/assets/missing.css")
    )
    with asked_for_it, tab.page.expect_response(lambda r: r.url.endswith("/missing.css")):
        tab.page.evaluate(
            """() => {
              const link = document.createElement('link');
              link.rel = 'stylesheet';
              link.href = '/assets/missing.css';
              document.head.append(link);
            }"""
        )

    # Then the page check fails, naming the failed request. (The live server's
    # static handler runs no middleware, so its 404 page fails to render and it
    # answers 500; see web/context.py reading request.user.)
    with pytest.raises(BrowserProblem, match=r"[45]\d\d for stylesheet GET .*/assets/missing\.css"):
        tab.check_page()
    tab.page.evaluate("() => 0")  # let the rest of the failure's reports arrive
    tab.problems.clear()  # ...and forget them: they were expected


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_page_loaded_without_the_check_is_caught(
    browser: Browser,
    live_server,  # type: ignore[no-untyped-def]
    axe_checker: Checker,
    javascript: bool,
) -> None:
    # Given a tab (made here, so the fixture does not close it)
    tab = Tab(
        browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript),
        base_url=live_server.url,
        checker=axe_checker,
        javascript=javascript,
    )

    # When a test goes to a page behind the tab's back
    tab.page.goto(tab.url("/help/"))

    # Then closing the tab says a page went unchecked
    with pytest.raises(BrowserProblem, match="never checked with axe"):
        tab.close()
