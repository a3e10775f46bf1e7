"""A service administrator takes a line off the service-wide crisis list,
seeing first that it goes from every person using the service and their
carers, and cannot take the last line away without naming its replacement
(issue 16, HAZ-151). Without JavaScript: every step is a plain form."""

from __future__ import annotations

import pytest

from tandem.people.models import CarerLink, CrisisContact, ServiceUser
from tandem.people.services import DEFAULT_CRISIS_CONTACTS
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser


def test_an_administrator_removes_a_service_wide_line_through_the_confirm_page(
    open_tab: OpenTab, personas: Personas
) -> None:
    for i, details in enumerate(DEFAULT_CRISIS_CONTACTS):
        CrisisContact.objects.create(
            organisation=personas.organisation, position=i, **details.__dict__
        )
    people = ServiceUser.objects.count()
    carers = CarerLink.objects.filter(withdrawn_at__isnull=True).values("carer").distinct().count()

    # Given the service administrator, in a browser without JavaScript, on the list
    admin = open_tab(javascript=False)
    steps.sign_in(admin, personas.admin)
    admin.visit("/service/")
    admin.follow(admin.page.get_by_role("link", name="Change the crisis contacts people see"))
    assert admin.heading() == "Crisis contacts"
    page = admin.page

    # When they try to remove every line
    for n in (1, 2, 3):
        page.get_by_role("group", name=f"Contact {n}").get_by_label("Remove this line").check()
    admin.submit("Check the changes")

    # Then they are told the last one needs a replacement, and nothing is saved
    assert "without naming the line that replaces it" in admin.main_text()
    assert page.get_by_role("group", name="The line that replaces it").is_visible()
    assert CrisisContact.objects.filter(team__isnull=True).count() == 3

    # When instead they remove Samaritans only
    for n in (1, 3):
        page.get_by_role("group", name=f"Contact {n}").get_by_label("Remove this line").uncheck()
    admin.submit("Check the changes")

    # Then a page names what will disappear and from whom, before anything changes
    assert admin.heading() == "Check the changes to the service-wide crisis lines"
    assert (
        "The crisis line Samaritans (116123) will no longer show on the 'Need help now?' "
        f"page of every person using the service ({people} people) and their carers "
        f"({carers} carer{'' if carers == 1 else 's'}), and on their safety plans."
        in admin.main_text()
    )
    assert CrisisContact.objects.filter(team__isnull=True).count() == 3

    # When they confirm
    admin.submit("Confirm these changes")

    # Then the list no longer has it
    assert admin.heading() == "Crisis contacts"
    assert "Service-wide crisis lines changed" in admin.main_text()
    assert page.get_by_role("group", name="Contact 2").get_by_label("Name").input_value() == (
        "Emergency services"
    )

    # And Sam's carer no longer sees it under 'Need help now?'
    carer = open_tab()
    steps.sign_in(carer, personas.carer)
    carer.follow(steps.crisis_link(carer))
    assert "NHS 111, option 2" in carer.main_text()
    assert "Samaritans" not in carer.main_text()
