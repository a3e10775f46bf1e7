"""A group session by video through Janus: Dr Lee facilitates, five members
join, each in a real Chromium page with a fake camera and microphone.

Every member checks their devices and answers the safety check, waits, and is
let in; then every member receives Dr Lee's video and Dr Lee receives each
member's, a chat line reaches all six, a member removed is out until let back
in, and ending the session moves every member's page on to say so, the one
let back in included (HAZ-305). A second test: Janus is down, and the group is
told to join by phone; and Janus failing mid-call says the same. A third: a
member without an account joins by the link in their reminder (HAZ-337).

The control of Janus itself (private rooms, tokens, pins, kick, destroy) is
tested against a real Janus in ``tandem/groupcall/tests``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Browser, Playwright
from pytest_django.fixtures import Settings

from tandem.appointments.models import Appointment
from tandem.consult import join_links
from tandem.consult.tests.helpers import person_without_account, video_appointment
from tandem.groupcall import janus_process
from tandem.groupcall.tests.helpers import group_session
from tandem.groups.models import Enrolment
from tandem.people.models import User
from tests.browser import steps
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.tab import Tab
from tests.browser.video import (  # the fixtures register by their names
    MEDIA_ARGS,
    OpenVideoTab,
    asgi_server_fixture,  # noqa: F401
    open_video_tab_fixture,  # noqa: F401
)
from tests.personas import Personas

pytestmark = pytest.mark.browser

FAKE_DEVICES = "--use-fake-device-for-media-stream"
FEW_FRAMES = f"{FAKE_DEVICES}=fps=5"
# Six pages sending and receiving through Janus on a busy two-core machine.
VIDEO_TIMEOUT_MS = 60_000
PLAYING = """(name) => [...document.querySelectorAll('video[data-peer]')]
  .some((v) => v.dataset.peer === name && v.videoWidth > 0 && v.readyState >= 2)"""


@pytest.fixture(scope="module", name="video_browser")
def video_browser_fixture(playwright: Playwright) -> Iterator[Browser]:
    """Chromium with fake cameras at 5 frames a second (Chromium's default is 20):
    six pages each sending one camera and receiving five share two cores with
    Janus and the server, and a frame decoded is all the test looks for."""
    args = [FEW_FRAMES if arg == FAKE_DEVICES else arg for arg in MEDIA_ARGS]
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *args])
    yield launched
    launched.close()


@pytest.fixture
def janus(tmp_path: Path, settings: Settings) -> Iterator[janus_process.RunningJanus]:
    running = janus_process.start(directory=tmp_path / "janus")
    settings.TANDEM_JANUS_URL = running.url
    settings.TANDEM_JANUS_PUBLIC_URL = running.url
    settings.TANDEM_JANUS_ADMIN_URL = running.admin_url
    settings.TANDEM_JANUS_API_SECRET = running.conf.api_secret
    settings.TANDEM_JANUS_ADMIN_SECRET = running.conf.admin_secret
    settings.TANDEM_JANUS_ADMIN_KEY = running.conf.admin_key
    yield running
    running.stop()


def origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}".format(urlsplit(url))


def is_cut_off_poll(problem: str) -> bool:
    """The waiting room's poll, cut off when the page moves on into the call."""
    return problem.startswith("request failed: GET ") and "(fetch): net::ERR_ABORTED" in problem


def signed_in(tab: Tab, member: User) -> None:
    """The member's tab takes over a signed-in session. Signing in through the
    form is tested elsewhere; here it would be ten more pages to load and check."""
    client = Client()
    client.force_login(member)
    tab.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": tab.base_url,
            }
        ]
    )


def arrives(tab: Tab, session_id: int) -> None:
    """A member opens the session, checks their devices, answers the check and waits."""
    tab.visit(f"/group-calls/{session_id}/")
    assert tab.heading() == "Before you join the group"
    tab.page.wait_for_function(
        "() => document.getElementById('groupcall-devices').textContent.endsWith('working')"
    )
    tab.page.get_by_label("Where are you now?").fill("At home")
    tab.page.get_by_label("Yes").check()
    tab.submit("Continue to the waiting room")
    assert tab.heading() == "You are waiting to join the group"


def moves_into_the_call(member: Tab) -> None:
    """A member let in: their waiting room's poll takes them into the call."""
    member.page.wait_for_url(re.compile(r"/call/$"), timeout=VIDEO_TIMEOUT_MS)
    member.page.get_by_role("heading", name="Managing anxiety").wait_for()
    member.problems = [p for p in member.problems if not is_cut_off_poll(p)]
    member.check_page()


def leaves_the_call(tab: Tab, press: Callable[[], object]) -> None:
    """Leave the facilitator's page: its panel's refresh may be cut off on the way."""
    with tab.page.expect_navigation(timeout=30_000) as moved:
        press()
    tab.problems = [p for p in tab.problems if not is_cut_off_poll(p)]
    tab._arrived(moved.value, 200)


def plays(tab: Tab, name: str) -> None:
    tab.page.wait_for_function(PLAYING, arg=name, timeout=VIDEO_TIMEOUT_MS)


def test_a_facilitator_and_five_members_on_the_sfu(
    open_video_tab: OpenVideoTab, personas: Personas, janus: janus_process.RunningJanus
) -> None:
    session, users = group_session(personas, members=5)
    names = ["Sam", "Ash", "Bea", "Cal", "Dee"]
    lee_name = personas.clinician.full_name

    # Given Dr Lee has opened the video room
    lee = open_video_tab()
    lee.allow_origin(origin(janus.url))
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/group-calls/{session.pk}/facilitate/")
    lee.submit("Open the video room")
    assert lee.heading() == "Group call: Managing anxiety"

    # When each member arrives, answers the safety check and waits
    members: dict[str, Tab] = {}
    for name, user in zip(names, users, strict=True):
        tab = open_video_tab()
        tab.allow_origin(origin(janus.url))
        signed_in(tab, user)
        arrives(tab, session.pk)
        members[name] = tab

    # And Dr Lee, seeing each one's answers in the panel, lets them all in
    for name in names:
        # The panel refreshes itself: wait until it shows the member's answers.
        lee.page.locator("#groupcall-waiting li", has_text=name).filter(
            has_text="Where: At home"
        ).get_by_role("button", name=f"Let in {name}").click()
        lee.page.locator("#groupcall-in-call li", has_text=name).wait_for()
    for tab in members.values():
        moves_into_the_call(tab)

    # Then every member receives Dr Lee's video, and Dr Lee receives each member's
    for tab in members.values():
        plays(tab, lee_name)
    for name in names:
        plays(lee, name)
    lee.check_page()

    # When Ash types in the chat, everyone sees it with Ash's first name
    ash = members["Ash"]
    ash.page.get_by_label("Message").fill("Hello everyone")
    ash.page.locator("#groupcall-chat").get_by_role("button", name="Send").click()
    for tab in (lee, *members.values()):
        line = tab.page.locator("#groupcall-chat-log li").filter(has_text="Hello everyone")
        line.wait_for()
        assert line.inner_text() == "Ash: Hello everyone"

    # When Dr Lee removes Bea, her page says so, and she cannot get back in
    bea = members["Bea"]
    with bea.page.expect_navigation(timeout=VIDEO_TIMEOUT_MS) as moved:
        lee.page.get_by_role("button", name="Remove Bea").click()
    bea._arrived(moved.value, 200)
    assert bea.heading() == "You are no longer in this group call"
    bea.visit(f"/group-calls/{session.pk}/call/")
    assert bea.heading() == "You are no longer in this group call"

    # Until Dr Lee lets her back in
    bea.visit(f"/group-calls/{session.pk}/waiting/")
    assert bea.heading() == "You are no longer in this group call"
    lee.page.get_by_role("button", name="Let back in Bea").click()
    lee.page.get_by_role("button", name="Remove Bea").wait_for()
    bea.visit(f"/group-calls/{session.pk}/waiting/")
    assert bea.heading() == "Managing anxiety"
    plays(bea, lee_name)
    plays(lee, "Bea")

    # When Dr Lee ends the session, her page says so
    leaves_the_call(lee, lee.page.get_by_role("button", name="End the session for everyone").click)
    assert lee.heading() == "This group call has ended"
    # And every member's page moves on to say so too, Bea's (let back in) included
    for tab in members.values():
        tab.page.get_by_role("heading", name="This group call has ended").wait_for(
            timeout=VIDEO_TIMEOUT_MS
        )
        tab.check_page()


def test_with_janus_down_the_group_is_told_to_join_by_phone(
    open_video_tab: OpenVideoTab, personas: Personas, janus: janus_process.RunningJanus
) -> None:
    session, users = group_session(personas, members=1)

    # Given Dr Lee is in the call
    lee = open_video_tab()
    lee.allow_origin(origin(janus.url))
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/group-calls/{session.pk}/facilitate/")
    lee.submit("Open the video room")
    lee.page.get_by_text("You are in the call.").wait_for()

    # When Janus stops mid-session, Dr Lee's page says so, with the phone number
    janus.stop()
    down = lee.page.locator("#groupcall-down")
    down.wait_for(state="visible", timeout=VIDEO_TIMEOUT_MS)
    assert "ring Northgate CMHT on 01134960001" in down.inner_text()
    lee.problems = [p for p in lee.problems if "127.0.0.1:" + str(janus.conf.http_port) not in p]

    # And a member arriving now is told plainly to join by phone
    sam = open_video_tab()
    steps.sign_in(sam, users[0])
    sam.visit(f"/group-calls/{session.pk}/")
    assert sam.heading() == "Group video is not available"
    assert "ring Northgate CMHT on 01134960001" in sam.main_text()
    leaves_the_call(lee, lambda: lee.page.goto(lee.url(f"/group-calls/{session.pk}/facilitate/")))
    assert lee.heading() == "Group video is not available"


def test_a_member_without_an_account_joins_from_the_link_in_their_reminder(
    open_video_tab: OpenVideoTab, personas: Personas, janus: janus_process.RunningJanus
) -> None:
    """Jo has no account: her link asks her date of birth, then she goes the same
    way in as a signed-in member, and Dr Lee and she see each other (HAZ-337)."""
    session, _ = group_session(personas)
    jo = person_without_account(personas)
    Enrolment.objects.create(
        programme=session.programme, service_user=jo, state="enrolled", joins_by="video",
        enrolled_by=personas.clinician,
    )  # fmt: skip
    place = video_appointment(personas, person=jo)
    Appointment.objects.filter(pk=place.pk).update(group_session=session)
    place.refresh_from_db()
    link = join_links.issue(appointment=place, actor=None)

    # Given Dr Lee has opened the video room
    lee = open_video_tab()
    lee.allow_origin(origin(janus.url))
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/group-calls/{session.pk}/facilitate/")
    lee.submit("Open the video room")

    # When Jo opens her link and gives her date of birth
    tab = open_video_tab()
    tab.allow_origin(origin(janus.url))
    tab.visit(link)
    assert tab.heading() == "Check it is you"
    steps.fill_date(tab, "date_of_birth", "27", "3", "1985")
    tab.submit("Continue")
    assert tab.heading() == "Before you join the group"
    tab.page.wait_for_function(
        "() => document.getElementById('groupcall-devices').textContent.endsWith('working')"
    )
    tab.page.get_by_label("Where are you now?").fill("At home")
    tab.page.get_by_label("Yes").check()
    tab.submit("Continue to the waiting room")
    assert tab.heading() == "You are waiting to join the group"

    # And Dr Lee lets her in, by her first name
    lee.page.locator("#groupcall-waiting li", has_text="Jo").filter(
        has_text="Where: At home"
    ).get_by_role("button", name="Let in Jo").click()
    moves_into_the_call(tab)

    # Then each sees the other's video, and her chat line reaches Dr Lee
    plays(tab, personas.clinician.full_name)
    plays(lee, "Jo")
    tab.page.get_by_label("Message").fill("Hello, it is Jo")
    tab.page.locator("#groupcall-chat").get_by_role("button", name="Send").click()
    line = lee.page.locator("#groupcall-chat-log li").filter(has_text="Hello, it is Jo")
    line.wait_for()
    assert line.inner_text() == "Jo: Hello, it is Jo"
    lee.check_page()
