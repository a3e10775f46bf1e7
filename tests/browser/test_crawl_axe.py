"""A sample of every kind of page each demo person can reach, in a real browser.

tests/test_crawl.py follows every link with Django's test client; this
follows the first few the same way (failing on what that crawl fails on),
then opens the first page of each kind (one per address pattern, the first
few per person) in Chromium, where the tab fails on any axe-core WCAG 2.2
A/AA violation, console error or broken asset.
The sample is bounded so the test stays within a couple of minutes on a busy
2-core machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.conf import settings

from tandem.messaging.immutability import empty_message_tables
from tests import crawl
from tests.browser.conftest import OpenTab

pytestmark = pytest.mark.browser

# Pages of each person, in the order a person meets them from their home page.
PAGES_PER_PERSON = 8
CRAWLED_PER_PERSON = 30


@pytest.fixture
def demo(transactional_db: None) -> Iterator[tuple[str, ...]]:
    yield tuple(crawl.seed_demo())
    # Sent messages refuse DELETE, and Django empties a SQLite test database
    # with DELETE after each browser test: erase them deliberately first.
    empty_message_tables()


def sample(found: crawl.Crawl) -> list[str]:
    """One page per pattern, ignoring query strings (a filter of a list is the
    same page to axe), leaving out the calls themselves (the video tests open
    them with a camera and microphone)."""
    chosen: dict[str, str] = {}
    for key, url in found.patterns().items():
        if crawl.OPENS_A_CALL.match(url):
            continue
        chosen.setdefault(key.split("?")[0], url)
    return list(chosen.values())[:PAGES_PER_PERSON]


def test_a_sample_of_every_kind_of_page_passes_axe(
    demo: tuple[str, ...], open_tab: OpenTab
) -> None:
    problems: list[str] = []
    visited = 0
    crawling = checking = 0.0
    for who, email in crawl.DEMO_PEOPLE_EMAILS.items():
        client = crawl.signed_in_client(email)
        started = time.monotonic()
        found = crawl.crawl(
            client,
            who,
            needs_help_link=False,
            also_start=demo if who in crawl.STAFF_WITH_SAM else (),
            per_pattern=1,
            max_pages=CRAWLED_PER_PERSON,
        )
        crawling += time.monotonic() - started
        # What the test client saw on the way (tags shown as text, server errors).
        problems.extend(f"{who}: {problem}" for problem in found.problems)
        started = time.monotonic()
        tab = open_tab()
        # The browser takes over the test client's signed-in session.
        tab.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": tab.base_url,
                }
            ]
        )
        for url in sample(found):
            visited += 1
            try:
                tab.visit(url)
            except AssertionError as exc:
                problems.append(f"{who}: {exc}")
        checking += time.monotonic() - started
    print(f"axe checked {visited} pages in {checking:.0f} s; crawling took {crawling:.0f} s")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
