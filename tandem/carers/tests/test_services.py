"""Consent for carers: invitations, changes, withdrawal, staff recording a basis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.carers import consent, from_carers, invitations, selectors, staff_added
from tandem.carers.models import CarerInvite, CarerView, ConsentChange
from tandem.errors import InvalidInput
from tandem.notify.models import Message, MessageStatus
from tandem.people.models import CarerBasis, CarerLink, User
from tandem.worklist.models import WorkItem
from tests.personas import Personas

pytestmark = pytest.mark.django_db

JO = invitations.CarerDetails(
    given_name="Jo", family_name="Rivers", email="jo.rivers@example.org", phone=""
)


def invite(p: Personas, scopes: list[str] | None = None) -> invitations.IssuedInvite:
    return invitations.invite_carer(
        actor=p.service_user,
        details=JO,
        relationship="Sister",
        sent_by="email",
        chosen=scopes if scopes is not None else ["can_see_appointments", "can_give_views"],
    )


def token_of(issued: invitations.IssuedInvite) -> str:
    return issued.path.rstrip("/").rsplit("/", 1)[-1]


def new_user(email: str = "jo.rivers@example.org") -> User:
    return User.objects.create_user(email, "a long enough passphrase", full_name="Jo Rivers")


# --- Inviting and accepting ----------------------------------------------------------


def test_an_invitation_is_sent_by_the_chosen_channel_with_a_working_link(
    personas: Personas,
) -> None:
    issued = invite(personas)
    message = Message.objects.get(template="carer_invite")
    assert message.channel == "email"
    assert message.to == "jo.rivers@example.org"
    assert message.service_user == personas.su
    assert message.personalisation["link"].endswith(issued.path)
    # Only the hash is kept: the database cannot be turned back into a link.
    assert token_of(issued) not in str(CarerInvite.objects.values_list().get())
    assert invitations.find_invite(token_of(issued)) == issued.invite
    assert issued.invite.expires_at - timezone.now() > dt.timedelta(days=13)


def test_accepting_makes_the_link_with_the_chosen_scopes_and_the_persons_consent(
    personas: Personas,
) -> None:
    issued = invite(personas)
    jo = new_user()
    link = invitations.accept_invite(invite=issued.invite, user=jo)
    assert link.service_user == personas.su
    assert link.carer.user == jo
    assert link.can_see_appointments and link.can_give_views
    assert not (link.can_see_safety_plan or link.can_message_team or link.can_see_messages)
    assert link.basis == CarerBasis.CONSENT
    assert link.consent_recorded_by == personas.service_user
    assert link.relationship == "Sister"
    # Single use.
    assert invitations.find_invite(token_of(issued)) is None
    with pytest.raises(invitations.InviteNotUsable):
        invitations.accept_invite(invite=issued.invite, user=new_user("someone@example.org"))


def test_a_new_account_and_the_link_are_made_together(personas: Personas) -> None:
    issued = invite(personas)
    user, link = invitations.accept_with_new_account(
        invite=issued.invite,
        full_name="Jo Rivers",
        email="Jo.Rivers@Example.org",
        password="a long enough passphrase",
    )
    assert user.email == "jo.rivers@example.org"
    assert user.check_password("a long enough passphrase")
    assert link.carer.user == user


def test_an_email_already_in_use_saves_nothing(personas: Personas) -> None:
    issued = invite(personas)
    with pytest.raises(invitations.EmailInUse):
        invitations.accept_with_new_account(
            invite=issued.invite,
            full_name="Someone",
            email="carer@example.org",  # Alex's account
            password="a long enough passphrase",
        )
    assert CarerLink.objects.filter(service_user=personas.su).count() == 1
    assert invitations.find_invite(token_of(issued)) is not None


@pytest.mark.parametrize("how", ["forged", "expired", "cancelled", "used"])
def test_forged_expired_cancelled_and_used_links_do_not_work(personas: Personas, how: str) -> None:
    issued = invite(personas)
    token = token_of(issued)
    if how == "forged":
        token = "f" * 64
    elif how == "expired":
        CarerInvite.objects.filter(pk=issued.invite.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    elif how == "cancelled":
        invitations.cancel_invite(actor=personas.service_user, invite=issued.invite)
    else:
        invitations.accept_invite(invite=issued.invite, user=new_user())
    assert invitations.find_invite(token) is None


def test_only_the_person_can_cancel_their_invitation(personas: Personas) -> None:
    issued = invite(personas)
    with pytest.raises(PermissionDenied):
        invitations.cancel_invite(actor=personas.other_service_user, invite=issued.invite)
    with pytest.raises(PermissionDenied):
        invitations.cancel_invite(actor=personas.clinician, invite=issued.invite)


def test_only_a_service_user_can_invite_and_only_for_themself(personas: Personas) -> None:
    for actor in (personas.clinician, personas.carer):
        with pytest.raises(PermissionDenied):
            invitations.invite_carer(
                actor=actor, details=JO, relationship="Friend", sent_by="email", chosen=[]
            )
    assert not CarerInvite.objects.exists()


def test_an_invitation_needs_an_address_for_its_channel(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        invitations.invite_carer(
            actor=personas.service_user,
            details=JO,
            relationship="Friend",
            sent_by="sms",
            chosen=[],
        )
    with pytest.raises(InvalidInput):
        invite(personas, scopes=["can_read_everything"])
    assert not CarerInvite.objects.exists()
    assert not Message.objects.exists()


def test_a_person_cannot_accept_their_own_invitation(personas: Personas) -> None:
    issued = invite(personas)
    with pytest.raises(InvalidInput):
        invitations.accept_invite(invite=issued.invite, user=personas.service_user)
    assert invitations.find_invite(token_of(issued)) is not None


def test_an_existing_carer_accepting_uses_their_own_profile(personas: Personas) -> None:
    issued = invitations.invite_carer(
        actor=personas.other_service_user,
        details=JO,
        relationship="Friend",
        sent_by="email",
        chosen=["can_get_reminders"],
    )
    link = invitations.accept_invite(invite=issued.invite, user=personas.carer)
    assert link.carer == personas.carer_profile
    assert link.service_user == personas.other_su


def test_accepting_twice_for_the_same_person_is_refused(personas: Personas) -> None:
    issued = invite(personas)
    with pytest.raises(InvalidInput):
        invitations.accept_invite(invite=issued.invite, user=personas.carer)  # already Sam's carer
    assert (
        CarerLink.objects.filter(service_user=personas.su, withdrawn_at__isnull=True).count() == 1
    )


# --- Changing and withdrawing -----------------------------------------------------------


def test_a_scope_change_takes_effect_at_once_and_the_carer_is_told_nothing_more(
    personas: Personas,
) -> None:
    personas.carer_profile.email = "alex@example.org"
    personas.carer_profile.save()
    link = personas.carer_link
    consent.change_scopes(
        actor=personas.service_user, link=link, chosen=["can_join_video", "can_give_views"]
    )
    link.refresh_from_db()
    assert not link.can_see_appointments
    assert link.can_give_views
    told = Message.objects.get(template="carer_access_changed")
    assert told.carer == personas.carer_profile
    assert set(told.personalisation) == {"link"}
    change = ConsentChange.objects.get(link=link)
    assert "no longer shares see appointments" in change.what
    assert "now shares give their view" in change.what
    assert AuditEvent.objects.filter(subject_id=personas.su.pk, what__startswith="What").exists()
    # The access module reads the switch on the next request.
    assert selectors.link_for_giving_views(personas.carer, service_user_id=personas.su.pk)


def test_nothing_changed_sends_nothing(personas: Personas) -> None:
    result = consent.change_scopes(
        actor=personas.service_user,
        link=personas.carer_link,
        chosen=["can_see_appointments", "can_join_video"],
    )
    assert result is None
    assert not Message.objects.exists()


def test_removing_reminders_stops_reminders_already_queued(personas: Personas) -> None:
    from tandem.notify.services import queue_message

    personas.carer_profile.email = "alex@example.org"
    personas.carer_profile.save()
    queued = queue_message(
        actor=None,
        recipient=personas.carer_profile,
        template="appointment_reminder",
        personalisation={"date": "Monday 3 March 2031", "time": "2pm"},
        about_key="appointment:1",
        idempotency_key="appointment:1:reminder:1:carer",
        send_after=timezone.now() + dt.timedelta(days=3),
        about_person=personas.su,
    )
    assert queued is not None
    consent.change_scopes(
        actor=personas.service_user, link=personas.carer_link, chosen=["can_see_appointments"]
    )
    queued.refresh_from_db()
    assert queued.status == MessageStatus.QUEUED  # reminders were never on
    personas.carer_link.can_get_reminders = True
    personas.carer_link.save()
    consent.change_scopes(actor=personas.service_user, link=personas.carer_link, chosen=[])
    queued.refresh_from_db()
    assert queued.status == MessageStatus.CANCELLED


def test_withdrawal_is_immediate_recorded_and_the_carer_told(personas: Personas) -> None:
    personas.carer_profile.email = "alex@example.org"
    personas.carer_profile.save()
    link = consent.withdraw(actor=personas.service_user, link=personas.carer_link)
    assert link.withdrawn_at is not None
    assert link.withdrawn_by == personas.service_user
    assert Message.objects.filter(
        template="carer_access_changed", carer=personas.carer_profile
    ).exists()
    assert not selectors.own_links(personas.service_user).exists()
    with pytest.raises(Exception, match="Page not found"):
        selectors.link_as_carer(personas.carer, service_user_id=personas.su.pk)
    with pytest.raises(InvalidInput):
        consent.withdraw(actor=personas.service_user, link=personas.carer_link)


def test_nobody_else_can_change_or_withdraw_a_persons_carer(personas: Personas) -> None:
    for actor in (personas.other_service_user, personas.carer, personas.outsider, personas.admin):
        with pytest.raises(PermissionDenied):
            consent.change_scopes(actor=actor, link=personas.carer_link, chosen=[], note="x")
        with pytest.raises(PermissionDenied):
            consent.withdraw(actor=actor, link=personas.carer_link, note="x")
    personas.carer_link.refresh_from_db()
    assert personas.carer_link.withdrawn_at is None
    assert personas.carer_link.can_see_appointments


def test_staff_need_a_note_to_change_on_the_persons_say_so(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        consent.change_scopes(actor=personas.clinician, link=personas.carer_link, chosen=[])
    with pytest.raises(InvalidInput):
        consent.withdraw(actor=personas.colleague, link=personas.carer_link, note="  ")
    consent.withdraw(
        actor=personas.colleague, link=personas.carer_link, note="Sam asked by phone today"
    )
    change = ConsentChange.objects.get(link=personas.carer_link)
    assert change.note == "Sam asked by phone today"
    assert change.by == personas.colleague


# --- Staff adding a carer ---------------------------------------------------------------


def staff_add(p: Personas, actor: User, **kw: object) -> tuple[CarerLink, object]:
    values: dict[str, object] = {
        "actor": actor,
        "person": p.su,
        "details": JO,
        "relationship": "Mum",
        "chosen": ["can_see_appointments"],
        "basis": CarerBasis.CONSENT,
        "basis_note": "In person at clinic on 3 March",
        "send_invite_by": "email",
    }
    values.update(kw)
    return staff_added.staff_add_carer(**values)  # type: ignore[arg-type]


def test_staff_add_a_carer_with_recorded_consent_and_an_invitation(personas: Personas) -> None:
    link, issued = staff_add(personas, personas.clinician)
    assert link.consent_recorded_by == personas.clinician
    assert link.basis_note == "In person at clinic on 3 March"
    assert link.can_see_appointments
    assert issued is not None
    jo = new_user()
    accepted = invitations.accept_invite(invite=issued.invite, user=jo)  # type: ignore[attr-defined]
    assert accepted.pk == link.pk
    assert accepted.carer.user == jo


def test_a_legal_basis_needs_its_reasons(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        staff_add(personas, personas.clinician, basis=CarerBasis.BEST_INTERESTS, basis_note="")
    link, _ = staff_add(
        personas,
        personas.manager,
        basis=CarerBasis.BEST_INTERESTS,
        basis_note="Best interests meeting 3 March with Sam's mum and GP",
        send_invite_by="",
    )
    assert link.basis == CarerBasis.BEST_INTERESTS
    assert link.consent_recorded_by == personas.manager
    assert AuditEvent.objects.filter(
        subject_id=personas.su.pk, what__contains="best interests decision"
    ).exists()


def test_staff_outside_the_team_cannot_add_a_carer(personas: Personas) -> None:
    for actor in (personas.outsider, personas.admin, personas.carer):
        with pytest.raises(PermissionDenied):
            staff_add(personas, actor)
    assert CarerLink.objects.filter(service_user=personas.su).count() == 1


def test_an_invitation_from_staff_dies_with_the_link(personas: Personas) -> None:
    link, issued = staff_add(personas, personas.clinician)
    consent.withdraw(actor=personas.clinician, link=link, note="Sam changed their mind")
    assert invitations.find_invite(token_of(issued)) is None  # type: ignore[arg-type]


# --- Carers' views ---------------------------------------------------------------------


VIEW = from_carers.ViewDetails(
    about="Review on 3 March",
    what_noticed="Sleeping less, out walking more",
    worries="",
    what_helps="Walks with the dog",
)


def test_a_carer_gives_their_view_only_when_allowed(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        from_carers.give_view(actor=personas.carer, link=personas.carer_link, details=VIEW)
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    view = from_carers.give_view(actor=personas.carer, link=personas.carer_link, details=VIEW)
    assert view.service_user == personas.su
    [task] = WorkItem.objects.filter(service_user=personas.su)
    assert task.team == personas.team_a
    assert "Read it on the person's record" in task.reason
    assert "Sleeping" not in task.reason  # the task points to the view, it does not copy it
    seen = selectors.carer_views_for_staff(personas.clinician, service_user_id=personas.su.pk)
    assert seen == [view]
    assert AuditEvent.objects.filter(
        actor=personas.clinician, object_type="carers.CarerView"
    ).exists()
    assert selectors.carer_views_for_staff(personas.outsider, service_user_id=personas.su.pk) == []


def test_a_withdrawn_carer_cannot_give_a_view(personas: Personas) -> None:
    personas.carer_link.can_give_views = True
    personas.carer_link.save()
    consent.withdraw(actor=personas.service_user, link=personas.carer_link)
    with pytest.raises(InvalidInput):
        from_carers.give_view(actor=personas.carer, link=personas.carer_link, details=VIEW)
    assert not CarerView.objects.exists()


def test_a_carer_sets_how_they_are_contacted(personas: Personas) -> None:
    changed = from_carers.update_carer_preferences(
        actor=personas.carer,
        choices=from_carers.ContactChoices(
            email="alex@example.org",
            phone="+447700900123",
            by_email=False,
            by_sms=True,
            preferred_channel="sms",
        ),
    )
    assert changed
    personas.carer_profile.refresh_from_db()
    assert (personas.carer_profile.by_email, personas.carer_profile.by_sms) == (False, True)
    with pytest.raises(InvalidInput):
        from_carers.update_carer_preferences(
            actor=personas.carer,
            choices=from_carers.ContactChoices(
                email="", phone="", by_email=True, by_sms=False, preferred_channel="email"
            ),
        )
    with pytest.raises(PermissionDenied):
        from_carers.update_carer_preferences(
            actor=personas.service_user,
            choices=from_carers.ContactChoices(
                email="", phone="", by_email=False, by_sms=False, preferred_channel="email"
            ),
        )
