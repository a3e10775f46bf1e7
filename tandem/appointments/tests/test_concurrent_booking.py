"""Simultaneous bookings of the same slot: exactly one wins, whatever the timing.

Each thread has its own database connection and transaction, released at the
same instant by a barrier, so the service's own check ('is it free?') passes
in several of them at once; only the database's constraint can stop the rest.
Runs in the PostgreSQL pass of CI, against the exclusion constraints. SQLite
cannot run it: its shared in-memory test database reports 'table is locked'
to concurrent writers instead of waiting, and SQLite allows one writer at a
time anyway; its triggers are tested by ``test_the_database_itself_refuses_overlaps``.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from tandem.appointments import services
from tandem.appointments.models import Appointment, Status
from tandem.appointments.slots import at
from tandem.people.models import CaseloadEntry, ServiceUser
from tests import factories
from tests.clinic import build_clinic, next_weekday
from tests.personas import Personas

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Concurrent writers need PostgreSQL: deselected on SQLite (conftest.py).
    pytest.mark.postgresql,
]

THREADS = 8


def race(bookings: list[services.Booking], actor: object) -> list[str]:
    barrier = threading.Barrier(len(bookings))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(booking: services.Booking) -> None:
        try:
            barrier.wait()
            services.book(actor=actor, booking=booking)  # type: ignore[arg-type]
            result = "booked"
        except services.SlotTaken:
            result = "taken"
        except Exception as exc:  # anything else is a failure of the test
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(b,)) for b in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def people_in_team_a(p: Personas, count: int) -> list[ServiceUser]:
    people = []
    for n in range(count):
        person = factories.ServiceUserFactory(given_name=f"Racer{n}", family_name="Synthetic")
        CaseloadEntry.objects.create(service_user=person, team=p.team_a)
        people.append(person)
    return people


def test_many_people_one_clinician_one_slot(personas: Personas) -> None:
    clinic = build_clinic(personas)
    starts = at(next_weekday(), dt.time(11))
    bookings = [
        services.Booking(
            service_user=person,
            team=personas.team_a,
            clinician=personas.clinician.staff,
            appointment_type=clinic.check_in,
            starts_at=starts + dt.timedelta(minutes=5 * (n % 3)),  # overlapping, not identical
            modality="video",
            guardrail_reason="Race test",
        )
        for n, person in enumerate(people_in_team_a(personas, THREADS))
    ]
    outcomes = race(bookings, personas.clinician)
    assert sorted(outcomes) == ["booked"] + ["taken"] * (THREADS - 1), outcomes
    assert Appointment.objects.filter(status=Status.BOOKED).count() == 1


def test_one_person_booked_with_two_clinicians_at_once(personas: Personas) -> None:
    clinic = build_clinic(personas)
    starts = at(next_weekday(), dt.time(15))
    bookings = [
        services.Booking(
            service_user=personas.su,
            team=personas.team_a,
            clinician=staff,
            appointment_type=clinic.check_in,
            starts_at=starts,
            modality="phone",
            guardrail_reason="Race test",
        )
        for staff in (personas.clinician.staff, personas.colleague.staff) * (THREADS // 2)
    ]
    outcomes = race(bookings, personas.clinician)
    assert outcomes.count("booked") == 1, outcomes
    assert outcomes.count("taken") == THREADS - 1, outcomes
