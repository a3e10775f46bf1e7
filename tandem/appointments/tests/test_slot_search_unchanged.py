"""Slot search offers the same times, grouped and worded the same, since issue 18
made it cheaper: the staff's names taken from the team's members the choice
already holds (not read again), and the zones looked up once a page rather than
for every time. Checked against the code as it was (kept here) over two teams,
several weeks (the UK's and the US's clock changes among them), a clinician
with sessions in a team they are not a member of, and the service and the
page in different time zones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from tandem.appointments.availability import members_of
from tandem.appointments.booking import (
    Choice,
    avoid_hint,
    open_slots_for,
    plain_radios_group,
    radio_items,
    slot_groups,
)
from tandem.appointments.forms_staff import SlotForm
from tandem.appointments.models import AppointmentType, AvailabilitySession, OneOffSession
from tandem.appointments.slots import Slot, open_slots
from tandem.preferences.queries import Choices
from tandem.preferences.times import ContactTimes
from tandem.web.forms import nhs
from tests import factories
from tests.clinic import build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# Sundays the clocks change (UK: 28 March and 31 October 2027; US: 14 March and
# 7 November 2027), each the last day of a week searched from the Monday before.
CLOCK_CHANGES = [
    dt.date(2027, 3, 28),
    dt.date(2027, 10, 31),
    dt.date(2027, 3, 14),
    dt.date(2027, 11, 7),
]
AVOID = ContactTimes.of([4], dt.time(10), dt.time(16, 30))  # not Fridays, 10:00 to 16:30


def old_open_slots_for(choice: Choice, *, first_day: dt.date) -> list[Slot]:
    """``open_slots_for`` before issue 18: every clinician's names read, then
    the times of anyone not a member dropped."""
    members = {s.pk for s in choice.members}
    return [
        s
        for s in open_slots(
            team=choice.appointment_type.team,
            appointment_type=choice.appointment_type,
            first_day=first_day,
            days=7,
            modality=choice.way,
            clinician=choice.clinician,
            not_before=timezone.now(),
        )
        if s.clinician_id in members
    ]


def old_slot_groups(form: SlotForm, times: ContactTimes | None) -> list[dict[str, Any]]:
    """``slot_groups`` before issue 18: each time converted with ``localtime`` and
    its hint worked out with the service's zone looked up again."""
    base = nhs(form["slot"])
    error = base.get("errorMessage")
    chosen = str(form["slot"].value() or "")
    by_day: dict[dt.date, list[Slot]] = defaultdict(list)
    for slot in form.slots:
        by_day[timezone.localdate(slot.starts_at)].append(slot)
    groups: list[dict[str, Any]] = []
    for n, (day, slots) in enumerate(sorted(by_day.items())):
        id_prefix = "slot" if n == 0 else f"slot-{day:%Y-%m-%d}"
        items = [
            {
                "value": s.key,
                "text": f"{timezone.localtime(s.starts_at):%H:%M} to "
                f"{timezone.localtime(s.ends_at):%H:%M}, {s.clinician_name}",
                "checked": s.key == chosen,
                **({"hint": {"text": hint}} if (hint := avoid_hint(times, s)) else {}),
            }
            for s in slots
        ]
        legend, radios = f"{day:%A %-d %B}", radio_items("slot", id_prefix, items)
        group_error = error if n == 0 else None
        groups.append(
            {
                "name": "slot",
                "idPrefix": id_prefix,
                "fieldset": {"legend": {"text": legend, "size": "m"}},
                "errorMessage": group_error,
                "items": [],
                "formGroup": {"beforeInputs": {"html": radios}},
                "html": None if group_error else plain_radios_group(legend, radios),
            }
        )
    return [{k: v for k, v in g.items() if v is not None} for g in groups]


def overnight_sessions(personas: Personas) -> None:
    """Sunday sessions across the small hours (when the clocks change), a one-off
    on the UK's spring Sunday inside the skipped hour, team B's clinician's week,
    and a clinician with sessions in team A who is not (or no longer) a member."""
    start = timezone.localdate() - dt.timedelta(days=7)
    common = {"modalities": ["face_to_face", "video"], "valid_from": start}
    for staff, team in ((personas.clinician.staff, personas.team_a),
                        (personas.outsider.staff, personas.team_b)):  # fmt: skip
        AvailabilitySession.objects.create(
            staff=staff, team=team, weekday=6, starts=dt.time(0, 15), ends=dt.time(3, 45), **common
        )
    for weekday in range(5):
        AvailabilitySession.objects.create(
            staff=personas.outsider.staff,
            team=personas.team_b,
            weekday=weekday,
            starts=dt.time(8, 20),
            ends=dt.time(18, 10),
            **common,
        )
    OneOffSession.objects.create(
        staff=personas.colleague.staff,
        team=personas.team_a,
        day=CLOCK_CHANGES[0],
        starts=dt.time(0, 50),
        ends=dt.time(2, 40),
        modalities=["face_to_face"],
    )
    not_a_member = factories.StaffMemberFactory()
    AvailabilitySession.objects.create(
        staff=not_a_member,
        team=personas.team_a,
        weekday=2,
        starts=dt.time(9),
        ends=dt.time(12),
        **common,
    )


def choices_for(personas: Personas) -> list[Choice]:
    clinic = build_clinic(personas)
    overnight_sessions(personas)
    south = AppointmentType.objects.create(
        team=personas.team_b, name="Review", kind="check_in", duration_minutes=45
    )
    members = {kind.pk: members_of(kind.team) for kind in (clinic.check_in, south)}
    wanted = [
        (clinic.check_in, "face_to_face", None),
        (clinic.check_in, "video", members[clinic.check_in.pk][0]),
        (clinic.assessment, "face_to_face", None),
        (south, "face_to_face", None),
        (south, "video", members[south.pk][0]),
    ]
    return [
        Choice(
            person=personas.su,
            appointment_type=kind,
            way=way,
            clinician=clinician,
            choices=Choices(),
            latest=None,
            members=members[kind.pk if kind.team_id == south.team_id else clinic.check_in.pk],
        )
        for kind, way, clinician in wanted
    ]


@pytest.mark.parametrize(
    ("service_zone", "page_zone"),
    [
        ("Europe/London", "Europe/London"),
        ("Europe/London", "Asia/Kolkata"),
        ("America/New_York", "UTC"),
    ],
)
def test_the_same_times_are_offered_and_shown_as_before(
    personas: Personas, service_zone: str, page_zone: str
) -> None:
    with override_settings(TIME_ZONE=service_zone), timezone.override(page_zone):
        weeks = [timezone.localdate() + dt.timedelta(days=1)] + [
            sunday - dt.timedelta(days=6) for sunday in CLOCK_CHANGES
        ]
        offered = 0
        for choice in choices_for(personas):
            for first_day in weeks:
                slots = open_slots_for(choice, first_day=first_day)
                assert slots == old_open_slots_for(choice, first_day=first_day)
                offered += len(slots)
                form = SlotForm(slots=slots)
                for times in (None, AVOID):
                    assert slot_groups(form, times) == old_slot_groups(form, times)
        assert offered > 500  # the comparison covered real weeks of times


def test_a_clinician_who_is_not_a_member_is_never_offered(personas: Personas) -> None:
    choice = choices_for(personas)[0]
    members = {s.pk for s in choice.members}
    week = timezone.localdate() + dt.timedelta(days=1)
    everyone = open_slots(
        team=choice.appointment_type.team,
        appointment_type=choice.appointment_type,
        first_day=week,
        days=7,
    )
    assert {s.clinician_id for s in everyone} - members  # their sessions exist
    assert {s.clinician_id for s in open_slots_for(choice, first_day=week)} <= members
