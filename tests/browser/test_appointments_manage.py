"""A manager reads the continuity overview and opens a task; a clinician
discharges a person, checking what will happen first (without JavaScript)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.appointments import continuity
from tandem.appointments.models import Leave
from tandem.people.models import CaseloadEntry
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_manager_sees_a_caseload_without_cover_and_opens_the_task(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee is off sick today with nobody covering their caseload
    today = timezone.localdate()
    Leave.objects.create(
        staff=personas.clinician.staff,
        kind="sickness",
        first_day=today,
        last_day=today + dt.timedelta(days=4),
        recorded_by=personas.manager,
    )
    continuity.check_team(personas.team_a)

    # When their manager opens Continuity from the menu
    manager = open_tab()
    steps.sign_in(manager, personas.manager)
    manager.follow(manager.page.locator("header").get_by_role("link", name="Continuity"))
    assert manager.heading() == "Continuity"
    assert "Caseload without cover (1)" in manager.main_text()

    # Then the task says why, and opens from the overview
    manager.follow("Caseload without cover: Dr Casey Lee (1 person)")
    assert manager.heading() == "Caseload without cover: Dr Casey Lee (1 person)"
    assert "with no cover arranged" in manager.main_text()


def test_clinician_discharges_a_person_after_checking_what_will_happen(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee signed in, in a browser without JavaScript
    clinician = open_tab(javascript=False)
    steps.sign_in(clinician, personas.clinician)

    # When they open Sam's record and choose Discharge
    clinician.visit(f"/people/{personas.su.pk}/")
    clinician.follow("Discharge")
    assert clinician.heading() == "Discharge Sam Taylor from Northgate CMHT"
    text = clinician.main_text()
    assert "They have no future appointments with the team." in text
    assert "how to come back" in text

    # And confirm
    clinician.submit("Discharge Sam Taylor")

    # Then they are back on the caseload, told it is done, and Sam is closed to the team
    assert "Sam Taylor has been discharged from Northgate CMHT" in clinician.main_text()
    assert CaseloadEntry.objects.get(service_user=personas.su).closed_on == timezone.localdate()
