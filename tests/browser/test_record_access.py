"""Staff open records only in their own teams, and service users see who did."""

from __future__ import annotations

import pytest

from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_a_service_user_sees_the_clinician_who_opened_their_record(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given the care coordinator signed in, on their caseload
    clinician = open_tab()
    steps.sign_in(clinician, personas.clinician)
    assert clinician.heading() == "Caseload"

    # When they open Sam Taylor's record by clicking the name
    clinician.follow(clinician.page.locator("main table").get_by_role("link", name="Sam Taylor"))

    # Then they see the record
    assert clinician.heading() == "Sam Taylor"
    assert clinician.page.url == clinician.url(f"/people/{personas.su.pk}/")

    # When Sam signs in on their own device and opens 'Who has looked at your
    # record' from 'My record'
    sam = open_tab()
    steps.sign_in(sam, personas.service_user)
    sam.follow(sam.page.locator("header").get_by_role("link", name="My record"))
    sam.follow(
        sam.page.get_by_role("link", name="See each time staff opened or changed your record")
    )

    # Then the clinician's access is listed, with who, role and team
    assert sam.heading() == "Who has looked at your record"
    rows = sam.page.locator("main table tbody tr")
    opened = rows.filter(has_text="Opened record summary").first
    cells = [c.strip() for c in opened.locator("td").all_inner_texts()]
    assert any("Dr Casey Lee" in c for c in cells), cells
    assert any("Clinician" in c for c in cells), cells
    assert any("Northgate CMHT" in c for c in cells), cells


def test_a_clinician_in_another_team_gets_page_not_found(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given a clinician in Southmoor, not Sam's team, signed in
    outsider = open_tab()
    steps.sign_in(outsider, personas.outsider)

    # When they go straight to Sam's record
    outsider.visit(f"/people/{personas.su.pk}/", status=404)

    # Then they get the same 'Page not found' as for a record that does not exist
    assert outsider.heading() == "Page not found"
    assert "Sam" not in outsider.main_text()
    outsider.visit("/people/999999/", status=404)
    assert outsider.heading() == "Page not found"
