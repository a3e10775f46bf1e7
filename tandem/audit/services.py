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


def subject_of(obj: models.Model | None) -> int | None:
    """Whose record ``obj`` is part of: the person itself, or the person its
    ``service_user`` field names; None for anything else (a version, a row
    reached through another path, nothing)."""
    if obj is None:
        return None
    # By label, not by class: the audit log sits below tandem.people.
    if obj._meta.label == "people.ServiceUser":
        return obj.pk
    if any(f.attname == "service_user_id" for f in obj._meta.concrete_fields):
        return getattr(obj, "service_user_id", None)
    return None


def record(
    *,
    actor: User | None,
    action: Action,
    obj: models.Model | None = None,
    object_type: str = "",
    subject_id: int | None = None,
    what: str = "",
) -> AuditEvent:
    """Append one row. The subject (whose record it touched) is taken from
    ``obj`` when it names one (``subject_of``); ``subject_id`` is for objects
    that name the person through another path. A ``subject_id`` that disagrees
    with the object's own is refused, so no row names the wrong person."""
    own = subject_of(obj)
    if subject_id is not None and own is not None and subject_id != own:
        raise ValueError(f"subject_id {subject_id} disagrees with the object's person, {own}")
    event = unsealed(
        actor=actor,
        described=describe_actor(actor),
        at=timezone.now(),
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        subject_id=subject_id if subject_id is not None else own,
        what=what,
    )
    event.save(force_insert=True)
    return event
