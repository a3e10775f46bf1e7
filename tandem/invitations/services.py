"""Every write for invitations and contact changes. Keyword-only, typed, atomic,
audited.

An invitation is single use: its token (or, for a letter, a short code to type)
is random and only its SHA-256 is kept. It lasts 7 days. Its holder gives the
person's date of birth before anything else; five wrong dates stop it. Then
they choose a password and are signed in. Forged, used, expired and stopped
invitations all look the same to whoever holds them (HAZ-166, HAZ-167).

A person changes their email address or mobile number with their password and
a code sent to the new one; the old one is told (HAZ-168).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.invitations.messages import (
    CHANGED,
    CHECK_CODE,
    CODE_LIFETIME,
    INVITE,
    INVITE_LIFETIME,
)
from tandem.invitations.models import (
    MAX_FAILED_CHECKS,
    MAX_REASON,
    Channel,
    ContactChange,
    ContactKind,
    Invitation,
)
from tandem.notify import recipients
from tandem.notify import services as notify
from tandem.notify.templates import clinical_words_in
from tandem.people.models import Carer, ServiceUser, User
from tandem.people.roles import Role
from tandem.web import tokens
from tandem.web.links import full_url

# Codes asked for in an hour before we stop sending more (each one is a message).
MAX_CODES_PER_HOUR = 5
# No 0/O, 1/I/L or U/V pairs to misread on paper.
LETTER_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LETTER_CODE_LENGTH = 12
STAFF_ROLES = frozenset({Role.CLINICIAN, Role.MANAGER})
CHANNEL_WORDS = {
    Channel.EMAIL: "email address",
    Channel.SMS: "mobile phone number",
    Channel.LETTER: "postcode",
}


class NotUsable(Exception):
    """The invitation is forged, used, expired or stopped; its holder is told only
    that the link does not work."""


class EmailInUse(InvalidInput):
    """Another account signs in with this email address."""


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    path: str  # the page the link or code opens; never stored


# --- Staff ------------------------------------------------------------------------


def _require_team(actor: User, person: ServiceUser) -> None:
    if not (actor.roles & STAFF_ROLES and scopes.caseload_of(actor).filter(pk=person.pk).exists()):
        raise PermissionDenied


def letter_code() -> str:
    """A short code to type from a letter: 12 characters, about 58 bits."""
    while True:
        code = "".join(secrets.choice(LETTER_ALPHABET) for _ in range(LETTER_CODE_LENGTH))
        # notify refuses a value that spells a clinical word; draw again.
        if not clinical_words_in(code):
            return code


def _code_line(code: str, person: ServiceUser | Carer) -> str:
    """'Your code is …', in the language the message to ``person`` is written
    in (ADR 0061): the line is a value, filled in after the words are translated."""
    with translation.override(recipients.language_of(person)):
        return gettext("Your code is %(code)s") % {"code": code}


def show_code(code: str) -> str:
    """'ABCDEFGHJKMN' as 'ABCD EFGH JKMN', easier to read and type."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(token: str) -> str:
    """A link's token as sent, or a letter's code however it was typed."""
    cleaned = "".join(token.split()).replace("-", "")
    return cleaned.upper() if len(cleaned) <= LETTER_CODE_LENGTH else cleaned


def _route(person: ServiceUser, channel: str) -> recipients.Route:
    to = recipients.address_for(person, channel)
    if not to:
        raise InvalidInput(
            f"There is no {CHANNEL_WORDS[Channel(channel)]} on their record. Add it, or "
            "choose another way to send the invitation",
            field="channel",
        )
    return recipients.Route(channel=channel, to=to)


def _stop_live(*, person: ServiceUser, actor: User | None, why: str) -> None:
    now = timezone.now()
    for live in Invitation.objects.select_for_update().filter(
        service_user=person, accepted_at__isnull=True, stopped_at__isnull=True, expires_at__gt=now
    ):
        _stop(live, actor=actor, why=why)


def _stop(invitation: Invitation, *, actor: User | None, why: str) -> None:
    invitation.stopped_at = timezone.now()
    invitation.stopped_by = actor
    invitation.stop_reason = why[:MAX_REASON]
    invitation.save(update_fields=["stopped_at", "stopped_by", "stop_reason"])
    notify.cancel_pending(about_key=f"account-invite:{invitation.pk}", reason=why)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=invitation,
        what=f"Stopped their invitation to make an account: {why}",
    )


@transaction.atomic
def invite(*, actor: User, person: ServiceUser, channel: str, reason: str = "") -> Issued:
    """Send ``person`` an invitation by ``channel`` to the details on their record.

    A person who already has an account is invited again only with ``reason``
    (a new phone, a lost email): accepting sets a new password on that account.
    Any invitation still working is stopped, so only the newest one opens.
    """
    _require_team(actor, person)
    if channel not in Channel.values:
        raise InvalidInput("Select how to send the invitation", field="channel")
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Reason must be {MAX_REASON} characters or fewer", field="reason")
    person = ServiceUser.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None and not reason:
        raise InvalidInput(
            f"{person.display_name} already has an account. Say why they need a new "
            "invitation, such as a new phone or a lost email address",
            field="reason",
        )
    route = _route(person, channel)
    _stop_live(person=person, actor=actor, why="A new invitation was sent")
    now = timezone.now()
    if channel == Channel.LETTER:
        secret = letter_code()
        path = reverse("invitations:start")
        personalisation = {
            "link": full_url(path),
            "how_to_join": _code_line(show_code(secret), person),
        }
    else:
        secret = tokens.new_token()
        path = reverse("invitations:join", kwargs={"token": secret})
        personalisation = {"link": full_url(path)}
    invitation = Invitation.objects.create(
        service_user=person,
        channel=channel,
        token_hash=tokens.digest(secret),
        reason=reason,
        created_at=now,
        created_by=actor,
        expires_at=now + INVITE_LIFETIME,
    )
    key = f"account-invite:{invitation.pk}"
    notify.queue_message(
        actor=actor,
        recipient=person,
        template=INVITE,
        personalisation=personalisation,
        about_key=key,
        idempotency_key=key,
        channel=channel,
        to=route,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=invitation,
        what=f"Invited them to make an account, by {Channel(channel).label.lower()}"
        + (f". Reason for a new invitation: {reason}" if reason else ""),
    )
    return Issued(invitation=invitation, path=path)


def resend(*, actor: User, invitation: Invitation) -> Issued:
    """Send a fresh invitation the same way; the old link stops working."""
    return invite(
        actor=actor,
        person=invitation.service_user,
        channel=invitation.channel,
        reason=invitation.reason,
    )


@transaction.atomic
def stop(*, actor: User, invitation: Invitation) -> Invitation:
    """Stop an invitation so its link or code no longer works."""
    _require_team(actor, invitation.service_user)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_live:
        raise InvalidInput(f"This invitation has already {locked.state.label.lower()}")
    _stop(locked, actor=actor, why="Stopped by staff")
    return locked


# --- The person holding the link ----------------------------------------------------


def find(token: str) -> Invitation | None:
    """The invitation a token or code opens, or None if it does not work (for any
    reason). Looked up by its SHA-256, so the database index, not a comparison
    of secrets, finds it."""
    cleaned = normalise(token or "")
    if not cleaned or len(cleaned) > 200:
        return None
    found = (
        Invitation.objects.filter(token_hash=tokens.digest(cleaned))
        .select_related("service_user")
        .first()
    )
    if found is None or not found.is_live:
        return None
    return found


@transaction.atomic
def opened(*, invitation: Invitation) -> None:
    """Every time the link's page is shown, audited; the first marks it opened."""
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
    record(
        actor=None,
        action=Action.VIEW,
        obj=invitation,
        what="Their invitation to make an account was opened",
    )


def _same(given: str, expected: str) -> bool:
    # Compared in constant time, so how long the answer takes says nothing about
    # which part was wrong.
    return hmac.compare_digest(given.encode(), expected.encode())


@transaction.atomic
def check_date_of_birth(*, invitation: Invitation, date_of_birth: dt.date) -> bool:
    """True if the date is the person's. Every try is audited; a wrong one counts,
    and the fifth stops the invitation. Raises NotUsable if it no longer works."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("service_user")
        .get(pk=invitation.pk)
    )
    if not locked.is_live:
        raise NotUsable
    person = locked.service_user
    if _same(date_of_birth.isoformat(), person.date_of_birth.isoformat()):
        record(
            actor=None,
            action=Action.VIEW,
            obj=locked,
            what="Date of birth confirmed on their invitation to make an account",
        )
        return True
    locked.failed_checks += 1
    locked.save(update_fields=["failed_checks"])
    record(
        actor=None,
        action=Action.UPDATE,
        obj=locked,
        what=f"Wrong date of birth on their invitation to make an account "
        f"({locked.failed_checks} of {MAX_FAILED_CHECKS})",
    )
    if locked.failed_checks >= MAX_FAILED_CHECKS:
        _stop(locked, actor=None, why=f"{MAX_FAILED_CHECKS} wrong dates of birth")
    return False


@transaction.atomic
def accept(*, invitation: Invitation, email: str, password: str) -> User:
    """Make the person's account (or set a new password on the one they have),
    using the invitation up. The caller has checked the date of birth and the
    password against the project's validators."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_live:
        raise NotUsable
    person = ServiceUser.objects.select_for_update().get(pk=locked.service_user_id)
    email = email.strip().lower()
    if not email:
        raise InvalidInput(_("Enter an email address"), field="email")
    user = person.user
    taken = User.objects.filter(email__iexact=email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        # Said only to someone who holds a working invitation and gave the right
        # date of birth, and says nothing about whose the address is.
        raise EmailInUse(
            _("You cannot use this email address to sign in. Enter a different one"), field="email"
        )
    now = timezone.now()
    if user is None:
        user = User.objects.create_user(
            email, password, full_name=f"{person.given_name} {person.family_name}"
        )
        person.user = user
        person.save(update_fields=["user"])
        what = "Made their account from an invitation"
    else:
        # A new password ends every other session (Django checks the session's
        # password hash on each request).
        user.email = email
        user.set_password(password)
        user.save(update_fields=["email", "password"])
        what = "Set a new password from an invitation"
    locked.accepted_at = now
    locked.save(update_fields=["accepted_at"])
    record(actor=user, action=Action.UPDATE, obj=locked, what=what)
    return user


# --- Changing an email address or mobile number ------------------------------------


def _profile(user: User) -> ServiceUser | Carer:
    found: ServiceUser | Carer | None = ServiceUser.objects.filter(user=user).first()
    if found is None:
        found = Carer.objects.filter(user=user).first()
    if found is None:
        raise PermissionDenied
    return found


def _current(profile: ServiceUser | Carer, kind: str) -> str:
    return profile.email if kind == ContactKind.EMAIL else profile.phone


@transaction.atomic
def request_contact_change(
    *, actor: User, kind: str, new_value: str, password: str
) -> ContactChange:
    """Send a code to the new address; nothing changes until it is typed back.

    The password is asked for so that someone who finds a signed-in phone cannot
    move the account's messages to themselves (HAZ-168)."""
    profile = _profile(actor)
    if kind not in ContactKind.values:
        raise InvalidInput(_("Select what to change"), field="kind")
    if not actor.check_password(password):
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=actor,
            what="Wrong password when asking to change their contact details",
        )
        raise InvalidInput(_("Your password is not right"), field="password")
    new_value = new_value.strip().lower() if kind == ContactKind.EMAIL else new_value.strip()
    if not new_value:
        raise InvalidInput(_("Enter the new details"), field="new_value")
    if new_value == _current(profile, kind):
        raise InvalidInput(
            _("This is already your email address")
            if kind == ContactKind.EMAIL
            else _("This is already your mobile phone number"),
            field="new_value",
        )
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    if (
        ContactChange.objects.filter(user=actor, created_at__gte=hour_ago).count()
        >= MAX_CODES_PER_HOUR
    ):
        raise InvalidInput(_("You have asked for several codes in the last hour. Try again later"))
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    change = ContactChange.objects.create(
        user=actor,
        kind=kind,
        new_value=new_value,
        code_hash=tokens.digest(code),
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    key = f"contact-change:{change.pk}"
    notify.queue_message(
        actor=actor,
        recipient=profile,
        template=CHECK_CODE,
        personalisation={"how_to_join": _code_line(code, profile)},
        about_key=key,
        idempotency_key=key,
        channel=kind,
        to=recipients.Route(channel=kind, to=new_value),
        about_person=profile if isinstance(profile, ServiceUser) else None,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=change,
        subject_id=profile.pk if isinstance(profile, ServiceUser) else None,
        what=f"Asked to change their {ContactKind(kind).label.lower()}; a code was sent "
        "to the new one",
    )
    return change


@transaction.atomic
def _try_code(*, actor: User, change: ContactChange, code: str) -> str:
    """'' when the change is made, else what is wrong. Returns rather than raises,
    so a wrong try is counted (and audited) even though nothing else changes."""
    locked = ContactChange.objects.select_for_update().get(pk=change.pk, user=actor)
    if (
        locked.done_at is not None
        or locked.failed_checks >= MAX_FAILED_CHECKS
        or locked.expires_at <= timezone.now()
    ):
        return _("This code no longer works. Ask for a new one")
    profile = _profile(actor)
    subject = profile.pk if isinstance(profile, ServiceUser) else None
    if not hmac.compare_digest(tokens.digest("".join(code.split())), locked.code_hash):
        locked.failed_checks += 1
        locked.save(update_fields=["failed_checks"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            subject_id=subject,
            what=f"Wrong code to change their contact details "
            f"({locked.failed_checks} of {MAX_FAILED_CHECKS})",
        )
        if locked.failed_checks >= MAX_FAILED_CHECKS:
            return _("The code was wrong too many times. Ask for a new one")
        return _("The code is not right. Check the message we sent and try again")
    old = _current(profile, locked.kind)
    if locked.kind == ContactKind.EMAIL:
        if actor.email == old and not User.objects.filter(email__iexact=locked.new_value).exists():
            # They sign in with the address they are changing: move sign-in too.
            actor.email = locked.new_value
            actor.save(update_fields=["email"])
        profile.email = locked.new_value
        profile.save(update_fields=["email"])
    else:
        profile.phone = locked.new_value
        profile.save(update_fields=["phone"])
    locked.done_at = timezone.now()
    locked.save(update_fields=["done_at"])
    label = ContactKind(locked.kind).label.lower()
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=profile,
        subject_id=subject,
        what=f"Changed their {label} after typing the code sent to the new one",
    )
    if old:
        key = f"contact-changed:{locked.pk}"
        notify.queue_message(
            actor=actor,
            recipient=profile,
            template=CHANGED,
            personalisation={},
            about_key=key,
            idempotency_key=key,
            channel=locked.kind,
            to=recipients.Route(channel=locked.kind, to=old),
            about_person=profile if isinstance(profile, ServiceUser) else None,
        )
    return ""


def confirm_contact_change(*, actor: User, change: ContactChange, code: str) -> ContactChange:
    """Make the change if ``code`` is the one sent to the new address; tell the old."""
    problem = _try_code(actor=actor, change=change, code=code)
    if problem:
        raise InvalidInput(problem, field="code")
    return change
