"""Sam books a video check-in himself and then cancels it; a person without an
account cancels by a single-use link after giving their date of birth."""

from __future__ import annotations

import pytest

from tandem.appointments import links
from tandem.appointments.models import Appointment, Attendance, BookedVia, Status
from tandem.appointments.tests.test_links import BORN, book_for, person_without_account
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.clinic import build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_sam_books_a_video_check_in_and_cancels_it(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    # Given Sam's team lets people book check-ins themselves, and Sam is signed in
    build_clinic(personas)
    sam = open_tab(javascript=javascript)
    steps.sign_in(sam, personas.service_user)

    # When he books a check-in by video call
    sam.visit("/appointments/me/")
    assert sam.heading() == "Your appointments"
    sam.follow("Book an appointment")
    sam.page.get_by_label("Check-in", exact=True).check()
    sam.submit("Continue")
    sam.page.get_by_label("Video call", exact=True).check()
    sam.submit("Continue")
    assert "Choose a day" in sam.main_text()
    sam.follow(sam.page.locator("main ul.nhsuk-list a").first)
    assert "Choose a time on" in sam.main_text()
    sam.follow(sam.page.locator("main ul.nhsuk-list a").first)
    assert sam.heading() == "Check your appointment"
    sam.submit("Book this appointment")

    # Then he sees it booked by video, confirmed because he booked it himself
    assert sam.heading() == "Your appointment"
    text = sam.main_text()
    assert "Your appointment is booked" in text
    assert "Video call" in text
    booked = Appointment.objects.get(service_user=personas.su)
    assert booked.booked_via == BookedVia.SELF

    # When he cancels it, saying why
    sam.follow("Cancel this appointment")
    sam.page.get_by_label("Why are you cancelling? (optional)").fill("Going away that week")
    sam.submit("Cancel appointment")

    # Then it shows as cancelled by him, and the crisis link is still one step away
    assert "Cancelled by you" in sam.main_text()
    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED
    assert booked.attendance == Attendance.CANCELLED_BY_PERSON
    assert steps.crisis_link(sam).is_visible()


def test_person_without_an_account_cancels_by_link(open_tab: OpenTab, personas: Personas) -> None:
    # Given a person without an account, an appointment and a link sent to them
    clinic = build_clinic(personas)
    robin = person_without_account(personas)
    appointment = book_for(personas, clinic, robin)
    path = links.issue_link(appointment=appointment, actor=personas.clinician)
    tab = open_tab(javascript=False)

    # When they open the link, a wrong date of birth is refused
    tab.visit(path)
    assert tab.heading() == "Check it is you"
    steps.fill_date(tab, "date_of_birth", "1", "1", "1990")
    tab.submit("Continue")
    assert "does not match our records" in steps.field_error(tab, "date_of_birth_day")

    # And with the right one they see their appointment and cancel it
    steps.fill_date(tab, "date_of_birth", str(BORN.day), str(BORN.month), str(BORN.year))
    tab.submit("Continue")
    assert tab.heading() == "Your appointment"
    assert "Phone call" in tab.main_text()
    tab.follow("Cancel this appointment")
    tab.submit("Cancel appointment")

    # Then it is cancelled, and the link no longer works
    assert tab.heading() == "Your appointment has been cancelled"
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert appointment.booked_via == BookedVia.STAFF
    tab.visit(path, status=404)
    assert tab.heading() == "This link does not work"
    assert steps.crisis_link(tab).is_visible()


def test_continuing_without_a_choice_says_what_to_choose_without_javascript(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Sam's team lets people book check-ins themselves, and Sam is signed in
    # on a browser without JavaScript
    build_clinic(personas)
    sam = open_tab(javascript=False)
    steps.sign_in(sam, personas.service_user)

    # When he presses Continue without choosing what to book
    sam.visit("/appointments/me/book/")
    sam.submit("Continue")
    # Then he is told what to choose, rather than shown the same page again
    assert "Select what you would like to book" in steps.error_summary_messages(sam)

    # And the same when he does not choose how to have it
    sam.page.get_by_label("Check-in", exact=True).check()
    sam.submit("Continue")
    assert "How would you like to have this appointment?" in sam.main_text()
    sam.submit("Continue")
    assert "Select how you would like to have this appointment" in (
        steps.error_summary_messages(sam)
    )
