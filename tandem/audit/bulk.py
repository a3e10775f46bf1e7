"""Appending many audit rows at once, for work that changes thousands of records
in one transaction (a caseload import). The rows are the same as one
``record`` call at a time, inserted together and unsealed; the sealer chains
them in this order (ADR 0033)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import describe_actor, unsealed
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
    described, at = describe_actor(actor), timezone.now()
    events = [
        unsealed(
            actor=actor,
            described=described,
            at=at,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            subject_id=entry.subject_id,
            what=entry.what,
        )
        for entry in entries
    ]
    insert_all(events)
    return len(events)
