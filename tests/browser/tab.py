"""A browser tab that checks every page it shows.

Every navigation goes through ``visit``, ``follow`` or ``submit``. After each
one the tab waits for the page to load, fails on console errors and on broken
same-origin requests (a 404 for /assets/... means a broken CSS or JS path),
and runs axe-core. Page loads that did not pass through these methods are
caught when the tab closes, so no page escapes the accessibility check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Request,
    Response,
    Route,
)

from tests.browser.axe import Checker

# axe-core no longer reports duplicate ids (WCAG 2.2 dropped 4.1.1), and its
# label rule trusts label[for] even when the id belongs to an earlier element,
# so a duplicated id can leave a field unlabelled unnoticed. Check both here.
MARKUP_PROBLEMS = """() => {
  const problems = [];
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) {
    seen.set(el.id, (seen.get(el.id) || 0) + 1);
  }
  for (const [id, n] of seen) {
    if (n > 1) problems.push(`id "${id}" is used by ${n} elements`);
  }
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'
  );
  for (const el of controls) {
    const named = el.labels.length > 0 || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby') || el.closest('label');
    if (!named) problems.push(`${el.tagName.toLowerCase()} name="${el.name}" has no label`);
  }
  return problems;
}"""


class BrowserProblem(AssertionError):
    pass


class Tab:
    def __init__(
        self, context: BrowserContext, *, base_url: str, checker: Checker, javascript: bool
    ) -> None:
        self.context = context
        self.base_url = base_url.rstrip("/")
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base_url))
        self.checker = checker
        self.javascript = javascript
        # Timeouts come from the context (tests/browser/conftest.py: new_tab).
        self.page: Page = context.new_page()
        self.problems: list[str] = []
        self.documents: set[str] = set()
        self.pages_checked: list[str] = []
        self.loads = 0
        self.loads_checked = 0
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)
        self.page.on("load", self._on_load)
        # Nothing leaves this machine: third-party requests (the NHS font CDN)
        # are refused, and the pages must work without them.
        # Another origin a test stands up itself on loopback (a test OpenID
        # provider) may be added with allow_origin().
        self.other_origins: list[str] = []
        self.context.route(lambda url: not self.reaches(url), self._refuse)

    # --- listeners -----------------------------------------------------------

    def same_origin(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url == self.origin

    def allow_origin(self, origin: str) -> None:
        """Let the tab go to a loopback server the test itself runs."""
        assert origin.startswith("http://127.0.0.1:"), origin
        self.other_origins.append(origin)

    def reaches(self, url: str) -> bool:
        return self.same_origin(url) or any(url.startswith(o + "/") for o in self.other_origins)

    @staticmethod
    def _refuse(route: Route) -> None:
        route.abort("blockedbyclient")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "") if message.location else ""
        if message.text.startswith("Failed to load resource") and (
            self._is_document(where) or not self.same_origin(where)
        ):
            # A document's status is asserted by the navigation helpers, and
            # third-party requests are refused on purpose.
            return
        self.problems.append(f"console error: {message.text} (at {where or 'unknown'})")

    def _is_document(self, url: str) -> bool:
        return url in self.documents

    def _on_request_failed(self, request: Request) -> None:
        if self.same_origin(request.url):
            self.problems.append(
                f"request failed: {request.method} {request.url} "
                f"({request.resource_type}): {request.failure}"
            )

    def _on_response(self, response: Response) -> None:
        request = response.request
        if not self.same_origin(response.url):
            return
        if request.resource_type == "document":
            self.documents.add(response.url)
            return
        if response.status >= 400:
            self.problems.append(
                f"{response.status} for {request.resource_type} {request.method} {response.url}"
            )

    def _on_load(self, _page: Page) -> None:
        self.loads += 1

    # --- navigation ----------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path if path.startswith("/") else path

    def visit(self, path: str, *, status: int = 200) -> Response | None:
        response = self.page.goto(self.url(path), wait_until="load")
        self._arrived(response, status)
        return response

    def follow(self, target: Locator | str, *, status: int = 200) -> Response | None:
        """Click a link or button that leads to another page."""
        locator = self._locator(target)
        return self._navigate(locator.click, status)

    def submit(self, button: str = "Continue", *, status: int = 200) -> Response | None:
        """Press a form's submit button by its visible text."""
        locator = self.page.locator("main").get_by_role("button", name=button, exact=True)
        return self._navigate(locator.click, status)

    def _navigate(self, action: Callable[[], None], status: int) -> Response | None:
        with self.page.expect_navigation(wait_until="load") as navigation:
            action()
        response = navigation.value
        self._arrived(response, status)
        return response

    def _locator(self, target: Locator | str) -> Locator:
        if isinstance(target, str):
            return self.page.get_by_role("link", name=target, exact=True).first
        return target

    def _arrived(self, response: Response | None, status: int) -> None:
        assert response is not None, f"no response navigating to {self.page.url}"
        assert response.status == status, (
            f"{response.request.method} {response.url} gave {response.status}, expected {status}"
        )
        self.check_page()

    # --- checks ---------------------------------------------------------------

    def check_page(self) -> None:
        """Fail on broken assets, console errors, and any WCAG 2.2 A/AA violation."""
        self.page.wait_for_load_state("load")
        self.raise_problems()
        self.problems += self.page.evaluate(MARKUP_PROBLEMS)
        self.raise_problems()
        self.checker.check(self.page, javascript=self.javascript)
        self.pages_checked.append(self.page.url)
        # The check's round trips have delivered every earlier load event.
        self.loads_checked = self.loads
        self.raise_problems()

    def raise_problems(self) -> None:
        if self.problems:
            found, self.problems = self.problems, []
            raise BrowserProblem(f"on {self.page.url}:\n  " + "\n  ".join(found))

    def close(self, *, test_failed: bool = False) -> None:
        # One round trip delivers any load event still on its way.
        with contextlib.suppress(Error):
            self.page.evaluate("() => 0")
        unchecked = self.loads - self.loads_checked
        self.context.close()
        if test_failed:
            return  # the test's own failure says what went wrong
        self.raise_problems()
        if unchecked > 0:
            raise BrowserProblem(
                f"{unchecked} page load(s) were never checked with axe (last: {self.page.url}); "
                "navigate with Tab.visit/follow/submit"
            )

    # --- reading the page -----------------------------------------------------

    def heading(self) -> str:
        return self.page.locator("main h1").first.inner_text().strip()

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()
