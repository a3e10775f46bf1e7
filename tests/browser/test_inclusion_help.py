"""A service user asks for help joining video; their clinician lends a device
and closes the request; the service user reads what happened."""

from __future__ import annotations

import pytest

from tandem.inclusion.models import DeviceLoan
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

OUTCOME = "We lent you a tablet and practised a video call together."


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_help_with_video_from_request_to_outcome(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given Sam signed in
    sam = open_tab(javascript=javascript)
    steps.sign_in(sam, personas.service_user)

    # When they ask for help joining a video call, to be contacted by phone
    sam.visit("/inclusion/me/help/")
    assert sam.heading() == "Help with technology"
    sam.follow("Ask for help with technology")
    sam.page.get_by_label("Joining a video call", exact=True).check()
    sam.page.get_by_label("Tell us more (optional)").fill("The camera does not start")
    sam.page.get_by_label("Phone call", exact=True).check()
    sam.submit("Send request")

    # Then they see it is waiting for their team
    assert sam.heading() == "Help with technology"
    assert "Waiting to be picked up" in sam.main_text()

    # When their care coordinator opens the queue and the request
    clinician = open_tab(javascript=javascript)
    steps.sign_in(clinician, personas.clinician)
    clinician.visit("/inclusion/queue/")
    assert clinician.heading() == "Tech help requests"
    row = clinician.page.locator("main table tbody tr").filter(has_text="Sam Taylor")
    assert "Joining a video call" in row.inner_text()
    clinician.follow(row.get_by_role("link", name="Open request from Sam Taylor"))
    assert clinician.heading() == "Tech help request"
    clinician.submit("Pick up this request")

    # And records a tablet lent until a return date
    clinician.follow("Record help given")
    page = clinician.page
    page.get_by_label("Device lent", exact=True).check()
    page.get_by_label("Notes").fill("Set up the app and tested the camera")
    page.get_by_label("Asset tag").fill("SYN-TAB-7")
    page.get_by_label("Device type").select_option("tablet")
    steps.fill_date(clinician, "lent_on", "1", "11", "2026")
    steps.fill_date(clinician, "return_due", "1", "2", "2027")
    clinician.submit("Save help given")
    assert clinician.heading() == "Tech help request"
    assert "SYN-TAB-7" in clinician.main_text()

    # And closes it with an outcome written for Sam
    clinician.follow("Close this request")
    page.get_by_label("What happened").fill(OUTCOME)
    clinician.submit("Close request")
    assert "Closed" in clinician.main_text()
    assert DeviceLoan.objects.get().service_user == personas.su

    # Then Sam sees what happened and the device lent to them
    sam.visit("/inclusion/me/help/")
    text = sam.main_text()
    assert OUTCOME in text
    assert "SYN-TAB-7" in text
    assert steps.crisis_link(sam).is_visible()
