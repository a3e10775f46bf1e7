"""Checks the group programmes' writes start from: free text within its limit,
who runs a programme, and facilitators free at a programme's times (ADR 0053)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from tandem.access import scopes
from tandem.appointments import elsewhere
from tandem.appointments.models import Appointment, Status
from tandem.errors import InvalidInput
from tandem.groups.models import MAX_FREE_TEXT, GroupProgramme
from tandem.people.models import StaffMember, User
from tandem.web.dates import day_and_clock


def checked_text(
    value: str, what: str, *, limit: int = MAX_FREE_TEXT, required: bool = True
) -> str:
    """``value`` stripped; refused when empty (if ``required``) or over ``limit``."""
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"Enter {what.lower()}")
    if len(value) > limit:
        raise InvalidInput(f"{what} must be {limit} characters or fewer")
    return value


def programme_is_run_by(actor: User, programme: GroupProgramme) -> bool:
    """Whether ``actor`` facilitates the programme or manages its team: they may
    change its sessions, take its register and see everyone in it."""
    staff = getattr(actor, "staff", None)
    if staff is None:
        return False
    return (
        programme.facilitators.filter(pk=staff.pk).exists()
        or scopes.managed_teams(actor).filter(pk=programme.team_id).exists()
    )


def facilitators_free(
    facilitators: Sequence[StaffMember], windows: Sequence[tuple[dt.datetime, dt.datetime]]
) -> None:
    """No session may double-book any facilitator, lead or co-facilitator: not over
    their appointments, nor over another group they facilitate. Two queries.

    A courtesy, like appointments' own check: the database guards only the
    lead's appointments (ADR 0053), so a race between two bookings is not
    refused here (ADR 0060)."""
    staff = {member.pk: member for member in facilitators}
    overlapping = Q()
    for starts, ends in windows:
        overlapping |= Q(starts_at__lt=ends, ends_at__gt=starts)
    clash = (
        Appointment.objects.filter(overlapping, clinician_id__in=staff, status=Status.BOOKED)
        .select_related("appointment_type")
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise InvalidInput(
            f"{staff[clash.clinician_id].user.full_name} already has an appointment then: "
            f"{clash.appointment_type.name} on {day_and_clock(clash.starts_at)}. Choose "
            "another time for the group, another facilitator, or move that appointment first.",
            field="facilitators",
        )
    first, last = min(s for s, _ in windows), max(e for _, e in windows)
    busy = [
        found
        for found in elsewhere.busy_between(staff, first, last)
        if any(found.starts_at < ends and found.ends_at > starts for starts, ends in windows)
    ]
    if busy:
        raise InvalidInput(
            f"{staff[busy[0].staff_id].user.full_name} is busy then: {busy[0].what}. "
            "Choose another time for the group, or another facilitator.",
            field="facilitators",
        )
