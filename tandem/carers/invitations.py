"""Invitations to be someone's carer: sent by the person (or by staff for a carer
they added), cancelled, and accepted with an account made or already held.

Invitations are single use: the token is random and only its SHA-256 is kept,
so a copy of the database cannot be turned into working links. Forged, used,
expired and cancelled invitations all look the same to whoever holds them.
Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers.checks import (
    checked_text,
    locked_link,
    log_change,
    own_record,
    picked_scopes,
    scope_words,
)
from tandem.carers.models import (
    CarerInvite,
    InviteChannel,
)
from tandem.errors import InvalidInput
from tandem.notify import services as notify
from tandem.people.models import (
    Carer,
    CarerBasis,
    CarerLink,
    ServiceUser,
    User,
)
from tandem.web import tokens
from tandem.web.links import full_url

INVITE_LIFETIME = dt.timedelta(days=14)


class InviteNotUsable(Exception):
    """The invitation is forged, used, expired or cancelled; the holder is told only
    that the link does not work."""


class EmailInUse(InvalidInput):
    """Someone already has an account with this email address."""


@dataclass(frozen=True)
class CarerDetails:
    given_name: str
    family_name: str
    email: str
    phone: str


@dataclass(frozen=True)
class IssuedInvite:
    invite: CarerInvite
    path: str  # the accept page, holding the token; never stored


def issue_invite(
    *,
    actor: User,
    person: ServiceUser,
    carer: Carer,
    relationship: str,
    chosen: list[str],
    sent_by: str,
    link: CarerLink | None,
    what: str,
) -> IssuedInvite:
    """Make the invitation and queue it to the carer; the audit row says ``what``."""
    token = tokens.new_token()
    now = timezone.now()
    invite = CarerInvite.objects.create(
        service_user=person,
        carer=carer,
        link=link,
        relationship=relationship,
        scopes=chosen,
        sent_by=sent_by,
        token_hash=tokens.digest(token),
        created_at=now,
        created_by=actor,
        expires_at=now + INVITE_LIFETIME,
    )
    path = reverse("carers:accept", kwargs={"token": token})
    notify.queue_message(
        actor=actor,
        recipient=carer,
        template="carer_invite",
        personalisation={"link": full_url(path)},
        about_key=f"carer-invite:{invite.pk}",
        idempotency_key=f"carer-invite:{invite.pk}",
        channel=sent_by,
        about_person=person,
    )
    record(actor=actor, action=Action.CREATE, obj=invite, what=what)
    return IssuedInvite(invite=invite, path=path)


def new_carer(details: CarerDetails, sent_by: str) -> Carer:
    given = checked_text(details.given_name, N_("First name"), limit=100, required=True)
    family = checked_text(details.family_name, N_("Last name"), limit=100, required=True)
    email = checked_text(details.email, N_("Email address"), limit=254).lower()
    phone = checked_text(details.phone, N_("Mobile phone number"), limit=20)
    if sent_by == InviteChannel.EMAIL and not email:
        raise InvalidInput(_("An email address is needed to send the invitation by email"))
    if sent_by == InviteChannel.SMS and not phone:
        raise InvalidInput(_("A mobile phone number is needed to send the invitation by text"))
    return Carer.objects.create(
        given_name=given,
        family_name=family,
        email=email,
        phone=phone,
        by_email=bool(email),
        by_sms=bool(phone),
        preferred_channel=sent_by or (InviteChannel.EMAIL if email else InviteChannel.SMS),
    )


# --- The service user's own choices ------------------------------------------------


@transaction.atomic
def invite_carer(
    *,
    actor: User,
    details: CarerDetails,
    relationship: str,
    sent_by: str,
    chosen: list[str],
) -> IssuedInvite:
    """A service user invites a carer to see what they choose; sent at once."""
    person = own_record(actor)
    if sent_by not in InviteChannel.values:
        raise InvalidInput(f"Unknown way to send: {sent_by!r}")
    relationship = checked_text(relationship, N_("Relationship"), limit=60, required=True)
    picked = picked_scopes(chosen)
    carer = new_carer(details, sent_by)
    issued = issue_invite(
        actor=actor,
        person=person,
        carer=carer,
        relationship=relationship,
        chosen=picked,
        sent_by=sent_by,
        link=None,
        what=f"Invited {carer.display_name} ({relationship}) as a carer by "
        f"{InviteChannel(sent_by).label.lower()}, to share: {scope_words(picked)}",
    )
    return issued


@transaction.atomic
def cancel_invite(*, actor: User, invite: CarerInvite) -> CarerInvite:
    person = own_record(actor)
    locked = CarerInvite.objects.select_for_update().filter(pk=invite.pk).first()
    if locked is None or locked.service_user_id != person.pk:
        raise PermissionDenied("You can only cancel your own invitations.")
    if not locked.is_pending:
        raise InvalidInput(_("This invitation has already been accepted, cancelled or expired"))
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.save(update_fields=["cancelled_at", "cancelled_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Cancelled the invitation to {locked.carer.display_name}; the link no longer works",
    )
    return locked


# --- Accepting an invitation ------------------------------------------------------------


def _usable(invite: CarerInvite) -> bool:
    if not invite.is_pending:
        return False
    # A staff-made invitation dies with its link.
    return invite.link is None or invite.link.withdrawn_at is None


def find_invite(token: str) -> CarerInvite | None:
    """The invitation a token opens, or None if it does not work (for any reason)."""
    if not token or len(token) > 200:
        return None
    invite = (
        CarerInvite.objects.filter(token_hash=tokens.digest(token))
        .select_related("service_user", "carer", "link", "created_by")
        .first()
    )
    if invite is None or not _usable(invite):
        return None
    return invite


def _locked_invite(invite: CarerInvite) -> CarerInvite:
    # Only the invitation row is locked; its optional link is read (and locked)
    # separately, as PostgreSQL cannot lock the nullable side of an outer join.
    locked = (
        CarerInvite.objects.select_for_update(of=("self",))
        .select_related("service_user", "carer")
        .filter(pk=invite.pk)
        .first()
    )
    if locked is None or not _usable(locked):
        raise InviteNotUsable
    return locked


def _carer_for(user: User, invite: CarerInvite) -> Carer:
    """The carer profile the account uses: its own if it has one, else the one the
    invitation made (which now gets the account)."""
    existing = Carer.objects.filter(user=user).first()
    if existing is not None:
        return existing
    carer = invite.carer
    carer.user = user
    carer.save(update_fields=["user"])
    return carer


@transaction.atomic
def accept_invite(*, invite: CarerInvite, user: User) -> CarerLink:
    """The signed-in ``user`` accepts: the link is made (or, for a carer staff
    added, the account joined to it). The invitation is used up."""
    locked = _locked_invite(invite)
    person = locked.service_user
    if person.user_id == user.pk:
        raise InvalidInput(
            _("You cannot be your own carer. Send this link to the person it is for.")
        )
    carer = _carer_for(user, locked)
    now = timezone.now()
    if locked.link is not None:
        link = locked_link(locked.link)
        if link.carer_id != carer.pk:
            link.carer = carer
            link.save(update_fields=["carer"])
    else:
        try:
            with transaction.atomic():
                link = CarerLink.objects.create(
                    service_user=person,
                    carer=carer,
                    relationship=locked.relationship,
                    basis=CarerBasis.CONSENT,
                    basis_note="Invited by the person on Tandem",
                    # The invitation is the consent; it was the person who chose.
                    consent_recorded_at=locked.created_at,
                    consent_recorded_by=locked.created_by,
                    **{name: True for name in picked_scopes(locked.scopes)},
                )
        except IntegrityError as exc:
            raise InvalidInput(
                _(
                    "You are already a carer for %(name)s. They can change what "
                    "they share with you from their own page."
                )
                % {"name": person.display_name}
            ) from exc
        log_change(
            link=link,
            actor=user,
            what=f"{carer.display_name} accepted the invitation, to see: "
            f"{scope_words(locked.scopes)}",
        )
    locked.accepted_at = now
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action=Action.CREATE if locked.link is None else Action.UPDATE,
        obj=link,
        what=f"{carer.display_name} accepted an invitation and is now linked as a carer",
    )
    return link


@transaction.atomic
def accept_with_new_account(
    *, invite: CarerInvite, full_name: str, email: str, password: str
) -> tuple[User, CarerLink]:
    """Make the carer's account and accept in one step: both happen or neither does.

    The caller has checked the password against the project's validators.
    """
    _locked_invite(invite)
    email = checked_text(email, N_("Email address"), limit=254, required=True).lower()
    full_name = checked_text(full_name, N_("Full name"), limit=200, required=True)
    if User.objects.filter(email__iexact=email).exists():
        raise EmailInUse("An account already uses this email address")
    user = User.objects.create_user(email, password, full_name=full_name)
    link = accept_invite(invite=invite, user=user)
    if not link.carer.email:
        # Invited by text: the address they sign in with is one they can be emailed at.
        Carer.objects.filter(pk=link.carer_id).update(email=email, by_email=True)
    record(
        actor=user,
        action=Action.CREATE,
        obj=user,
        what="Made an account to accept an invitation as a carer",
    )
    return user, link
