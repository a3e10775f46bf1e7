"""A carer invited by email, then withdrawn, and refused on their next request."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tandem.notify import outbox
from tandem.notify.models import Message
from tests.access.matrix_appointments_person import appointment_of
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

PASSWORD = "kettle orchard lantern"


def invitation_path() -> str:
    """Send what is queued, as the worker would, and read the link in Jo's email."""
    outbox.send_due()
    [email] = [m for m in mail.outbox if m.to == ["jo.rivers@example.org"]]
    body = str(email.body)
    assert "Sam" not in str(email.subject) + body  # the email does not name who invited
    found = re.search(r"https?://\S+/carers/accept/\S+/", body)
    assert found is not None, body
    return urlsplit(found.group(0)).path


def test_a_carer_is_invited_then_withdrawn_and_refused(
    open_tab: OpenTab, personas: Personas
) -> None:
    appointment_of(personas.su, personas.team_a, personas.clinician.staff)

    # Given Sam signed in, on their 'Carers and family' page
    sam = open_tab()
    steps.sign_in(sam, personas.service_user)
    sam.visit("/carers/")
    assert sam.heading() == "Carers and family"

    # When Sam invites their sister Jo by email to see their appointments
    sam.follow(
        sam.page.locator("main").get_by_role("button", name="Invite a carer or family member")
    )
    page = sam.page
    page.get_by_label("First name", exact=True).fill("Jo")
    page.get_by_label("Last name", exact=True).fill("Rivers")
    page.get_by_label("How are they related to you?").fill("Sister")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address", exact=True).fill("jo.rivers@example.org")
    page.get_by_label("See appointments").check()
    sam.submit("Send invitation")

    # Then the invitation is waiting, and an email goes to Jo
    assert sam.heading() == "Carers and family"
    assert "We have sent Jo Rivers an invitation by email" in sam.main_text()
    path = invitation_path()

    # When Jo opens the link in the email, in a tab of their own
    jo = open_tab()
    jo.visit(path)

    # Then the page says who invited them and what will be shared
    assert jo.heading() == "Accept an invitation to be a carer"
    text = jo.main_text()
    assert "Sam Taylor has invited you" in text
    assert "See appointments" in text
    assert "Join video calls" not in text

    # When Jo makes an account
    jo.page.get_by_label("Full name").fill("Jo Rivers")
    jo.page.get_by_label("Email address").fill("jo.rivers@example.org")
    jo.page.get_by_label("Create a password").fill(PASSWORD)
    jo.page.get_by_label("Type the password again").fill(PASSWORD)
    jo.submit("Make account and accept")

    # Then Jo sees what Sam shares, and Sam's appointments
    assert jo.heading() == "Sam Taylor"
    assert "You are now linked as a carer for Sam Taylor" in jo.main_text()
    sams_page = jo.page.url
    jo.follow(jo.page.locator("main").get_by_role("link", name="Appointments"))
    assert jo.heading() == "Appointments"
    assert "Video call" in jo.main_text()

    # When Sam stops sharing with Jo, after being asked to confirm
    sam.visit("/carers/")
    assert "Jo Rivers" in sam.main_text()
    sam.follow("Stop sharing with Jo Rivers")
    assert sam.heading() == "Stop sharing with Jo Rivers?"
    sam.submit("Stop sharing")
    assert "You have stopped sharing with Jo Rivers" in sam.main_text()

    # Then Jo's next request for Sam's page is refused, and Jo has been told
    jo.visit(sams_page, status=404)
    assert jo.heading() == "Page not found"
    jo.visit("/carer/")
    assert "Sam" not in jo.main_text()
    assert Message.objects.filter(
        template="carer_access_changed", carer__email="jo.rivers@example.org"
    ).exists()

    # And the invitation link, used once, does not work again
    jo.visit(path, status=404)
    assert jo.heading() == "This link does not work"


def test_a_clinician_records_a_carer_on_a_legal_basis_and_reads_their_view(
    open_tab: OpenTab, personas: Personas
) -> None:
    # Given Dr Lee on Sam's record
    lee = open_tab(javascript=False)
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/people/{personas.su.pk}/")

    # When they add Sam's mum on a best interests decision, without the reasons
    lee.follow("Add a carer")
    assert lee.heading() == "Add a carer"
    page = lee.page
    page.get_by_label("First name", exact=True).fill("Pat")
    page.get_by_label("Last name", exact=True).fill("Taylor")
    page.get_by_label("How are they related to the person?").fill("Mum")
    page.get_by_label("See appointments").check()
    page.get_by_label("Best interests decision", exact=False).check()
    page.get_by_label("Not now").check()
    lee.submit("Add carer")

    # Then they are asked for the reasons, and nothing is saved
    assert "Enter how the person consented" in steps.error_summary(lee).inner_text()
    page.get_by_label("How the person consented, or the reasons").fill(
        "Best interests meeting with Sam's GP on 3 March"
    )
    lee.submit("Add carer")

    # Then the record shows the carer, the basis and who recorded it
    assert lee.heading() == "Sam Taylor"
    text = lee.main_text()
    assert "Pat Taylor (Mum)" in text
    assert "Best interests decision" in text
    assert "Dr Casey Lee" in text

    # When Alex, whom Sam lets give views, gives theirs
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    alex = open_tab()
    steps.sign_in(alex, personas.carer)
    alex.follow(alex.page.locator("main").get_by_role("link", name="Give your view", exact=False))
    assert alex.heading() == "Give your view before an assessment or review"
    alex.page.get_by_label("What is this for?").fill("Review on 3 March")
    alex.page.get_by_label("What have you noticed?").fill("Sleeping less, walking more")
    alex.submit("Send your view")
    assert "Thank you" in alex.main_text()
    alex.visit("/carers/preferences/")
    assert alex.heading() == "How we contact you"

    # Then Dr Lee sees it with Sam's record, and can change what Pat can see
    lee.visit(f"/people/{personas.su.pk}/")
    assert "Sleeping less, walking more" in lee.main_text()
    lee.follow("Change or withdraw what Pat Taylor can see")
    assert lee.heading() == "What Pat Taylor can see"
    lee.follow("Withdraw Pat Taylor's access")
    lee.page.get_by_label("On what say-so are you withdrawing this?").fill("Sam asked today")
    lee.submit("Withdraw access")
    assert "Pat Taylor can no longer see anything" in lee.main_text()
