"""The group pages, through the browser's eyes without JavaScript: set up,
enrol (a clash named), and the register as one form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance
from tandem.groups.models import Enrolment, GroupProgramme, GroupSession, JoinsBy, Way
from tandem.groups.tests.helpers import member, programme
from tandem.preferences.models import DigitalAccessCheck
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def test_a_manager_sets_up_a_group_from_the_form(client_for, personas: Personas, clinic: Clinic):  # type: ignore[no-untyped-def]
    client = client_for("manager")
    day = next_weekday(7)
    response = client.post(
        reverse("groups:create"),
        {
            "team": personas.team_a.pk,
            "name": "Managing anxiety skills group",
            "purpose": "Skills for managing anxiety",
            "facilitators": [personas.clinician.staff.pk],
            "capacity": "8",
            "way": Way.BOTH,
            "site": clinic.site.pk,
            "first_day_day": str(day.day),
            "first_day_month": str(day.month),
            "first_day_year": str(day.year),
            "starts": "14:00",
            "minutes": "90",
            "sessions": "6",
        },
    )
    group = GroupProgramme.objects.get()
    assert response.status_code == 302
    assert group.sessions.count() == 6
    page = client.get(reverse("groups:programme", args=[group.pk]))
    assert "Managing anxiety skills group" in page.content.decode()


def test_an_empty_form_says_what_is_missing(client_for, personas: Personas, clinic: Clinic):  # type: ignore[no-untyped-def]
    response = client_for("manager").post(reverse("groups:create"), {"name": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the number of places" in text
    assert not GroupProgramme.objects.exists()


def test_enrolling_with_a_clash_names_the_appointment(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic)
    first = timezone.localtime(group.sessions.first().starts_at)  # type: ignore[union-attr]
    # With someone who does not facilitate the group (facilitators are busy then).
    book(personas, clinic, day=first.date(), hour=first.hour, clinician=personas.manager)
    response = client_for("clinician").post(
        reverse("groups:enrol", args=[group.pk]),
        {"service_user": personas.su.pk, "joins_by": JoinsBy.ROOM},
    )
    assert response.status_code == 200
    assert "already has an appointment then: Check-in on" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_register_is_one_form_for_every_member(client_for, personas: Personas, clinic: Clinic):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, sessions=1)
    client = client_for("clinician")
    for person in (personas.su, member(personas, "Ada")):
        client.post(
            reverse("groups:enrol", args=[group.pk]),
            {"service_user": person.pk, "joins_by": JoinsBy.ROOM},
        )
    session = group.sessions.get()
    started = timezone.now() - dt.timedelta(minutes=10)
    GroupSession.objects.filter(pk=session.pk).update(starts_at=started)
    Appointment.objects.filter(group_session=session).update(starts_at=started)
    members = list(Enrolment.objects.order_by("pk"))
    page = client.get(reverse("groups:register", args=[session.pk]))
    assert "Ada" in page.content.decode()
    data = {f"attendance_{e.pk}": Attendance.ATTENDED for e in members}
    data[f"attendance_{members[1].pk}"] = Attendance.DID_NOT_ATTEND
    data[f"technical_{members[0].pk}"] = "on"
    response = client.post(reverse("groups:register", args=[session.pk]), data)
    assert response.status_code == 302
    outcomes = dict(
        Appointment.objects.filter(group_session=session).values_list(
            "service_user_id", "attendance"
        )
    )
    assert outcomes[personas.su.pk] == Attendance.ATTENDED
    assert outcomes[members[1].service_user_id] == Attendance.DID_NOT_ATTEND


def test_the_enrol_form_names_people_to_offer_the_room(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    DigitalAccessCheck.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        devices=["smartphone"],
        connection="reliable",
        data_costs_a_problem="no",
        private_space="no",
        video_confidence="confident",
    )
    group = programme(personas, clinic, way=Way.BOTH, sessions=1)
    text = (
        client_for("clinician").get(reverse("groups:programme", args=[group.pk])).content.decode()
    )
    assert "Offer the room to these people" in text
    assert "Sam Taylor: no private space at home" in text
