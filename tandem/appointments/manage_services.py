"""Writes for managing appointments: team rules, appointment types, sites and
rooms, and ending a contact plan. Keyword-only, typed, atomic, audited.

Team settings belong to the team's managers; sites and rooms to the
organisation of a team the actor manages. Each function checks who is acting,
so no caller can change another team's settings, and checks the bounds the
forms check, so nothing a form would refuse can be saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments.models import AppointmentType, ContactPlan, Room, Site, TeamRules
from tandem.appointments.services import InvalidInput
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.models import CareTeam, Organisation, User
from tandem.preferences.codes import ContactKind

# (lowest, highest) for each rule; the form and this module share them.
RULE_BOUNDS: dict[str, tuple[int | Decimal, int | Decimal]] = {
    "self_book_days_ahead": (1, 365),
    "self_book_notice_hours": (0, 168),
    "no_contact_days": (7, 365),
    "max_consecutive_remote": (1, 12),
    "min_break_minutes": (0, 120),
    "max_remote_hours_per_day": (Decimal("0.5"), Decimal("12")),
}
DURATION_BOUNDS = (5, 480)


@dataclass(frozen=True)
class Rules:
    self_book_days_ahead: int
    self_book_notice_hours: int
    no_contact_days: int
    max_consecutive_remote: int
    min_break_minutes: int
    max_remote_hours_per_day: Decimal


def _require_manager(actor: User, team: CareTeam) -> None:
    if not scopes.managed_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's managers can change its settings.")


def _require_organisation(actor: User, organisation: Organisation) -> None:
    if not scopes.managed_teams(actor).filter(organisation=organisation).exists():
        raise PermissionDenied("You can only change sites for teams you manage.")


def _name(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"Enter {what}")
    if len(value) > limit:
        raise InvalidInput(f"{what.capitalize()} must be {limit} characters or fewer")
    return value


# --- Team rules ------------------------------------------------------------------


@transaction.atomic
def set_team_rules(*, actor: User, team: CareTeam, rules: Rules) -> TeamRules:
    _require_manager(actor, team)
    for field in fields(Rules):
        value = getattr(rules, field.name)
        low, high = RULE_BOUNDS[field.name]
        if not low <= value <= high:
            raise InvalidInput(f"{field.name} must be between {low} and {high}")
    found, _ = TeamRules.objects.select_for_update().get_or_create(team=team)
    changed = []
    for field in fields(Rules):
        value = getattr(rules, field.name)
        if getattr(found, field.name) != value:
            changed.append(field.name.replace("_", " "))
            setattr(found, field.name, value)
    found.save()
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=found,
        what=f"Changed {team.name} rules: {', '.join(changed) or 'nothing'}"[:300],
    )
    return found


# --- Appointment types -----------------------------------------------------------


def _check_type(name: str, kind: str, duration_minutes: int) -> str:
    if kind not in ContactKind.values:
        raise InvalidInput("Choose what kind of contact this is")
    low, high = DURATION_BOUNDS
    if not low <= duration_minutes <= high:
        raise InvalidInput(f"Length must be between {low} and {high} minutes")
    return _name(name, "a name", 120)


@transaction.atomic
def add_appointment_type(
    *,
    actor: User,
    team: CareTeam,
    name: str,
    kind: str,
    duration_minutes: int,
    self_bookable: bool,
) -> AppointmentType:
    _require_manager(actor, team)
    added = AppointmentType.objects.create(
        team=team,
        name=_check_type(name, kind, duration_minutes),
        kind=kind,
        duration_minutes=duration_minutes,
        self_bookable=self_bookable,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=added,
        what=f"Added appointment type {added.name} to {team.name}"[:300],
    )
    return added


@transaction.atomic
def change_appointment_type(
    *,
    actor: User,
    appointment_type: AppointmentType,
    name: str,
    kind: str,
    duration_minutes: int,
    self_bookable: bool,
    is_active: bool,
) -> AppointmentType:
    _require_manager(actor, appointment_type.team)
    locked = AppointmentType.objects.select_for_update().get(pk=appointment_type.pk)
    locked.name = _check_type(name, kind, duration_minutes)
    locked.kind = kind
    locked.duration_minutes = duration_minutes
    locked.self_bookable = self_bookable
    locked.is_active = is_active
    locked.save()
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Changed appointment type {locked.name}"
        + ("" if is_active else " (no longer offered)"),
    )
    return locked


# --- Sites and rooms --------------------------------------------------------------


@transaction.atomic
def add_site(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    address: str,
    postcode: str,
    directions: str,
) -> Site:
    _require_organisation(actor, organisation)
    if len(directions.strip()) > 500:
        raise InvalidInput("Directions must be 500 characters or fewer")
    site = Site.objects.create(
        organisation=organisation,
        name=_name(name, "the site's name", 120),
        address=_name(address, "the address", 300),
        postcode=_name(postcode, "the postcode", 8).upper(),
        directions=directions.strip(),
    )
    record(actor=actor, action=Action.CREATE, obj=site, what=f"Added site {site.name}"[:300])
    return site


@transaction.atomic
def add_room(*, actor: User, site: Site, name: str) -> Room:
    _require_organisation(actor, site.organisation)
    try:
        with transaction.atomic():
            room = Room.objects.create(site=site, name=_name(name, "the room's name", 60))
    except IntegrityError as exc:
        raise InvalidInput(f"{site.name} already has a room with that name") from exc
    record(
        actor=actor, action=Action.CREATE, obj=room, what=f"Added {room.name} at {site.name}"[:300]
    )
    return room


# --- Contact plans ------------------------------------------------------------------


@transaction.atomic
def end_contact_plan(*, actor: User, plan: ContactPlan, on: dt.date | None = None) -> ContactPlan:
    """End agreed contact (for example when it is no longer wanted, or at discharge)."""
    if (
        not scopes.caseload_entries_of(actor)
        .filter(service_user_id=plan.service_user_id, team_id=plan.team_id)
        .exists()
    ):
        raise PermissionDenied("You can only change plans for people open to your teams.")
    locked = ContactPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.ended_on is not None:
        raise InvalidInput("This plan has already ended")
    locked.ended_on = on or timezone.localdate()
    locked.save(update_fields=["ended_on"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Ended agreed contact: {locked.description}"[:300],
    )
    return locked
