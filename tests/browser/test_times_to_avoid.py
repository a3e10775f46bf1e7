"""Staff booking inside a time the person asked us to avoid, in a real
browser (issue 16, item 4; HAZ-155): the times show beside each offered time,
and booking inside them needs a reason kept with the booking's audit entry."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.appointments.models import Appointment
from tandem.appointments.slots import at
from tandem.audit.models import AuditEvent
from tandem.preferences.models import ContactPreferences, SharedDecision
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.clinic import build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_staff_booking_inside_sams_times_to_avoid_needs_a_reason(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    clinic = build_clinic(personas)
    day = next_weekday()
    # Given Sam asked not to be contacted on the day in question, nor before 10:00
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.service_user,
        by_email=True,
        preferred_channel="email",
        avoid_days=[day.weekday()],
        not_before=dt.time(10),
        times_to_avoid=f"Not before 10am, not on {day:%A}s",
    )
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
    tab = open_tab(javascript=javascript)
    steps.sign_in(tab, personas.clinician)

    # When Dr Lee looks for a time
    query = f"type={clinic.check_in.pk}&way=video&clinician={personas.clinician.staff.pk}"
    tab.visit(f"/appointments/staff/people/{personas.su.pk}/book/?{query}")
    assert tab.heading() == "Choose a time"
    while f"{day:%A %-d %B}" not in tab.main_text():
        tab.follow("Next week")

    # Then Sam's times to avoid are shown, and beside each time inside them
    avoided = f"Not before 10:00. Not on {day:%A}s"
    assert f"Sam Taylor asked us to avoid: {avoided}" in tab.main_text()
    group = tab.page.get_by_role("group", name=f"{day:%A %-d %B}")
    slot = group.get_by_label("10:00 to 10:30, Dr Casey Lee")
    hint_id = slot.get_attribute("aria-describedby")
    hint = tab.page.locator(f"#{hint_id}").inner_text()
    assert hint == f"Inside a time they asked us to avoid: {day:%A}s"

    # When they choose it anyway, they are warned and must say why
    slot.check()
    tab.submit("Continue")
    assert tab.heading() == "Check and book"
    assert "Sam Taylor asked us to avoid this time" in tab.main_text()
    tab.submit("Book appointment")
    assert steps.error_summary_messages(tab) == {
        "Enter why the appointment must be at a time they asked us to avoid": "id_avoid_reason"
    }
    assert not Appointment.objects.exists()
    tab.page.get_by_label("Why book inside a time they asked us to avoid?").fill(
        "Sam chose this time with me on the phone"
    )
    tab.submit("Book appointment")

    # Then it is booked, and the reason is kept with the booking's audit entry
    assert "Appointment booked" in tab.main_text()
    made = Appointment.objects.get(starts_at=at(day, dt.time(10)))
    assert AuditEvent.objects.filter(
        object_id=str(made.pk), what__endswith="Reason: Sam chose this time with me on the phone"
    ).exists()
