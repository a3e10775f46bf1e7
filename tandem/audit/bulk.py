"""Appending many audit rows at once, for work that changes thousands of records
in one transaction (a caseload import). The chain is the same as one
``record`` call at a time: the head row is locked once, each row's hash covers
the one before, and the rows are inserted together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from tandem.audit import context
from tandem.audit.chain import GENESIS_HASH, row_hash
from tandem.audit.models import Action, AuditEvent, ChainHead
from tandem.audit.services import describe_actor
from tandem.bulk import insert_all

if TYPE_CHECKING:
    from tandem.people.models import User


@dataclass(frozen=True)
class Entry:
    action: Action
    object_type: str
    object_id: str = ""
    subject_id: int | None = None
    what: str = ""


@transaction.atomic
def record_many(*, actor: User | None, entries: Sequence[Entry]) -> int:
    """Append ``entries`` in order, all by ``actor`` at one moment; returns how many."""
    if not entries:
        return 0
    actor_name, actor_role, actor_team = describe_actor(actor)
    head, _ = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    at = timezone.now()
    seq, prev = head.seq, head.hash
    events = []
    for entry in entries:
        seq += 1
        values = {
            "seq": seq,
            "at": at,
            "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
            "actor_name": actor_name,
            "actor_role": actor_role,
            "actor_team": actor_team[:200],
            "action": str(entry.action),
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "subject_id": entry.subject_id,
            "what": entry.what[:300],
            "request_id": context.current_request_id(),
            "prev_hash": prev,
        }
        prev = row_hash(values)
        events.append(AuditEvent(**values, hash=prev))
    insert_all(events)
    ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return len(events)
