"""Without JavaScript: Jo, who has no account, joins her video appointment from
the link in her message; Dr Lee agrees Sam's discreet signal with him, then
starts a phone appointment with the safety check."""

from __future__ import annotations

import re

import pytest

from tandem.appointments import notices
from tandem.consult.models import AgreedSignal, SafetyCheck
from tandem.consult.tests.helpers import person_without_account, video_appointment
from tandem.notify.models import Message
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_jo_joins_from_her_link_after_her_date_of_birth(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Jo, who has no account, was sent a message for a video call starting soon
    jo = person_without_account(personas)
    appointment = video_appointment(personas, person=jo)
    notices.booked(appointment=appointment, actor=personas.clinician)
    message = Message.objects.filter(template="appointment_booked", service_user=jo).first()
    assert message is not None
    found = re.search(r"/video/join/[^/\s]+/", message.personalisation["how_to_join"])
    assert found

    # When she opens the link, she is asked for her date of birth first
    tab = open_tab(javascript=False)
    tab.visit(found.group(0))
    assert tab.heading() == "Check it is you"

    # And a wrong date is refused with a clear message
    tab.page.get_by_label("Day").fill("28")
    tab.page.get_by_label("Month").fill("3")
    tab.page.get_by_label("Year").fill("1985")
    tab.submit("Continue")
    assert "The date of birth does not match our records" in tab.main_text()

    # Then the right date takes her to the device check, and on to her phone number
    tab.page.get_by_label("Day").fill("27")
    tab.submit("Continue")
    assert tab.heading() == "Check your camera, microphone and connection"
    tab.submit("Continue")
    assert tab.heading() == "Confirm your phone number"
    tab.page.get_by_label("Phone number").fill("0113 496 0777")
    tab.submit("Confirm and go to the waiting room")
    assert tab.heading() == "You are waiting"

    # And she can stop the page reloading itself
    tab.follow("stop it checking by itself")
    assert tab.heading() == "You are waiting"
    assert tab.page.locator("meta[http-equiv=refresh]").count() == 0


def test_dr_lee_agrees_the_signal_then_starts_a_phone_call_with_the_check(
    open_tab: OpenTab, personas: Personas
) -> None:
    appointment = video_appointment(personas, modality="phone")

    # Given Dr Lee is on Sam's record
    tab = open_tab(javascript=False)
    steps.sign_in(tab, personas.clinician)
    tab.visit(f"/people/{personas.su.pk}/")

    # When Dr Lee records the signal agreed with Sam
    tab.follow("The signal for 'I can't talk freely'")
    assert tab.heading() == "The signal for 'I can't talk freely'"
    tab.page.get_by_label("Check my camera").check()
    tab.page.get_by_label("Words that will mean it on the phone (optional)").fill(
        "Did you feed the cat?"
    )
    tab.submit("Record the signal")
    assert "There is a problem" in tab.main_text()
    tab.page.get_by_label("I agreed this with them, somewhere they could talk freely").check()
    tab.submit("Record the signal")
    assert "Signal recorded. Only staff can see it." in tab.main_text()
    assert AgreedSignal.objects.get().control == "camera"

    # And starts Sam's phone appointment
    tab.visit(f"/appointments/staff/{appointment.pk}/")
    tab.follow("Start the phone call")
    assert tab.heading() == "Phone call with Sam Taylor"
    assert "Did you feed the cat?" in tab.main_text()

    # Then the safety check comes first, and 'not private' brings the guidance
    tab.page.get_by_label("I have confirmed who I am speaking to").check()
    tab.page.get_by_label("Where are they now?").fill("12 Example Road, Leeds")
    tab.page.get_by_label("No", exact=True).check()
    tab.submit("Record the safety check")
    assert "ask only yes or no questions" in tab.main_text()
    assert SafetyCheck.objects.get().room.appointment_id == appointment.pk
