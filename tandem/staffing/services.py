"""Staff accounts: adding, inviting, authenticator resets, moving team, leaving.

Typed, keyword-only, one transaction each, audited with the change
(tandem.audit.services.record). Only a service administrator may call the
administrator's services (PermissionDenied otherwise, which reaches them as the
single 404); bad input raises tandem.errors.InvalidInput and saves nothing.

Emails to staff say that something happened to their account and nothing
clinical; they are sent once the transaction commits, so a rolled-back change
never tells anyone anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import NOT_FOUND, InvalidInput
from tandem.notify.templates import clinical_words_in
from tandem.people import codes
from tandem.people.models import CareTeam, CaseloadEntry, StaffMember, TeamMembership, User
from tandem.staffing.models import AuthenticatorReset, Leaving, StaffInvitation
from tandem.staffing.selectors import (
    handover_key,
    managed_team_ids,
    may_manage_staff,
    new_coordinators_for,
    usable_invitation,
)
from tandem.web.dates import day
from tandem.web.links import full_url_for
from tandem.web.tokens import digest, new_token
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item, settle_work_items

INVITATION_LIFETIME = dt.timedelta(days=7)
REASON_MAX = 500
# Roles an administrator can give here; service administrators are set up apart.
ROLES_FOR_NEW_STAFF = [
    (value, label)
    for value, label in codes.ProfessionalRole.choices
    if value != codes.ProfessionalRole.ADMINISTRATOR
]


def _require_admin(actor: User) -> None:
    if not may_manage_staff(actor):
        raise PermissionDenied("Only the service administrator manages staff accounts.")


def _not_yourself(actor: User, staff: StaffMember, doing: str) -> None:
    # Another administrator must do it, so one stolen administrator session
    # cannot quietly change its own safeguards (HAZ-171).
    if staff.user_id == actor.pk:
        raise InvalidInput(f"You cannot {doing} for your own account. Ask another administrator.")


def _still_working(staff: StaffMember) -> None:
    leaving = Leaving.objects.filter(staff=staff).first()
    if leaving is not None and leaving.applied_at is not None:
        raise InvalidInput("This account has ended")


def _email(*, to: str, subject: str, body: str) -> None:
    """Send after commit. The words are checked like every message Tandem sends:
    an email can be read over someone's shoulder (HAZ-008)."""
    found = clinical_words_in(f"{subject}\n{body}")
    if found:
        raise InvalidInput(f"This email would say something clinical ({', '.join(found)})")
    transaction.on_commit(
        partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    )


def _set_memberships(staff: StaffMember, teams: Iterable[CareTeam], *, is_manager: bool) -> None:
    role = TeamMembership.Role.MANAGER if is_manager else TeamMembership.Role.CLINICIAN
    wanted = {team.pk: team for team in teams}
    staff.memberships.exclude(team_id__in=wanted).delete()
    for team in wanted.values():
        TeamMembership.objects.update_or_create(staff=staff, team=team, defaults={"role": role})


def _check_teams(teams: list[CareTeam]) -> None:
    # Without a team a member of staff holds no role, so they would be asked
    # for no second step at sign-in: every account here belongs to a team.
    if not teams:
        raise InvalidInput("Select at least one team", field="teams")


def _team_names(teams: Iterable[CareTeam]) -> str:
    return ", ".join(sorted(team.name for team in teams))


@transaction.atomic
def add_staff(
    *,
    actor: User,
    full_name: str,
    email: str,
    professional_role: str,
    teams: list[CareTeam],
    is_manager: bool,
) -> StaffMember:
    """Make the account (with no password yet) and email its invitation."""
    _require_admin(actor)
    full_name = " ".join(full_name.split())
    email = email.strip().lower()
    if not full_name:
        raise InvalidInput("Enter their full name", field="full_name")
    if not email:
        raise InvalidInput("Enter their work email address", field="email")
    if professional_role not in dict(ROLES_FOR_NEW_STAFF):
        raise InvalidInput("Select their professional role", field="professional_role")
    _check_teams(teams)
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput("There is already an account with this email address", field="email")
    user = User.objects.create_user(email, None, full_name=full_name)
    staff = StaffMember.objects.create(user=user, professional_role=professional_role)
    _set_memberships(staff, teams, is_manager=is_manager)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=staff,
        what=(
            f"Added {full_name} as staff ({'manager' if is_manager else 'clinician'}) "
            f"in {_team_names(teams)}"
        ),
    )
    _invite(actor=actor, staff=staff)
    return staff


def _invite(*, actor: User, staff: StaffMember) -> StaffInvitation:
    now = timezone.now()
    # Only the newest link works: a resent invitation stops the one before.
    StaffInvitation.objects.filter(
        staff=staff, used_at__isnull=True, stopped_at__isnull=True
    ).update(stopped_at=now)
    token = new_token()
    invitation = StaffInvitation.objects.create(
        staff=staff,
        token_hash=digest(token),
        sent_to=staff.user.email,
        created_by=actor,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=invitation,
        what=f"Sent an invitation to {staff.user} at {staff.user.email}",
    )
    _email(
        to=staff.user.email,
        subject="Your Tandem staff account",
        body=(
            f"Hello {staff.user.full_name},\n\n"
            f"{actor.full_name} has made you a staff account on Tandem.\n\n"
            f"Set your password with this link: {full_url_for('staffing:join', token=token)}\n\n"
            f"The link works once and stops on {day(timezone.localtime(invitation.expires_at))}. "
            "After setting your password you will set up an authenticator app on your "
            "work phone.\n\n"
            "If you were not expecting this email, do not use the link and tell your "
            "service administrator."
        ),
    )
    return invitation


@transaction.atomic
def resend_invitation(*, actor: User, staff: StaffMember) -> StaffInvitation:
    """A new link for someone who has not yet set their password.

    Once they have, a new link would let whoever holds it choose the password:
    so it is refused, and a forgotten password goes through 'Forgotten your
    password?' like everyone else's (HAZ-172).
    """
    _require_admin(actor)
    _still_working(staff)
    if staff.user.has_usable_password():
        raise InvalidInput("They have already set their password, so no invitation is needed")
    return _invite(actor=actor, staff=staff)


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the new member's password from their invitation; the link is then used up."""
    invitation = usable_invitation(token, for_update=True)
    if invitation is None:
        raise PermissionDenied("This invitation cannot be used.")
    user = invitation.staff.user
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(
        actor=user,
        action=Action.UPDATE,
        obj=invitation,
        what="Set their password from an invitation",
    )
    return user


def end_sessions_of(user: User) -> int:
    """Delete every session signed in as ``user``; returns how many.

    Sessions are in the database and keyed by a random id, so each live one is
    read to see whose it is: a few thousand rows at most, and this runs only
    when an account ends or loses its authenticator.
    """
    ended = 0
    mine = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == mine:
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def reset_authenticator(*, actor: User, staff: StaffMember, reason: str) -> AuthenticatorReset:
    """Remove a member's authenticator app so they set one up at next sign-in.

    Their sessions end too: whoever is signed in as them now signs in again,
    with the password, and sets up an app. The member is emailed, so a reset
    they did not ask for is noticed (HAZ-171).
    """
    _require_admin(actor)
    _not_yourself(actor, staff, "reset the authenticator app")
    _still_working(staff)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Enter why the authenticator app is being reset", field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"Reason must be {REASON_MAX} characters or fewer", field="reason")
    user = staff.user
    TOTPDevice.objects.filter(user=user).delete()
    sessions = end_sessions_of(user)
    reset = AuthenticatorReset.objects.create(staff=staff, reason=reason, reset_by=actor)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=reset,
        what=f"Reset the authenticator app of {user} ({sessions} sessions ended): {reason}",
    )
    _email(
        to=user.email,
        subject="Your Tandem authenticator app was reset",
        body=(
            f"Hello {user.full_name},\n\n"
            f"{actor.full_name} reset the authenticator app on your Tandem staff account on "
            f"{day(timezone.localdate())}. You have been signed out. Next time you sign in, "
            "you will set up your authenticator app again.\n\n"
            "If you did not ask for this, tell your service administrator straight away."
        ),
    )
    return reset


def _hand_over(*, staff: StaffMember, why: str, teams: Iterable[int] | None = None) -> int:
    """Put each person ``staff`` coordinates (in ``teams``, or all) on their
    team managers' task list, one task per person (HAZ-173)."""
    entries = CaseloadEntry.objects.filter(care_coordinator=staff, closed_on__isnull=True)
    if teams is not None:
        entries = entries.filter(team_id__in=list(teams))
    count = 0
    for entry in entries.select_related("service_user", "team").order_by("pk"):
        person = entry.service_user
        raise_work_item(
            team=entry.team,
            kind=WorkKind.CASELOAD_WITHOUT_COVER,
            for_managers=True,
            service_user=person,
            # One open task per person and team, however many times it is noticed.
            about_key=handover_key(person.pk),
            title=f"Hand over: {person.display_name} needs a new care coordinator",
            reason=(
                f"{staff.user} {why}. They were care coordinator for {person.display_name} "
                f"in {entry.team.name}. Choose a new care coordinator on their page and tell "
                "the person; this task closes when you do."
            ),
        )
        count += 1
    return count


@transaction.atomic
def change_teams(
    *, actor: User, staff: StaffMember, teams: list[CareTeam], is_manager: bool
) -> StaffMember:
    """Move a member between teams: the same account, changed memberships.

    People they coordinate in a team they leave go to that team's managers to
    hand over, as for a leaver.
    """
    _require_admin(actor)
    _still_working(staff)
    _check_teams(teams)
    before = {m.team_id: m.team for m in staff.memberships.select_related("team")}
    left = [team_id for team_id in before if team_id not in {t.pk for t in teams}]
    _set_memberships(staff, teams, is_manager=is_manager)
    handed = _hand_over(staff=staff, why="has moved team", teams=left) if left else 0
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=staff,
        what=(
            f"Changed {staff.user}'s teams from {_team_names(before.values()) or 'none'} to "
            f"{_team_names(teams)} as {'manager' if is_manager else 'clinician'}"
            f"{f'; {handed} people to hand over' if handed else ''}"
        ),
    )
    staff.user._tandem_roles = None  # type: ignore[attr-defined]
    return staff


@transaction.atomic
def end_account(*, actor: User, staff: StaffMember, leaves_on: dt.date) -> Leaving:
    """End a member's account on ``leaves_on``: at once if that is today.

    A later date can be changed until it arrives. On the day, the account is
    switched off, its sessions end and the people they coordinated go to their
    teams' managers; the audit trail and everything they recorded stay.
    """
    _require_admin(actor)
    _not_yourself(actor, staff, "end the account")
    today = timezone.localdate()
    if leaves_on < today:
        raise InvalidInput(
            "The date the account ends must be today or in the future", field="leaves_on"
        )
    existing = Leaving.objects.select_for_update().filter(staff=staff).first()
    if existing is not None and existing.applied_at is not None:
        raise InvalidInput("This account has already ended")
    leaving, _ = Leaving.objects.update_or_create(
        staff=staff,
        defaults={"leaves_on": leaves_on, "recorded_by": actor, "recorded_at": timezone.now()},
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=leaving,
        what=f"Set {staff.user}'s account to end on {day(leaves_on)}",
    )
    if leaves_on <= today:
        _apply(leaving)
    return leaving


def _apply(leaving: Leaving) -> None:
    staff = leaving.staff
    user = staff.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    StaffInvitation.objects.filter(
        staff=staff, used_at__isnull=True, stopped_at__isnull=True
    ).update(stopped_at=timezone.now())
    sessions = end_sessions_of(user)
    handed = _hand_over(staff=staff, why=f"left on {day(leaving.leaves_on)}")
    leaving.applied_at = timezone.now()
    leaving.save(update_fields=["applied_at"])
    record(
        actor=None,
        action=Action.UPDATE,
        obj=leaving,
        what=(
            f"Ended {user}'s account: {sessions} sessions ended, "
            f"{handed} people put on their managers' task lists to hand over"
        ),
    )


def apply_due_leavings(*, today: dt.date | None = None) -> list[int]:
    """Make every leaving dated ``today`` or earlier take effect; returns the
    user ids whose accounts ended now. Safe to run from several places at once:
    each leaving is locked and re-checked."""
    today = today or timezone.localdate()
    ended: list[int] = []
    due = Leaving.objects.filter(applied_at__isnull=True, leaves_on__lte=today).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            leaving = (
                Leaving.objects.select_for_update()
                .select_related("staff__user")
                .filter(pk=pk, applied_at__isnull=True)
                .first()
            )
            if leaving is not None:
                _apply(leaving)
                ended.append(leaving.staff.user_id)
    return ended


@transaction.atomic
def choose_care_coordinator(
    *, actor: User, entry: CaseloadEntry, coordinator_id: int
) -> StaffMember:
    """A team manager names a person's new care coordinator after theirs left
    or moved team; the 'Hand over' task for that person and team closes
    itself (HAZ-173). ``entry`` comes from ``selectors.handover_for``."""
    if entry.team_id not in managed_team_ids(actor):
        raise PermissionDenied(NOT_FOUND)
    coordinator = next((s for s in new_coordinators_for(entry) if s.pk == coordinator_id), None)
    if coordinator is None:
        raise InvalidInput("Choose someone who works in this team", field="coordinator")
    entry.care_coordinator = coordinator
    entry.save(update_fields=["care_coordinator"])
    person = entry.service_user
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=entry,
        what=f"Made {coordinator.user} care coordinator for {person.display_name} "
        f"in {entry.team.name}",
    )
    settle_work_items(
        actor=actor,
        team=entry.team,
        about_keys=[handover_key(person.pk)],
        outcome=f"{coordinator.user} is now care coordinator.",
    )
    return coordinator
