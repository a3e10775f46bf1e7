"""Communication needs met in every appointment (the Accessible Information
Standard; HAZ-263, HAZ-266): booking someone who needs an interpreter raises a
task to arrange one, the appointment says 'not yet arranged' to staff and to
the person until someone records it, and a carer or advocate who must be
copied in becomes a task to check consent and send the copy."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.appointments import interpreting, services
from tandem.appointments.models import Appointment
from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
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


def open_tasks(kind: str) -> list[WorkItem]:
    return list(WorkItem.objects.filter(kind=kind, done_at__isnull=True))


def test_booking_someone_who_signs_raises_one_task_and_waits_for_it(
    personas: Personas, clinic: Clinic
) -> None:
    needs(personas, bsl_interpreter=True, hearing_impairment=True)
    appointment = book(personas, clinic)
    assert appointment.to_arrange == "a British Sign Language interpreter"
    assert appointment.awaits_arranging
    assert appointment.not_arranged_words == "Interpreter not yet arranged"
    [task] = open_tasks(WorkKind.ARRANGE_COMMUNICATION)
    assert task.team == personas.team_a and task.service_user == personas.su
    assert "British Sign Language interpreter" in task.title


def test_older_interpreter_flag_on_the_person_counts(personas: Personas, clinic: Clinic) -> None:
    personas.su.interpreter_needed = True
    personas.su.first_language = "Polish"
    personas.su.save()
    appointment = book(personas, clinic)
    assert appointment.to_arrange == "a Polish interpreter"
    assert open_tasks(WorkKind.ARRANGE_COMMUNICATION)


def test_nobody_to_arrange_raises_nothing(personas: Personas, clinic: Clinic) -> None:
    needs(personas, large_print=True)
    appointment = book(personas, clinic)
    assert not appointment.to_arrange and not appointment.awaits_arranging
    assert not open_tasks(WorkKind.ARRANGE_COMMUNICATION)


def test_recording_it_arranged_closes_the_task_and_is_audited(
    personas: Personas, clinic: Clinic
) -> None:
    needs(personas, communication_professional="lipspeaker")
    appointment = book(personas, clinic)
    assert appointment.not_arranged_words == "Communication support not yet arranged"
    done = interpreting.record_arranged(
        actor=personas.colleague, appointment=appointment, note="Agency booked"
    )
    assert not done.awaits_arranging and done.arranged_by == personas.colleague
    assert not open_tasks(WorkKind.ARRANGE_COMMUNICATION)
    assert AuditEvent.objects.filter(what__startswith="Recorded a lipspeaker arranged").exists()
    with pytest.raises(InvalidInput, match="already"):
        interpreting.record_arranged(actor=personas.clinician, appointment=done, note="")


def test_only_the_persons_team_may_record_it(personas: Personas, clinic: Clinic) -> None:
    needs(personas, bsl_interpreter=True)
    appointment = book(personas, clinic)
    with pytest.raises(PermissionDenied):
        interpreting.record_arranged(actor=personas.outsider, appointment=appointment, note="")
    assert Appointment.objects.get(pk=appointment.pk).arranged_at is None


def test_a_moved_appointment_needs_arranging_again_and_a_cancelled_one_does_not(
    personas: Personas, clinic: Clinic
) -> None:
    needs(personas, bsl_interpreter=True)
    first = book(personas, clinic)
    interpreting.record_arranged(actor=personas.clinician, appointment=first, note="")
    moved = services.move(
        actor=personas.clinician,
        appointment=first,
        starts_at=first.starts_at.replace(hour=first.starts_at.hour + 2),
        guardrail_reason="Test",
    )
    assert moved.awaits_arranging
    assert len(open_tasks(WorkKind.ARRANGE_COMMUNICATION)) == 1
    services.cancel(actor=personas.clinician, appointment=moved, by_person=False, reason="Ill")
    assert not open_tasks(WorkKind.ARRANGE_COMMUNICATION)


def test_copy_to_an_advocate_is_a_task_to_check_consent(personas: Personas, clinic: Clinic) -> None:
    needs(personas, copy_to_someone=True, copy_to_name="Jo Advocate")
    book(personas, clinic)
    [task] = open_tasks(WorkKind.COPY_TO_CARER)
    assert "Jo Advocate" in task.reason and "consent" in task.reason


def test_staff_and_the_person_see_it_until_it_is_arranged(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    needs(personas, bsl_interpreter=True)
    appointment = book(personas, clinic)
    staff_page = reverse("appointments:appointment", kwargs={"pk": appointment.pk})
    own_page = reverse("appointments:my-appointment", kwargs={"pk": appointment.pk})
    arranged = reverse("appointments:arranged", kwargs={"pk": appointment.pk})
    clinician = client_for("clinician")
    person = client_for("service_user")
    assert "Interpreter not yet arranged" in clinician.get(staff_page).content.decode()
    diary = clinician.get(reverse("appointments:diary")).content.decode()
    assert "Interpreter not yet arranged" in diary
    assert "We are arranging a British Sign Language interpreter" in (
        person.get(own_page).content.decode()
    )
    assert client_for("outsider").post(arranged, {"note": ""}).status_code == 404
    too_long = clinician.post(arranged, {"note": "x" * 301})
    assert "300 characters or fewer" in too_long.content.decode()
    assert Appointment.objects.get(pk=appointment.pk).arranged_at is None
    response = clinician.post(arranged, {"note": "Sign Health booked"}, follow=True)
    text = response.content.decode()
    assert "Interpreter not yet arranged" not in text
    assert "Sign Health booked" in text
    assert "We have booked a British Sign Language interpreter" in (
        person.get(own_page).content.decode()
    )


def test_the_call_page_flags_the_need_and_that_it_waits(personas: Personas, client_for) -> None:
    from tandem.consult.tests.helpers import admitted_service_user, video_appointment

    needs(personas, bsl_interpreter=True)
    appointment = video_appointment(personas)
    Appointment.objects.filter(pk=appointment.pk).update(
        to_arrange="a British Sign Language interpreter"
    )
    admitted_service_user(personas, appointment)
    call = client_for("clinician").get(f"/video/{appointment.pk}/call/").content.decode()
    assert "Needs a British Sign Language interpreter" in call
    assert "Interpreter not yet arranged" in call
