"""Someone not known to the service finds an open crisis café without signing in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Locator

from tandem.directory.services import Hours
from tandem.directory.tests.helpers import add, assess, make_overdue
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Open round the clock, so 'open now' finds it whenever the test runs.
ALWAYS = [
    Hours(weekday=d, opens=dt.time(0), closes=dt.time(0), closes_next_day=True) for d in range(7)
]


def button_link(tab: Tab, name: str) -> Locator:
    """A link drawn as a button: the NHS design system gives it the button role."""
    return tab.page.locator("main").get_by_role("button", name=name, exact=True)


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


def test_an_administrator_adds_an_entry_and_checks_an_overdue_one(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given an entry past its check date, and the administrator signed in without JavaScript
    stale = add(personas.admin, name="Stale Café", hours=ALWAYS)
    make_overdue(stale)
    tab = open_tab(javascript=False)
    steps.sign_in(tab, personas.admin)

    # When they open the directory from the menu
    tab.follow(tab.page.locator("header").get_by_role("link", name="Local support"))

    # Then the overdue entry is listed as needing checking
    assert tab.heading() == "Directory of local support"
    assert "Needs checking" in tab.main_text()

    # When they add a service with an opening that ends before it starts
    tab.follow(button_link(tab, "Add a service"))
    page = tab.page
    page.get_by_label("Name of the service").fill("Willow Peer Group")
    page.get_by_label("Peer support group").check()
    page.get_by_label("What it offers").fill("A weekly group run by people with lived experience.")
    page.get_by_label("Who it is for").fill("Adults")
    page.get_by_label("You can contact them yourself").check()
    page.get_by_label("Phone number").fill("020 7946 0321")
    page.get_by_label("Area served").fill("Leeds")
    page.locator("#id_opens_2").fill("18:30")
    page.locator("#id_closes_2").fill("17:00")
    tab.submit("Save")

    # Then they are told what is wrong, and nothing is saved
    messages = steps.error_summary_messages(tab)
    assert list(messages.values()) == ["id_closes_2"]
    assert "closing time must be after the opening time" in next(iter(messages))

    # When they put it right
    page.locator("#id_closes_2").fill("20:00")
    tab.submit("Save")

    # Then the entry is shown with its hours
    assert tab.heading() == "Willow Peer Group"
    assert "6:30pm to 8pm" in tab.main_text()

    # When they check the overdue entry
    tab.follow("Back to the directory")
    tab.follow("Stale Café")
    assert "Past its check date" in tab.main_text()
    tab.follow(button_link(tab, "Mark as checked"))
    tab.submit("These details are right")

    # Then nothing needs checking any more
    assert "Stale Café marked as checked" in tab.main_text()
    tab.follow("Back to the directory")
    assert "Needs checking" not in tab.main_text()

    # When they open the library of digital tools and a tool with a gap in its assessment
    assess(personas.admin, usability="not_met")
    tab.follow("library of digital tools")
    tab.follow("Tidewater Mood Diary")

    # Then it says it cannot be recommended, and why
    text = tab.main_text()
    assert "Cannot be recommended" in text
    assert "Usability and accessibility: not met" in text
    tab.follow(button_link(tab, "Record a new assessment"))
    assert tab.heading() == "Assess Tidewater Mood Diary"
