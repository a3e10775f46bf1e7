"""Sam and Dr Lee hold a video appointment in two real Chromium pages with fake
cameras and microphones: Sam checks his devices, confirms his phone number and
waits; Dr Lee records the safety check and lets him in; each sees the other's
video; Sam uses the agreed 'Check my sound' signal and Dr Lee is told privately;
they chat; Sam leaves and his call quality is recorded.

Keep media on loopback by running this in a private network namespace:

    unshare --net sh -c 'ip link set lo up &&
        exec .venv/bin/pytest tests/browser/test_video_call.py'

(SQLite needs nothing more; reach PostgreSQL through its Unix socket there.)
Outside one, both browsers still run on this machine and so does their media.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
from django.db import OperationalError

from tandem.consult.models import CallQuality, CantTalkSignal, SafetyCheck
from tandem.consult.tests.helpers import video_appointment
from tandem.notify.models import Message
from tests.browser import steps
from tests.browser.tab import Tab
from tests.browser.video import (  # the fixtures register by their names
    OpenVideoTab,
    asgi_server_fixture,  # noqa: F401
    only_loopback,
    open_video_tab_fixture,  # noqa: F401
    video_browser_fixture,  # noqa: F401
)
from tests.personas import Personas

pytestmark = pytest.mark.browser
T = TypeVar("T")

VIDEO_TIMEOUT_MS = 20_000
RECEIVING_VIDEO = """() => [...document.querySelectorAll('video[data-peer]')]
  .some((v) => v.videoWidth > 0 && v.readyState >= 2)"""
FRAMES_DECODED = "async () => (await window.consultCall.stats()).framesDecoded"
SELECTED_ADDRESSES = """async () => {
  const addresses = []
  for (const { pc } of window.consultCall.peers.values()) {
    const stats = await pc.getStats()
    const all = new Map()
    stats.forEach((s) => all.set(s.id, s))
    stats.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        addresses.push(all.get(s.localCandidateId).address, all.get(s.remoteCandidateId).address)
      }
    })
  }
  return addresses
}"""


def settled(read: Callable[[], T]) -> T:
    """``read()``, tried again while another thread holds a table lock (SQLite only)."""
    for _ in range(40):
        try:
            return read()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.05)
    return read()


def receives_video(tab: Tab) -> None:
    tab.page.wait_for_function(RECEIVING_VIDEO, timeout=VIDEO_TIMEOUT_MS)
    tab.page.wait_for_function(
        f"async () => ({FRAMES_DECODED.removeprefix('async () => ')}) > 0",
        timeout=VIDEO_TIMEOUT_MS,
    )


def test_sam_and_dr_lee_see_each_other(open_video_tab: OpenVideoTab, personas: Personas) -> None:
    appointment = video_appointment(personas)
    pk = appointment.pk

    # Given Sam is signed in, with a video appointment starting in five minutes
    sam = open_video_tab()
    steps.sign_in(sam, personas.service_user)

    # When he checks his camera, microphone and connection
    sam.visit(f"/video/{pk}/")
    assert sam.heading() == "Check your camera, microphone and connection"
    for check in ("consult-camera", "consult-connection"):
        sam.page.wait_for_function(
            f"() => document.getElementById('{check}').textContent.startsWith('working')"
        )
    sam.submit("Continue")

    # And confirms the number to ring if the video fails
    assert sam.heading() == "Confirm your phone number"
    sam.page.get_by_label("Phone number").fill("0113 496 0999")
    sam.submit("Confirm and go to the waiting room")

    # Then he is told he is waiting and that Dr Lee knows
    assert sam.heading() == "You are waiting"
    assert "Dr Casey Lee knows you are here." in sam.main_text()

    # Given Dr Lee opens the call and records the safety check
    lee = open_video_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/video/{pk}/call/")
    assert "The call has not started until you record the safety check" in lee.main_text()
    lee.page.get_by_label("I have confirmed who I am speaking to").check()
    lee.page.get_by_label("Where are they now?").fill("12 Example Road, Leeds")
    lee.page.get_by_label("Yes").check()
    lee.submit("Record the safety check")
    assert "The call has started" in lee.main_text()

    # When Dr Lee lets Sam in, Sam's waiting room moves on by itself
    with sam.page.expect_navigation(wait_until="load") as moved_on:
        lee.submit("Admit Sam Taylor")
    sam._arrived(moved_on.value, 200)
    assert sam.page.url.endswith(f"/video/{pk}/call/")
    assert sam.heading() == "Your video appointment"

    # Then each receives the other's video
    receives_video(sam)
    receives_video(lee)
    if only_loopback():
        assert set(sam.page.evaluate(SELECTED_ADDRESSES)) <= {"127.0.0.1", "::1"}

    # When Sam presses the agreed 'Check my sound'
    sam.page.get_by_role("button", name="Check my sound").click()

    # Then Sam sees an ordinary sound check, and Dr Lee is told privately
    sam.page.get_by_text("Sound check done. Your sound is working.").wait_for()
    lee.page.locator("#consult-cant-talk").wait_for(state="visible")
    assert "They may not be able to talk freely" in lee.main_text()
    assert "talk freely" not in sam.main_text()

    # And they can type to each other
    sam.page.get_by_label("Message").fill("My sound keeps cutting out")
    sam.page.locator("#consult-chat").get_by_role("button", name="Send").click()
    lee.page.locator("#consult-chat-log").get_by_text("My sound keeps cutting out").wait_for()

    # When Sam leaves, how well the call worked is recorded
    sam.page.get_by_role("button", name="Leave the call").click()
    sam.page.get_by_text("You have left the call.").wait_for()
    lee.page.get_by_text("The others have left the call.").wait_for()
    sam.page.wait_for_function("() => window.consultCall.reported !== undefined")
    assert sam.page.evaluate("async () => (await window.consultCall.reported).status") == 200

    # Then what was recorded is in the database (read once the pages are quiet: the
    # in-memory SQLite test database locks whole tables between threads)
    assert settled(lambda: SafetyCheck.objects.filter(room__appointment=appointment).count()) == 1
    assert (
        settled(lambda: CantTalkSignal.objects.filter(room__appointment=appointment).count()) == 1
    )
    quality = settled(
        lambda: CallQuality.objects.get(
            room__appointment=appointment, participant__user=personas.service_user
        )
    )
    assert quality.time_to_connect_ms is not None
    assert quality.ending == "hung_up"
    assert quality.relay_used is False


def invitation_link(lee: Tab, personas: Personas) -> str:
    """The link Dr Lee's invitation made: on screen, or in the carer's outbox message."""
    shown = lee.page.locator("code.tandem-invite-link")
    if shown.count():
        return shown.inner_text()
    message = settled(
        lambda: Message.objects.filter(template="video_invite").order_by("-pk").first()
    )
    assert message is not None
    return str(message.personalisation["link"])


def test_a_carer_joins_with_consent_and_is_refused_once_it_is_withdrawn(
    open_video_tab: OpenVideoTab, personas: Personas
) -> None:
    appointment = video_appointment(personas)
    pk = appointment.pk

    # Given Dr Lee is in Sam's call, and Sam lets Alex join video calls
    lee = open_video_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/video/{pk}/call/")

    # When Dr Lee invites Alex by a single-use link
    lee.follow("Invite a carer or an interpreter")
    assert lee.heading() == "Invite someone to the call"
    lee.page.get_by_label("Alex Taylor (Partner)").check()
    lee.page.get_by_label("Email", exact=True).check()
    lee.submit("Send the invitation")
    assert lee.heading() == "Invitation made for Alex Taylor"
    path = urlsplit(invitation_link(lee, personas)).path

    # And Alex opens it, checks their camera and waits
    alex = open_video_tab()
    alex.visit(path)
    assert alex.heading() == "Join a video appointment"
    alex.submit("Join")
    assert alex.heading() == "Check your camera, microphone and connection"
    alex.page.wait_for_function(
        "() => document.getElementById('consult-connection').textContent.startsWith('working')"
    )
    alex.submit("Continue")
    assert alex.heading() == "You are waiting"

    # Then Dr Lee lets Alex in from the call, and they see each other
    lee.visit(f"/video/{pk}/call/")
    with alex.page.expect_navigation(wait_until="load") as moved_on:
        lee.submit("Admit Alex Taylor")
    alex._arrived(moved_on.value, 200)
    receives_video(alex)
    receives_video(lee)

    # When Sam withdraws 'join video calls', the same link no longer works
    personas.carer_link.can_join_video = False
    personas.carer_link.save()
    alex.visit(path)
    assert alex.heading() == "This link does not work"
    # And Alex's place in the call is gone from the next page on
    alex.visit(f"/video/{pk}/call/")
    assert alex.heading() == "Sign in to Tandem"
