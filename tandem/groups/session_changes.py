"""Changing a running programme's sessions: cancelling one, adding one and
booking the members into it (ADR 0053, HAZ-321)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.appointments import services as appointment_services
from tandem.appointments.models import Status
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.checks import checked_text, facilitators_free, programme_is_run_by
from tandem.groups.models import EnrolmentState, GroupProgramme, GroupSession, SessionStatus
from tandem.groups.places import book_place, clash_for, task_for_facilitators
from tandem.people.models import User
from tandem.web.dates import day_and_clock


@transaction.atomic
def cancel_session(*, actor: User, session: GroupSession, reason: str) -> GroupSession:
    """Cancel one session: every member's place in it is cancelled by the service
    and each member (and the carers they chose) is told, without clinical detail."""
    if not programme_is_run_by(actor, session.programme):
        raise PermissionDenied("Only the group's facilitators or managers can cancel a session.")
    locked = GroupSession.objects.select_for_update().get(pk=session.pk)
    if locked.status != SessionStatus.BOOKED:
        raise InvalidInput("This session has already been cancelled")
    if locked.register_taken_at is not None:
        raise InvalidInput("This session has already happened")
    why = checked_text(reason, "The reason")
    locked.status = SessionStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancellation_reason = why
    locked.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
    places = list(locked.appointments.filter(status=Status.BOOKED).select_related("team"))
    for appointment in places:
        appointment_services.cancel(
            actor=actor, appointment=appointment, by_person=False, reason=why
        )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Cancelled a session of '{locked.programme.name}' "
        f"({len(places)} members told): {why}"[:300],
    )
    return locked


@dataclass(frozen=True)
class AddedSession:
    session: GroupSession
    booked: int
    # One sentence per member not booked because another appointment clashes,
    # naming them and the appointment; the facilitators have a task for each.
    clashes: tuple[str, ...] = ()


@transaction.atomic
def add_session(
    *, actor: User, programme: GroupProgramme, starts_at: dt.datetime, minutes: int
) -> AddedSession:
    """Add a session to a running programme and book every enrolled member into it
    (not the waiting list), with the same clash check as enrolling. A member whose
    other appointment clashes is not booked; the person adding is told who and
    why, and the facilitators get a task to sort it (HAZ-321)."""
    if not programme_is_run_by(actor, programme):
        raise PermissionDenied("Only the group's facilitators or managers can add a session.")
    # Enrolling and leaving lock the programme too: the members cannot change
    # while their places in the new session are booked.
    locked = GroupProgramme.objects.select_for_update().get(pk=programme.pk)
    if not 15 <= minutes <= 240:
        raise InvalidInput("A session lasts between 15 and 240 minutes", field="minutes")
    if starts_at <= timezone.now():
        raise InvalidInput("The session must be in the future", field="day")
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    same_time = (
        locked.sessions.filter(
            status=SessionStatus.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )
    if same_time is not None:
        raise InvalidInput(
            f"The group already has a session then, on {day_and_clock(same_time.starts_at)}. "
            "Choose another time.",
            field="day",
        )
    facilitators_free(list(locked.facilitators.all()), [(starts_at, ends_at)])
    # The room the programme's sessions use (they are set up with one).
    usual = locked.sessions.filter(room__isnull=False).order_by("-starts_at").first()
    session = GroupSession.objects.create(
        programme=locked,
        starts_at=starts_at,
        ends_at=ends_at,
        site=locked.site,
        room=usual.room if usual is not None and locked.site else None,
    )
    booked = 0
    clashes: list[str] = []
    members = (
        locked.enrolments.filter(state=EnrolmentState.ENROLLED)
        .select_related("service_user", "programme__team", "programme__lead")
        .order_by("enrolled_at", "pk")
    )
    for enrolment in members:
        person = enrolment.service_user
        clash = clash_for(person, session)
        if clash is None:
            try:
                book_place(actor=actor, enrolment=enrolment, session=session)
            except InvalidInput as exc:
                # The database refused an overlap the check did not see (a race).
                said = f"{exc} They have no place in the new session."
            else:
                booked += 1
                continue
        else:
            said = (
                f"{person.display_name} already has an appointment then: "
                f"{clash.appointment_type.name} on {day_and_clock(clash.starts_at)}. "
                "They have no place in the new session."
            )
        clashes.append(said)
        task_for_facilitators(
            programme=locked,
            person=person,
            title=f"A member has no place in a new session of '{locked.name}'",
            reason=f"{said} Tell them, and check whether that appointment can move.",
            key=f"session-{session.pk}-clash",
        )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=session,
        what=f"Added a session to '{locked.name}' on "
        f"{timezone.localtime(starts_at):%-d %B %Y %H:%M} ({booked} members booked, "
        f"{len(clashes)} not booked because of a clash)"[:300],
    )
    return AddedSession(session=session, booked=booked, clashes=tuple(clashes))
