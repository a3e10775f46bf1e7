"""A video call of four, the most one call holds: Sam, Dr Lee, Alex (Sam's partner,
whom Sam lets join video calls) and an interpreter, each in a real Chromium page
with a fake camera and microphone. Dr Lee invites Alex and the interpreter from the
call, lets them in from the waiting room, and then every page shows the other
three people's video, and a chat line typed by the interpreter reaches everyone.

That a fifth person is refused is a rule of the service layer, tested in
tandem/consult/tests/test_services.py (test_a_call_holds_at_most_four_people).

Keep media on loopback by running this in a private network namespace:

    unshare --net sh -c 'ip link set lo up &&
        exec .venv/bin/pytest tests/browser/test_video_group_call.py'
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import WebSocket

from tandem.consult.tests.helpers import video_appointment
from tests.browser import steps
from tests.browser.tab import Tab
from tests.browser.test_video_call import SELECTED_ADDRESSES, invitation_link
from tests.browser.video import (  # the fixtures register by their names
    OpenVideoTab,
    asgi_server_fixture,  # noqa: F401
    only_loopback,
    open_video_tab_fixture,  # noqa: F401
    video_browser_fixture,  # noqa: F401
)
from tests.personas import Personas

pytestmark = pytest.mark.browser

# Four pages each sending to and decoding from three others is a lot for a
# two-core machine, so the wait for every picture is longer than for two people.
GROUP_VIDEO_TIMEOUT_MS = 45_000
INTERPRETER = "Priya Interpreter"
# The names on the video tiles of everyone this page is receiving pictures from.
# A tile counts only once its video has a size and a frame to show.
NAMES_WITH_VIDEO = """() => [...document.querySelectorAll('video[data-peer]')]
  .filter((v) => v.videoWidth > 0 && v.readyState >= 2)
  .map((v) => v.closest('figure').querySelector('figcaption').textContent)
  .sort()"""


def is_cut_off_poll(problem: str) -> bool:
    """The waiting room's poll, cut off when the page moves on into the call.

    call.js asks for the waiting page every 10 seconds (WAITING_REFRESH_SECONDS in
    tandem/consult/views.py) in case the
    socket is lost, and reads only where the reply ended up, never its body, so
    Chromium counts that request as loading until the page leaves and aborts it.
    The person sees nothing; the tab would report it as a failed request.
    """
    # The poll follows the redirect to the call page once the person is let in,
    # so the request cut off may be that redirect's.
    return problem.startswith("request failed: GET ") and problem.endswith(
        ("/waiting/ (fetch): net::ERR_ABORTED", "/call/ (fetch): net::ERR_ABORTED")
    )


def receives_video_from(tab: Tab, names: set[str]) -> None:
    """Wait until ``tab`` shows a picture from each of these people, and no one else."""
    wanted = sorted(names)
    tab.page.wait_for_function(
        f"(wanted) => JSON.stringify(({NAMES_WITH_VIDEO})()) === JSON.stringify(wanted)",
        arg=wanted,
        timeout=GROUP_VIDEO_TIMEOUT_MS,
    )


def checks_devices_and_waits(tab: Tab) -> None:
    """A guest presses Join on their invitation, checks their devices and waits."""
    assert tab.heading() == "Join a video appointment"
    tab.submit("Join")
    assert tab.heading() == "Check your camera, microphone and connection"
    tab.page.wait_for_function(
        "() => document.getElementById('consult-connection').textContent.startsWith('working')"
    )
    tab.submit("Continue")
    assert tab.heading() == "You are waiting"


class WaitingRoomSocket:
    """Whether a tab's waiting room is listening on its socket for being let in.

    Made before the tab reaches the waiting room. Until the socket has said
    'waiting' (sent once the server has subscribed it), a 'let in' goes unheard
    and only the page's poll, every 10 seconds, would move it on: so Dr Lee
    admits someone only once their socket is listening.
    """

    def __init__(self, tab: Tab) -> None:
        self.sockets: list[WebSocket] = []
        self.heard = False
        tab.page.on("websocket", self._opened)
        self.tab = tab

    @staticmethod
    def _says_waiting(payload: str | bytes) -> bool:
        return '"type": "waiting"' in str(payload)

    def _opened(self, socket: WebSocket) -> None:
        self.sockets.append(socket)
        socket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        self.heard = self.heard or self._says_waiting(payload)

    def wait_until_listening(self) -> None:
        if self.heard:
            return
        socket = self.sockets[-1] if self.sockets else self.tab.page.wait_for_event("websocket")
        socket.wait_for_event("framereceived", predicate=self._says_waiting)


def admit_from_the_call(lee: Tab, guest: Tab, name: str, socket: WaitingRoomSocket) -> None:
    """Dr Lee presses 'Admit' on the call page; the guest's waiting room moves on."""
    socket.wait_until_listening()
    with guest.page.expect_navigation(wait_until="load") as moved_on:
        lee.submit(f"Admit {name}")
    # Anyone who waited ten seconds or more has such a poll open.
    guest.problems = [p for p in guest.problems if not is_cut_off_poll(p)]
    # Checked like any other page, axe included, though no helper navigated there.
    guest._arrived(moved_on.value, 200)
    assert guest.heading() == "Your video appointment"


def test_four_people_see_each_other_and_all_read_the_chat(
    open_video_tab: OpenVideoTab, personas: Personas
) -> None:
    appointment = video_appointment(personas)
    pk = appointment.pk

    # Given Sam has checked his devices, confirmed his phone number and is waiting
    sam = open_video_tab()
    sam_socket = WaitingRoomSocket(sam)
    steps.sign_in(sam, personas.service_user)
    sam.visit(f"/video/{pk}/")
    assert sam.heading() == "Check your camera, microphone and connection"
    for check in ("consult-camera", "consult-connection"):
        sam.page.wait_for_function(
            f"() => document.getElementById('{check}').textContent.startsWith('working')"
        )
    sam.submit("Continue")
    sam.page.get_by_label("Phone number").fill("0113 496 0999")
    sam.submit("Confirm and go to the waiting room")
    assert sam.heading() == "You are waiting"

    # And Dr Lee has recorded the safety check and let him in
    lee = open_video_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/video/{pk}/call/")
    lee.page.get_by_label("I have confirmed who I am speaking to").check()
    lee.page.get_by_label("Where are they now?").fill("12 Example Road, Leeds")
    lee.page.get_by_label("Yes").check()
    lee.submit("Record the safety check")
    admit_from_the_call(lee, sam, "Sam Taylor", sam_socket)

    # When Dr Lee invites Alex, whom Sam lets join video calls, by email
    lee.follow("Invite a carer or an interpreter")
    lee.page.get_by_label("Alex Taylor (Partner)").check()
    lee.page.get_by_label("Email", exact=True).check()
    lee.submit("Send the invitation")
    assert lee.heading() == "Invitation made for Alex Taylor"
    alex_path = urlsplit(invitation_link(lee, personas)).path

    # And invites an interpreter, whose link is shown to pass on
    lee.follow("Back to the call")
    lee.follow("Invite a carer or an interpreter")
    lee.page.get_by_label("An interpreter").check()
    lee.page.get_by_label("Email", exact=True).check()
    lee.page.get_by_label("Interpreter's name").fill(INTERPRETER)
    lee.page.get_by_label("Interpreter's mobile number or email address").fill(
        "interpreter@example.org"
    )
    lee.submit("Send the invitation")
    assert lee.heading() == f"Invitation made for {INTERPRETER}"
    interpreter_path = urlsplit(invitation_link(lee, personas)).path

    # And each opens their link in their own browser, checks their devices and waits
    alex = open_video_tab()
    alex_socket = WaitingRoomSocket(alex)
    alex.visit(alex_path)
    checks_devices_and_waits(alex)
    interpreter = open_video_tab()
    interpreter_socket = WaitingRoomSocket(interpreter)
    interpreter.visit(interpreter_path)
    checks_devices_and_waits(interpreter)

    # And Dr Lee lets both in from the call
    lee.follow("Back to the call")
    admit_from_the_call(lee, alex, "Alex Taylor", alex_socket)
    # Each admission reloads Dr Lee's page, which connects to everyone again:
    # let that settle before the next, rather than pile one on another.
    receives_video_from(lee, {"Sam Taylor", "Alex Taylor"})
    admit_from_the_call(lee, interpreter, INTERPRETER, interpreter_socket)

    # Then every one of the four receives video from each of the other three
    everyone = {
        sam: "Sam Taylor",
        lee: personas.clinician.full_name,
        alex: "Alex Taylor",
        interpreter: INTERPRETER,
    }
    for tab, name in everyone.items():
        receives_video_from(tab, set(everyone.values()) - {name})
    if only_loopback():
        for tab in everyone:
            addresses = tab.page.evaluate(SELECTED_ADDRESSES)
            assert addresses and set(addresses) <= {"127.0.0.1", "::1"}

    # And the interpreter's page, with all four pictures on it, passes the checks
    interpreter.check_page()

    # When the interpreter types in the chat
    interpreter.page.get_by_label("Message").fill("I will interpret into Polish")
    interpreter.page.locator("#consult-chat").get_by_role("button", name="Send").click()

    # Then Sam, Alex and Dr Lee each see it, with who said it
    for tab in (sam, alex, lee):
        line = tab.page.locator("#consult-chat-log li").filter(
            has_text="I will interpret into Polish"
        )
        line.wait_for()
        assert line.inner_text() == f"{INTERPRETER}: I will interpret into Polish"
