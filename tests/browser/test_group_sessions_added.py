"""A manager adds a session to a running group on a phone without JavaScript:
members are booked, and a member with a clash is named on the page (issue 26).
Every page is checked by axe."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from tandem.groups import enrolling
from tandem.groups.models import JoinsBy
from tandem.groups.tests.helpers import member, programme
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.clinic import book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("TANDEM_SCREENSHOTS", "")


def shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    fits_the_screen(tab)
    if SHOTS:
        tab.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_adding_a_session_books_members_and_names_a_clash(
    open_tab: OpenTab, personas: Personas
) -> None:
    clinic = build_clinic(personas)
    group = programme(personas, clinic, sessions=1)
    for person in (personas.su, member(personas, "Ada")):
        enrolling.enrol(
            actor=personas.clinician, programme=group, service_user=person, joins_by=JoinsBy.ROOM
        )
    last = group.sessions.get()
    when = timezone.localtime(last.starts_at + dt.timedelta(days=7))
    # Sam already has a check-in then, with someone who does not run the group.
    book(personas, clinic, day=when.date(), hour=when.hour, clinician=personas.manager)

    morgan = on_a_phone(open_tab(javascript=False))
    steps.sign_in(morgan, personas.manager)
    morgan.visit(f"/groups/{group.pk}/")
    morgan.follow("Add a session")
    shot(morgan, "groups-add-session")
    steps.fill_date(morgan, "day", str(when.day), str(when.month), str(when.year))
    morgan.page.get_by_label("Start time").fill(f"{when:%H:%M}")
    morgan.page.get_by_label("Length of the session, in minutes").fill("90")
    morgan.submit("Add the session")

    assert morgan.heading() == group.name
    text = morgan.main_text()
    assert "1 member booked" in text
    assert "Sam Taylor already has an appointment then: Check-in on" in text
    assert group.sessions.count() == 2
    shot(morgan, "groups-session-added")
