"""Synthetic appointments for the demo: a clinic site per team, appointment
types, weekly sessions for every clinician, and appointments around today
(past ones with outcomes, future ones booked).

Written in bulk, bypassing the booking services, so seeding queues no
messages; the database's own double-booking guard still applies, and the
times are laid out so nothing overlaps.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    Attendance,
    AvailabilitySession,
    ContactPlan,
    Referral,
    Room,
    Site,
    TeamRules,
)
from tandem.appointments.slots import at
from tandem.people.models import CareTeam, CaseloadEntry, StaffMember

DAY_STARTS, DAY_ENDS = dt.time(9), dt.time(17)
# Hours a clinician's seeded appointments start at, leaving breaks between.
SEEDED_HOURS = (9, 11, 14, 16)
# The demo's video call, then its phone call an hour after, each up to an hour.
DEMO_CALLS_NEED = dt.timedelta(hours=4)
# Monday and Wednesday (remote) and Thursday (face to face, HAZ-153).
SELF_BOOKABLE_WEEKDAYS = (0, 2, 3)
PAST_OUTCOMES = (
    (Attendance.ATTENDED, 0.78),
    (Attendance.LATE_SEEN, 0.05),
    (Attendance.DID_NOT_ATTEND, 0.1),
    (Attendance.CANCELLED_BY_PERSON, 0.04),
    (Attendance.CANCELLED_BY_SERVICE, 0.03),
)


def _types_for(team: CareTeam) -> list[AppointmentType]:
    return [
        AppointmentType(
            team=team, name="Check-in", kind="check_in", duration_minutes=30, self_bookable=True
        ),
        AppointmentType(
            team=team, name="Medication review", kind="medication_review", duration_minutes=30
        ),
        AppointmentType(
            team=team, name="Therapy session", kind="psychological_therapy", duration_minutes=50
        ),
        AppointmentType(
            team=team, name="Assessment", kind="initial_assessment", duration_minutes=90
        ),
    ]


def _pick_outcome(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for code, share in PAST_OUTCOMES:
        total += share
        if roll < total:
            return code
    return Attendance.ATTENDED


def seed_appointments(
    *,
    teams: list[CareTeam],
    coordinators: dict[int, list[StaffMember]],
    today: dt.date,
    rng: random.Random,
    weeks_back: int = 4,
    weeks_ahead: int = 4,
    sam_pk: int | None = None,
    sam_clinician: StaffMember | None = None,
) -> int:
    """Build clinics and appointments for ``teams``; returns how many appointments."""
    sites: dict[int, Site] = {}
    for team in teams:
        sites[team.pk] = Site.objects.create(
            organisation=team.organisation,
            name=f"{team.name.split(' ')[0]} Resource Centre",
            address=f"{rng.randint(1, 120)} Synthetic Road, Leeds",
            postcode="LS1 4AP",
            directions="Reception is on the ground floor. There is step-free access.",
        )
    rooms = {
        team.pk: Room.objects.bulk_create(
            Room(site=sites[team.pk], name=f"Room {n}") for n in range(1, 9)
        )
        for team in teams
    }
    types: dict[int, list[AppointmentType]] = {}
    for team in teams:
        types[team.pk] = AppointmentType.objects.bulk_create(_types_for(team))
    TeamRules.objects.bulk_create(TeamRules(team=team) for team in teams)

    if sam_clinician is not None and teams:
        first = coordinators.setdefault(teams[0].pk, [])
        if sam_clinician not in first:
            first.insert(0, sam_clinician)
    sessions = []
    start = today - dt.timedelta(weeks=weeks_back + 1)
    for team in teams:
        for n, staff in enumerate(coordinators.get(team.pk, [])):
            room = rooms[team.pk][n % len(rooms[team.pk])]
            for weekday in range(5):
                face_to_face = weekday in (1, 3)
                sessions.append(
                    AvailabilitySession(
                        staff=staff,
                        team=team,
                        weekday=weekday,
                        starts=DAY_STARTS,
                        ends=DAY_ENDS,
                        site=sites[team.pk] if face_to_face else None,
                        room=room if face_to_face else None,
                        modalities=["face_to_face"] if face_to_face else ["video", "phone"],
                        # Remote times on Monday and Wednesday, and Thursday's
                        # face-to-face clinic, can be booked online: face to
                        # face must be on offer to people who book themselves.
                        self_bookable=weekday in SELF_BOOKABLE_WEEKDAYS,
                        valid_from=start,
                    )
                )
    AvailabilitySession.objects.bulk_create(sessions)

    # Each clinician sees people they coordinate, in turn, at fixed hours.
    entries = CaseloadEntry.objects.filter(
        team__in=teams, closed_on__isnull=True, care_coordinator__isnull=False
    ).values_list("service_user_id", "team_id", "care_coordinator_id")
    caseloads: dict[tuple[int, int], list[int]] = defaultdict(list)
    for person, team_id, staff_id in entries:
        caseloads[(team_id, staff_id)].append(person)
    now = timezone.now()
    # Sam's clinician's clinic keeps the next hours clear, so the demo's video
    # call (tandem/consult/seeding.py) can start in ten minutes and be joined
    # straight away whatever the time of day, and his phone call can follow.
    clear_until = now + DEMO_CALLS_NEED
    made: list[Appointment] = []
    seen_on: set[tuple[int, dt.date]] = set()
    first_day = today - dt.timedelta(weeks=weeks_back)
    days = [first_day + dt.timedelta(days=n) for n in range(7 * (weeks_back + weeks_ahead))]
    for team in teams:
        team_types = types[team.pk]
        for n, staff in enumerate(coordinators.get(team.pk, [])):
            people = caseloads.get((team.pk, staff.pk), [])
            if sam_pk in people:
                people = [p for p in people if p != sam_pk]  # Sam's own history is written below
            if not people:
                continue
            room = rooms[team.pk][n % len(rooms[team.pk])]
            turn = 0
            # Someone open to two teams must not be seen twice on one day.
            for day in days:
                if day.weekday() >= 5:
                    continue
                for hour in SEEDED_HOURS:
                    if rng.random() < 0.35:
                        continue
                    person = people[turn % len(people)]
                    turn += 1
                    if (person, day) in seen_on:
                        continue
                    seen_on.add((person, day))
                    kind = team_types[rng.choice((0, 1, 2, 2))]
                    starts_at = at(day, dt.time(hour))
                    if (
                        staff == sam_clinician
                        and starts_at < clear_until
                        and starts_at + kind.duration > now
                    ):
                        continue
                    face_to_face = day.weekday() in (1, 3)
                    modality = "face_to_face" if face_to_face else rng.choice(("video", "phone"))
                    made.append(
                        _appointment(
                            person=person,
                            team=team,
                            staff=staff,
                            kind=kind,
                            starts_at=starts_at,
                            modality=modality,
                            site=sites[team.pk] if face_to_face else None,
                            room=room if face_to_face else None,
                            now=now,
                            rng=rng,
                        )
                    )
    if sam_pk is not None and sam_clinician is not None and teams:
        made += _sams_history(
            sam_pk=sam_pk,
            team=teams[0],
            staff=sam_clinician,
            types=types[teams[0].pk],
            site=sites[teams[0].pk],
            room=rooms[teams[0].pk][-1],
            today=today,
            now=now,
        )
    Appointment.objects.bulk_create(made, batch_size=2000)
    return len(made)


def _appointment(
    *,
    person: int,
    team: CareTeam,
    staff: StaffMember,
    kind: AppointmentType,
    starts_at: dt.datetime,
    modality: str,
    site: Site | None,
    room: Room | None,
    now: dt.datetime,
    rng: random.Random,
) -> Appointment:
    appointment = Appointment(
        service_user_id=person,
        team=team,
        clinician=staff,
        appointment_type=kind,
        starts_at=starts_at,
        ends_at=starts_at + kind.duration,
        modality=modality,
        site=site,
        room=room,
        booked_via="staff",
        booked_by=staff.user,
        booked_at=starts_at - dt.timedelta(days=14),
        confirmed_at=starts_at - dt.timedelta(days=6) if rng.random() < 0.6 else None,
    )
    if starts_at < now:
        code = _pick_outcome(rng)
        appointment.attendance = code
        if code in (Attendance.CANCELLED_BY_PERSON, Attendance.CANCELLED_BY_SERVICE):
            appointment.status = "cancelled"
            appointment.cancelled_at = starts_at - dt.timedelta(days=1)
            appointment.cancellation_reason = "Synthetic demo cancellation"
        else:
            appointment.outcome_recorded_at = appointment.ends_at
            appointment.outcome_recorded_by = staff.user
            if modality == "video" and rng.random() < 0.08:
                appointment.technical_failure = True
                appointment.switched_to = "phone"
                appointment.switched_by = "clinician"
    return appointment


def _sams_history(
    *,
    sam_pk: int,
    team: CareTeam,
    staff: StaffMember,
    types: list[AppointmentType],
    site: Site,
    room: Room,
    today: dt.date,
    now: dt.datetime,
) -> list[Appointment]:
    """Sam's appointments, the same every time so the demo can be walked through."""
    check_in, medication, therapy, _ = types
    plan = [
        # Between the seeded hours (9, 11, 14, 16), so Sam's times never clash.
        (-21, dt.time(12, 30), therapy, "video", Attendance.ATTENDED, False),
        (-14, dt.time(12, 30), therapy, "video", Attendance.ATTENDED, True),
        (-7, dt.time(12, 30), check_in, "phone", Attendance.DID_NOT_ATTEND, False),
        (7, dt.time(12, 30), therapy, "video", "", False),
        (15, dt.time(13, 0), medication, "face_to_face", "", False),
    ]
    made = []
    for offset, time, kind, modality, outcome, failed in plan:
        day = today + dt.timedelta(days=offset)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        starts = at(day, time)
        appointment = Appointment(
            service_user_id=sam_pk,
            team=team,
            clinician=staff,
            appointment_type=kind,
            starts_at=starts,
            ends_at=starts + kind.duration,
            modality=modality,
            site=site if modality == "face_to_face" else None,
            room=room if modality == "face_to_face" else None,
            booked_via="staff",
            booked_by=staff.user,
            booked_at=starts - dt.timedelta(days=10),
            attendance=outcome,
            technical_failure=failed,
            switched_to="phone" if failed else "",
            switched_by="clinician" if failed else "",
        )
        if outcome:
            appointment.outcome_recorded_at = appointment.ends_at
            appointment.outcome_recorded_by = staff.user
        made.append(appointment)
    ContactPlan.objects.create(
        service_user_id=sam_pk,
        team=team,
        clinician=staff,
        modality="video",
        every_days=7,
        weekday=made[0].starts_at.weekday(),
        description=f"Weekly video call with {staff.user.full_name}",
        started_on=today - dt.timedelta(days=60),
        agreed_by=staff.user,
    )
    Referral.objects.create(
        service_user_id=sam_pk,
        team=team,
        received_on=today - dt.timedelta(days=420),
        source="GP",
        first_offered_on=today - dt.timedelta(days=405),
        first_offered_modality="face_to_face",
        first_held_on=today - dt.timedelta(days=400),
        first_held_modality="face_to_face",
        recorded_by=staff.user,
    )
    return made
