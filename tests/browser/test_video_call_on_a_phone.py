"""Sam and Dr Lee in a video call, each on a 360 x 740 phone: the other person's
video comes first and one's own picture is a small corner over it; the camera,
microphone and leave buttons stay on screen, and never cover a 'Need help now?'
link.

Runs like test_video_call.py (see there for the private network namespace)."""

from __future__ import annotations

import pytest

from tandem.consult.tests.helpers import admitted_service_user, video_appointment
from tests.browser import steps
from tests.browser.phone import PHONE, fits_the_screen, on_a_phone
from tests.browser.tab import Tab
from tests.browser.test_video_call import receives_video
from tests.browser.video import (  # the fixtures register by their names
    OpenVideoTab,
    asgi_server_fixture,  # noqa: F401
    open_video_tab_fixture,  # noqa: F401
    video_browser_fixture,  # noqa: F401
)
from tests.personas import Personas

pytestmark = pytest.mark.browser

LAYOUT = """() => {
  const box = (el) => {
    const r = el.getBoundingClientRect()
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width }
  }
  const local = document.getElementById('consult-local')
  const remote = document.querySelector('video[data-peer]')
  return {
    local: box(local),
    remote: box(remote),
    remoteFirst: Boolean(remote.compareDocumentPosition(local) & Node.DOCUMENT_POSITION_FOLLOWING),
    controls: box(document.querySelector('.tandem-call-controls')),
    viewport: { width: window.innerWidth, height: window.innerHeight },
  }
}"""


def within_screen(box: dict[str, float]) -> bool:
    return (
        box["top"] >= 0
        and box["left"] >= 0
        and box["bottom"] <= PHONE["height"]
        and box["right"] <= PHONE["width"]
    )


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
        or a["right"] <= b["left"]
        or b["right"] <= a["left"]
    )


def crisis_links_clear_of_the_controls(tab: Tab) -> None:
    """Every 'Need help now?' link on the page, at the top and scrolled to the end,
    is outside the bar of controls."""
    links = tab.page.get_by_role("link", name="Need help now?")
    assert links.count() >= 1
    for at in ("0", "document.scrollingElement.scrollHeight"):
        tab.page.evaluate(f"() => window.scrollTo(0, {at})")
        controls = tab.page.evaluate(LAYOUT)["controls"]
        for i in range(links.count()):
            box = links.nth(i).evaluate(
                "(a) => { const r = a.getBoundingClientRect(); "
                "return { top: r.top, bottom: r.bottom, left: r.left, right: r.right } }"
            )
            if box["bottom"] > 0 and box["top"] < PHONE["height"]:  # on screen now
                assert not overlaps(box, controls), (at, box, controls)
    tab.page.evaluate("() => window.scrollTo(0, 0)")


def test_a_video_call_on_a_phone_puts_the_other_person_first_and_keeps_the_controls_on_screen(
    open_video_tab: OpenVideoTab, personas: Personas
) -> None:
    # Given Sam has been let into his video appointment with Dr Lee
    appointment = video_appointment(personas)
    admitted_service_user(personas, appointment)

    # When each opens the call on a phone
    sam = on_a_phone(open_video_tab())
    steps.sign_in(sam, personas.service_user)
    sam.visit(f"/video/{appointment.pk}/call/")
    assert sam.heading() == "Your video appointment"
    lee = on_a_phone(open_video_tab())
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/video/{appointment.pk}/call/")

    # Then each receives the other's video
    receives_video(sam)
    receives_video(lee)

    for tab in (sam, lee):
        layout = tab.page.evaluate(LAYOUT)
        # The other person's video comes first, one's own picture is small
        assert layout["remoteFirst"], layout
        assert layout["remote"]["top"] <= layout["local"]["top"], layout
        assert layout["local"]["width"] <= layout["remote"]["width"] / 2, layout
        # And Mute and Leave are on screen without scrolling
        assert within_screen(layout["controls"]), layout
        for name in ("Mute microphone", "Leave the call"):
            button = tab.page.get_by_role("button", name=name)
            box = button.evaluate(
                "(b) => { const r = b.getBoundingClientRect(); "
                "return { top: r.top, bottom: r.bottom, left: r.left, right: r.right } }"
            )
            assert within_screen(box), (name, box)
        fits_the_screen(tab)

    # And they stay on screen when Sam scrolls down to the chat
    sam.page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert within_screen(sam.page.evaluate(LAYOUT)["controls"])

    # And they never cover Sam's 'Need help now?' links
    crisis_links_clear_of_the_controls(sam)
