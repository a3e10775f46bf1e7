"""Leaving a group or its waiting list, and the next person waiting moving up
(ADR 0053, HAZ-299)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments import services as appointment_services
from tandem.appointments.models import Appointment, Status
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.checks import checked_text, programme_is_run_by
from tandem.groups.models import Enrolment, EnrolmentState, GroupProgramme
from tandem.groups.places import book_places, task_for_facilitators
from tandem.people.models import User


def _offer_next_place(*, actor: User, programme: GroupProgramme) -> Enrolment | None:
    """Move the first person on the waiting list up when a place is free, book their
    sessions, and give the facilitators a task to tell them (HAZ-299). Someone
    whose other appointments clash stays first in line, with a task to sort it."""
    enrolled = programme.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    if enrolled >= programme.capacity:
        return None
    first = (
        programme.enrolments.filter(state=EnrolmentState.WAITING)
        .select_related("service_user", "programme")
        .order_by("enrolled_at", "pk")
        .first()
    )
    if first is None:
        return None
    person = first.service_user
    try:
        with transaction.atomic():
            first.state = EnrolmentState.ENROLLED
            first.save(update_fields=["state"])
            book_places(actor=actor, enrolment=first)
    except InvalidInput as exc:
        first.state = EnrolmentState.WAITING
        task_for_facilitators(
            programme=programme,
            person=person,
            title=f"A place is free in '{programme.name}' but the next person has a clash",
            reason=f"{exc} They stay first on the waiting list.",
            key="waiting-clash",
        )
        return None
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=first,
        what=f"Moved up from the waiting list into the group '{programme.name}'"[:300],
    )
    task_for_facilitators(
        programme=programme,
        person=person,
        title=f"Welcome a new member to '{programme.name}'",
        reason="A place became free and they moved up from the waiting list. Their "
        "sessions are booked and they have been sent the times: check they can come.",
        key="moved-up",
    )
    return first


@transaction.atomic
def leave(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """The person leaves the group or the waiting list; their future sessions are
    cancelled (and they are told), and the next person waiting moves up."""
    programme = GroupProgramme.objects.select_for_update().get(pk=enrolment.programme_id)
    if not programme_is_run_by(actor, programme) and not (
        scopes.caseload_entries_of(actor)
        .filter(service_user_id=enrolment.service_user_id, team=programme.team)
        .exists()
    ):
        raise PermissionDenied("Only the group's team can change who is in it.")
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.state == EnrolmentState.LEFT:
        raise InvalidInput("They have already left this group")
    why = checked_text(reason, "The reason", limit=300)
    was_enrolled = locked.state == EnrolmentState.ENROLLED
    locked.state = EnrolmentState.LEFT
    locked.left_at = timezone.now()
    locked.save(update_fields=["state", "left_at"])
    if was_enrolled:
        for appointment in Appointment.objects.filter(
            service_user_id=locked.service_user_id,
            group_session__programme=programme,
            status=Status.BOOKED,
            starts_at__gt=timezone.now(),
        ):
            appointment_services.cancel(
                actor=actor, appointment=appointment, by_person=True, reason=why
            )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Left the group '{programme.name}': {why}"[:300],
    )
    if was_enrolled:
        _offer_next_place(actor=actor, programme=programme)
    return locked
