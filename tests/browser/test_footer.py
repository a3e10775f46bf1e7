"""Every page's footer links to help, the accessibility statement and privacy."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.tab import Tab

pytestmark = pytest.mark.browser

FOOTER = [
    ("Need help now?", "/help/", "Need help now?"),
    ("Accessibility statement", "/accessibility/", "Accessibility statement"),
    ("How we use your information", "/privacy/", "How we use your information"),
]


def test_footer_links_lead_to_their_pages(tab: Tab) -> None:
    # Given someone on the sign-in page
    tab.visit("/sign-in/")

    for text, path, heading in FOOTER:
        # When they follow a link in the footer
        tab.follow(steps.footer_link(tab, text))

        # Then they reach that page
        assert tab.page.url == tab.url(path)
        assert tab.heading() == heading
