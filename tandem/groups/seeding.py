"""Demo group: 'Managing anxiety skills group', six weekly sessions around
today (three held, three to come), in a room or by video, with Sam and five
synthetic members and two people on the waiting list. Written directly, as the
other demo data is; members' places are appointments like any other, and a
place that would clash with someone's other appointment is left out (the
database would refuse it)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    Attendance,
    Room,
    Site,
    Status,
)
from tandem.groups.models import Enrolment, EnrolmentState, GroupProgramme, GroupSession, JoinsBy
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser, StaffMember, User

NAME = "Managing anxiety skills group"


def seed_group(
    *,
    team: CareTeam,
    sam_pk: int,
    facilitators: list[StaffMember],
    manager: User,
    today: dt.date,
    rng: random.Random,
) -> int:
    """Write the demo group; returns how many appointments (places) it made."""
    site = Site.objects.filter(organisation=team.organisation, is_active=True).first()
    room = Room.objects.filter(site=site).first() if site else None
    programme = GroupProgramme.objects.create(
        team=team,
        name=NAME,
        purpose="Six weekly sessions to learn and practise skills for managing anxiety, "
        "with others who know what it is like.",
        capacity=6,
        way="both" if site else "video",
        lead=facilitators[0],
        site=site,
        created_by=manager,
    )
    programme.facilitators.set(facilitators)
    group_type, _ = AppointmentType.objects.get_or_create(
        team=team, name="Group session", kind="group_session", defaults={"duration_minutes": 90}
    )
    # Thursday evenings, three weeks back and three to come.
    thursday = today + dt.timedelta(days=(3 - today.weekday()) % 7)
    sessions = []
    for week in range(-3, 3):
        day = thursday + dt.timedelta(weeks=week)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(18, 0)))
        sessions.append(
            GroupSession.objects.create(
                programme=programme,
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=90),
                site=site,
                room=room,
                register_taken_at=starts + dt.timedelta(minutes=95)
                if starts < timezone.now()
                else None,
            )
        )
    others = list(
        ServiceUser.objects.filter(
            pk__in=CaseloadEntry.objects.filter(team=team, closed_on__isnull=True)
            .exclude(service_user_id=sam_pk)
            .values("service_user_id")[:7]
        )
    )
    people = [ServiceUser.objects.get(pk=sam_pk), *others]
    made = 0
    for n, person in enumerate(people):
        waiting = n >= programme.capacity
        joins_by = JoinsBy.VIDEO if n % 2 == 0 or not site else JoinsBy.ROOM
        Enrolment.objects.create(
            programme=programme,
            service_user=person,
            state=EnrolmentState.WAITING if waiting else EnrolmentState.ENROLLED,
            joins_by=joins_by,
            show_full_name=n == 1,
            enrolled_at=timezone.now() - dt.timedelta(days=30 - n),
            enrolled_by=facilitators[0].user,
        )
        if waiting:
            continue
        for session in sessions:
            if Appointment.objects.filter(
                service_user=person,
                status=Status.BOOKED,
                starts_at__lt=session.ends_at,
                ends_at__gt=session.starts_at,
            ).exists():
                continue
            held = session.starts_at < timezone.now()
            in_room = joins_by == JoinsBy.ROOM
            Appointment.objects.create(
                service_user=person,
                team=team,
                clinician=programme.lead,
                appointment_type=group_type,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                modality="face_to_face" if in_room else "video",
                site=site if in_room else None,
                room=room if in_room else None,
                booked_via="staff",
                booked_by=facilitators[0].user,
                booked_at=timezone.now() - dt.timedelta(days=30 - n),
                group_session=session,
                attendance=rng.choice(
                    [Attendance.ATTENDED] * 4 + [Attendance.LATE_SEEN, Attendance.DID_NOT_ATTEND]
                )
                if held
                else "",
                technical_failure=held and not in_room and rng.random() < 0.15,
                outcome_recorded_at=session.starts_at + dt.timedelta(minutes=95) if held else None,
                outcome_recorded_by=facilitators[0].user if held else None,
            )
            made += 1
    return made
