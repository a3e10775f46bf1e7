"""A group programme end to end: a manager sets it up, Dr Lee enrols Sam, Sam
sees the sessions on a phone without JavaScript, and a facilitator takes the
register. Every page is checked by axe."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance
from tandem.groups.models import GroupProgramme, GroupSession
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.browser.phone import fits_the_screen, on_a_phone
from tests.clinic import build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("TANDEM_SCREENSHOTS", "")


def shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    fits_the_screen(tab)
    if SHOTS:
        tab.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_group_from_setting_up_to_the_register(open_tab: OpenTab, personas: Personas) -> None:
    clinic = build_clinic(personas)
    # Given Morgan, a team manager, on a phone without JavaScript
    morgan = on_a_phone(open_tab(javascript=False))
    steps.sign_in(morgan, personas.manager)
    morgan.visit("/groups/")
    morgan.follow("Set up a group")
    page = morgan.page
    page.get_by_label("Name of the group").fill("Managing anxiety skills group")
    page.get_by_label("What the group is for").fill("Skills for managing anxiety, together")
    page.get_by_label("Dr Casey Lee", exact=True).check()
    page.get_by_label("Number of places").fill("6")
    page.get_by_label("In a room or by video", exact=True).check()
    page.get_by_label("Site for sessions in a room").select_option(str(clinic.site.pk))
    day = next_weekday(7)
    steps.fill_date(morgan, "first_day", str(day.day), str(day.month), str(day.year))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Length of each session, in minutes").fill("90")
    page.get_by_label("Number of weekly sessions").fill("6")
    morgan.submit("Set up the group")
    assert morgan.heading() == "Managing anxiety skills group"
    shot(morgan, "groups-programme-manager")

    # When Dr Lee enrols Sam from the programme page
    lee = on_a_phone(open_tab(javascript=False))
    steps.sign_in(lee, personas.clinician)
    group = GroupProgramme.objects.get()
    lee.visit(f"/groups/{group.pk}/")
    lee.page.get_by_label("Person").select_option(str(personas.su.pk))
    lee.page.get_by_label("By video", exact=True).check()
    lee.submit("Enrol")
    assert "Sam Taylor enrolled" in lee.main_text()
    shot(lee, "groups-programme-enrolled")

    # Then Sam sees the sessions among their appointments, on a phone without JavaScript
    sam = on_a_phone(open_tab(javascript=False))
    steps.sign_in(sam, personas.service_user)
    sam.visit("/appointments/me/")
    assert f"{day:%A %-d %B %Y} at 2pm" in sam.main_text()
    # And can tell which of them are group sessions
    assert "Group: Managing anxiety skills group" in sam.main_text()
    shot(sam, "groups-sam-appointments")
    # And from one of them reaches the group's own video call, not a one-to-one
    sam.follow(sam.page.get_by_role("link", name=f"{day:%A %-d %B %Y} at 2pm"))
    assert sam.page.get_by_role("link", name="Join the group video call").count() == 1
    shot(sam, "groups-sam-appointment")

    # And once the first session has started, Dr Lee takes the register
    first = group.sessions.first()
    assert first is not None
    started = timezone.now() - dt.timedelta(minutes=5)
    GroupSession.objects.filter(pk=first.pk).update(starts_at=started)
    Appointment.objects.filter(group_session=first).update(starts_at=started)
    # And, the group meeting by video too, the programme page offers him the group call
    lee.visit(f"/groups/{group.pk}/")
    assert lee.page.get_by_role("link", name="Run the group call").count() == 1
    shot(lee, "groups-programme-call")
    lee.visit(f"/groups/sessions/{first.pk}/register/")
    assert lee.heading() == "Register: Managing anxiety skills group"
    lee.page.get_by_label("Attended on time").check()
    lee.page.get_by_label("The technology failed for Sam Taylor").check()
    shot(lee, "groups-register")
    lee.submit("Save the register")
    assert "Register saved for 1 members" in lee.main_text()
    place = Appointment.objects.get(group_session=first)
    assert place.attendance == Attendance.ATTENDED
    assert place.technical_failure
