"""The switches a service user chooses for their carer, changed or withdrawn by
them or by staff on their say-so. Every change takes effect at once; the carer
is told that something changed, never what, and messages queued for them that
no switch still covers are cancelled. Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers.checks import (
    checked_text,
    locked_link,
    log_change,
    may_change,
    picked_scopes,
    scope_words,
)
from tandem.carers.models import (
    MAX_NOTE,
    CarerInvite,
)
from tandem.notify import services as notify
from tandem.notify.models import Message, MessageStatus
from tandem.notify.recipients import CARER_SCOPES_FOR_TEMPLATE
from tandem.people.models import (
    CarerLink,
    User,
)
from tandem.web.links import full_url


def _changed(*, link: CarerLink, actor: User, what: str, note: str) -> None:
    """A change to what is shared goes in the link's history (shown to the person
    and their team) and in the audit log, with the note saying on whose word."""
    log_change(link=link, actor=actor, what=what, note=note)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=link,
        what=what + (f". Note: {note}" if note else ""),
    )


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
    return notify.cancel_locked(
        list(pending.order_by("pk")), reason=reason, at=timezone.now(), to_whom=" to their carer"
    )


@transaction.atomic
def change_scopes(
    *, actor: User, link: CarerLink, chosen: list[str], note: str = ""
) -> CarerLink | None:
    """Set what a carer may see. Returns the link, or None if nothing changed.

    The person themself needs no note; staff must say on what say-so.
    """
    own = may_change(actor, link)
    note = checked_text(note, "Note", limit=MAX_NOTE, required=not own)
    locked = locked_link(link)
    picked = set(picked_scopes(chosen))
    added = [n for n in CarerLink.SCOPES if n in picked and not getattr(locked, n)]
    removed = [n for n in CarerLink.SCOPES if n not in picked and getattr(locked, n)]
    if not added and not removed:
        return None
    for name in CarerLink.SCOPES:
        setattr(locked, name, name in picked)
    locked.save(update_fields=list(CarerLink.SCOPES))
    parts = []
    if added:
        parts.append(f"now shares {scope_words(added)}")
    if removed:
        parts.append(f"no longer shares {scope_words(removed)}")
    _changed(
        link=locked,
        actor=actor,
        what=f"What {locked.carer.display_name} can see changed: " + "; ".join(parts),
        note=note,
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
    own = may_change(actor, link)
    note = checked_text(note, "Note", limit=MAX_NOTE, required=not own)
    locked = locked_link(link)
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor
    locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _changed(
        link=locked,
        actor=actor,
        what=f"Withdrew {locked.carer.display_name}'s access as a carer",
        note=note,
    )
    CarerInvite.objects.filter(
        link=locked, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=locked.withdrawn_at, cancelled_by=actor)
    _cancel_queued(link=locked, templates=None, reason="The person withdrew their carer's access")
    _tell_carer(actor=actor, link=locked, key="withdrawn")
    return locked
