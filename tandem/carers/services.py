"""Every write for carers and family. Keyword-only, typed, atomic, audited.

Consent belongs to the service user. They invite a carer and choose what the
carer may see, change it, or withdraw it; staff in a team the person is open
to may do the same on the person's say-so (a note is required), or record a
legal basis when the person lacks capacity for the decision or is a young
person. Every change takes effect at once, because the access module reads the
link's switches on every request; the carer is told that something changed,
never what.

Invitations are single use: the token is random and only its SHA-256 is kept,
so a copy of the database cannot be turned into working links. Forged, used,
expired and cancelled invitations all look the same to whoever holds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers.models import (
    MAX_NOTE,
    MAX_VIEW_TEXT,
    CarerInvite,
    CarerView,
    ConsentChange,
    InviteChannel,
)
from tandem.errors import InvalidInput
from tandem.notify import services as notify
from tandem.notify.models import Message, MessageEvent, MessageStatus
from tandem.notify.recipients import CARER_SCOPES_FOR_TEMPLATE
from tandem.people.models import (
    Carer,
    CarerBasis,
    CarerLink,
    CaseloadEntry,
    ServiceUser,
    User,
)
from tandem.people.roles import Role
from tandem.web import tokens
from tandem.web.links import full_url
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

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


# --- Small checks --------------------------------------------------------------------


def _scopes(chosen: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    unknown = set(chosen) - set(CarerLink.SCOPES)
    if unknown:
        raise InvalidInput(f"Unknown scope: {sorted(unknown)!r}")
    return [name for name in CarerLink.SCOPES if name in chosen]


def _text(value: str, what: str, *, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{what} is required")
    if len(value) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    return value


def _scope_words(names: list[str]) -> str:
    return ", ".join(CarerLink.SCOPES[n].lower() for n in names) or "nothing"


def _own_record(actor: User) -> ServiceUser:
    person = scopes.service_users_visible_to(actor).filter(user=actor).first()
    if person is None or Role.SERVICE_USER not in actor.roles:
        raise PermissionDenied("Only a service user can do this for themself.")
    return person


def _require_treating(actor: User, service_user_id: int) -> None:
    """Staff act only for people open to one of their teams."""
    if not actor.roles & {Role.CLINICIAN, Role.MANAGER} or (
        not scopes.caseload_entries_of(actor).filter(service_user_id=service_user_id).exists()
    ):
        raise PermissionDenied("You can only act for people open to your teams.")


def _may_change(actor: User, link: CarerLink) -> bool:
    """The person themself, or staff in a team they are open to."""
    own = link.service_user.user_id == actor.pk and Role.SERVICE_USER in actor.roles
    if own:
        return True
    _require_treating(actor, link.service_user_id)
    return False


def _locked_link(link: CarerLink) -> CarerLink:
    locked = (
        CarerLink.objects.select_for_update()
        .select_related("carer", "service_user")
        .filter(pk=link.pk, withdrawn_at__isnull=True)
        .first()
    )
    if locked is None:
        raise InvalidInput("This carer's access has already been withdrawn")
    return locked


def _log(*, link: CarerLink, actor: User, what: str, note: str = "") -> None:
    ConsentChange.objects.create(link=link, by=actor, what=what[:300], note=note)


def _tell_carer(*, actor: User, link: CarerLink, key: str) -> None:
    """Tell a carer with an account that what is shared has changed, and nothing more."""
    if link.carer.user_id is None:
        return  # they have not joined yet; the invitation page shows what stands
    notify.queue_message(
        actor=actor,
        recipient=link.carer,
        template="carer_access_changed",
        personalisation={"link": full_url(reverse("people:carer-home"))},
        about_key=f"carer-link:{link.pk}",
        idempotency_key=f"carer-link:{link.pk}:{key}",
        about_person=link.service_user,
    )


def _cancel_queued(*, link: CarerLink, templates: tuple[str, ...] | None, reason: str) -> int:
    """Stop messages still waiting to go to this carer about this person.

    Reminders are queued days ahead; without this, a carer whose reminders (or
    whole access) were withdrawn would still hear about the next appointment.
    """
    pending = Message.objects.select_for_update().filter(
        carer=link.carer, service_user=link.service_user, status=MessageStatus.QUEUED
    )
    if templates is not None:
        pending = pending.filter(template__in=templates)
    now = timezone.now()
    found = list(pending.order_by("pk"))
    for message in found:
        message.status = MessageStatus.CANCELLED
        message.reason = reason
        message.save(update_fields=["status", "reason"])
        MessageEvent.objects.create(
            message=message, status=MessageStatus.CANCELLED, at=now, reason=reason
        )
        record(
            actor=None,
            action=Action.UPDATE,
            obj=message,
            subject_id=link.service_user_id,
            what=f"Cancelled '{message.template_label}' to their carer: {reason}",
        )
    return len(found)


def _issue(
    *,
    actor: User,
    person: ServiceUser,
    carer: Carer,
    relationship: str,
    chosen: list[str],
    sent_by: str,
    link: CarerLink | None,
) -> IssuedInvite:
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
    return IssuedInvite(invite=invite, path=path)


def _new_carer(details: CarerDetails, sent_by: str) -> Carer:
    given = _text(details.given_name, "First name", limit=100, required=True)
    family = _text(details.family_name, "Last name", limit=100, required=True)
    email = _text(details.email, "Email address", limit=254).lower()
    phone = _text(details.phone, "Mobile phone number", limit=20)
    if sent_by == InviteChannel.EMAIL and not email:
        raise InvalidInput("An email address is needed to send the invitation by email")
    if sent_by == InviteChannel.SMS and not phone:
        raise InvalidInput("A mobile phone number is needed to send the invitation by text")
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
    person = _own_record(actor)
    if sent_by not in InviteChannel.values:
        raise InvalidInput(f"Unknown way to send: {sent_by!r}")
    relationship = _text(relationship, "Relationship", limit=60, required=True)
    picked = _scopes(chosen)
    carer = _new_carer(details, sent_by)
    issued = _issue(
        actor=actor,
        person=person,
        carer=carer,
        relationship=relationship,
        chosen=picked,
        sent_by=sent_by,
        link=None,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=issued.invite,
        subject_id=person.pk,
        what=f"Invited {carer.display_name} ({relationship}) as a carer by "
        f"{InviteChannel(sent_by).label.lower()}, to share: {_scope_words(picked)}",
    )
    return issued


@transaction.atomic
def cancel_invite(*, actor: User, invite: CarerInvite) -> CarerInvite:
    person = _own_record(actor)
    locked = CarerInvite.objects.select_for_update().filter(pk=invite.pk).first()
    if locked is None or locked.service_user_id != person.pk:
        raise PermissionDenied("You can only cancel your own invitations.")
    if not locked.is_pending:
        raise InvalidInput("This invitation has already been accepted, cancelled or expired")
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.save(update_fields=["cancelled_at", "cancelled_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=person.pk,
        what=f"Cancelled the invitation to {locked.carer.display_name}; the link no longer works",
    )
    return locked


@transaction.atomic
def change_scopes(
    *, actor: User, link: CarerLink, chosen: list[str], note: str = ""
) -> CarerLink | None:
    """Set what a carer may see. Returns the link, or None if nothing changed.

    The person themself needs no note; staff must say on what say-so.
    """
    own = _may_change(actor, link)
    note = _text(note, "Note", limit=MAX_NOTE, required=not own)
    locked = _locked_link(link)
    picked = set(_scopes(chosen))
    added = [n for n in CarerLink.SCOPES if n in picked and not getattr(locked, n)]
    removed = [n for n in CarerLink.SCOPES if n not in picked and getattr(locked, n)]
    if not added and not removed:
        return None
    for name in CarerLink.SCOPES:
        setattr(locked, name, name in picked)
    locked.save(update_fields=list(CarerLink.SCOPES))
    parts = []
    if added:
        parts.append(f"now shares {_scope_words(added)}")
    if removed:
        parts.append(f"no longer shares {_scope_words(removed)}")
    what = f"What {locked.carer.display_name} can see changed: " + "; ".join(parts)
    _log(link=locked, actor=actor, what=what, note=note)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=locked.service_user_id,
        what=what + (f". Note: {note}" if note else ""),
    )
    # Messages already queued that no switch still on covers must not go out (a
    # reminder queued last week, a notice of a new message). The rule is the
    # outbox's own, from the same table, which it checks again before sending.
    stale = tuple(
        template
        for template, needed in sorted(CARER_SCOPES_FOR_TEMPLATE.items())
        if set(removed) & set(needed) and not any(getattr(locked, s) for s in needed)
    )
    if stale:
        _cancel_queued(
            link=locked,
            templates=stale,
            reason="The person no longer shares this with their carer",
        )
    _tell_carer(actor=actor, link=locked, key=f"change:{timezone.now().isoformat()}")
    return locked


@transaction.atomic
def withdraw(*, actor: User, link: CarerLink, note: str = "") -> CarerLink:
    """End a carer's access entirely, at once; they are told it changed."""
    own = _may_change(actor, link)
    note = _text(note, "Note", limit=MAX_NOTE, required=not own)
    locked = _locked_link(link)
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor
    locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    what = f"Withdrew {locked.carer.display_name}'s access as a carer"
    _log(link=locked, actor=actor, what=what, note=note)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=locked.service_user_id,
        what=what + (f". Note: {note}" if note else ""),
    )
    CarerInvite.objects.filter(
        link=locked, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=locked.withdrawn_at, cancelled_by=actor)
    _cancel_queued(link=locked, templates=None, reason="The person withdrew their carer's access")
    _tell_carer(actor=actor, link=locked, key="withdrawn")
    return locked


# --- Staff adding a carer ------------------------------------------------------------


@transaction.atomic
def staff_add_carer(
    *,
    actor: User,
    person: ServiceUser,
    details: CarerDetails,
    relationship: str,
    chosen: list[str],
    basis: str,
    basis_note: str,
    send_invite_by: str = "",
) -> tuple[CarerLink, IssuedInvite | None]:
    """Staff record a carer on the person's consent, or on a legal basis when the
    person lacks capacity for the decision or is a young person.

    The note says how consent was given, or the reasons for the legal basis,
    and is required either way. If ``send_invite_by`` is set the carer is
    invited to make an account; the link stands from now.
    """
    _require_treating(actor, person.pk)
    if basis not in CarerBasis.values:
        raise InvalidInput(f"Unknown basis: {basis!r}")
    basis_note = _text(basis_note, "How consent was given or the reasons", limit=500, required=True)
    relationship = _text(relationship, "Relationship", limit=60, required=True)
    if send_invite_by and send_invite_by not in InviteChannel.values:
        raise InvalidInput(f"Unknown way to send: {send_invite_by!r}")
    picked = _scopes(chosen)
    carer = _new_carer(details, send_invite_by)
    link = CarerLink.objects.create(
        service_user=person,
        carer=carer,
        relationship=relationship,
        basis=basis,
        basis_note=basis_note,
        consent_recorded_by=actor,
        consent_recorded_at=timezone.now(),
        **{name: True for name in picked},
    )
    what = (
        f"Added {carer.display_name} ({relationship}) as a carer on the basis of "
        f"{CarerBasis(basis).label[0].lower() + CarerBasis(basis).label[1:]}, "
        f"to share: {_scope_words(picked)}"
    )
    _log(link=link, actor=actor, what=what, note=basis_note)
    record(actor=actor, action=Action.CREATE, obj=link, subject_id=person.pk, what=what)
    issued = None
    if send_invite_by:
        issued = _issue(
            actor=actor,
            person=person,
            carer=carer,
            relationship=relationship,
            chosen=picked,
            sent_by=send_invite_by,
            link=link,
        )
        record(
            actor=actor,
            action=Action.CREATE,
            obj=issued.invite,
            subject_id=person.pk,
            what=f"Invited {carer.display_name} to make an account as a carer",
        )
    return link, issued


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
        raise InvalidInput("You cannot be your own carer. Send this link to the person it is for.")
    carer = _carer_for(user, locked)
    now = timezone.now()
    if locked.link is not None:
        link = _locked_link(locked.link)
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
                    **{name: True for name in _scopes(locked.scopes)},
                )
        except IntegrityError as exc:
            raise InvalidInput(
                f"You are already a carer for {person.display_name}. They can change what "
                "they share with you from their own page."
            ) from exc
        _log(
            link=link,
            actor=user,
            what=f"{carer.display_name} accepted the invitation, to see: "
            f"{_scope_words(locked.scopes)}",
        )
    locked.accepted_at = now
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action=Action.CREATE if locked.link is None else Action.UPDATE,
        obj=link,
        subject_id=person.pk,
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
    email = _text(email, "Email address", limit=254, required=True).lower()
    full_name = _text(full_name, "Full name", limit=200, required=True)
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


# --- Carers -------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewDetails:
    about: str
    what_noticed: str
    worries: str
    what_helps: str


@transaction.atomic
def give_view(*, actor: User, link: CarerLink, details: ViewDetails) -> CarerView:
    """A carer tells the team what they have noticed before an assessment or review.

    Checked again here: the link must stand, be this carer's, and allow views.
    """
    locked = _locked_link(link)
    if locked.carer.user_id != actor.pk or not locked.can_give_views:
        raise PermissionDenied("This person has not asked you to give your view.")
    view = CarerView.objects.create(
        link=locked,
        service_user=locked.service_user,
        carer=locked.carer,
        about=_text(details.about, "What this is for", limit=200, required=True),
        what_noticed=_text(
            details.what_noticed, "What you have noticed", limit=MAX_VIEW_TEXT, required=True
        ),
        worries=_text(details.worries, "Your worries", limit=MAX_VIEW_TEXT),
        what_helps=_text(details.what_helps, "What helps", limit=MAX_VIEW_TEXT),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=view,
        subject_id=locked.service_user_id,
        what=f"{locked.carer.display_name} gave their view for '{view.about}'",
    )
    # A view can hold something worrying; it should not wait for the next time
    # someone happens to open the record (HAZ-075).
    for entry in CaseloadEntry.objects.filter(
        service_user_id=locked.service_user_id, closed_on__isnull=True
    ).select_related("team"):
        raise_work_item(
            team=entry.team,
            kind=WorkKind.OTHER,
            title=f"A carer has given their view about {locked.service_user.display_name}",
            reason=(
                f"{locked.carer.display_name} ({locked.relationship}) gave their view for "
                f"'{view.about}'. Read it on the person's record."
            ),
            service_user=locked.service_user,
            about_key=f"carer-view:{view.pk}",
        )
    return view


@dataclass(frozen=True)
class ContactChoices:
    email: str
    phone: str
    by_email: bool
    by_sms: bool
    preferred_channel: str


@transaction.atomic
def update_carer_preferences(*, actor: User, choices: ContactChoices) -> bool:
    """A carer's own choices about how Tandem contacts them. Returns whether
    anything changed."""
    carer = Carer.objects.select_for_update().filter(user=actor).first()
    if carer is None or Role.CARER not in actor.roles:
        raise PermissionDenied("Only a carer can change a carer's contact choices.")
    email = _text(choices.email, "Email address", limit=254).lower()
    phone = _text(choices.phone, "Mobile phone number", limit=20)
    if choices.preferred_channel not in InviteChannel.values:
        raise InvalidInput(f"Unknown channel: {choices.preferred_channel!r}")
    if choices.by_email and not email:
        raise InvalidInput("An email address is needed to get emails")
    if choices.by_sms and not phone:
        raise InvalidInput("A mobile phone number is needed to get texts")
    wanted = {
        "email": email,
        "phone": phone,
        "by_email": choices.by_email,
        "by_sms": choices.by_sms,
        "preferred_channel": choices.preferred_channel,
    }
    changed = [name for name, value in wanted.items() if getattr(carer, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(carer, name, wanted[name])
    carer.save(update_fields=changed)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=carer,
        what="Carer changed how they are contacted: " + ", ".join(changed).replace("_", " "),
    )
    return True
