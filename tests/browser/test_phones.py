"""Tandem on a 360 px phone: no page wider than the screen for any of the five
kinds of people, a caseload and an inbox that read as short lists, long words
that wrap, and insights whose tables come first and whose charts keep their text
readable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tandem.insights.tests.helpers import Clinic, person
from tandem.messaging.attachments import check_file
from tandem.messaging.immutability import empty_message_tables
from tandem.messaging.models import Thread
from tandem.messaging.tests import files
from tandem.messaging.tests.helpers import sam_writes
from tandem.people.models import CaseloadEntry
from tests import factories
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import PHONE, fits_the_screen, on_a_phone
from tests.browser.tab import Tab
from tests.personas import Personas

pytestmark = pytest.mark.browser

# A file name longer than any screen is wide (kept to the first 100 characters).
LONG_NAME = "Letter-from-my-employer-" + "x" * 226 + ".pdf"
LONG_WORD = "https://example.org/" + "a" * 200

# Enough people for a caseload to show its shape: the demo's care coordinator
# has 20.
CASELOAD = 20
# Each person's row holds three short lines (name; NHS number and date of birth;
# team and care coordinator, which may wrap once): at most 120 px at 16 px text.
# So 20 people take at most 2,400 px, where cards of five label-and-value lines
# took about 5,500 px.
ROW_HEIGHT_AT_MOST = 120


@pytest.fixture(autouse=True)
def _empty_messages_after_the_test() -> Iterator[None]:
    # Sent messages refuse DELETE, and Django empties a SQLite test database
    # with DELETE after each browser test: erase them deliberately first.
    yield
    empty_message_tables()


def long_words(personas: Personas) -> Thread:
    """Sam writes with a long unbroken link and a file with a very long name."""
    return sam_writes(
        personas,
        subject="About my letter",
        body=f"Here is the link {LONG_WORD} and the letter.",
        files=[check_file(files.upload(LONG_NAME, files.pdf_bytes(), "application/pdf"))],
    )


def nav_paths(tab: Tab) -> list[str]:
    hrefs: list[str] = tab.page.eval_on_selector_all(
        "header nav a[href^='/']", "links => links.map((a) => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


@pytest.mark.parametrize("who", ["service_user", "carer", "clinician", "manager", "admin"])
def test_no_main_page_is_wider_than_a_phone(
    open_tab: OpenTab, personas: Personas, who: str
) -> None:
    # Given Sam has written with a long link and a file with a very long name
    thread = long_words(personas)
    extra = {
        "service_user": [f"/messages/{thread.pk}/", "/help/", "/video/"],
        "carer": ["/help/"],
        "clinician": [f"/messages/inbox/{thread.pk}/", f"/people/{personas.su.pk}/"],
        "manager": [f"/messages/inbox/{thread.pk}/"],
        "admin": [],
    }[who]

    # When each of them signs in on a phone and opens every page in their menu
    tab = on_a_phone(open_tab())
    user = personas.all()[who]
    assert user is not None
    steps.sign_in(tab, user)
    paths = [*nav_paths(tab), *extra]
    assert len(paths) >= 3, paths

    # Then no page is wider than the screen, and nothing is cut off at its edge
    for path in paths:
        tab.visit(path)
        fits_the_screen(tab)


def test_a_long_file_name_wraps_in_the_thread(open_tab: OpenTab, personas: Personas) -> None:
    thread = long_words(personas)
    tab = on_a_phone(open_tab())
    steps.sign_in(tab, personas.clinician)
    tab.visit(f"/messages/inbox/{thread.pk}/")
    name = tab.page.get_by_text(LONG_NAME[:40], exact=False).first
    box = name.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE["width"]
    fits_the_screen(tab)


def test_the_caseload_and_inbox_are_short_lists_on_a_phone(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee coordinates the care of 20 people, and has messages waiting
    for n in range(CASELOAD - 1):
        someone = factories.ServiceUserFactory(
            given_name=f"Person{n}", nhs_number=str(9991230000 + n)
        )
        CaseloadEntry.objects.create(
            service_user=someone, team=personas.team_a, care_coordinator=personas.clinician.staff
        )
    long_words(personas)
    sam_writes(personas, subject="Can I bring someone with me to my appointment next week?")

    # When Dr Lee opens the caseload on a phone
    tab = on_a_phone(open_tab())
    steps.sign_in(tab, personas.clinician)
    tab.visit("/caseload/")

    # Then each person is a short row, and the page is no wider than the screen
    rows = tab.page.locator("table tbody tr")
    assert rows.count() == CASELOAD
    table = tab.page.locator("table").bounding_box()
    assert table is not None
    assert table["height"] <= CASELOAD * ROW_HEIGHT_AT_MOST, table
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box is not None and box["height"] <= ROW_HEIGHT_AT_MOST, (i, box)
    fits_the_screen(tab)

    # And the inbox shows every column's words within the screen
    tab.visit("/messages/inbox/")
    assert tab.page.locator("table tbody tr").count() == 2
    table = tab.page.locator("table").bounding_box()
    assert table is not None and table["x"] + table["width"] <= PHONE["width"], table
    assert tab.page.get_by_role("link", name="About my letter").is_visible()
    fits_the_screen(tab)


CHART_TEXT = """() => [...document.querySelectorAll('svg.tandem-chart')].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
  return [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size')) * scale)
})"""

TABLE_BEFORE_CHART = """() => [...document.querySelectorAll('.tandem-chart-pair')].map((pair) => {
  const chart = pair.querySelector('svg.tandem-chart')
  const table = pair.querySelector('table')
  return chart ? table.getBoundingClientRect().top < chart.getBoundingClientRect().top : true
})"""


def test_insights_on_a_phone_show_the_table_first_and_readable_charts(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a year of appointments in Morgan's team
    clinic = Clinic(personas)
    for n in range(12):
        someone = person(personas.team_a, date_of_birth=dt.date(1950 + n * 4, 3, 1))
        clinic.add(
            someone, team=personas.team_a, on=dt.date(2026, 3, 2), way="video", attendance="5"
        )
        clinic.add(
            someone, team=personas.team_a, on=dt.date(2026, 9, 1), way="phone", attendance="3"
        )

    # When Morgan reads the report on a phone
    tab = on_a_phone(open_tab())
    steps.sign_in(tab, personas.manager)
    tab.visit(
        "/insights/?first_day=1&first_month=1&first_year=2026&last_day=31&last_month=12&last_year=2026"
    )
    assert tab.heading() == "Equity and service insights"

    # Then every chart's table comes before it, and no chart text is under 12 px
    order = tab.page.evaluate(TABLE_BEFORE_CHART)
    assert order and all(order), order
    sizes = tab.page.evaluate(CHART_TEXT)
    assert sizes, "no charts drawn"
    assert min(sizes) >= 12, min(sizes)
    # And the page itself is no wider than the screen (charts scroll in their own box)
    fits_the_screen(tab)


def test_card_and_warning_headings_are_said_once(open_tab: OpenTab, personas: Personas) -> None:
    # When Sam opens his home page and the page to write to his team on a phone
    tab = on_a_phone(open_tab())
    user = personas.all()["service_user"]
    assert user is not None
    steps.sign_in(tab, user)
    tab.visit("/me/")
    card = tab.page.locator(".nhsuk-card").filter(
        has=tab.page.get_by_role("link", name="Your appointments")
    )
    # Then each card's heading is shown once, not again above its description
    assert card.inner_text().count("Your appointments") == 1, card.inner_text()
    fits_the_screen(tab)
    # And so is the heading of the warning that messages are not read around the clock
    tab.visit("/messages/new/")
    warning = tab.page.locator("#not-watched").inner_text()
    assert warning.count("Messages are not read around the clock") == 1, warning
    fits_the_screen(tab)
