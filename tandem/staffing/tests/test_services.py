"""Staff accounts through their services: adding and inviting, authenticator
resets, moving team and leaving (issue 17)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.notify.templates import clinical_words_in
from tandem.people.models import CaseloadEntry, TeamMembership, User
from tandem.staffing import selectors, services
from tandem.staffing.models import AuthenticatorReset, Leaving, StaffInvitation
from tandem.web.tokens import digest
from tandem.worklist.models import WorkItem, WorkKind

pytestmark = pytest.mark.django_db


def add(personas, capture, **overrides):
    values = {
        "actor": personas.admin,
        "full_name": "  Riley   Shaw ",
        "email": "Riley.Shaw@Example.org",
        "professional_role": "social_worker",
        "teams": [personas.team_a],
        "is_manager": False,
    }
    values.update(overrides)
    with capture(execute=True):
        return services.add_staff(**values)


def token_from(message) -> str:
    found = re.search(r"/staff/join/([0-9a-f]{64})/", message.body)
    assert found, message.body
    return found.group(1)


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    return store.session_key


def test_adding_staff_makes_an_account_without_a_password_and_emails_one_link(
    personas, django_capture_on_commit_callbacks
):
    staff = add(personas, django_capture_on_commit_callbacks)

    user = staff.user
    assert (user.full_name, user.email) == ("Riley Shaw", "riley.shaw@example.org")
    assert not user.has_usable_password()
    assert list(staff.memberships.values_list("team__name", "role")) == [
        ("Northgate CMHT", "clinician")
    ]
    [message] = mail.outbox
    assert message.to == ["riley.shaw@example.org"]
    assert clinical_words_in(message.subject + message.body) == []
    token = token_from(message)
    # Only the hash is kept, and it lasts 7 days.
    invitation = StaffInvitation.objects.get(staff=staff)
    assert invitation.token_hash == digest(token)
    assert token not in str(StaffInvitation.objects.values_list().get())
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    whats = list(AuditEvent.objects.values_list("what", flat=True))
    assert any(w.startswith("Added Riley Shaw as staff") for w in whats)
    assert any(w.startswith("Sent an invitation to Riley Shaw") for w in whats)


def test_a_manager_is_made_a_manager_of_each_team(personas, django_capture_on_commit_callbacks):
    staff = add(
        personas,
        django_capture_on_commit_callbacks,
        teams=[personas.team_a, personas.team_b],
        is_manager=True,
    )
    assert set(staff.memberships.values_list("role", flat=True)) == {"manager"}
    assert staff.memberships.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "CLINICIAN@example.org"}, "email", "There is already an account"),
        ({"teams": []}, "teams", "Select at least one team"),
        ({"full_name": "   "}, "full_name", "Enter their full name"),
        ({"professional_role": "administrator"}, "professional_role", "Select their"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(
    personas, django_capture_on_commit_callbacks, overrides, field, message
):
    users = User.objects.count()
    with pytest.raises(InvalidInput, match=message) as raised:
        add(personas, django_capture_on_commit_callbacks, **overrides)
    assert raised.value.field == field
    assert User.objects.count() == users
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["clinician", "manager", "service_user"])
def test_only_the_service_administrator_adds_staff(
    personas, django_capture_on_commit_callbacks, who
):
    with pytest.raises(PermissionDenied):
        add(personas, django_capture_on_commit_callbacks, actor=getattr(personas, who))


def test_the_invitation_sets_a_password_once(personas, django_capture_on_commit_callbacks):
    staff = add(personas, django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])
    assert selectors.usable_invitation(token) is not None

    with pytest.raises(InvalidInput) as weak:
        services.accept_invitation(token=token, password="password123")
    assert weak.value.field == "password"
    user = services.accept_invitation(token=token, password="a long synthetic passphrase")

    assert user.pk == staff.user_id
    user.refresh_from_db()
    assert user.check_password("a long synthetic passphrase")
    assert selectors.usable_invitation(token) is None
    with pytest.raises(PermissionDenied):
        services.accept_invitation(token=token, password="another long passphrase")


def test_an_expired_or_replaced_invitation_does_not_work(
    personas, django_capture_on_commit_callbacks
):
    staff = add(personas, django_capture_on_commit_callbacks)
    first = token_from(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(actor=personas.admin, staff=staff)
    second = token_from(mail.outbox[1])

    assert selectors.usable_invitation(first) is None
    with pytest.raises(PermissionDenied):
        services.accept_invitation(token=first, password="a long synthetic passphrase")
    StaffInvitation.objects.filter(token_hash=digest(second)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert selectors.usable_invitation(second) is None
    assert selectors.usable_invitation("0" * 64) is None


def test_no_new_invitation_once_the_password_is_set(personas):
    with pytest.raises(InvalidInput, match="already set their password"):
        services.resend_invitation(actor=personas.admin, staff=personas.clinician.staff)


def test_resetting_an_authenticator_ends_sessions_records_why_and_tells_them(
    personas, django_capture_on_commit_callbacks
):
    clinician = personas.clinician
    session_key = session_for(clinician)
    other_key = session_for(personas.colleague)

    with django_capture_on_commit_callbacks(execute=True):
        reset = services.reset_authenticator(
            actor=personas.admin, staff=clinician.staff, reason="  New work phone,  seen in person "
        )

    assert reset.reason == "New work phone, seen in person"
    assert not TOTPDevice.objects.filter(user=clinician).exists()
    assert not SessionStore().exists(session_key)
    assert SessionStore().exists(other_key)
    [message] = mail.outbox
    assert message.to == [clinician.email]
    assert "reset the authenticator app" in message.body
    assert clinical_words_in(message.subject + message.body) == []
    assert AuditEvent.objects.filter(
        actor=personas.admin, what__contains="New work phone, seen in person"
    ).exists()


def test_an_authenticator_reset_needs_a_reason_and_another_administrator(personas):
    with pytest.raises(InvalidInput) as no_reason:
        services.reset_authenticator(
            actor=personas.admin, staff=personas.clinician.staff, reason=" "
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(InvalidInput, match="your own account"):
        services.reset_authenticator(
            actor=personas.admin, staff=personas.admin.staff, reason="Lost phone"
        )
    with pytest.raises(PermissionDenied):
        services.reset_authenticator(
            actor=personas.manager, staff=personas.clinician.staff, reason="Lost phone"
        )
    assert TOTPDevice.objects.filter(user=personas.clinician).exists()
    assert not AuthenticatorReset.objects.exists()


def handover_items(personas):
    return WorkItem.objects.filter(kind=WorkKind.CASELOAD_WITHOUT_COVER, for_managers=True)


def test_a_leaver_today_is_switched_off_signed_out_and_their_people_handed_over(personas):
    clinician = personas.clinician
    session_key = session_for(clinician)

    leaving = services.end_account(
        actor=personas.admin, staff=clinician.staff, leaves_on=timezone.localdate()
    )

    assert leaving.applied_at is not None
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert not SessionStore().exists(session_key)
    [item] = handover_items(personas)
    assert (item.team, item.service_user) == (personas.team_a, personas.su)
    assert "Dr Casey Lee left on" in item.reason
    # Their records and place on the caseload stay until the manager hands over.
    assert CaseloadEntry.objects.filter(care_coordinator=clinician.staff).exists()
    assert AuditEvent.objects.filter(what__startswith="Ended Dr Casey Lee's account").exists()


def test_a_future_leaving_waits_for_its_day_and_then_happens_once(personas):
    clinician = personas.clinician
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.end_account(actor=personas.admin, staff=clinician.staff, leaves_on=tomorrow)

    assert services.apply_due_leavings() == []
    clinician.refresh_from_db()
    assert clinician.is_active
    assert not selectors.leaving_due(timezone.localdate())

    assert selectors.leaving_due(tomorrow)
    assert services.apply_due_leavings(today=tomorrow) == [clinician.pk]
    assert services.apply_due_leavings(today=tomorrow) == []
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert handover_items(personas).count() == 1


def test_an_ended_account_cannot_be_ended_again_or_reset(personas):
    staff = personas.clinician.staff
    today = timezone.localdate()
    services.end_account(actor=personas.admin, staff=staff, leaves_on=today)
    with pytest.raises(InvalidInput, match="already ended"):
        services.end_account(actor=personas.admin, staff=staff, leaves_on=today)
    with pytest.raises(InvalidInput, match="has ended"):
        services.reset_authenticator(actor=personas.admin, staff=staff, reason="Lost phone")


def test_a_leaving_date_cannot_be_in_the_past_or_your_own(personas):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as past:
        services.end_account(
            actor=personas.admin, staff=personas.clinician.staff, leaves_on=yesterday
        )
    assert past.value.field == "leaves_on"
    with pytest.raises(InvalidInput, match="your own account"):
        services.end_account(
            actor=personas.admin, staff=personas.admin.staff, leaves_on=timezone.localdate()
        )
    assert not Leaving.objects.exists()


def test_moving_team_keeps_the_account_and_hands_over_people_in_the_old_team(personas):
    staff = personas.clinician.staff
    services.change_teams(
        actor=personas.admin, staff=staff, teams=[personas.team_b], is_manager=False
    )

    assert list(TeamMembership.objects.filter(staff=staff).values_list("team", flat=True)) == [
        personas.team_b.pk
    ]
    assert User.objects.filter(pk=personas.clinician.pk, is_active=True).exists()
    [item] = handover_items(personas)
    assert item.team == personas.team_a
    assert "has moved team" in item.reason


def test_raising_hand_over_twice_keeps_one_open_task_per_person(personas):
    staff = personas.clinician.staff
    services.change_teams(
        actor=personas.admin, staff=staff, teams=[personas.team_b], is_manager=False
    )
    services.change_teams(
        actor=personas.admin, staff=staff, teams=[personas.team_a], is_manager=False
    )
    services.change_teams(
        actor=personas.admin, staff=staff, teams=[personas.team_b], is_manager=False
    )
    assert handover_items(personas).count() == 1
