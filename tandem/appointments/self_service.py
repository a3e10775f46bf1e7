"""People booking, moving, confirming and cancelling their own appointments,
within the rules their team has set.

The pages offer only what these rules allow; every write checks them again at
the moment of writing (type self-bookable and active, person open to the team,
the time still open and self-bookable, within the notice and days-ahead
limits), so a stale page or a hand-made request cannot get round them. The
database's double-booking guard settles any race that is left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.appointments import guardrails, services
from tandem.appointments.models import (
    APPOINTMENT_MODALITIES,
    Appointment,
    AppointmentModality,
    AppointmentType,
    BookedVia,
    Room,
    Site,
    Status,
)
from tandem.appointments.services import InvalidInput
from tandem.appointments.shown import way_text
from tandem.appointments.slots import Slot, find_slot, open_slots
from tandem.people.models import CareTeam, ServiceUser, StaffMember, User
from tandem.preferences.models import ModalityPreference

# Said to the person booking, in their language when raised (marked here,
# translated by ``gettext`` at the raise, inside their request).
TAKEN = N_("That time has just been taken, choose another")
NOT_SELF_BOOKABLE = N_(
    "You cannot book this kind of appointment yourself. Call your care team to arrange it."
)
NOT_YOUR_TEAM = N_("You can only book appointments with a team that is caring for you.")
ALREADY_CANCELLED = N_("This appointment has already been cancelled")
ALREADY_STARTED = N_("This appointment has already started, so it cannot be changed here")
YOU_ARE_BUSY = N_("You already have an appointment at that time. Choose another time.")
FACE_TO_FACE = AppointmentModality.FACE_TO_FACE.value


class SlotGone(InvalidInput):
    """The time chosen is no longer open: someone else took it or the sessions changed."""


def too_soon(hours: int) -> str:
    return gettext(
        "Appointments you book yourself must be at least %(hours)s hours away. "
        "Choose a later time, or call your care team."
    ) % {"hours": hours}


def too_far(days: int) -> str:
    return gettext("You can book up to %(days)s days ahead. Choose an earlier date.") % {
        "days": days
    }


# --- Reads for the booking pages -------------------------------------------------


@dataclass(frozen=True)
class Window:
    """When a person may book with a team: not before ``not_before``, not after ``last_day``."""

    not_before: dt.datetime
    first_day: dt.date
    last_day: dt.date
    notice_hours: int
    days_ahead: int

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def holds(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


def window_for(team: CareTeam, *, now: dt.datetime | None = None) -> Window:
    rules = guardrails.rules_for(team)
    now = now or timezone.now()
    not_before = now + dt.timedelta(hours=rules.self_book_notice_hours)
    today = timezone.localdate(now)
    return Window(
        not_before=not_before,
        first_day=max(today, timezone.localdate(not_before)),
        last_day=today + dt.timedelta(days=rules.self_book_days_ahead),
        notice_hours=rules.self_book_notice_hours,
        days_ahead=rules.self_book_days_ahead,
    )


def own_person(actor: User) -> ServiceUser:
    person = ServiceUser.objects.filter(user=actor).first() if actor.is_authenticated else None
    if person is None:
        raise PermissionDenied("Only a service user can book for themselves.")
    return person


def open_teams(person: ServiceUser) -> QuerySet[CareTeam]:
    return CareTeam.objects.filter(
        caseload_entries__service_user=person, caseload_entries__closed_on__isnull=True
    )


def is_open_to(person: ServiceUser, team: CareTeam) -> bool:
    return open_teams(person).filter(pk=team.pk).exists()


def bookable_types(person: ServiceUser) -> list[AppointmentType]:
    """Types the person may book themselves, in the teams caring for them."""
    return list(
        AppointmentType.objects.filter(
            team__in=open_teams(person), self_bookable=True, is_active=True
        )
        .select_related("team")
        .order_by("team__name", "name")
    )


def bookable_type(person: ServiceUser, pk: object) -> AppointmentType | None:
    return next((t for t in bookable_types(person) if str(t.pk) == str(pk)), None)


def may_self_change(appointment: Appointment) -> bool:
    """Whether the person may move this appointment themselves (else they call the team)."""
    kind = appointment.appointment_type
    return appointment.is_booked and kind.self_bookable and kind.is_active


def ways_for(person: ServiceUser, kind: str) -> list[tuple[str, str]]:
    """The ways an appointment can be held, the person's preferred way first."""
    preference = ModalityPreference.objects.filter(
        service_user=person, kind=kind, is_current=True
    ).first()
    preferred = preference.preferred if preference else ""
    ways = [(str(value), way_text(value)) for value in AppointmentModality.values]
    first = [
        (v, gettext("%(way)s (the way you said you prefer)") % {"way": label})
        for v, label in ways
        if v == preferred
    ]
    return first + [(v, label) for v, label in ways if v != preferred]


def _busy_times(
    person: ServiceUser, *, ignore: int | None
) -> list[tuple[dt.datetime, dt.datetime]]:
    booked = Appointment.objects.filter(
        service_user=person, status=Status.BOOKED, ends_at__gt=timezone.now()
    )
    if ignore is not None:
        booked = booked.exclude(pk=ignore)
    return list(booked.values_list("starts_at", "ends_at"))


def choosable_slots(
    *,
    person: ServiceUser,
    team: CareTeam,
    appointment_type: AppointmentType,
    modality: str,
    day: dt.date | None = None,
    ignore: int | None = None,
) -> list[Slot]:
    """Open, self-bookable slots within the team's rules, the whole window or one day,
    leaving out times the person already has an appointment."""
    window = window_for(team)
    if day is not None and not window.holds(day):
        return []
    if window.days <= 0:
        return []
    found = open_slots(
        team=team,
        appointment_type=appointment_type,
        first_day=day or window.first_day,
        days=1 if day else window.days,
        modality=modality,
        self_bookable_only=True,
        not_before=window.not_before,
    )
    busy = _busy_times(person, ignore=ignore)
    return [
        s
        for s in found
        if (modality != FACE_TO_FACE or s.site_id is not None)
        and not any(start < s.ends_at and end > s.starts_at for start, end in busy)
    ]


def face_to_face_bookable(
    *,
    person: ServiceUser,
    team: CareTeam,
    appointment_type: AppointmentType,
    ignore: int | None = None,
) -> bool:
    """Whether the person could book a face-to-face time online now (HAZ-153):
    the booking page says face to face is available only when this is true."""
    return bool(
        choosable_slots(
            person=person,
            team=team,
            appointment_type=appointment_type,
            modality=FACE_TO_FACE,
            ignore=ignore,
        )
    )


def days_with_slots(slots: list[Slot]) -> list[tuple[dt.date, int]]:
    counts: dict[dt.date, int] = {}
    for slot in slots:
        day = timezone.localdate(slot.starts_at)
        counts[day] = counts.get(day, 0) + 1
    return sorted(counts.items())


def slot_from_key(
    *,
    person: ServiceUser,
    team: CareTeam,
    appointment_type: AppointmentType,
    modality: str,
    key: str,
    ignore: int | None = None,
) -> Slot | None:
    """The slot a form value names, if it is still there to choose."""
    try:
        _clinician, stamp = key.split(":", 1)
        starts_at = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None
    day_slots = choosable_slots(
        person=person,
        team=team,
        appointment_type=appointment_type,
        modality=modality,
        day=timezone.localdate(starts_at),
        ignore=ignore,
    )
    return find_slot(day_slots, key)


def clinician_of(slot: Slot) -> StaffMember:
    return StaffMember.objects.select_related("user").get(pk=slot.clinician_id)


# --- Checks made again at the moment of writing -------------------------------------


def check_slot(
    *,
    person: ServiceUser,
    team: CareTeam,
    appointment_type: AppointmentType,
    clinician: StaffMember,
    starts_at: dt.datetime,
    modality: str,
    ignore: int | None = None,
) -> Slot:
    """Every self-booking rule, checked now; the open slot it lands in, or InvalidInput."""
    if (
        appointment_type.team_id != team.pk
        or not appointment_type.self_bookable
        or not appointment_type.is_active
    ):
        raise InvalidInput(gettext(NOT_SELF_BOOKABLE))
    if not is_open_to(person, team):
        raise InvalidInput(gettext(NOT_YOUR_TEAM))
    if modality not in APPOINTMENT_MODALITIES:
        raise InvalidInput(gettext("Choose face to face, video call or phone call"))
    window = window_for(team)
    if starts_at < window.not_before:
        raise InvalidInput(too_soon(window.notice_hours))
    day = timezone.localdate(starts_at)
    if day > window.last_day:
        raise InvalidInput(too_far(window.days_ahead))
    ends_at = starts_at + appointment_type.duration
    if any(s < ends_at and e > starts_at for s, e in _busy_times(person, ignore=ignore)):
        raise InvalidInput(gettext(YOU_ARE_BUSY))
    # Recompute the clinician's open, self-bookable slots for that day, now.
    slot = next(
        (
            s
            for s in open_slots(
                team=team,
                appointment_type=appointment_type,
                first_day=day,
                days=1,
                modality=modality,
                clinician=clinician,
                self_bookable_only=True,
                not_before=window.not_before,
            )
            if s.starts_at == starts_at
        ),
        None,
    )
    if slot is None or (modality == FACE_TO_FACE and slot.site_id is None):
        raise SlotGone(gettext(TAKEN))
    return slot


def place_of(slot: Slot, modality: str) -> tuple[Site | None, Room | None]:
    """Where a face-to-face appointment in this slot is held."""
    site_id, room_id = slot.site_id, slot.room_id
    if modality != FACE_TO_FACE or site_id is None:
        return None, None
    site = Site.objects.get(pk=site_id)
    room = Room.objects.filter(pk=room_id).first() if room_id is not None else None
    return site, room


def check_changeable(appointment: Appointment) -> None:
    if not appointment.is_booked:
        raise InvalidInput(gettext(ALREADY_CANCELLED))
    if appointment.starts_at <= timezone.now() or appointment.has_outcome:
        raise InvalidInput(gettext(ALREADY_STARTED))


def move_within_rules(
    *,
    actor: User | None,
    person: ServiceUser,
    appointment: Appointment,
    clinician: StaffMember,
    starts_at: dt.datetime,
    modality: str,
    via: str,
) -> Appointment:
    """Move under the self-booking rules; shared by signed-in moves and link moves."""
    check_changeable(appointment)
    slot = check_slot(
        person=person,
        team=appointment.team,
        appointment_type=appointment.appointment_type,
        clinician=clinician,
        starts_at=starts_at,
        modality=modality,
        ignore=appointment.pk,
    )
    site, room = place_of(slot, modality)
    try:
        return services.move(
            actor=actor,
            appointment=appointment,
            starts_at=starts_at,
            clinician=clinician,
            modality=modality,
            site=site,
            room=room,
            via=via,
        )
    except services.SlotTaken as exc:
        raise SlotGone(gettext(TAKEN)) from exc


def _own(actor: User, appointment: Appointment) -> ServiceUser:
    person = own_person(actor)
    if appointment.service_user_id != person.pk:
        raise PermissionDenied("You can only change your own appointments.")
    return person


# --- Writes ------------------------------------------------------------------------


@transaction.atomic
def self_book(
    *,
    actor: User,
    team: CareTeam,
    appointment_type: AppointmentType,
    clinician: StaffMember,
    starts_at: dt.datetime,
    modality: str,
) -> Appointment:
    """Book for oneself: every rule again, then the one booking service."""
    person = own_person(actor)
    slot = check_slot(
        person=person,
        team=team,
        appointment_type=appointment_type,
        clinician=clinician,
        starts_at=starts_at,
        modality=modality,
    )
    site, room = place_of(slot, modality)
    try:
        return services.book(
            actor=actor,
            booking=services.Booking(
                service_user=person,
                team=team,
                clinician=clinician,
                appointment_type=appointment_type,
                starts_at=starts_at,
                modality=modality,
                site=site,
                room=room,
            ),
            via=BookedVia.SELF,
        )
    except services.SlotTaken as exc:
        raise SlotGone(gettext(TAKEN)) from exc


@transaction.atomic
def self_move(
    *,
    actor: User,
    appointment: Appointment,
    clinician: StaffMember,
    starts_at: dt.datetime,
    modality: str,
) -> Appointment:
    person = _own(actor, appointment)
    return move_within_rules(
        actor=actor,
        person=person,
        appointment=appointment,
        clinician=clinician,
        starts_at=starts_at,
        modality=modality,
        via=BookedVia.SELF,
    )


@transaction.atomic
def self_cancel(*, actor: User, appointment: Appointment, reason: str) -> Appointment:
    _own(actor, appointment)
    check_changeable(appointment)
    return services.cancel(
        actor=actor, appointment=appointment, by_person=True, reason=reason, via=BookedVia.SELF
    )


@transaction.atomic
def self_confirm(*, actor: User, appointment: Appointment) -> Appointment:
    _own(actor, appointment)
    check_changeable(appointment)
    return services.confirm(actor=actor, appointment=appointment, via=BookedVia.SELF)
