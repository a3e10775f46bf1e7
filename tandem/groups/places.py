"""A member's place in a group session, booked (ADR 0053).

A member's place in a session is an ordinary ``Appointment`` linked to the
session, booked in the lead facilitator's diary: the appointments app's
notices, cancellations and outcomes then work for groups unchanged. The
database still refuses a member's place that overlaps any of their other
appointments (migration appointments 0004); the check here comes first so the
person booking is told which appointment clashes.

Enrolling (``enrolling``), moving up from the waiting list (``leaving``) and
adding a session (``session_changes``) all book through here, and tell the
facilitators through ``task_for_facilitators`` when a member needs a word.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.appointments import notices
from tandem.appointments.models import (
    Appointment,
    AppointmentModality,
    AppointmentType,
    BookedVia,
    Status,
)
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.models import Enrolment, GroupProgramme, GroupSession, JoinsBy, SessionStatus
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.web.dates import day_and_clock
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

GROUP_TYPE_NAME = "Group session"


def group_type_for(team: CareTeam, *, minutes: int) -> AppointmentType:
    """The team's 'Group session' appointment type (made the first time it is needed)."""
    found = AppointmentType.objects.filter(
        team=team, kind="group_session", name=GROUP_TYPE_NAME
    ).first()
    if found is None:
        found = AppointmentType.objects.create(
            team=team, name=GROUP_TYPE_NAME, kind="group_session", duration_minutes=minutes
        )
    return found


def _future_sessions(programme: GroupProgramme) -> list[GroupSession]:
    return list(
        programme.sessions.filter(
            status=SessionStatus.BOOKED, starts_at__gt=timezone.now()
        ).select_related("site", "room")
    )


def clash_for(person: ServiceUser, session: GroupSession) -> Appointment | None:
    """The person's booked appointment (outside this group) overlapping the session."""
    return (
        Appointment.objects.filter(
            service_user=person,
            status=Status.BOOKED,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(group_session__programme_id=session.programme_id)
        .select_related("appointment_type")
        .first()
    )


def _clash_message(person: ServiceUser, clash: Appointment) -> str:
    return (
        f"{person.display_name} already has an appointment then: "
        f"{clash.appointment_type.name} on {day_and_clock(clash.starts_at)}. "
        "Move that appointment first, or choose another group."
    )


def book_places(*, actor: User, enrolment: Enrolment) -> list[Appointment]:
    """Book the member's place in every future session, with confirmations and reminders."""
    programme = enrolment.programme
    person = enrolment.service_user
    sessions = _future_sessions(programme)
    for session in sessions:
        clash = clash_for(person, session)
        if clash is not None:
            raise InvalidInput(_clash_message(person, clash), field="service_user")
    return [book_place(actor=actor, enrolment=enrolment, session=session) for session in sessions]


def book_place(*, actor: User, enrolment: Enrolment, session: GroupSession) -> Appointment:
    """Book the member's place in one session, audited, with its confirmation.

    The save runs in a savepoint: when the database refuses an overlap that
    the check missed (a race), nothing of this place is left behind."""
    programme = enrolment.programme
    person = enrolment.service_user
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    in_room = enrolment.joins_by == JoinsBy.ROOM
    appointment = Appointment(
        service_user=person,
        team=programme.team,
        clinician=programme.lead,
        appointment_type=group_type_for(programme.team, minutes=minutes),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        modality=AppointmentModality.FACE_TO_FACE if in_room else AppointmentModality.VIDEO,
        site=session.site if in_room else None,
        room=session.room if in_room else None,
        booked_via=BookedVia.STAFF,
        booked_by=actor,
        group_session=session,
    )
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        if "no_overlap" in str(exc):
            raise InvalidInput(
                f"{person.display_name} already has an appointment at the time of the "
                f"session on {day_and_clock(session.starts_at)}. Move it first.",
                field="service_user",
            ) from exc
        raise
    record(
        actor=actor,
        action=Action.CREATE,
        obj=appointment,
        what=f"Booked a place in the group '{programme.name}' on "
        f"{timezone.localtime(session.starts_at):%-d %B %Y %H:%M}"[:300],
    )
    notices.booked(appointment=appointment, actor=actor)
    return appointment


def task_for_facilitators(
    *, programme: GroupProgramme, person: ServiceUser, title: str, reason: str, key: str
) -> None:
    # One task per programme, person and ``key``: raising it again while it is
    # open does not add a second.
    raise_work_item(
        team=programme.team,
        kind=WorkKind.OTHER,
        title=title,
        reason=reason,
        service_user=person,
        about_key=f"group:{programme.pk}:{key}:{person.pk}",
    )
