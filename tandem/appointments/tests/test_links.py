"""Single-use links for people without an account: date of birth first, five
wrong dates lock the link, one action uses it, and a link that does not work
never says why."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.appointments import links, self_service, services
from tandem.appointments.models import (
    Appointment,
    Attendance,
    BookedVia,
    SelfServiceLink,
    Status,
)
from tandem.appointments.slots import at
from tandem.audit.models import AuditEvent
from tandem.notify.models import Message
from tandem.people.models import CaseloadEntry, ServiceUser
from tandem.preferences.models import ContactPreferences
from tandem.web import tokens
from tests import factories
from tests.clinic import Clinic, build_clinic, next_weekday
from tests.pages import same_page_text
from tests.personas import Personas

pytestmark = pytest.mark.django_db

BORN = dt.date(1980, 5, 17)
NOT_WORKING = "This link does not work"


def person_without_account(p: Personas) -> ServiceUser:
    person = factories.ServiceUserFactory(
        user=None, given_name="Robin", family_name="Example", date_of_birth=BORN
    )
    CaseloadEntry.objects.create(service_user=person, team=p.team_a)
    ContactPreferences.objects.create(
        service_user=person, recorded_by=p.clinician, by_sms=True, preferred_channel="sms"
    )
    return person


def book_for(
    p: Personas, c: Clinic, person: ServiceUser, *, day: dt.date | None = None, hour: int = 11
) -> Appointment:
    return services.book(
        actor=p.clinician,
        booking=services.Booking(
            service_user=person,
            team=p.team_a,
            clinician=p.clinician.staff,
            appointment_type=c.check_in,
            starts_at=at(day or next_weekday(), dt.time(hour)),
            modality="phone",
        ),
    )


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


@pytest.fixture
def robin(personas: Personas) -> ServiceUser:
    return person_without_account(personas)


@pytest.fixture
def appointment(personas: Personas, clinic: Clinic, robin: ServiceUser) -> Appointment:
    return book_for(personas, clinic, robin)


@pytest.fixture
def path(personas: Personas, appointment: Appointment) -> str:
    return links.issue_link(appointment=appointment, actor=personas.clinician)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def give_birthday(client: Client, path: str, born: dt.date = BORN):  # type: ignore[no-untyped-def]
    return client.post(
        path,
        {
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
        },
    )


def checked_client(path: str) -> Client:
    client = Client()
    response = give_birthday(client, path)
    assert response.status_code == 302
    return client


def page(response) -> str:  # type: ignore[no-untyped-def]
    return same_page_text(response)


# --- Issuing ------------------------------------------------------------------------


def test_only_a_hash_of_the_token_is_stored(path: str) -> None:
    token = token_of(path)
    assert len(token) >= 43
    stored = SelfServiceLink.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    for value in SelfServiceLink.objects.values().get().values():
        assert token not in str(value)
    assert not any(token in e.what for e in AuditEvent.objects.all())


def test_each_link_has_its_own_token(personas: Personas, appointment: Appointment) -> None:
    made = {links.issue_link(appointment=appointment, actor=None) for _ in range(3)}
    assert len(made) == 3


def test_link_expires_at_the_appointment_if_that_is_sooner(
    appointment: Appointment, path: str
) -> None:
    assert SelfServiceLink.objects.get().expires_at == appointment.starts_at


def test_link_expires_in_14_days_if_that_is_sooner(
    personas: Personas, clinic: Clinic, robin: ServiceUser
) -> None:
    later = book_for(personas, clinic, robin, day=next_weekday(30))
    before = timezone.now()
    links.issue_link(appointment=later, actor=personas.clinician)
    expires = SelfServiceLink.objects.get().expires_at
    assert before + dt.timedelta(days=14) <= expires <= timezone.now() + dt.timedelta(days=14)


def test_issuing_is_audited(path: str, robin: ServiceUser) -> None:
    assert AuditEvent.objects.filter(
        subject_id=robin.pk, object_type="appointments.SelfServiceLink"
    ).exists()


def test_staff_send_a_link_by_text(
    personas: Personas, appointment: Appointment, robin: ServiceUser
) -> None:
    link = links.send_link(actor=personas.clinician, appointment=appointment)
    message = Message.objects.get(template="self_service_link")
    assert message.service_user == robin
    assert message.about_key == appointment.about_key
    sent = message.personalisation["link"]
    assert "/appointments/link/" in sent
    assert hashlib.sha256(token_of(sent).encode()).hexdigest() == link.token_hash


def test_staff_of_another_team_cannot_send_a_link(
    personas: Personas, appointment: Appointment
) -> None:
    with pytest.raises(PermissionDenied):
        links.send_link(actor=personas.outsider, appointment=appointment)
    assert not SelfServiceLink.objects.exists()


# --- Date of birth ------------------------------------------------------------------------


def test_the_link_asks_for_date_of_birth_first(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert "What is your date of birth?" in response.content.decode()
    assert "Example" not in response.content.decode()  # nothing about the person yet


def test_a_wrong_date_is_counted(path: str) -> None:
    response = give_birthday(Client(), path, dt.date(1980, 5, 18))
    assert response.status_code == 200
    assert "does not match our records" in response.content.decode()
    assert SelfServiceLink.objects.get().failed_checks == 1


def test_a_missing_date_is_an_error_not_a_failed_check(path: str) -> None:
    response = Client().post(path, {"date_of_birth_day": "", "date_of_birth_month": ""})
    assert "Enter your date of birth" in response.content.decode()
    assert SelfServiceLink.objects.get().failed_checks == 0


def test_five_wrong_dates_lock_the_link(path: str) -> None:
    client = Client()
    for _ in range(4):
        assert give_birthday(client, path, dt.date(1999, 1, 1)).status_code == 200
    fifth = give_birthday(client, path, dt.date(1999, 1, 1))
    assert fifth.status_code == 404
    assert NOT_WORKING in fifth.content.decode()
    # Even the right date no longer opens it.
    assert give_birthday(Client(), path).status_code == 404
    assert Client().get(path).status_code == 404


def test_the_right_date_shows_the_choices(path: str) -> None:
    client = checked_client(path)
    response = client.get(path)
    text = response.content.decode()
    assert "What would you like to do?" in text
    assert "Confirm I will come" in text


def test_the_check_is_for_this_link_only(personas: Personas, appointment: Appointment) -> None:
    first = links.issue_link(appointment=appointment, actor=None)
    second = links.issue_link(appointment=appointment, actor=None)
    client = checked_client(first)
    assert "What is your date of birth?" in client.get(second).content.decode()


def test_the_check_lasts_15_minutes(path: str) -> None:
    client = checked_client(path)
    session = client.session
    session[links.SESSION_KEY]["until"] = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    session.save()
    assert "What is your date of birth?" in client.get(path).content.decode()


def test_moving_or_cancelling_needs_the_check_first(path: str, appointment: Appointment) -> None:
    token = token_of(path)
    for name in ("appointments:link-move", "appointments:link-cancel"):
        response = Client().post(reverse(name, kwargs={"token": token}), {"reason": ""})
        assert response.status_code == 302
        assert response["Location"] == path
    appointment.refresh_from_db()
    assert appointment.is_booked


# --- Using the link ------------------------------------------------------------------------


def test_confirm_by_link(path: str, appointment: Appointment) -> None:
    client = checked_client(path)
    response = client.post(path, {"action": "confirm"})
    assert response.status_code == 200
    assert "You have confirmed your appointment" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.confirmed_at is not None
    used = SelfServiceLink.objects.get()
    assert used.used_at is not None
    assert used.used_for == "confirm"


def test_a_used_link_does_not_work_again(path: str, appointment: Appointment) -> None:
    client = checked_client(path)
    client.post(path, {"action": "confirm"})
    again = client.post(
        reverse("appointments:link-cancel", kwargs={"token": token_of(path)}), {"reason": ""}
    )
    assert again.status_code == 404
    appointment.refresh_from_db()
    assert appointment.is_booked
    assert Client().get(path).status_code == 404


def test_cancel_by_link(path: str, appointment: Appointment) -> None:
    client = checked_client(path)
    url = reverse("appointments:link-cancel", kwargs={"token": token_of(path)})
    assert "Cancel your appointment" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Working that day"})
    assert response.status_code == 200
    assert "Your appointment has been cancelled" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert appointment.attendance == Attendance.CANCELLED_BY_PERSON
    assert appointment.cancelled_by is None
    assert appointment.cancellation_reason == "Working that day"
    assert SelfServiceLink.objects.get().used_for == "cancel"


def test_move_by_link_keeps_to_the_team_rules(
    personas: Personas, clinic: Clinic, path: str, appointment: Appointment, robin: ServiceUser
) -> None:
    client = checked_client(path)
    url = reverse("appointments:link-move", kwargs={"token": token_of(path)})
    days = client.get(url, {"way": "video"})
    assert "Choose a day" in days.content.decode()
    slot = self_service.choosable_slots(
        person=robin,
        team=personas.team_a,
        appointment_type=clinic.check_in,
        modality="video",
        day=next_weekday(8),
        ignore=appointment.pk,
    )[0]
    check = client.get(url, {"way": "video", "slot": slot.key})
    assert "Check the new time" in check.content.decode()
    response = client.post(url, {"way": "video", "slot": slot.key})
    assert response.status_code == 200, page(response)
    assert "Your appointment has been moved" in response.content.decode()
    moved = Appointment.objects.get(moved_from=appointment)
    assert moved.booked_via == BookedVia.LINK
    assert moved.booked_by is None
    assert moved.starts_at == slot.starts_at
    assert moved.modality == "video"
    assert SelfServiceLink.objects.get().used_for == "move"


def test_a_refused_move_leaves_the_link_unused(
    personas: Personas, clinic: Clinic, path: str, appointment: Appointment
) -> None:
    client = checked_client(path)
    url = reverse("appointments:link-move", kwargs={"token": token_of(path)})
    stamp = int(at(next_weekday(8), dt.time(20)).timestamp())  # outside every session
    response = client.post(url, {"way": "video", "slot": f"{personas.clinician.staff.pk}:{stamp}"})
    assert response.status_code == 200
    assert self_service.TAKEN in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.is_booked
    assert SelfServiceLink.objects.get().used_at is None


def test_dead_links_all_look_the_same(personas: Personas, appointment: Appointment) -> None:
    expired = links.issue_link(appointment=appointment, actor=None)
    SelfServiceLink.objects.filter(token_hash=tokens.digest(token_of(expired))).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    used = links.issue_link(appointment=appointment, actor=None)
    SelfServiceLink.objects.filter(token_hash=tokens.digest(token_of(used))).update(
        used_at=timezone.now()
    )
    locked = links.issue_link(appointment=appointment, actor=None)
    SelfServiceLink.objects.filter(token_hash=tokens.digest(token_of(locked))).update(
        failed_checks=links.MAX_FAILED_CHECKS
    )
    forged = reverse("appointments:link", kwargs={"token": "x" * 43})
    pages = []
    for dead in (expired, used, locked, forged):
        response = Client().get(dead)
        assert response.status_code == 404
        pages.append(page(response))
    assert NOT_WORKING in pages[0]
    assert len(set(pages)) == 1


def test_a_link_for_a_cancelled_appointment_does_not_work(
    personas: Personas, path: str, appointment: Appointment
) -> None:
    services.cancel(actor=personas.clinician, appointment=appointment, by_person=False, reason="")
    assert Client().get(path).status_code == 404


def test_staff_send_a_link_from_the_appointment_page(
    personas: Personas, appointment: Appointment, robin: ServiceUser, client_for
) -> None:
    client = client_for("clinician")
    page = client.get(reverse("appointments:appointment", args=[appointment.pk])).content.decode()
    assert "Send a link to confirm, move or cancel" in page
    sent = client.post(reverse("appointments:send-link", args=[appointment.pk]))
    assert sent.status_code == 302
    message = Message.objects.get(template="self_service_link")
    local = timezone.localtime(appointment.starts_at)
    # The person is told which appointment the link is for.
    assert message.personalisation["date"] == f"{local:%A %-d %B %Y}"
    assert SelfServiceLink.objects.filter(appointment=appointment).count() == 1


def test_no_link_for_a_cancelled_appointment(
    personas: Personas, appointment: Appointment, client_for
) -> None:
    services.cancel(actor=personas.clinician, appointment=appointment, by_person=True, reason="")
    client = client_for("clinician")
    page = client.post(reverse("appointments:send-link", args=[appointment.pk]))
    assert page.status_code == 200
    assert "already been cancelled" in page.content.decode()
    assert not SelfServiceLink.objects.exists()
