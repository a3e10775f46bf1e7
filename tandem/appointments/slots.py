"""Open slots: when a clinician's sessions leave room for an appointment.

Sessions are kept in local (UK) wall-clock time, so a 09:00 session stays at
09:00 across the clocks changing; slots are computed per day and turned into
aware datetimes here, once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from tandem.appointments import elsewhere
from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    AvailabilitySession,
    Leave,
    OneOffSession,
    Status,
)
from tandem.people.models import CareTeam, StaffMember


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=local_zone())


@dataclass(frozen=True)
class Slot:
    clinician_id: int
    clinician_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    modalities: tuple[str, ...]
    site_id: int | None
    room_id: int | None
    self_bookable: bool

    @property
    def key(self) -> str:
        """A stable form value for this slot: clinician and start time."""
        return f"{self.clinician_id}:{int(self.starts_at.timestamp())}"


@dataclass(frozen=True)
class _Window:
    staff_id: int
    day: dt.date
    starts: dt.time
    ends: dt.time
    modalities: tuple[str, ...]
    site_id: int | None
    room_id: int | None
    self_bookable: bool


def _windows(
    sessions: Iterable[AvailabilitySession],
    one_offs: Iterable[OneOffSession],
    days: list[dt.date],
) -> Iterator[_Window]:
    by_weekday: dict[int, list[AvailabilitySession]] = defaultdict(list)
    for session in sessions:
        by_weekday[session.weekday].append(session)
    for day in days:
        for session in by_weekday[day.weekday()]:
            if session.runs_on(day):
                yield _Window(
                    session.staff_id,
                    day,
                    session.starts,
                    session.ends,
                    tuple(session.modalities),
                    session.site_id,
                    session.room_id,
                    session.self_bookable,
                )
    for extra in one_offs:
        yield _Window(
            extra.staff_id,
            extra.day,
            extra.starts,
            extra.ends,
            tuple(extra.modalities),
            extra.site_id,
            extra.room_id,
            extra.self_bookable,
        )


def open_slots(
    *,
    team: CareTeam,
    appointment_type: AppointmentType,
    first_day: dt.date,
    days: int,
    modality: str | None = None,
    clinician: StaffMember | None = None,
    self_bookable_only: bool = False,
    not_before: dt.datetime | None = None,
    names: dict[int, str] | None = None,
) -> list[Slot]:
    """Free slots of ``appointment_type``'s length in the team's sessions, in time order.

    A fixed number of queries whatever the team's size (sessions, one-off
    sessions, staff names, leave, the clinicians' and the rooms' bookings in
    the period in one, and one for the groups they facilitate); the rest is
    arithmetic. ``names``: the clinicians' names by staff id when the caller
    has read them already (staff booking has the team's members in hand), so
    they are not read again; a clinician missing from it gets no slots, as
    staff booking offers only its members' times anyway.
    """
    last_day = first_day + dt.timedelta(days=days - 1)
    day_list = [first_day + dt.timedelta(days=n) for n in range(days)]
    sessions = AvailabilitySession.objects.filter(team=team, valid_from__lte=last_day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=first_day)
    )
    one_offs = OneOffSession.objects.filter(team=team, day__gte=first_day, day__lte=last_day)
    if clinician is not None:
        sessions = sessions.filter(staff=clinician)
        one_offs = one_offs.filter(staff=clinician)
    if self_bookable_only:
        sessions = sessions.filter(self_bookable=True)
        one_offs = one_offs.filter(self_bookable=True)
    staff_ids = {s.staff_id for s in sessions} | {o.staff_id for o in one_offs}
    if names is None:
        names = dict(
            StaffMember.objects.filter(pk__in=staff_ids).values_list("pk", "user__full_name")
        )
    else:
        staff_ids &= set(names)
    leave: dict[int, list[Leave]] = defaultdict(list)
    for absence in Leave.objects.filter(staff_id__in=staff_ids, first_day__lte=last_day).filter(
        Q(last_day__isnull=True) | Q(last_day__gte=first_day)
    ):
        leave[absence.staff_id].append(absence)
    # Keyed by clinician and local day, so each slot is checked only against
    # that day's bookings, not the whole period's.
    busy: dict[tuple[int, dt.date], list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    rooms_busy: dict[tuple[int, dt.date], list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    zone = local_zone()
    period_start, period_end = at(first_day, dt.time.min), at(last_day, dt.time.max)
    # A room shared by colleagues' sessions is busy when any of them has it.
    room_ids = {s.room_id for s in sessions if s.room_id} | {
        o.room_id for o in one_offs if o.room_id
    }
    # The clinicians' bookings and their rooms' in one query (issue 18): an
    # appointment can count for both, as its clinician's and as its room's.
    for staff_id, room_id, starts, ends in Appointment.objects.filter(
        Q(clinician_id__in=staff_ids) | Q(room_id__in=room_ids),
        status=Status.BOOKED,
        starts_at__lt=period_end,
        ends_at__gt=period_start,
    ).values_list("clinician_id", "room_id", "starts_at", "ends_at"):
        day = starts.astimezone(zone).date()
        if staff_id in staff_ids:
            busy[(staff_id, day)].append((starts, ends))
        if room_id in room_ids:
            rooms_busy[(room_id, day)].append((starts, ends))
    # Groups they facilitate without appointments of their own in them (ADR 0060).
    for held in elsewhere.busy_between(staff_ids, period_start, period_end):
        key = (held.staff_id, held.starts_at.astimezone(zone).date())
        busy[key].append((held.starts_at, held.ends_at))

    length = appointment_type.duration
    found: list[Slot] = []
    for window in _windows(sessions, one_offs, day_list):
        if window.staff_id not in staff_ids:
            continue
        if modality is not None and modality not in window.modalities:
            continue
        if any(a.covers(window.day) for a in leave[window.staff_id]):
            continue
        start, end = at(window.day, window.starts), at(window.day, window.ends)
        taken = busy.get((window.staff_id, window.day), [])
        if window.room_id and modality in (None, "face_to_face"):
            taken = taken + rooms_busy.get((window.room_id, window.day), [])
        while start + length <= end:
            slot_end = start + length
            clash = next((e for s, e in taken if s < slot_end and e > start), None)
            if clash is not None:
                # Jump to the end of whatever is booked rather than stepping through it.
                start = max(clash, start + dt.timedelta(minutes=5))
                continue
            if not_before is None or start >= not_before:
                found.append(
                    Slot(
                        window.staff_id,
                        names.get(window.staff_id, ""),
                        start,
                        slot_end,
                        window.modalities,
                        window.site_id,
                        window.room_id,
                        window.self_bookable,
                    )
                )
            start = slot_end
    found.sort(key=lambda s: (s.starts_at, s.clinician_name))
    return found


def find_slot(slots: Iterable[Slot], key: str) -> Slot | None:
    return next((s for s in slots if s.key == key), None)
