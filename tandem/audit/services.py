"""Appending to the audit log. Every service that writes calls ``record`` inside
its own transaction, so a change and its audit row commit together or not at all.

Appending takes no lock: the row goes in unsealed and the sealer (``seal.py``)
gives it its place in the hash chain afterwards (ADR 0033)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from tandem.audit import context
from tandem.audit.models import Action, AuditEvent

if TYPE_CHECKING:
    from tandem.people.models import User

# Who the actor is as they stand now (their role and team) is known to
# tandem.people, which sits above the audit log and writes to it. People hands
# its describer in from its AppConfig.ready() (a seam, ADR 0025) so the audit
# log never imports it; until then, rows carry the name alone.
RoleAndTeam = Callable[["User"], tuple[str, str]]
_role_and_team: RoleAndTeam | None = None


def describe_roles_with(describer: RoleAndTeam) -> None:
    global _role_and_team
    _role_and_team = describer


def describe_actor(actor: User | None) -> tuple[str, str, str]:
    """Name, role and team of the actor as they stand now."""
    if actor is None or not actor.is_authenticated:
        return "", "", ""
    role, team = _role_and_team(actor) if _role_and_team is not None else ("", "")
    return str(actor)[:200], role, team


def unsealed(
    *,
    actor: User | None,
    described: tuple[str, str, str],
    at: datetime,
    action: Action,
    object_type: str,
    object_id: str = "",
    subject_id: int | None = None,
    what: str = "",
) -> AuditEvent:
    """A new row, not yet saved; the sealer fills ``seq`` and the hashes."""
    actor_name, actor_role, actor_team = described
    return AuditEvent(
        at=at,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_name=actor_name,
        actor_role=actor_role,
        actor_team=actor_team[:200],
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        subject_id=subject_id,
        what=what[:300],
        request_id=context.current_request_id(),
    )


def record(
    *,
    actor: User | None,
    action: Action,
    obj: models.Model | None = None,
    object_type: str = "",
    subject_id: int | None = None,
    what: str = "",
) -> AuditEvent:
    event = unsealed(
        actor=actor,
        described=describe_actor(actor),
        at=timezone.now(),
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        subject_id=subject_id,
        what=what,
    )
    event.save(force_insert=True)
    return event
