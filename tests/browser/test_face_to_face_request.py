"""No face-to-face time can be booked online: Sam is told so, asks the team, and
Dr Lee closes the task saying what she did (issue 16, HAZ-153)."""

from __future__ import annotations

import pytest

from tandem.appointments.models import AvailabilitySession
from tandem.worklist.models import WorkItem, WorkKind
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.clinic import build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_sam_asks_for_face_to_face_and_dr_lee_answers(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given Sam's team has only video and phone times open to book online
    build_clinic(personas)
    AvailabilitySession.objects.update(modalities=["video", "phone"], site=None, room=None)
    sam = open_tab(javascript=javascript)
    steps.sign_in(sam, personas.service_user)

    # When he starts to book a check-in
    sam.visit("/appointments/me/book/")
    sam.page.get_by_label("Check-in", exact=True).check()
    sam.submit("Continue")

    # Then the page says no face-to-face time can be booked online, and offers to ask
    text = sam.main_text()
    assert "always available" not in text
    assert "There are no face-to-face times you can book online" in text

    # When he asks the team, saying when suits him
    sam.page.get_by_label("Good times for you, or anything the team should know (optional)").fill(
        "Mornings are best"
    )
    sam.submit("Ask the team for a face-to-face appointment")

    # Then he is told when the team will contact him, and the crisis link is one step away
    assert sam.heading() == "Your request for a face-to-face appointment"
    assert "The team will contact you by" in sam.main_text()
    assert steps.crisis_link(sam).is_visible()
    item = WorkItem.objects.get(kind=WorkKind.FACE_TO_FACE_REQUEST)
    assert "Mornings are best" in item.reason

    # When Dr Lee opens the task and records what she did
    lee = open_tab(javascript=javascript)
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/tasks/{item.pk}/")
    assert lee.heading() == "Asked for a face-to-face appointment"
    assert "The person was told the team would contact them by" in lee.main_text()
    lee.page.get_by_label("What you did").fill("Phoned Sam and booked Thursday at Northgate")
    lee.submit("Close task")

    # Then the task is closed with what she did
    item.refresh_from_db()
    assert not item.is_open and "booked Thursday" in item.outcome
