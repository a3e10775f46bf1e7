"""A team manager takes a crisis line off their team's list, seeing first what
will disappear and from whom, and cannot take the team's last out-of-hours
line away without naming its replacement (issue 16, HAZ-149). Without
JavaScript: every step is a plain form."""

from __future__ import annotations

import pytest

from tandem.people.models import CrisisContact
from tandem.safety.models import OutOfHoursLine
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def northgate_lines(personas: Personas) -> None:
    ooh = CrisisContact.objects.create(
        organisation=personas.organisation,
        team=personas.team_a,
        name="Northgate, out of hours",
        how="Call the team's out-of-hours line",
        phone="01134960199",
        position=0,
    )
    OutOfHoursLine.objects.create(contact=ooh)
    CrisisContact.objects.create(
        organisation=personas.organisation,
        team=personas.team_a,
        name="Northgate duty worker",
        how="Call the duty worker",
        phone="01134960100",
        position=1,
    )


def test_a_manager_removes_a_line_through_the_confirm_page(
    open_tab: OpenTab, personas: Personas
) -> None:
    northgate_lines(personas)
    # Given the team manager, in a browser without JavaScript, on the team's lines
    manager = open_tab(javascript=False)
    steps.sign_in(manager, personas.manager)
    manager.visit("/safety-plan/team-crisis-contacts/")
    manager.follow(
        manager.page.locator("main").get_by_role(
            "link", name="Change crisis lines for Northgate CMHT"
        )
    )
    assert manager.heading() == "Crisis lines for Northgate CMHT"

    # When they try to remove the team's only out-of-hours line
    page = manager.page
    page.get_by_role("group", name="Contact 1").get_by_label("Remove this line").check()
    manager.submit("Check the changes")

    # Then they are told it needs a replacement, and the form asks for one
    assert "without naming the line that replaces it" in manager.main_text()
    assert page.get_by_role("group", name="The line that replaces it").is_visible()
    assert OutOfHoursLine.objects.count() == 1

    # When instead they remove the duty worker's line
    page.get_by_role("group", name="Contact 1").get_by_label("Remove this line").uncheck()
    page.get_by_role("group", name="Contact 2").get_by_label("Remove this line").check()
    manager.submit("Check the changes")

    # Then a page names what will disappear and from whom, before anything changes
    assert manager.heading() == "Check the changes to Northgate CMHT's crisis lines"
    text = manager.main_text()
    assert (
        "The crisis line Northgate duty worker (0113 496 0100) will no longer show on the "
        "'Need help now?' page of the 1 person open to Northgate CMHT (and their 1 carer), "
        "and on their safety plans." in text
    )
    assert CrisisContact.objects.filter(team=personas.team_a).count() == 2

    # When they confirm
    manager.submit("Confirm these changes")

    # Then the line is gone from the team's list, and the out-of-hours line stays
    assert manager.heading() == "Your teams' crisis contacts"
    text = manager.main_text()
    assert "Crisis lines for Northgate CMHT changed" in text
    assert "Northgate duty worker" not in text
    assert "Northgate, out of hours" in text

    # And Sam no longer sees it under 'Need help now?'
    sam = open_tab()
    steps.sign_in(sam, personas.service_user)
    sam.follow(steps.crisis_link(sam))
    assert "Northgate, out of hours" in sam.main_text()
    assert "Northgate duty worker" not in sam.main_text()
