"""The service user's and carer's appointment pages, through the views."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import self_service, services
from tandem.appointments.models import Appointment, AppointmentType, Attendance, BookedVia
from tandem.appointments.slots import at
from tandem.people.models import CaseloadEntry
from tests import factories
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.pages import same_page_text
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def kits_appointment(p: Personas) -> Appointment:
    kind = AppointmentType.objects.create(
        team=p.team_b, name="Check-in", kind="check_in", duration_minutes=30, self_bookable=True
    )
    CaseloadEntry.objects.filter(service_user=p.other_su).update(care_coordinator=p.outsider.staff)
    return services.book(
        actor=p.outsider,
        booking=services.Booking(
            service_user=p.other_su,
            team=p.team_b,
            clinician=p.outsider.staff,
            appointment_type=kind,
            starts_at=at(next_weekday(), dt.time(10)),
            modality="phone",
        ),
    )


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- Sam's appointments ---------------------------------------------------------------


def test_sam_sees_upcoming_and_past_with_what_happened(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    coming = book(personas, clinic, modality="face_to_face")
    past = book(personas, clinic, hour=14)
    Appointment.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(minutes=30),
        attendance=Attendance.ATTENDED,
    )
    page = text(client_for("service_user").get(reverse("appointments:mine")))
    assert "Face to face at Northgate Resource Centre, 1 Synthetic Street, Leeds" in page
    assert reverse("appointments:my-appointment", kwargs={"pk": coming.pk}) in page
    assert "You were seen" in page


def test_another_persons_appointment_is_the_standard_404(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    kits = kits_appointment(personas)
    sam = client_for("service_user")
    for name in ("my-appointment", "my-confirm", "my-move", "my-cancel"):
        not_yours = sam.get(reverse(f"appointments:{name}", kwargs={"pk": kits.pk}))
        missing = sam.get(reverse(f"appointments:{name}", kwargs={"pk": 987_654_321}))
        assert not_yours.status_code == missing.status_code == 404
        assert same_page_text(not_yours) == same_page_text(missing)
    response = sam.post(reverse("appointments:my-cancel", kwargs={"pk": kits.pk}), {})
    assert response.status_code == 404
    kits.refresh_from_db()
    assert kits.is_booked


def test_the_appointment_page_says_how_to_join_and_lists_messages(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    booked = book(personas, clinic, modality="phone")
    page = text(
        client_for("service_user").get(reverse("appointments:my-appointment", args=[booked.pk]))
    )
    assert "We will call you" in page
    assert "Messages about this appointment" in page
    assert "Confirm you will come" in page
    assert "Not yet" in page


def test_sam_confirms(client_for, personas: Personas, clinic: Clinic) -> None:
    booked = book(personas, clinic)
    response = client_for("service_user").post(reverse("appointments:my-confirm", args=[booked.pk]))
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.confirmed_at is not None


def test_sam_cancels_and_cancelling_again_changes_nothing(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    booked = book(personas, clinic)
    sam = client_for("service_user")
    url = reverse("appointments:my-cancel", args=[booked.pk])
    assert sam.post(url, {"reason": "Feeling better"}).status_code == 302
    booked.refresh_from_db()
    assert booked.attendance == Attendance.CANCELLED_BY_PERSON
    when = booked.cancelled_at
    again = sam.post(url, {"reason": "Again"})
    assert again.status_code == 200
    assert "This appointment has already been cancelled" in text(again)
    assert "There is a problem" in text(again)
    booked.refresh_from_db()
    assert booked.cancelled_at == when
    assert booked.cancellation_reason == "Feeling better"


def test_a_too_long_reason_is_an_error_and_saves_nothing(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    booked = book(personas, clinic)
    response = client_for("service_user").post(
        reverse("appointments:my-cancel", args=[booked.pk]), {"reason": "x" * 1001}
    )
    assert "The reason must be 1000 characters or fewer" in text(response)
    booked.refresh_from_db()
    assert booked.is_booked


def test_staff_cannot_use_the_persons_pages(client_for, personas: Personas, clinic: Clinic) -> None:
    booked = book(personas, clinic)
    response = client_for("clinician").post(reverse("appointments:my-cancel", args=[booked.pk]))
    assert response.status_code == 404
    booked.refresh_from_db()
    assert booked.is_booked


def test_a_type_staff_book_cannot_be_moved_by_sam(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    review = book(personas, clinic, kind=clinic.review)
    sam = client_for("service_user")
    page = text(sam.get(reverse("appointments:my-appointment", args=[review.pk])))
    assert "Move to another time" not in page
    assert "To move this appointment, call" in page
    assert sam.get(reverse("appointments:my-move", args=[review.pk])).status_code == 302


def test_sam_moves_through_the_steps(client_for, personas: Personas, clinic: Clinic) -> None:
    booked = book(personas, clinic)
    sam = client_for("service_user")
    url = reverse("appointments:my-move", args=[booked.pk])
    assert "How would you like to have this appointment?" in text(sam.get(url))
    missing_way = sam.get(url, {"way": ""})
    assert "Select how you would like to have this appointment" in text(missing_way)
    day = next_weekday(9)
    times = text(sam.get(url, {"way": "phone", "day": day.isoformat()}))
    assert "Choose a time on" in times
    slot = self_service.choosable_slots(
        person=personas.su,
        team=personas.team_a,
        appointment_type=clinic.check_in,
        modality="phone",
        day=day,
        ignore=booked.pk,
    )[0]
    response = sam.post(url, {"way": "phone", "slot": slot.key})
    assert response.status_code == 302
    moved = Appointment.objects.get(moved_from=booked)
    assert moved.modality == "phone"
    assert moved.booked_via == BookedVia.SELF


# --- Self-booking ---------------------------------------------------------------------


def test_self_booking_step_by_step(client_for, personas: Personas, clinic: Clinic) -> None:
    sam = client_for("service_user")
    first = sam.get(reverse("appointments:self-book"))
    assert "Check-in" in text(first)
    assert "Medication review" not in text(first)  # staff book those
    no_choice = sam.get(reverse("appointments:self-book"), {"type": ""})
    assert "Select what you would like to book" in text(no_choice)
    chosen = sam.get(reverse("appointments:self-book"), {"type": clinic.check_in.pk})
    assert chosen.status_code == 302
    slot_url = reverse("appointments:self-book-slot")
    assert chosen["Location"].startswith(slot_url)
    days = text(sam.get(slot_url, {"type": clinic.check_in.pk, "way": "video"}))
    assert "Choose a day" in days
    day = next_weekday(3)
    times = text(
        sam.get(slot_url, {"type": clinic.check_in.pk, "way": "video", "day": day.isoformat()})
    )
    link = re.search(r'href="(/appointments/me/book/check/\?[^"]+)"', times)
    assert link is not None
    check = sam.get(link.group(1).replace("&amp;", "&"))
    assert "Check your appointment" in text(check)
    params = dict(check.wsgi_request.GET.items())
    response = sam.post(reverse("appointments:self-book-confirm"), params)
    assert response.status_code == 302
    booked = Appointment.objects.get(service_user=personas.su)
    assert booked.booked_via == BookedVia.SELF
    assert response["Location"] == reverse("appointments:my-appointment", args=[booked.pk])


def test_a_time_taken_meanwhile_gets_a_clear_message(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    day = next_weekday()
    slot = self_service.choosable_slots(
        person=personas.su,
        team=personas.team_a,
        appointment_type=clinic.check_in,
        modality="video",
        day=day,
    )[0]
    # Someone else is booked into it while Sam looks at the check page.
    rowan = factories.ServiceUserFactory()
    CaseloadEntry.objects.create(service_user=rowan, team=personas.team_a)
    services.book(
        actor=personas.clinician,
        booking=services.Booking(
            service_user=rowan,
            team=personas.team_a,
            clinician=self_service.clinician_of(slot),
            appointment_type=clinic.check_in,
            starts_at=slot.starts_at,
            modality="phone",
        ),
    )
    response = client_for("service_user").post(
        reverse("appointments:self-book-confirm"),
        {"type": clinic.check_in.pk, "way": "video", "slot": slot.key},
    )
    assert response.status_code == 200
    assert "That time has just been taken, choose another" in text(response)
    assert not Appointment.objects.filter(service_user=personas.su).exists()


def test_a_type_of_another_team_cannot_be_chosen(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    kits_appointment(personas)
    other_type = AppointmentType.objects.get(team=personas.team_b)
    response = client_for("service_user").get(
        reverse("appointments:self-book-slot"), {"type": other_type.pk, "way": "video"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:self-book")


# --- Carers ---------------------------------------------------------------------------------


def test_carer_sees_date_time_and_way_only(client_for, personas: Personas, clinic: Clinic) -> None:
    booked = book(personas, clinic, kind=clinic.review, modality="face_to_face")
    page = text(client_for("carer").get(reverse("appointments:carer")))
    local = timezone.localtime(booked.starts_at)
    assert f"{local:%A %-d %B %Y}" in page
    assert "Northgate Resource Centre" in page
    assert "Medication review" not in page
    assert "Casey Lee" not in page


def test_carer_without_the_scope_sees_a_plain_message(
    client_for, personas: Personas, clinic: Clinic
) -> None:
    booked = book(personas, clinic)
    personas.carer_link.can_see_appointments = False
    personas.carer_link.save()
    page = text(client_for("carer").get(reverse("appointments:carer")))
    assert "has not shared their appointments with you" in page
    assert f"{timezone.localtime(booked.starts_at):%A %-d %B %Y}" not in page


def test_withdrawn_link_shows_nothing(client_for, personas: Personas, clinic: Clinic) -> None:
    booked = book(personas, clinic)
    personas.carer_link.withdrawn_at = timezone.now()
    personas.carer_link.save()
    page = text(client_for("carer").get(reverse("appointments:carer")))
    assert "Sam Taylor" not in page
    assert f"{timezone.localtime(booked.starts_at):%A %-d %B %Y}" not in page
