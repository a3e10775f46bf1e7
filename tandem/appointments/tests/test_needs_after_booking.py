"""Needs recorded after a booking reach the appointments already booked (ADR
0062, HAZ-346, the residual of HAZ-263): each future appointment gets who must
be there and a task, says 'Interpreter not yet arranged' until it is, and loses
both, with a note on the task, when the need is taken away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import interpreting, services
from tandem.appointments.models import Appointment
from tandem.audit.models import AuditEvent
from tandem.preferences import services as preferences
from tandem.worklist.models import WorkItem, WorkKind
from tests.clinic import Clinic, book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def needs(p: Personas, **ticked: object) -> None:
    preferences.save_access_needs(actor=p.clinician, person=p.su, values=ticked)


def arrange_tasks(**filters: object) -> list[WorkItem]:
    return list(
        WorkItem.objects.filter(kind=WorkKind.ARRANGE_COMMUNICATION, **filters).order_by("pk")
    )


def fresh(appointment: Appointment) -> Appointment:
    return Appointment.objects.get(pk=appointment.pk)


def test_an_interpreter_needed_after_booking_is_arranged_for_every_future_appointment(
    personas: Personas, clinic: Clinic
) -> None:
    first = book(personas, clinic, hour=10)
    second = book(personas, clinic, hour=14)
    assert not arrange_tasks()
    needs(personas, spoken_interpreter=True, interpreter_language="Polish")
    for appointment in (first, second):
        now_reads = fresh(appointment)
        assert now_reads.to_arrange == "a Polish interpreter"
        assert now_reads.not_arranged_words == "Interpreter not yet arranged"
    tasks = arrange_tasks(done_at__isnull=True)
    assert len(tasks) == 2
    assert all("changed after this was booked" in t.reason for t in tasks)
    assert (
        AuditEvent.objects.filter(
            what="Needs changed after booking: now a Polish interpreter to arrange"
        ).count()
        == 2
    )


def test_the_staff_and_the_person_see_it_waiting(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    needs(personas, bsl_interpreter=True)
    staff_page = reverse("appointments:appointment", kwargs={"pk": appointment.pk})
    own_page = reverse("appointments:my-appointment", kwargs={"pk": appointment.pk})
    assert "Interpreter not yet arranged" in client_for("clinician").get(staff_page).text
    assert "We are arranging a British Sign Language interpreter" in (
        client_for("service_user").get(own_page).text
    )


def test_a_need_taken_away_closes_the_task_with_a_note(personas: Personas, clinic: Clinic) -> None:
    needs(personas, bsl_interpreter=True)
    appointment = book(personas, clinic)
    needs(personas, bsl_interpreter=False)
    assert not fresh(appointment).to_arrange and not fresh(appointment).awaits_arranging
    [task] = arrange_tasks()
    assert task.done_at is not None
    assert task.outcome == (
        "Their communication needs changed: "
        "a British Sign Language interpreter is no longer needed."
    )


def test_a_changed_need_undoes_an_arrangement_that_no_longer_covers_it(
    personas: Personas, clinic: Clinic
) -> None:
    needs(personas, bsl_interpreter=True)
    appointment = book(personas, clinic)
    interpreting.record_arranged(actor=personas.clinician, appointment=appointment, note="Booked")
    needs(personas, bsl_interpreter=True, communication_professional="lipspeaker")
    now_reads = fresh(appointment)
    assert now_reads.to_arrange == "a British Sign Language interpreter and a lipspeaker"
    assert now_reads.awaits_arranging and now_reads.arranged_note == ""
    [task] = arrange_tasks(done_at__isnull=True)
    assert "lipspeaker" in task.title


def test_other_changes_leave_appointments_and_arrangements_alone(
    personas: Personas, clinic: Clinic
) -> None:
    needs(personas, bsl_interpreter=True)
    appointment = book(personas, clinic)
    interpreting.record_arranged(actor=personas.clinician, appointment=appointment, note="Booked")
    needs(personas, bsl_interpreter=True, large_print=True)
    assert not fresh(appointment).awaits_arranging
    assert not arrange_tasks(done_at__isnull=True)


def test_past_and_cancelled_appointments_are_left_as_they_were(
    personas: Personas, clinic: Clinic
) -> None:
    cancelled = book(personas, clinic, hour=10)
    services.cancel(actor=personas.clinician, appointment=cancelled, by_person=False, reason="Ill")
    held = book(personas, clinic, hour=14)
    Appointment.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(minutes=30),
    )
    needs(personas, bsl_interpreter=True)
    assert not fresh(cancelled).to_arrange and not fresh(held).to_arrange
    assert not arrange_tasks()
