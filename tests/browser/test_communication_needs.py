"""The Accessible Information Standard in a real browser (issue 27, HAZ-263):
Dr Lee records that Sam needs a British Sign Language interpreter, sees the
flag, books a video check-in, finds the task to arrange one and the
appointment saying 'Interpreter not yet arranged', and records it arranged."""

from __future__ import annotations

import pytest

from tandem.appointments.models import Appointment
from tandem.preferences.models import SharedDecision
from tandem.worklist.models import WorkItem, WorkKind
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.clinic import build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_staff_record_a_bsl_need_book_and_arrange_the_interpreter(
    open_tab: OpenTab, personas: Personas
) -> None:
    clinic = build_clinic(personas)
    SharedDecision.objects.create(
        service_user=personas.su,
        kind="check_in",
        options_discussed=["face_to_face", "video"],
        face_to_face_offered=True,
        took_part="Sam and Dr Lee",
        decision="video",
        reasons="Agreed at the last review",
        decided_by=personas.clinician,
    )
    # Given Dr Lee signed in, recording Sam's access needs with him
    lee = open_tab()
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/preferences/people/{personas.su.pk}/change/access/")
    lee.page.get_by_label("Needs a British Sign Language interpreter").check()
    lee.submit("Save")

    # Then Sam's page flags the need in words
    lee.visit(f"/people/{personas.su.pk}/")
    flag = lee.page.locator("[data-communication-needs]")
    assert "Needs a British Sign Language interpreter" in flag.inner_text()

    # When she books a video check-in, the booking page flags it too and says what follows
    query = f"type={clinic.check_in.pk}&way=video&clinician={personas.clinician.staff.pk}"
    lee.visit(f"/appointments/staff/people/{personas.su.pk}/book/?{query}")
    assert lee.heading() == "Choose a time"
    lee.page.locator("input[name=slot]").first.check()
    lee.submit("Continue")
    assert lee.heading() == "Check and book"
    assert "Needs a British Sign Language interpreter" in lee.main_text()
    assert "Booking raises a task to arrange them" in lee.main_text()
    lee.submit("Book appointment")

    # Then the appointment says the interpreter is not yet arranged, and there is a task
    assert lee.heading() == "Check-in"
    assert "Interpreter not yet arranged" in lee.main_text()
    task = WorkItem.objects.get(kind=WorkKind.ARRANGE_COMMUNICATION, done_at__isnull=True)
    lee.visit("/tasks/")
    assert task.title in lee.main_text()

    # When she records the interpreter arranged, from the appointment
    appointment = Appointment.objects.get()
    lee.visit(f"/appointments/staff/{appointment.pk}/")
    lee.follow("Record a British Sign Language interpreter as arranged")
    assert lee.heading() == "Record support as arranged"
    lee.page.get_by_label("Who is booked (optional)").fill("Sign agency, booked by phone")
    lee.submit("Record as arranged")

    # Then the appointment no longer waits, and the task is closed
    assert "Recorded as arranged" in lee.main_text()
    assert "Interpreter not yet arranged" not in lee.main_text()
    assert "Sign agency, booked by phone" in lee.main_text()
    task.refresh_from_db()
    assert not task.is_open
