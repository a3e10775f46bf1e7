"""Setting up a group programme and its sessions (ADR 0053)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments.models import Room, Site
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.checks import checked_text, facilitators_free
from tandem.groups.models import GroupProgramme, GroupSession, Way
from tandem.groups.places import group_type_for
from tandem.people.models import CareTeam, StaffMember, TeamMembership, User


@dataclass(frozen=True)
class NewProgramme:
    team: CareTeam
    name: str
    purpose: str
    capacity: int
    way: str
    facilitators: Sequence[StaffMember]
    site: Site | None
    room: Room | None
    first_starts_at: dt.datetime
    minutes: int
    sessions: int
    every_days: int = 7


@transaction.atomic
def create_programme(*, actor: User, new: NewProgramme) -> GroupProgramme:
    """A manager defines a programme and its sessions, every ``every_days`` days."""
    if not scopes.managed_teams(actor).filter(pk=new.team.pk).exists():
        raise PermissionDenied("Only the team's managers can set up a group.")
    name = checked_text(new.name, "The name", limit=120)
    purpose = checked_text(new.purpose, "What the group is for")
    if not 1 <= new.capacity <= 50:
        raise InvalidInput("The number of places must be between 1 and 50", field="capacity")
    if new.way not in Way.values:
        raise InvalidInput("Choose how the group meets", field="way")
    if not new.facilitators:
        raise InvalidInput("Choose at least one facilitator", field="facilitators")
    members = set(TeamMembership.objects.filter(team=new.team).values_list("staff_id", flat=True))
    if any(staff.pk not in members for staff in new.facilitators):
        raise InvalidInput("Facilitators must be members of the team", field="facilitators")
    if new.way != Way.VIDEO and new.site is None:
        raise InvalidInput("Choose the site where the group meets", field="site")
    if new.room is not None and (new.site is None or new.room.site_id != new.site.pk):
        raise InvalidInput("The room must be at the chosen site", field="room")
    if not 15 <= new.minutes <= 240:
        raise InvalidInput("A session lasts between 15 and 240 minutes", field="minutes")
    if not 1 <= new.sessions <= 26:
        raise InvalidInput("A programme has between 1 and 26 sessions", field="sessions")
    if new.first_starts_at <= timezone.now():
        raise InvalidInput("The first session must be in the future", field="first_day")
    length = dt.timedelta(minutes=new.minutes)
    zone = timezone.get_current_timezone()
    first_local = timezone.localtime(new.first_starts_at)
    windows: list[tuple[dt.datetime, dt.datetime]] = []
    for number in range(new.sessions):
        # Same wall-clock time each week, across a change of the clocks.
        local = (first_local + dt.timedelta(days=number * new.every_days)).replace(tzinfo=None)
        starts = timezone.make_aware(local, zone)
        windows.append((starts, starts + length))
    facilitators_free(new.facilitators, windows)
    programme = GroupProgramme.objects.create(
        team=new.team,
        name=name,
        purpose=purpose,
        capacity=new.capacity,
        way=new.way,
        lead=new.facilitators[0],
        site=new.site if new.way != Way.VIDEO else None,
        created_by=actor,
    )
    programme.facilitators.set(new.facilitators)
    for starts, ends in windows:
        GroupSession.objects.create(
            programme=programme,
            starts_at=starts,
            ends_at=ends,
            site=programme.site,
            room=new.room if programme.site else None,
        )
    group_type_for(new.team, minutes=new.minutes)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=programme,
        what=f"Set up the group '{name}' with {new.sessions} sessions"[:300],
    )
    return programme
