"""Invitations and contact changes: single use, 7 days, date of birth first,
five wrong tries, everything audited, nothing clinical sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.invitations import services
from tandem.invitations.models import ContactChange, Invitation, State
from tandem.notify.models import Message
from tandem.notify.templates import clinical_words_in, render
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db
PASSWORD = "kettle orchard lantern"


@pytest.fixture
def newcomer(personas: Personas) -> ServiceUser:
    """Someone open to team A with no account yet."""
    person = factories.ServiceUserFactory(
        given_name="Robin",
        family_name="Hale",
        date_of_birth=dt.date(1980, 3, 27),
        email="robin.hale@example.org",
        phone="+447700900123",
        postcode="LS1 4AB",
    )
    CaseloadEntry.objects.create(service_user=person, team=personas.team_a)
    return person


def _token(issued: services.Issued) -> str:
    return issued.path.rstrip("/").rsplit("/", 1)[-1]


def test_an_invitation_stores_only_the_hash_and_queues_a_message(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="sms")
    token = _token(issued)
    invitation = issued.invitation
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert invitation.state == State.SENT
    message = Message.objects.get(about_key=f"account-invite:{invitation.pk}")
    assert message.channel == "sms" and message.to == "+447700900123"
    body = render(message.template, "sms", {**message.personalisation, "service_name": "X"}).body
    assert token in body and clinical_words_in(body) == []
    assert AuditEvent.objects.filter(what__startswith="Invited them to make an account").exists()
    assert services.find(token) == invitation


def test_staff_outside_the_persons_teams_cannot_invite(personas, newcomer) -> None:
    with pytest.raises(PermissionDenied):
        services.invite(actor=personas.outsider, person=newcomer, channel="email")


def test_a_missing_address_is_a_clear_message(personas, newcomer) -> None:
    ServiceUser.objects.filter(pk=newcomer.pk).update(phone="")
    with pytest.raises(InvalidInput, match="no mobile phone number") as caught:
        services.invite(actor=personas.clinician, person=newcomer, channel="sms")
    assert caught.value.field == "channel"
    assert not Invitation.objects.exists()


def test_a_person_with_an_account_needs_a_recorded_reason(personas) -> None:
    with pytest.raises(InvalidInput, match="already has an account") as caught:
        services.invite(actor=personas.clinician, person=personas.su, channel="email")
    assert caught.value.field == "reason"
    issued = services.invite(
        actor=personas.clinician, person=personas.su, channel="email", reason="Lost email"
    )
    assert issued.invitation.reason == "Lost email"
    assert AuditEvent.objects.filter(what__contains="Reason for a new invitation: Lost email")


def test_a_letter_has_a_short_code_that_works_however_it_is_typed(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="letter")
    message = Message.objects.get(about_key=f"account-invite:{issued.invitation.pk}")
    shown = message.personalisation["how_to_join"].removeprefix("Your code is ")
    assert len(shown.replace(" ", "")) == services.LETTER_CODE_LENGTH
    assert services.find(shown.lower().replace(" ", "-")) == issued.invitation
    letter = render(message.template, "letter", {**message.personalisation, "service_name": "X"})
    assert "/join/" in letter.body and shown in letter.body


def test_a_new_invitation_or_resend_stops_the_old_one(personas, newcomer) -> None:
    first = services.invite(actor=personas.clinician, person=newcomer, channel="email")
    again = services.resend(actor=personas.colleague, invitation=first.invitation)
    assert services.find(_token(first)) is None
    assert services.find(_token(again)) == again.invitation
    first.invitation.refresh_from_db()
    assert first.invitation.state == State.STOPPED


def test_stop(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="email")
    services.stop(actor=personas.manager, invitation=issued.invitation)
    assert services.find(_token(issued)) is None
    with pytest.raises(InvalidInput, match="already stopped"):
        services.stop(actor=personas.manager, invitation=issued.invitation)
    with pytest.raises(PermissionDenied):
        services.stop(actor=personas.outsider, invitation=issued.invitation)


def test_expired_and_forged_links_open_nothing(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="email")
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.find(_token(issued)) is None
    assert services.find("0" * 64) is None
    assert services.find("") is None
    assert services.find("x" * 500) is None


def test_five_wrong_dates_of_birth_stop_it_and_every_try_is_audited(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="sms")
    for wrong in range(1, 6):
        assert services.find(_token(issued)) is not None
        assert not services.check_date_of_birth(
            invitation=issued.invitation, date_of_birth=dt.date(1980, 3, wrong)
        )
        assert AuditEvent.objects.filter(what__contains=f"({wrong} of 5)").exists()
    assert services.find(_token(issued)) is None
    with pytest.raises(services.NotUsable):
        services.check_date_of_birth(
            invitation=issued.invitation, date_of_birth=newcomer.date_of_birth
        )
    issued.invitation.refresh_from_db()
    assert issued.invitation.state == State.STOPPED
    assert issued.invitation.stop_reason == "5 wrong dates of birth"


def test_the_right_date_then_a_password_makes_the_account(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="sms")
    services.opened(invitation=issued.invitation)
    issued.invitation.refresh_from_db()
    assert issued.invitation.state == State.OPENED
    assert services.check_date_of_birth(
        invitation=issued.invitation, date_of_birth=dt.date(1980, 3, 27)
    )
    user = services.accept(
        invitation=issued.invitation, email="Robin.Hale@example.org", password=PASSWORD
    )
    newcomer.refresh_from_db()
    assert newcomer.user == user and user.email == "robin.hale@example.org"
    assert user.check_password(PASSWORD)
    issued.invitation.refresh_from_db()
    assert issued.invitation.state == State.ACCEPTED
    assert services.find(_token(issued)) is None  # single use
    with pytest.raises(services.NotUsable):
        services.accept(invitation=issued.invitation, email="a@example.org", password=PASSWORD)


def test_accepting_again_sets_a_new_password_on_the_same_account(personas) -> None:
    issued = services.invite(
        actor=personas.clinician, person=personas.su, channel="email", reason="New phone"
    )
    user = services.accept(
        invitation=issued.invitation, email="sam.new@example.org", password=PASSWORD
    )
    assert user == personas.service_user
    assert user.email == "sam.new@example.org" and user.check_password(PASSWORD)


def test_an_email_another_account_uses_is_refused_without_saying_whose(personas, newcomer) -> None:
    issued = services.invite(actor=personas.clinician, person=newcomer, channel="email")
    with pytest.raises(services.EmailInUse, match="cannot use this email") as caught:
        services.accept(
            invitation=issued.invitation, email="clinician@example.org", password=PASSWORD
        )
    assert "clinician" not in str(caught.value).lower()
    newcomer.refresh_from_db()
    assert newcomer.user is None
    assert services.find(_token(issued)) is not None  # nothing used up


# --- Contact changes ---------------------------------------------------------------


def _code(change: ContactChange) -> str:
    message = Message.objects.get(about_key=f"contact-change:{change.pk}")
    return message.personalisation["how_to_join"].removeprefix("Your code is ")


def _with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_new_mobile_is_checked_with_a_code_and_the_old_one_told(personas) -> None:
    user = _with_password(personas.service_user)
    old = personas.su.phone
    change = services.request_contact_change(
        actor=user, kind="sms", new_value="+447700900999", password=PASSWORD
    )
    sent = Message.objects.get(about_key=f"contact-change:{change.pk}")
    assert sent.to == "+447700900999" and sent.channel == "sms"
    personas.su.refresh_from_db()
    assert personas.su.phone == old  # nothing changes before the code
    services.confirm_contact_change(actor=user, change=change, code=_code(change))
    personas.su.refresh_from_db()
    assert personas.su.phone == "+447700900999"
    told = Message.objects.get(about_key=f"contact-changed:{change.pk}")
    assert told.to == old
    body = render(told.template, "sms", {"service_name": "X"}).body
    assert clinical_words_in(body) == []


def test_a_new_email_moves_sign_in_too(personas) -> None:
    user = _with_password(personas.service_user)
    personas.su.email = user.email
    personas.su.save()
    change = services.request_contact_change(
        actor=user, kind="email", new_value="sam@example.net", password=PASSWORD
    )
    services.confirm_contact_change(actor=user, change=change, code=_code(change))
    user.refresh_from_db()
    assert user.email == "sam@example.net"
    assert (
        Message.objects.get(about_key=f"contact-changed:{change.pk}").to
        == "service.user@example.org"
    )


def test_a_wrong_password_or_code_changes_nothing(personas) -> None:
    user = _with_password(personas.service_user)
    with pytest.raises(InvalidInput, match="password") as caught:
        services.request_contact_change(
            actor=user, kind="sms", new_value="+447700900999", password="wrong"
        )
    assert caught.value.field == "password"
    assert not ContactChange.objects.exists()
    change = services.request_contact_change(
        actor=user, kind="sms", new_value="+447700900999", password=PASSWORD
    )
    right = _code(change)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(InvalidInput):
            services.confirm_contact_change(actor=user, change=change, code=wrong)
    change.refresh_from_db()
    assert change.failed_checks == 5
    with pytest.raises(InvalidInput, match="no longer works"):
        services.confirm_contact_change(actor=user, change=change, code=right)
    personas.su.refresh_from_db()
    assert personas.su.phone != "+447700900999"


def test_carers_change_their_own_details_too(personas) -> None:
    user = _with_password(personas.carer)
    change = services.request_contact_change(
        actor=user, kind="email", new_value="alex@example.net", password=PASSWORD
    )
    services.confirm_contact_change(actor=user, change=change, code=_code(change))
    personas.carer_profile.refresh_from_db()
    assert personas.carer_profile.email == "alex@example.net"


def test_staff_have_no_contact_details_to_change_here(personas) -> None:
    with pytest.raises(PermissionDenied):
        services.request_contact_change(
            actor=personas.clinician, kind="email", new_value="x@example.org", password="x"
        )
