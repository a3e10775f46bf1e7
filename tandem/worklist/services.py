"""Raising and closing work items. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.worklist import selectors
from tandem.worklist.models import WorkItem, WorkKind


def raise_work_item(
    *,
    team: CareTeam,
    kind: str,
    title: str,
    reason: str,
    service_user: ServiceUser | None,
    about_key: str,
    for_managers: bool = False,
    actor: User | None = None,
    respond_by: dt.datetime | None = None,
) -> WorkItem:
    """Raise an item for ``team``, or return the open one already raised for the same cause.

    Usually called by the system (workers, checks), so the audit row has no
    actor; a person's own request (asking for a face-to-face appointment)
    passes them as ``actor`` and the answer they were promised as ``respond_by``.
    """
    if kind not in WorkKind.values:
        raise InvalidInput(f"Unknown kind of work: {kind!r}")
    existing = WorkItem.objects.filter(
        team=team, kind=kind, about_key=about_key, done_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so losing a race to another worker leaves the caller's
        # transaction usable and returns the item the other worker raised.
        with transaction.atomic():
            item = WorkItem.objects.create(
                team=team,
                kind=kind,
                title=title[:200],
                reason=reason[:1000],
                service_user=service_user,
                about_key=about_key[:100],
                for_managers=for_managers,
                respond_by=respond_by,
            )
            record(
                actor=actor,
                action=Action.CREATE,
                obj=item,
                subject_id=service_user.pk if service_user else None,
                what=f"Raised a task: {item.title}"[:300],
            )
    except IntegrityError:
        return WorkItem.objects.get(team=team, kind=kind, about_key=about_key, done_at__isnull=True)
    return item


@transaction.atomic
def close_work_item(*, actor: User, item: WorkItem, outcome: str) -> WorkItem:
    """Record what was done. Only staff who can see the item may close it."""
    if not selectors.work_items_visible_to(actor).filter(pk=item.pk).exists():
        raise PermissionDenied("This task is not for your team.")
    outcome = outcome.strip()
    if not outcome:
        raise InvalidInput("Say what you did")
    if len(outcome) > 1000:
        raise InvalidInput("What you did must be 1000 characters or fewer")
    locked = WorkItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_open:
        raise InvalidInput("This task has already been closed")
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.outcome = outcome
    locked.save(update_fields=["done_at", "done_by", "outcome"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Closed a task: {locked.title}"[:300],
    )
    return locked


def settle_work_items(
    *, actor: User | None, team: CareTeam, about_keys: list[str], outcome: str
) -> int:
    """Close the open items raised for causes that have since been dealt with
    elsewhere (an escalated alert someone has now acknowledged, a face-to-face
    appointment booked for someone who asked for one), so nobody chases what
    is already in hand. ``actor`` is None when the system settles it (a booking
    made through a single-use link). Returns how many were closed."""
    open_items = list(
        WorkItem.objects.select_for_update()
        .filter(team=team, about_key__in=about_keys, done_at__isnull=True)
        .order_by("pk")
    )
    now = timezone.now()
    for item in open_items:
        item.done_at = now
        item.done_by = actor
        item.outcome = outcome[:1000]
        item.save(update_fields=["done_at", "done_by", "outcome"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=item,
            what=f"Closed a task: {item.title}"[:300],
        )
    return len(open_items)
