"""Enrolling a person in a group: a place, or a place on the waiting list when
the group is full, with the room offered to those who may not manage video
from home (ADR 0053, HAZ-296)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.models import Enrolment, EnrolmentState, GroupProgramme, JoinsBy
from tandem.groups.places import book_places, task_for_facilitators
from tandem.people.models import ServiceUser, User
from tandem.preferences.models import DigitalAccessCheck

# What stops a person taking part by video from home, as the digital access
# check words it (tandem.preferences): each one means offering the room.
ROOM_REASONS = ("No device for video calls", "No private space at home")


@dataclass(frozen=True)
class EnrolResult:
    enrolment: Enrolment
    # Said to the clinician after enrolling: a waiting list place, the room
    # offered, a video-only group the person may not manage from home.
    notes: tuple[str, ...] = ()


def room_reasons_for(person: ServiceUser) -> list[str]:
    """Why the person may not be able to take part by video from home, if anything."""
    check = DigitalAccessCheck.objects.filter(service_user=person, is_current=True).first()
    if check is None:
        return []
    return [flag for flag in check.flags if flag in ROOM_REASONS]


def people_to_offer_the_room(people: Sequence[ServiceUser]) -> list[tuple[ServiceUser, list[str]]]:
    """Of ``people``, those whose current digital access check says they may not
    take part by video from home, with why. One query however many people."""
    checks = DigitalAccessCheck.objects.filter(
        service_user__in=[person.pk for person in people], is_current=True
    )
    reasons = {
        check.service_user_id: [flag for flag in check.flags if flag in ROOM_REASONS]
        for check in checks
    }
    return [(person, reasons[person.pk]) for person in people if reasons.get(person.pk)]


@transaction.atomic
def enrol(
    *, actor: User, programme: GroupProgramme, service_user: ServiceUser, joins_by: str
) -> EnrolResult:
    """Give the person a place, or a place on the waiting list when the group is full.

    A clash with their other appointments is refused, naming the appointment.
    People with no device or no private space at home are offered the room;
    for a group that meets only by video the facilitators get a task to talk
    with them about how they can take part (HAZ-296).
    """
    if (
        not scopes.caseload_entries_of(actor)
        .filter(service_user=service_user, team=programme.team)
        .exists()
    ):
        raise PermissionDenied("You can only enrol people open to the group's team.")
    # One enrolment at a time per programme: counting places must not race.
    GroupProgramme.objects.select_for_update().get(pk=programme.pk)
    if (
        Enrolment.objects.filter(programme=programme, service_user=service_user)
        .exclude(state=EnrolmentState.LEFT)
        .exists()
    ):
        raise InvalidInput(
            f"{service_user.display_name} is already in this group or on its waiting list",
            field="service_user",
        )
    if joins_by not in JoinsBy.values:
        raise InvalidInput("Choose how they will join", field="joins_by")
    if joins_by == JoinsBy.ROOM and not programme.meets_in_a_room:
        raise InvalidInput("This group meets only by video", field="joins_by")
    if joins_by == JoinsBy.VIDEO and not programme.meets_by_video:
        raise InvalidInput("This group meets only in a room", field="joins_by")
    reasons = room_reasons_for(service_user)
    notes: list[str] = []
    if reasons and joins_by == JoinsBy.VIDEO:
        words = " and ".join(reason.lower() for reason in reasons)
        if programme.meets_in_a_room:
            # The form offers the room first; choosing video anyway is the
            # person's choice, kept in words beside their place.
            notes.append(
                f"{service_user.display_name} told us: {words}. They were offered a place "
                "in the room and chose video."
            )
        else:
            notes.append(
                f"This group meets only by video, and {service_user.display_name} told us: "
                f"{words}. The facilitators have a task to talk with them about how they "
                "can take part."
            )
            task_for_facilitators(
                programme=programme,
                person=service_user,
                title=f"Check how this person can take part in '{programme.name}'",
                reason=f"Enrolled in a video-only group but told us: {words}. "
                "Talk with them about a device loan, a private space, or another group.",
                key="cannot-join",
            )
    enrolled = programme.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    full = enrolled >= programme.capacity
    enrolment = Enrolment.objects.create(
        programme=programme,
        service_user=service_user,
        state=EnrolmentState.WAITING if full else EnrolmentState.ENROLLED,
        joins_by=joins_by,
        enrolled_by=actor,
        room_offered_because="; ".join(reasons)[:300],
    )
    if full:
        notes.insert(
            0,
            f"The group is full. {service_user.display_name} is on the waiting list, "
            f"number {programme.enrolments.filter(state=EnrolmentState.WAITING).count()}.",
        )
    else:
        book_places(actor=actor, enrolment=enrolment)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=enrolment,
        what=(
            f"Put on the waiting list for the group '{programme.name}'"
            if full
            else f"Enrolled in the group '{programme.name}' ({enrolment.get_joins_by_display()})"
        )[:300],
    )
    return EnrolResult(enrolment=enrolment, notes=tuple(notes))
