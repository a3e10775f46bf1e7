"""The register: attendance for every member of a session at once, recorded on
each member's appointment (ADR 0053)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.appointments import services as appointment_services
from tandem.appointments.models import Status
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.checks import programme_is_run_by
from tandem.groups.models import Enrolment, GroupSession, SessionStatus
from tandem.people.models import User


@dataclass(frozen=True)
class Mark:
    """What happened for one member at one session."""

    enrolment: Enrolment
    outcome: appointment_services.Outcome


@transaction.atomic
def take_register(*, actor: User, session: GroupSession, marks: Sequence[Mark]) -> int:
    """Record attendance for every member at once, with the NHS attendance codes,
    technical failure and a switched way, on each member's appointment (so
    continuity checks and insights count it). Nothing is saved if one is wrong."""
    if not programme_is_run_by(actor, session.programme):
        raise PermissionDenied("Only the group's facilitators or managers take the register.")
    if session.status != SessionStatus.BOOKED:
        raise InvalidInput("A cancelled session has no register")
    if session.starts_at > timezone.now():
        raise InvalidInput("You can take the register once the session has started")
    places = {
        appointment.service_user_id: appointment
        for appointment in session.appointments.filter(status=Status.BOOKED)
    }
    recorded = 0
    for mark in marks:
        if mark.enrolment.programme_id != session.programme_id:
            raise InvalidInput("Someone on the register is not in this group")
        appointment = places.get(mark.enrolment.service_user_id)
        if appointment is None:
            raise InvalidInput(
                "Someone on the register has no place in this session", field="register"
            )
        appointment_services.record_outcome(
            actor=actor, appointment=appointment, outcome=mark.outcome
        )
        recorded += 1
    GroupSession.objects.filter(pk=session.pk).update(register_taken_at=timezone.now())
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=session,
        what=f"Took the register for '{session.programme.name}' ({recorded} members)"[:300],
    )
    return recorded
