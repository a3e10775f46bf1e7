"""A person invited by text accepts, signs in and sees their home; a wrong date
of birth five times stops the link. With and without JavaScript; axe runs on
every page the tabs show."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from tandem.invitations import services
from tandem.invitations.models import Invitation
from tandem.notify.models import Message
from tandem.notify.templates import clinical_words_in, render
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tests import factories
from tests.browser import steps
from tests.browser.conftest import OpenTab
from tests.personas import Personas

pytestmark = pytest.mark.browser

PASSWORD = "kettle orchard lantern"


def newcomer(personas: Personas) -> ServiceUser:
    person = factories.ServiceUserFactory(
        given_name="Robin",
        family_name="Hale",
        date_of_birth=dt.date(1980, 3, 27),
        email="robin.hale@example.org",
        phone="+442079460123",
    )
    CaseloadEntry.objects.create(service_user=person, team=personas.team_a)
    return person


def text_message_path(person: ServiceUser) -> str:
    """The link in the text the person gets (nothing clinical in it)."""
    invitation = Invitation.objects.filter(service_user=person).first()
    assert invitation is not None
    message = Message.objects.get(about_key=f"account-invite:{invitation.pk}")
    assert message.channel == "sms"
    body = render(message.template, "sms", {**message.personalisation, "service_name": "X"}).body
    assert clinical_words_in(body) == []
    return urlsplit(message.personalisation["link"]).path


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_invited_by_text_accepts_signs_in_and_sees_their_home(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    person = newcomer(personas)

    # Given a clinician on Robin's page, in Robin's team
    staff = open_tab(javascript=javascript)
    steps.sign_in(staff, personas.clinician)
    staff.visit(f"/people/{person.pk}/")
    assert "No account yet" in staff.main_text()

    # When they invite Robin by text
    staff.follow(staff.page.get_by_role("link", name="Invite them to Tandem"))
    staff.page.get_by_label("Text message").check()
    staff.submit("Send invitation")
    assert "Invitation sent by text message" in staff.main_text()

    # And Robin opens the link in the text
    robin = open_tab(javascript=javascript)
    robin.visit(text_message_path(person))

    # Then Robin is asked for their date of birth before anything else
    assert robin.heading() == "Check it is you"
    assert "Robin" not in robin.main_text()
    steps.fill_date(robin, "date_of_birth", "27", "3", "1980")
    robin.submit("Continue")

    # And then chooses a password, under the project's rules
    assert robin.heading() == "Choose your password"
    robin.page.get_by_label("Create a password").fill("short")
    robin.page.get_by_label("Type the password again").fill("short")
    robin.submit("Make my account")
    assert "at least 12 characters" in steps.field_error(robin, "id_password")
    robin.page.get_by_label("Create a password").fill(PASSWORD)
    robin.page.get_by_label("Type the password again").fill(PASSWORD)
    robin.submit("Make my account")

    # And reads what happens with messages, who sees the record, and where help is
    assert robin.heading() == "Before you start"
    text = robin.main_text()
    assert "not read around the clock" in text
    assert "Who can see your record" in text
    assert "999" in text
    robin.follow(robin.page.get_by_role("button", name="Continue to your home page"))
    assert robin.heading() == "Hello Robin"

    # And signs in again later with the new password
    steps.sign_out(robin)
    steps.sign_in_with_password(robin, User.objects.get(email="robin.hale@example.org"), PASSWORD)
    assert robin.heading() == "Hello Robin"

    # And staff see the invitation accepted
    staff.visit(f"/people/{person.pk}/")
    assert "Has an account" in staff.main_text()
    assert "Latest invitation: accepted" in staff.main_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_five_wrong_dates_of_birth_stop_the_link(
    open_tab: OpenTab, personas: Personas, javascript: bool
) -> None:
    person = newcomer(personas)
    services.invite(actor=personas.clinician, person=person, channel="sms")
    path = text_message_path(person)

    someone = open_tab(javascript=javascript)
    someone.visit(path)
    for day in ("1", "2", "3", "4"):
        steps.fill_date(someone, "date_of_birth", day, "3", "1980")
        someone.submit("Continue")
        assert someone.heading() == "Check it is you"
        assert "does not match our records" in steps.field_error(someone, "date_of_birth_day")
    steps.fill_date(someone, "date_of_birth", "5", "3", "1980")
    someone.submit("Continue", status=404)
    assert someone.heading() == "This link does not work"

    # The right date no longer helps, and the link stays dead
    someone.visit(path, status=404)
    assert someone.heading() == "This link does not work"
    assert Invitation.objects.get().stop_reason == "5 wrong dates of birth"
