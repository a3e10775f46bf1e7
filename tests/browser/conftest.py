"""Browser test fixtures: one Chromium for the browser suite, a fresh context per tab.

Every tab checks each page it shows for console errors, broken same-origin
requests and WCAG 2.2 A/AA violations (see tab.py and axe.py); every tab made
by new_tab() here also fails on any request to another origin and on any
Content-Security-Policy violation, and waits as long as a loaded machine needs.

Playwright's sync API keeps an asyncio loop running in the main thread while
it is started, and Django then refuses database calls from that thread
(SynchronousOnlyOperation). So Playwright and the one Chromium it launches
live for this package of tests (the whole session under `pytest tests/browser`)
and Django's check is relaxed only while they do: tests that run afterwards
see no running loop and keep the check. A truly session-scoped browser would
leave the loop running, and the check off, for every test collected after
these ones.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Playwright, Request, sync_playwright

from tests.browser.axe import Checker
from tests.browser.tab import Tab
from tests.personas import Personas, build

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium floods this closed network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# How long any one action (a click, a fill, a wait for an element or a state)
# and any one page load may take, for every tab, set here and nowhere else.
# A click that leads to another page also waits, within the action's time,
# for that page's response to start. On a two-core machine running other test
# suites beside this one (a load average of 20), that has taken over 15 s in
# the four-person call test, whose test server runs every request and socket
# on one thread: slowness, not a failure. These are limits for a machine that
# is stuck, not for one that is busy; a passing test takes no longer for them.
# Tests wait for states (a heading, a button, a message), never for fixed times.
ACTION_TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 45_000
# Any Content-Security-Policy violation on a page becomes a console error, which
# the tab fails on. (Chromium logs its own 'Refused to ...' line as well; this
# names the directive and the address, and cannot be missed.)
REPORT_CSP_VIOLATIONS = """document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`Content-Security-Policy violation: ${e.effectiveDirective} refused `
    + `${e.blockedURI || 'inline code'} (${e.sourceFile || 'the page'}:${e.lineNumber})`)
})"""
# Addresses with no origin to leave for: images drawn by the page itself.
NO_NETWORK = ("data:", "blob:")
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

OpenTab = Callable[..., Tab]


@pytest.fixture(scope="package")
def playwright(django_db_setup: None) -> Iterator[Playwright]:
    # Depends on django_db_setup so the test database exists before the loop runs.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as p:
            yield p
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="package")
def axe_checker(browser: Browser) -> Iterator[Checker]:
    checker = Checker(browser)
    yield checker
    checker.close()


@pytest.fixture
def personas(transactional_db: None) -> Personas:
    """The named personas, committed so the live server's threads can see them."""
    return build()


def new_tab(browser: Browser, *, base_url: str, checker: Checker, javascript: bool = True) -> Tab:
    """A tab in a context of its own (own cookies: one person each)."""
    context = browser.new_context(java_script_enabled=javascript, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = Tab(context, base_url=base_url, checker=checker, javascript=javascript)

    def only_this_origin(request: Request) -> None:
        # Pages load nothing from elsewhere: no fonts, scripts or pictures from a
        # CDN (the tab refuses them too, so nothing leaves this machine).
        if not tab.reaches(request.url) and not request.url.startswith(NO_NETWORK):
            tab.problems.append(
                f"request to another origin: {request.method} {request.url} "
                f"({request.resource_type}) from {request.frame.url}"
            )

    context.on("request", only_this_origin)
    return tab


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Remember whether the test itself failed, so tab teardown does not repeat it."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture
def open_tab(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest, browser: Browser, live_server, axe_checker: Checker
) -> Iterator[OpenTab]:
    """open_tab() gives a new tab in its own context (own cookies: one person each).

    open_tab(javascript=False) gives one with JavaScript switched off.
    """
    tabs: list[Tab] = []

    def make(*, javascript: bool = True) -> Tab:
        tab = new_tab(browser, base_url=live_server.url, checker=axe_checker, javascript=javascript)
        tabs.append(tab)
        return tab

    yield make
    failed = request.node.stash.get(CALL_FAILED, False)
    errors = []
    for tab in tabs:
        try:
            tab.close(test_failed=failed)
        except AssertionError as exc:
            errors.append(str(exc))
    if errors:
        pytest.fail("\n".join(errors))


@pytest.fixture
def tab(open_tab: OpenTab) -> Tab:
    return open_tab()
