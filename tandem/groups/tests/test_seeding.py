"""The demo group: Sam and others with places in sessions around today, and a
waiting list."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.demo import roster
from tandem.groups.models import EnrolmentState, GroupProgramme

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_group_with_sam_members_and_a_waiting_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(roster.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(roster.TOTP_SECRET_ENV, raising=False)
    call_command("seed_demo", "--people", "40", verbosity=0, stdout=StringIO())
    group = GroupProgramme.objects.get(name="Managing anxiety skills group")
    states = list(group.enrolments.values_list("state", flat=True))
    assert states.count(EnrolmentState.ENROLLED) == 6
    assert states.count(EnrolmentState.WAITING) >= 1
    sam = Appointment.objects.filter(group_session__programme=group, service_user__given_name="Sam")
    assert sam.filter(starts_at__lt=timezone.now()).exists()
    assert sam.filter(starts_at__gt=timezone.now()).exists()
