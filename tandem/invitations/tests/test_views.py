"""The invitation and contact-change pages: the same answer whatever is wrong,
the date of birth before anything else, and nothing saved half-way."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from tandem.invitations import services
from tandem.invitations.models import ContactChange, Invitation, State
from tandem.notify.models import Message
from tandem.people.models import CaseloadEntry, ServiceUser
from tests import factories
from tests.pages import same_page_text
from tests.personas import Personas

pytestmark = pytest.mark.django_db
PASSWORD = "kettle orchard lantern"
BORN = {"date_of_birth_day": "27", "date_of_birth_month": "3", "date_of_birth_year": "1980"}


@pytest.fixture
def newcomer(personas: Personas) -> ServiceUser:
    person = factories.ServiceUserFactory(
        given_name="Robin",
        family_name="Hale",
        date_of_birth=dt.date(1980, 3, 27),
        email="robin.hale@example.org",
        phone="+447700900123",
    )
    CaseloadEntry.objects.create(service_user=person, team=personas.team_a)
    return person


def _path(message: Message) -> str:
    return message.personalisation["link"].removeprefix("http://127.0.0.1:8000")


def _invite_by_text(client_for, person: ServiceUser) -> str:  # type: ignore[no-untyped-def]
    response = client_for("clinician").post(
        reverse("invitations:person", kwargs={"pk": person.pk}), {"channel": "sms"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(service_user=person)
    return _path(Message.objects.get(about_key=f"account-invite:{invitation.pk}"))


def test_the_person_page_shows_the_invitations_state(client_for, newcomer) -> None:  # type: ignore[no-untyped-def]
    staff = client_for("clinician")
    page = staff.get(reverse("people:person", kwargs={"pk": newcomer.pk})).content.decode()
    assert "No account yet" in page and "Invite them to Tandem" in page
    _invite_by_text(client_for, newcomer)
    page = staff.get(reverse("people:person", kwargs={"pk": newcomer.pk})).content.decode()
    assert "Latest invitation: sent (text message" in page
    assert (
        client_for("outsider").get(reverse("people:person", kwargs={"pk": newcomer.pk})).status_code
        == 404
    )


def test_a_person_with_an_account_is_invited_again_only_with_a_reason(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    url = reverse("invitations:person", kwargs={"pk": personas.su.pk})
    staff = client_for("clinician")
    response = staff.post(url, {"channel": "email"})
    assert response.status_code == 200
    assert "Say why they need a new invitation" in response.content.decode()
    assert not Invitation.objects.exists()
    assert staff.post(url, {"channel": "email", "reason": "A new phone"}).status_code == 302
    assert Invitation.objects.get().reason == "A new phone"


def test_invited_by_text_accepts_and_signs_in(client_for, newcomer) -> None:  # type: ignore[no-untyped-def]
    path = _invite_by_text(client_for, newcomer)
    person = Client()
    first = person.get(path)
    assert first.status_code == 200 and "Check it is you" in first.content.decode()
    assert "Robin" not in first.content.decode()  # nothing about them before the date
    assert Invitation.objects.get().state == State.OPENED
    checked = person.post(path, BORN)
    assert checked.status_code == 302
    form = person.get(path).content.decode()
    assert "Choose your password" in form and "robin.hale@example.org" in form
    weak = person.post(path, {"email": "robin.hale@example.org", "password": "short"})
    assert weak.status_code == 200 and "at least 12 characters" in weak.content.decode()
    done = person.post(
        path,
        {"email": "robin.hale@example.org", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert done["Location"] == reverse("invitations:before-you-start")
    before = person.get(done["Location"]).content.decode()
    assert "not read around the clock" in before
    assert "Who can see your record" in before and "999" in before
    home = person.get(reverse("people:home"))
    assert home["Location"] == reverse("people:service-user-home")
    assert person.get(path).status_code == 404  # used up


def test_every_wrong_date_gets_the_same_answer_and_five_stop_the_link(client_for, newcomer) -> None:  # type: ignore[no-untyped-def]
    path = _invite_by_text(client_for, newcomer)
    person = Client()
    answers = set()
    for wrong in (
        {**BORN, "date_of_birth_day": "28"},
        {**BORN, "date_of_birth_month": "4"},
        {**BORN, "date_of_birth_year": "1981"},
        {**BORN, "date_of_birth_day": "1", "date_of_birth_month": "1"},
    ):
        response = person.post(path, wrong)
        assert response.status_code == 200
        # The page echoes what was typed; apart from that it is the same page.
        answers.add(re.sub(r'value="[^"]*"', 'value=""', same_page_text(response)))
    assert len(answers) == 1
    assert "does not match our records" in answers.pop()
    fifth = person.post(path, {**BORN, "date_of_birth_day": "2"})
    assert fifth.status_code == 404 and "This link does not work" in fifth.content.decode()
    assert person.post(path, BORN).status_code == 404
    forged = Client().get(reverse("invitations:join", kwargs={"token": "0" * 64}))
    assert same_page_text(forged) == same_page_text(person.get(path))


def test_the_password_form_needs_the_date_first(client_for, newcomer) -> None:  # type: ignore[no-untyped-def]
    path = _invite_by_text(client_for, newcomer)
    response = Client().post(
        path,
        {"email": "robin.hale@example.org", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_a_letters_code_leads_to_the_same_steps(personas, newcomer) -> None:  # type: ignore[no-untyped-def]
    newcomer.postcode = "LS1 4AB"
    newcomer.save()
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="letter")
    message = Message.objects.get(about_key=f"account-invite:{issued.invitation.pk}")
    code = message.personalisation["how_to_join"].removeprefix("Your code is ")
    start = reverse("invitations:start")
    person = Client()
    wrong = person.post(start, {"code": "ABCD EFGH JKMN"})
    assert wrong.status_code == 200 and "This code does not work" in wrong.content.decode()
    right = person.post(start, {"code": code.lower()})
    assert right.status_code == 302
    assert "Check it is you" in person.get(right["Location"]).content.decode()


def test_resend_and_stop_from_the_staff_page(client_for, newcomer) -> None:  # type: ignore[no-untyped-def]
    old = _invite_by_text(client_for, newcomer)
    staff = client_for("clinician")
    invitation = Invitation.objects.get()
    page = staff.get(reverse("invitations:resend", kwargs={"pk": invitation.pk}))
    assert "Send the invitation again?" in page.content.decode()
    assert (
        staff.post(reverse("invitations:resend", kwargs={"pk": invitation.pk})).status_code == 302
    )
    assert Client().get(old).status_code == 404
    newest = Invitation.objects.filter(stopped_at__isnull=True).get()
    assert staff.post(reverse("invitations:stop", kwargs={"pk": newest.pk})).status_code == 302
    newest.refresh_from_db()
    assert newest.state == State.STOPPED
    again = staff.post(reverse("invitations:stop", kwargs={"pk": newest.pk}))
    assert again.status_code == 200 and "already stopped" in again.content.decode()


def test_changing_a_mobile_number_with_a_code(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    personas.service_user.set_password(PASSWORD)
    personas.service_user.save()
    person = client_for("service_user")
    url = reverse("invitations:contact-change")
    bad = person.post(url, {"kind": "sms", "new_value": "not a number", "password": PASSWORD})
    assert "Enter a phone number" in bad.content.decode()
    wrong = person.post(url, {"kind": "sms", "new_value": "020 7946 0999", "password": "nope"})
    assert "Your password is not right" in wrong.content.decode()
    assert not ContactChange.objects.exists()
    sent = person.post(url, {"kind": "sms", "new_value": "020 7946 0999", "password": PASSWORD})
    change = ContactChange.objects.get()
    assert sent["Location"] == reverse("invitations:contact-code", kwargs={"pk": change.pk})
    code = Message.objects.get(about_key=f"contact-change:{change.pk}").personalisation[
        "how_to_join"
    ][-6:]
    miss = person.post(sent["Location"], {"code": "000000" if code != "000000" else "111111"})
    assert "The code is not right" in miss.content.decode()
    done = person.post(sent["Location"], {"code": code})
    assert done.status_code == 302
    personas.su.refresh_from_db()
    assert personas.su.phone == "+442079460999"
    assert client_for("service_user").get(sent["Location"]).status_code == 404  # done
