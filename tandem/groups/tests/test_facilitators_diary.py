"""A group session keeps every facilitator busy, lead or co-facilitator, whether
or not anyone is enrolled yet (ADR 0060, HAZ-333)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import services as appointment_services
from tandem.appointments.models import Appointment, BookedVia
from tandem.appointments.slots import open_slots
from tandem.errors import InvalidInput
from tandem.groups import session_changes, setting_up
from tandem.groups.models import GroupProgramme, GroupSession, Way
from tandem.groups.tests.helpers import first_session_start, programme
from tandem.web.dates import span
from tests.clinic import Clinic, book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def _one_to_one(p: Personas, c: Clinic, session: GroupSession, clinician: object) -> Appointment:
    local = timezone.localtime(session.starts_at)
    return book(p, c, day=local.date(), hour=local.hour, clinician=clinician)


@pytest.mark.parametrize("who", ["colleague", "clinician"])
def test_a_one_to_one_over_a_session_is_refused_for_any_facilitator(
    personas: Personas, clinic: Clinic, who: str
) -> None:
    # The colleague co-facilitates; the clinician leads. No one is enrolled,
    # so neither diary holds an appointment for the session.
    group = programme(personas, clinic, sessions=2)
    session = group.sessions.first()
    assert session is not None
    with pytest.raises(InvalidInput) as refused:
        _one_to_one(personas, clinic, session, getattr(personas, who))
    words = str(refused.value)
    assert "is busy then: the group 'Managing anxiety skills group'" in words
    assert "14:00 to 15:30" in words
    assert not Appointment.objects.exists()


def test_a_person_booking_for_themselves_is_told_only_that_the_time_is_taken(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    session = group.sessions.get()
    with pytest.raises(appointment_services.SlotTaken) as refused:
        appointment_services.book(
            actor=personas.service_user,
            via=BookedVia.SELF,
            booking=appointment_services.Booking(
                service_user=personas.su,
                team=personas.team_a,
                clinician=personas.colleague.staff,
                appointment_type=clinic.check_in,
                starts_at=session.starts_at,
                modality="video",
            ),
        )
    # Another group's name is not theirs to read.
    assert "Managing anxiety" not in str(refused.value)
    assert str(refused.value) == appointment_services.DOUBLE_BOOKED


def test_free_times_leave_out_the_sessions_a_co_facilitator_runs(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    session = group.sessions.get()
    day = timezone.localdate(session.starts_at)
    slots = open_slots(
        team=personas.team_a,
        appointment_type=clinic.check_in,
        first_day=day,
        days=1,
        clinician=personas.colleague.staff,
    )
    assert slots, "the colleague has other free times that day"
    assert not [s for s in slots if s.starts_at < session.ends_at and s.ends_at > session.starts_at]


def test_a_cancelled_session_frees_the_facilitators(personas: Personas, clinic: Clinic) -> None:
    group = programme(personas, clinic, sessions=1)
    session = session_changes.cancel_session(
        actor=personas.manager, session=group.sessions.get(), reason="Room flooded"
    )
    assert _one_to_one(personas, clinic, session, personas.colleague).pk


def test_setting_up_a_group_over_a_co_facilitators_appointment_is_refused(
    personas: Personas, clinic: Clinic
) -> None:
    starts = first_session_start()
    # The colleague's one-to-one in the third week's session.
    third = timezone.localtime(starts + dt.timedelta(days=14))
    book(personas, clinic, day=third.date(), hour=third.hour, clinician=personas.colleague)
    with pytest.raises(InvalidInput) as refused:
        programme(personas, clinic, starts_at=starts)
    words = str(refused.value)
    assert words.startswith("Jordan Patel already has an appointment then: Check-in on")
    assert "14:00" in words
    assert refused.value.field == "facilitators"
    assert not GroupProgramme.objects.exists()


def test_setting_up_a_group_over_another_group_a_facilitator_runs_is_refused(
    personas: Personas, clinic: Clinic
) -> None:
    programme(personas, clinic, sessions=1)
    with pytest.raises(InvalidInput) as refused:
        setting_up.create_programme(
            actor=personas.manager,
            new=setting_up.NewProgramme(
                team=personas.team_a,
                name="Carers' evening",
                purpose="Support for carers",
                capacity=8,
                way=Way.VIDEO,
                # Only the co-facilitator of the first group.
                facilitators=[personas.colleague.staff],
                site=None,
                room=None,
                first_starts_at=first_session_start() + dt.timedelta(minutes=30),
                minutes=60,
                sessions=1,
            ),
        )
    assert "Jordan Patel is busy then: the group 'Managing anxiety skills group'" in str(
        refused.value
    )
    assert GroupProgramme.objects.count() == 1


def test_a_co_facilitators_diary_lists_the_sessions(client_for, personas: Personas, clinic: Clinic):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, sessions=1)
    session = group.sessions.get()
    page = client_for("colleague").get(reverse("appointments:diary"))
    text = html.unescape(page.content.decode())
    assert "Groups you facilitate" in text
    assert (
        f"The group 'Managing anxiety skills group', {span(session.starts_at, session.ends_at)}"
        in text
    )
