"""Run axe-core (from npm) against whatever a browser tab is showing.

Pages in a JavaScript-enabled tab are checked where they are. Chromium does
not run timers when JavaScript is off, so axe cannot run inside such a page;
its DOM (exactly what the server sent, scripts stripped) is copied into a
JavaScript-enabled checking page that loads the same stylesheets, and axe
runs there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TARGETS_SHOWN = 4
LOCAL = {"localhost", "127.0.0.1", "::1"}

RUN_AXE = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.length,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""

SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
HEAD_RE = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `make install` (npm ci) first")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    id: str
    impact: str | None
    help: str
    help_url: str
    nodes: int
    targets: list[str]

    def describe(self) -> str:
        shown = ", ".join(self.targets[:TARGETS_SHOWN])
        more = f" and {self.nodes - TARGETS_SHOWN} more" if self.nodes > TARGETS_SHOWN else ""
        return (
            f"  - {self.id} [{self.impact or 'unknown impact'}] {self.help} "
            f"({self.nodes} element{'s' if self.nodes != 1 else ''}: {shown}{more})\n"
            f"    {self.help_url}"
        )


class AccessibilityViolations(AssertionError):
    pass


def report(url: str, violations: list[Violation]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.2 A/AA violation(s) on {url}:"]
    lines += [v.describe() for v in violations]
    return "\n".join(lines)


def run_in(page: Page) -> list[Violation]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the page's
        # Content-Security-Policy does not govern (a <script> tag would be refused).
        page.evaluate(axe_source() + "\n;0")
    raw = page.evaluate(RUN_AXE, WCAG_TAGS)
    return [
        Violation(
            id=v["id"],
            impact=v["impact"],
            help=v["help"],
            help_url=v["helpUrl"],
            nodes=v["nodes"],
            targets=v["targets"],
        )
        for v in raw
    ]


def without_scripts(html: str, base_url: str) -> str:
    """The page as a browser without JavaScript renders it, anchored at its own address."""
    html = SCRIPT_RE.sub("", html)
    base = f'<base href="{base_url}">'
    match = HEAD_RE.search(html)
    if match is None:
        return base + html
    return html[: match.end()] + base + html[match.end() :]


def _refuse(route: Route) -> None:
    route.abort("blockedbyclient")


class Checker:
    """Checks tabs against WCAG 2.2 A/AA; one per test session."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self._context: BrowserContext | None = None
        self._page: Page | None = None

    def scripted_page(self) -> Page:
        if self._page is None or self._page.is_closed():
            self._context = self.browser.new_context(java_script_enabled=True)
            # Like the tabs, the copy may only reach this machine (no font CDN).
            self._context.route(lambda url: urlsplit(url).hostname not in LOCAL, _refuse)
            self._page = self._context.new_page()
        return self._page

    def violations(self, page: Page, *, javascript: bool) -> list[Violation]:
        if javascript:
            return run_in(page)
        checking = self.scripted_page()
        checking.set_content(without_scripts(page.content(), page.url), wait_until="load")
        return run_in(checking)

    def check(self, page: Page, *, javascript: bool) -> None:
        found = self.violations(page, javascript=javascript)
        if found:
            raise AccessibilityViolations(report(page.url, found))

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
