"""Someone not known to the service finds an open crisis café without signing in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tandem.directory.services import Hours
from tandem.directory.tests.helpers import add, make_overdue
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.personas import Personas

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Open round the clock, so 'open now' finds it whenever the test runs.
ALWAYS = [
    Hours(weekday=d, opens=dt.time(0), closes=dt.time(0), closes_next_day=True) for d in range(7)
]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_member_of_the_public_finds_an_open_crisis_cafe(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given a directory with a café open now, one never open, and one past its check date
    add(personas.admin, name="Lantern Crisis Café", hours=ALWAYS)
    add(personas.admin, name="Shut Door Café", hours=[])
    make_overdue(add(personas.admin, name="Stale Café", hours=ALWAYS))

    # And someone not signed in, on a phone, on 'Need help now?'
    tab = on_a_phone(open_tab(javascript=javascript))
    tab.visit("/help/")
    assert tab.heading() == "Need help now?"

    # When they follow the link to local support
    tab.follow("find local support")
    assert tab.heading() == "Find local support"
    fits_the_screen(tab)

    # And search for a crisis café open now
    tab.page.get_by_label("Kind of support").select_option(label="Crisis café or safe haven")
    tab.page.get_by_label("Open now", exact=True).check()
    tab.submit("Search")

    # Then they find only the café that is open and checked
    text = tab.main_text()
    assert "1 service found" in text
    assert "Lantern Crisis Café" in text
    assert "Shut Door Café" not in text
    assert "Stale Café" not in text
    assert "Open now" in text
    assert "need=crisis" in tab.page.url and "when=now" in tab.page.url
    fits_the_screen(tab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(
        path=SCREENSHOTS / f"directory-find-360-{tab.javascript}.png", full_page=True
    )

    # When they open it
    tab.follow("Lantern Crisis Café")

    # Then they see how to reach it, and crisis help is still one step away
    assert tab.heading() == "Lantern Crisis Café"
    assert tab.page.locator("main a[href='tel:+441134960123']").count() == 1
    assert steps.crisis_link(tab).is_visible()
    fits_the_screen(tab)
