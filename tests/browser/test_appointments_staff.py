"""Staff book, check and record appointments in a real browser: a video
appointment for Sam with the shared decision, a booking that breaks a workload
limit, and what happened at a video call that dropped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance
from tandem.appointments.slots import at
from tandem.preferences.models import SharedDecision
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.clinic import book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.browser


def agreed_video(p: Personas) -> None:
    SharedDecision.objects.create(
        service_user=p.su,
        kind="check_in",
        options_discussed=["face_to_face", "video"],
        face_to_face_offered=True,
        took_part="Sam and Dr Lee",
        decision="video",
        reasons="Agreed at the last review",
        decided_by=p.clinician,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_staff_book_a_video_appointment_for_sam(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    build_clinic(personas)
    # Given Dr Lee signed in, on Sam's record
    tab = open_tab(javascript=javascript)
    steps.sign_in(tab, personas.clinician)
    tab.visit(f"/people/{personas.su.pk}/")
    tab.follow("Appointments")
    assert tab.heading() == "Appointments"
    page = tab.page

    # When they choose a check-in by video with themselves
    tab.follow(page.get_by_role("button", name="Book an appointment"))
    assert tab.heading() == "Book an appointment"
    page.get_by_label("Check-in, 30 minutes", exact=True).check()
    page.get_by_role("group", name="How will it be held?").get_by_label("Video call").check()
    page.get_by_role("group", name="Who with?").get_by_label("Dr Casey Lee").check()
    tab.submit("Continue")

    # Then, with no decision agreed for check-ins yet, they record one with Sam
    assert "Record the shared decision" in tab.main_text()
    assert "face to face (always offered)" in tab.main_text()
    page.get_by_label("Who took part in the decision").fill("Sam and Dr Lee")
    page.get_by_role("group", name="Did a carer or family member take part?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Reasons for the decision").fill("Sam works days; video saves a trip")
    tab.submit("Continue")

    # And choose the first free time, grouped under its day
    assert tab.heading() == "Choose a time"
    first = page.locator("input[name=slot]").first
    first.check()
    tab.submit("Continue")
    assert tab.heading() == "Check and book"
    assert "Video call" in tab.main_text()
    tab.submit("Book appointment")

    # Then the appointment page says it is booked, on the decision just made
    assert tab.heading() == "Check-in"
    assert "Appointment booked" in tab.main_text()
    made = Appointment.objects.get()
    assert made.modality == "video" and made.clinician == personas.clinician.staff
    assert made.shared_decision == SharedDecision.objects.get()
    assert made.shared_decision.took_part == "Sam and Dr Lee"


def test_a_booking_that_breaks_a_workload_limit_asks_for_a_reason(
    open_tab: OpenTab, personas: Personas
) -> None:
    clinic = build_clinic(personas)
    agreed_video(personas)
    day = next_weekday()
    book(personas, clinic, day=day, hour=10)  # 10:00 to 10:30 by video
    tab = open_tab()
    steps.sign_in(tab, personas.clinician)
    query = f"type={clinic.check_in.pk}&way=video&clinician={personas.clinician.staff.pk}"
    tab.visit(f"/appointments/staff/people/{personas.su.pk}/book/?{query}")
    assert tab.heading() == "Choose a time"
    while f"{day:%A %-d %B}" not in tab.main_text():
        tab.follow("Next week")
    slot = tab.page.get_by_role("group", name=f"{day:%A %-d %B}").get_by_label(
        "10:30 to 11:00, Dr Casey Lee"
    )
    slot.check()
    tab.submit("Continue")

    # The breach is shown plainly and a reason is needed
    text = tab.main_text()
    assert "This breaks the team's workload limits" in text
    assert "less than 10 minutes' break between remote sessions" in text
    tab.submit("Book appointment")
    assert steps.error_summary_messages(tab) == {
        "Enter why the booking needs to go ahead": "id_guardrail_reason"
    }
    assert Appointment.objects.count() == 1
    tab.page.get_by_label("Why does this booking need to go ahead?").fill(
        "Only time Sam can do this week"
    )
    tab.submit("Book appointment")
    assert "Appointment booked" in tab.main_text()
    made = Appointment.objects.get(starts_at=at(day, dt.time(10, 30)))
    assert made.guardrail_reason == "Only time Sam can do this week"


def test_recording_a_dropped_video_call_switched_to_phone(
    open_tab: OpenTab, personas: Personas
) -> None:
    clinic = build_clinic(personas)
    starts = at(timezone.localdate() - dt.timedelta(days=1), dt.time(14))
    past = Appointment.objects.create(
        service_user=personas.su,
        team=personas.team_a,
        clinician=personas.clinician.staff,
        appointment_type=clinic.check_in,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality="video",
        booked_via="staff",
        booked_by=personas.clinician,
    )
    tab = open_tab()
    steps.sign_in(tab, personas.clinician)
    tab.visit(f"/appointments/staff/{past.pk}/")
    tab.follow("Record what happened")
    page = tab.page
    page.get_by_label("Attended on time").check()
    page.get_by_role("group", name="Did the technology fail during the contact?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Yes, by phone call").check()
    tab.submit("Save what happened")
    assert steps.error_summary_messages(tab) == {"Select who switched": "id_switched_by"}
    page.get_by_label("The clinician").check()
    page.get_by_label("Notes (optional)").fill("Video froze; finished by phone")
    tab.submit("Save what happened")

    text = tab.main_text()
    assert "What happened has been recorded" in text
    assert "Phone call, switched by the clinician" in text
    past.refresh_from_db()
    assert past.attendance == Attendance.ATTENDED and past.technical_failure
    assert (past.switched_to, past.switched_by) == ("phone", "clinician")


def test_a_clinician_checks_their_diary_and_adds_a_session(
    open_tab: OpenTab, personas: Personas
) -> None:
    clinic = build_clinic(personas)
    personas.su.phone = "+447700900123"
    personas.su.save()
    day = next_weekday(days_ahead=2)
    book(personas, clinic, day=day, hour=9, modality="phone")
    tab = open_tab(javascript=False)
    steps.sign_in(tab, personas.clinician)

    # The diary shows the call and the number to ring if it drops
    tab.follow(tab.page.locator("header").get_by_role("link", name="Diary"))
    assert tab.heading() == "Your diary"
    row = tab.page.locator("main table tbody tr").filter(has_text="Sam Taylor")
    assert "Phone call" in row.inner_text()
    assert "7700 900123" in row.inner_text()

    # An overlapping weekly session is refused, and nothing is saved
    tab.follow("Your availability")
    tab.follow("Add a weekly session")
    page = tab.page
    page.get_by_label("Monday", exact=True).check()
    page.get_by_label("Start time").fill("16:00")
    page.get_by_label("End time").fill("18:00")
    page.get_by_label("Phone call", exact=True).check()
    page.get_by_role(
        "group", name="Can people on the caseload book this session themselves?"
    ).get_by_label("No").check()
    steps.fill_date(tab, "valid_from", *f"{timezone.localdate():%-d %-m %Y}".split())
    tab.submit("Add session")
    assert "This overlaps the Monday session from 09:00 to 17:00" in tab.main_text()

    # Starting after the clinic session ends, it is added
    page.get_by_label("Start time").fill("17:00")
    tab.submit("Add session")
    assert "Session added" in tab.main_text()
    assert "17:00 to 18:00" in tab.main_text()
