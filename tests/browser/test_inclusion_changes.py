"""A service user asks to be seen differently; the team refuses a 'not agreed'
without a reason, then records one the person reads. Also walks the staff
person page, returning a device, and the manager's overview through axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.inclusion import services
from tandem.inclusion.models import HelpRequest, ModalityChangeRequest
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

REASON = "Your medication review needs a face-to-face physical check this time."


def test_change_request_refused_with_a_reason_the_person_reads(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Sam signed in
    sam = open_tab()
    steps.sign_in(sam, personas.service_user)

    # When they ask for their medication review by video
    sam.visit("/inclusion/me/how-you-are-seen/")
    assert sam.heading() == "Changing how you are seen"
    sam.follow("Ask to change how you are seen")
    sam.page.get_by_label("Medication review", exact=True).check()
    sam.page.get_by_label("Video call", exact=True).check()
    sam.page.get_by_label("Why would you like this change? (optional)").fill("Travel is hard")
    sam.submit("Send request")
    assert "Waiting for the team" in sam.main_text()

    # And their clinician opens it from the queue and says 'not agreed' with no reason
    clinician = open_tab()
    steps.sign_in(clinician, personas.clinician)
    clinician.visit("/inclusion/queue/?show=changes")
    clinician.follow(
        clinician.page.locator("main table").get_by_role(
            "link", name="Open request from Sam Taylor"
        )
    )
    clinician.page.get_by_label("Not agreed", exact=True).check()
    clinician.submit("Save outcome")

    # Then they are told a reason is needed, and nothing is saved
    assert steps.error_summary_messages(clinician) == {
        "Enter the reason the change is not agreed": "id_reason"
    }
    assert ModalityChangeRequest.objects.get().outcome == ""

    # When they give the reason
    clinician.page.get_by_label("Reason").fill(REASON)
    clinician.submit("Save outcome")

    # Then Sam reads the outcome and the reason
    sam.visit("/inclusion/me/how-you-are-seen/")
    assert "Not agreed" in sam.main_text()
    assert REASON in sam.main_text()


def test_staff_person_page_loan_return_and_manager_overview(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Sam has a tablet that is overdue
    today = timezone.localdate()
    request = HelpRequest.objects.create(
        service_user=personas.su, topic="video", contact_by="phone", raised_by=personas.service_user
    )
    services.record_help(
        actor=personas.clinician,
        help_request=request,
        kind="device_loan",
        notes="",
        loan=services.LoanDetails(
            asset_tag="SYN-TAB-9",
            device_type="tablet",
            lent_on=today - dt.timedelta(days=60),
            return_due=today - dt.timedelta(days=3),
        ),
    )

    # When the team manager looks at the overview
    manager = open_tab()
    steps.sign_in(manager, personas.manager)
    manager.visit("/inclusion/manage/")
    assert manager.heading() == "Digital inclusion overview"
    assert "Overdue" in manager.main_text()

    # And opens Sam's page and marks the tablet returned today
    manager.follow(manager.page.locator("main").get_by_role("link", name="Sam Taylor").last)
    assert manager.heading() == "Tech help and how they are seen"
    manager.follow(manager.page.get_by_role("link", name="Mark as returned (SYN-TAB-9)"))
    steps.fill_date(manager, "returned_on", str(today.day), str(today.month), str(today.year))
    manager.submit("Mark as returned")

    # Then the tablet is shown as returned, not overdue
    assert "Overdue" not in manager.main_text()
    assert "Returned" in manager.main_text()

    # And the manager can ask for a change on Sam's behalf
    manager.follow("Ask for a change on their behalf")
    manager.page.get_by_label("Their care in general", exact=True).check()
    manager.page.get_by_label("Face to face", exact=True).check()
    manager.submit("Send request")
    assert "Face to face" in manager.main_text()
