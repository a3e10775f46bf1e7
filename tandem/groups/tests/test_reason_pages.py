"""The pages that ask staff only why: taking a member out of a group and
cancelling a session. Each saves on a reason, goes back to the programme, and
saves nothing without one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.appointments.models import Status
from tandem.groups import enrolling
from tandem.groups.models import Enrolment, EnrolmentState, JoinsBy
from tandem.groups.tests.helpers import programme
from tests.clinic import Clinic, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def test_taking_a_member_out_asks_why_then_goes_back_to_the_group(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, sessions=1)
    place = enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    ).enrolment
    client = client_for("clinician")
    url = reverse("groups:leave", args=[place.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert Enrolment.objects.get(pk=place.pk).state == EnrolmentState.ENROLLED

    response = client.post(url, {"reason": "Moved away"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("groups:programme", args=[group.pk])
    assert f"{personas.su.display_name} has left the group" in response.content.decode()
    assert Enrolment.objects.get(pk=place.pk).state == EnrolmentState.LEFT


def test_cancelling_a_session_asks_why_then_goes_back_to_the_group(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, sessions=1)
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    )
    session = group.sessions.get()
    client = client_for("clinician")
    url = reverse("groups:cancel-session", args=[session.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert session.appointments.get().status == Status.BOOKED

    response = client.post(url, {"reason": "Facilitator ill"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("groups:programme", args=[group.pk])
    assert "Session cancelled. Every member has been told." in response.content.decode()
    assert session.appointments.get().status == Status.CANCELLED
