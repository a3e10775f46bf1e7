"""An easy-read page never says less than its standard twin without saying so
(HAZ-349).

Each key page is rendered twice for Sam with real things to show (an
appointment in person and one by video, a message thread, a safety plan):
every place the standard page's content links to, every phone number it
offers and every line of Sam's own safety plan must be on the easy-read page
too, unless it is listed below with the reason easy read leaves it out. A
feature added to a standard page later (a new link, a new number) fails here
until its easy-read twin has it or the list says why not, so the gap HAZ-349
describes cannot open unnoticed.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tandem.consult.tests.helpers import video_appointment
from tandem.messaging.tests.helpers import sam_writes
from tandem.preferences import services as preferences
from tandem.safety.tests.helpers import TYPICAL, write_plan
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# What each easy-read page leaves out on purpose, and why. May only shrink.
LEFT_OUT: dict[str, dict[str, str]] = {
    "people:service-user-home": {
        # The easy-read home keeps to appointments, messages, the safety plan and
        # help, and says the other pages are in the standard version (ADR 0062).
        "/care-plan/": "other pages are in the standard version",
        "/carers/": "other pages are in the standard version",
        "/diary/": "other pages are in the standard version",
        "/inclusion/me/help/": "other pages are in the standard version",
        "/inclusion/me/how-you-are-seen/": "other pages are in the standard version",
        "/me/details/": "other pages are in the standard version",
        "/me/record-access/": "other pages are in the standard version",
        "/my-record/": "other pages are in the standard version",
        "/preferences/": "other pages are in the standard version",
        "/questionnaires/": "other pages are in the standard version",
    },
    "appointments:mine": {
        # The standard list links to 'Need help now?'; the easy-read page
        # opens with the crisis numbers themselves (HAZ-348).
        "/help/": "the crisis numbers are on the page itself",
    },
    "messaging:mine": {},
    "safety:mine": {
        # The easy-read plan is the plan as it stands; its earlier versions are
        # in the standard version, which the switch at the top leads to.
        "/safety-plan/history/": "earlier versions are in the standard version",
    },
    "web:help": {},
}


def main_content(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def facts(html: str) -> set[str]:
    """Where the page's content leads and the numbers it offers to call."""
    return set(re.findall(r'href="([^"#?]+)', main_content(html)))


@pytest.fixture(name="sam_has_things")
def sam_has_things_fixture(personas: Personas) -> None:
    video_appointment(personas, starts_in=dt.timedelta(minutes=30))
    video_appointment(personas, starts_in=dt.timedelta(days=3), modality="phone")
    sam_writes(personas)
    write_plan(personas.clinician, personas.su)


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_the_easy_read_page_has_what_the_standard_page_has_or_says_why_not(
    client_for, personas: Personas, sam_has_things: None, name: str
) -> None:
    sam = client_for("service_user")
    standard = sam.get(reverse(name)).text
    preferences.save_access_needs(
        actor=personas.clinician, person=personas.su, values={"easy_read": True}
    )
    easy = sam.get(reverse(name)).text
    assert 'class="tandem-easy-read"' in easy

    missing = facts(standard) - facts(easy)
    assert missing == set(LEFT_OUT[name]), (
        f"{name}: the easy-read page lacks {sorted(missing - set(LEFT_OUT[name]))}; "
        "add them to it, or to LEFT_OUT with the reason"
        if missing - set(LEFT_OUT[name])
        else f"{name}: {sorted(set(LEFT_OUT[name]) - missing)} are on the easy-read page "
        "now: take them off LEFT_OUT"
    )
    # Every number the standard page offers to call is offered on the easy one.
    calls = {fact for fact in facts(standard) if fact.startswith("tel:")}
    assert calls <= facts(easy)


def test_the_easy_read_pages_show_sams_appointments_and_threads(
    client_for, personas: Personas, sam_has_things: None
) -> None:
    """The things themselves, not only the pages' links: each appointment and
    thread Sam has is reachable from both versions (so the check above is not
    passing on empty pages)."""
    sam = client_for("service_user")
    standard = facts(sam.get(reverse("appointments:mine")).text) | facts(
        sam.get(reverse("messaging:mine")).text
    )
    assert len([f for f in standard if re.fullmatch(r"/appointments/me/\d+/", f)]) == 2
    assert [f for f in standard if re.fullmatch(r"/messages/\d+/", f)]


def test_every_line_of_sams_safety_plan_is_in_the_easy_read_plan(
    client_for, personas: Personas, sam_has_things: None
) -> None:
    preferences.save_access_needs(
        actor=personas.clinician, person=personas.su, values={"easy_read": True}
    )
    easy = main_content(client_for("service_user").get(reverse("safety:mine")).text)
    assert 'class="tandem-easy-read"' in easy
    for section in TYPICAL.values():
        for line in section.splitlines():
            assert line.replace("'", "&#39;") in easy, line
