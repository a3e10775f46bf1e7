"""Pages load nothing from anywhere else, and the browser enforces the policy.

Every tab already fails on a request to another origin and on any
Content-Security-Policy violation (conftest.new_tab); here a service user and a
clinician go through the pages their menus lead to while every request is
recorded, and the checks themselves are shown to catch what they are for.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Error, Request

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.tab import BrowserProblem, Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser

SERVICE_USER_PAGES = [
    "web:help",
    "people:service-user-home",
    "appointments:mine",
    "messaging:mine",
    "diary:mine",
    "record:mine",
    "preferences:mine",
    "carers:mine",
    "consult:mine",
]
CLINICIAN_PAGES = [
    "people:caseload",
    "people:register",
    "appointments:diary",
    "appointments:availability",
    "messaging:inbox",
    "alerts:queue",
    "consult:waiting-room",
    "worklist:index",
    "guidance:index",
]
# Whether the page may use a feature, as Chromium reads the Permissions-Policy.
ALLOWS = """(feature) => (document.permissionsPolicy || document.featurePolicy)
  .allowsFeature(feature)"""
INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.injected = true';
  document.body.append(script);
}"""


def origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}".format(urlsplit(url))


def record_requests(tab: Tab) -> list[Request]:
    requests: list[Request] = []
    tab.page.on("request", lambda request: requests.append(request))
    return requests


def visit_all(tab: Tab, names: list[str]) -> None:
    for name in names:
        response = tab.visit(reverse(name))
        assert response is not None
        # The policy the pages are checked against is the one the server sent.
        assert "default-src 'self'" in response.headers["content-security-policy"]
        # Web fonts would be fetched from somewhere: the stylesheets declare none,
        # and the text falls back to Arial (or a Frutiger installed on the device).
        assert tab.page.evaluate("() => document.fonts.size") == 0
        assert not tab.page.evaluate(ALLOWS, "camera")
        assert not tab.page.evaluate(ALLOWS, "geolocation")


def test_a_service_user_and_a_clinician_load_only_from_this_service(
    open_tab: OpenTab,
    personas: Personas,
    live_server,  # type: ignore[no-untyped-def]
) -> None:
    # Given Sam, signed in, with every request his pages make recorded
    sam = open_tab()
    sam_requests = record_requests(sam)
    steps.sign_in(sam, personas.service_user)

    # When he goes to each page his menu offers
    visit_all(sam, SERVICE_USER_PAGES)

    # And Dr Lee, signed in with her security code, goes to each of hers
    lee = open_tab()
    lee_requests = record_requests(lee)
    steps.sign_in(lee, personas.clinician)
    visit_all(lee, CLINICIAN_PAGES)

    # Then every request, of every kind, went to this service and nowhere else
    requests = sam_requests + lee_requests
    kinds = {r.resource_type for r in requests}
    assert {"document", "stylesheet", "script"} <= kinds, kinds
    elsewhere = sorted({r.url for r in requests if origin(r.url) != origin(live_server.url)})
    assert elsewhere == []


def test_an_inline_script_without_the_nonce_is_refused_and_reported(tab: Tab) -> None:
    # Given a page
    tab.visit("/help/")

    # When something puts a script into it (as injected markup would)
    tab.page.evaluate(INJECT_INLINE_SCRIPT)

    # Then the browser does not run it, and the tab reports the violation
    assert tab.page.evaluate("() => window.injected") is None
    with pytest.raises(BrowserProblem, match="Content-Security-Policy violation: script-src"):
        tab.check_page()


def test_a_request_to_another_origin_fails_the_page(tab: Tab, live_server) -> None:  # type: ignore[no-untyped-def]
    # Given a tab that has shown a page
    tab.visit("/help/")
    # (127.0.0.1 is another origin than the live server's 'localhost'.)
    elsewhere = live_server.url.replace("localhost", "127.0.0.1") + "/help/"
    assert origin(elsewhere) != origin(live_server.url)

    # When another page of the same browser goes to another origin (which the
    # tab refuses to let leave this machine)
    other = tab.context.new_page()
    with pytest.raises(Error):
        other.goto(elsewhere)
    other.close()

    # Then the tab reports the request
    with pytest.raises(BrowserProblem, match=r"request to another origin: GET http://127\.0\.0\.1"):
        tab.raise_problems()
