"""What every signed-in request reads, with SQL built once per process (ADR 0085):
the session, the verified device and the account. Nothing about them is kept
between requests, so a change to any of them counts on the very next request.
A leaving that falls due is refused on the next request too: see
tandem/staffing/tests/test_views.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.people.models import Carer, ServiceUser, StaffMember, TeamMembership, User
from tandem.people.roles import read_account
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db

PAGE = "/caseload/"


def columns(row: Model | None) -> dict[str, object]:
    assert row is not None
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def sign_in_page(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(
        reverse("signin:sign-in")
    )


def test_the_profiles_are_the_rows_the_orm_reads(personas: Personas) -> None:
    # A nurse who is also a patient and a carer: every profile, with dates,
    # times, booleans and empty values, as each database hands them back.
    nurse = personas.clinician
    factories.ServiceUserFactory(user=nurse)
    Carer.objects.create(user=nurse, given_name="Casey", family_name="Lee")
    fresh = User.objects.get(pk=nurse.pk)

    read_account(fresh)

    assert columns(fresh.service_user) == columns(ServiceUser.objects.get(user=nurse))
    assert columns(fresh.carer) == columns(Carer.objects.get(user=nurse))
    assert columns(fresh.staff) == columns(StaffMember.objects.get(user=nurse))
    assert not fresh.staff._state.adding


def test_a_session_ended_elsewhere_is_refused_on_its_next_request(client_for) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for("clinician")
    assert client.get(PAGE).status_code == 200

    Session.objects.filter(session_key=client.session.session_key).delete()

    assert sign_in_page(client.get(PAGE))


def test_an_expired_session_is_refused(client_for) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for("clinician")
    past = timezone.now() - dt.timedelta(seconds=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=past)

    assert sign_in_page(client.get(PAGE))


def test_a_new_role_shows_on_the_next_request(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for("clinician")
    overview = f'href="{reverse("people:manager-home")}"'
    assert overview not in client.get(PAGE).content.decode()

    TeamMembership.objects.filter(staff=personas.clinician.staff).update(
        role=TeamMembership.Role.MANAGER
    )

    assert overview in client.get(PAGE).content.decode()


def test_a_role_taken_away_counts_on_the_next_request(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for("clinician")
    assert client.get(PAGE).status_code == 200

    TeamMembership.objects.filter(staff=personas.clinician.staff).delete()

    assert client.get(PAGE).status_code != 200


def test_a_device_switched_off_or_not_theirs_no_longer_verifies(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for("clinician")
    device = TOTPDevice.objects.get(user=personas.clinician, confirmed=True)
    verify = reverse("signin:verify")

    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    assert client.get(PAGE)["Location"].startswith(verify)

    # Verified again, then the device is moved to someone else's account.
    client = client_for("clinician")
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True, user=personas.manager)
    assert client.get(PAGE)["Location"].startswith(verify)
