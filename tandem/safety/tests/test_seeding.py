"""The demo's safety plan reaches Sam, Dr Lee and Alex."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tandem.demo import roster
from tandem.people.models import CrisisContact, ServiceUser
from tandem.people.validators import format_phone
from tandem.safety.models import OutOfHoursLine, PlanVersion
from tandem.safety.queries import open_teams
from tandem.safety.seeding import seed_safety_plan
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_demo_plan_shows_for_sam_his_clinician_and_alex(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    versions = seed_safety_plan(
        sam_pk=personas.su.pk, clinician=personas.clinician.staff, today=timezone.localdate()
    )
    assert versions == 2
    mine = client_for("service_user").get(reverse("safety:mine")).content.decode()
    assert "Bake bread" in mine
    assert "by Dr Casey Lee" in mine
    staff = client_for("clinician").get(reverse("safety:staff-history", args=[personas.su.pk]))
    assert "Version 2" in staff.content.decode()
    alex = client_for("carer").get(reverse("safety:carer-plan", args=[personas.su.pk]))
    assert alex.status_code == 200


def test_the_demo_plan_is_not_overdue_on_the_day_it_is_seeded(personas: Personas) -> None:
    today = dt.date(2026, 11, 22)
    seed_safety_plan(sam_pk=personas.su.pk, clinician=personas.clinician.staff, today=today)
    from tandem.safety.models import SafetyPlan

    plan = SafetyPlan.objects.get()
    assert plan.next_review_on is not None and plan.next_review_on > today


def test_the_demo_plan_and_the_numbers_under_it_agree(client) -> None:  # type: ignore[no-untyped-def]
    # Issue 16: the demo's plan said one out-of-hours number and the list under
    # it another. Both now come from the team's record (roster.TEAMS).
    call_command("seed_demo", "--people", "20", verbosity=0, stdout=io.StringIO())
    sam = ServiceUser.objects.get(user__email=roster.SAM_EMAIL)
    team = open_teams(sam)[0]
    client.force_login(sam.user)
    page = client.get(reverse("safety:mine")).content.decode()

    written = PlanVersion.objects.filter(plan__service_user=sam).latest("number").professionals
    team_lines = "\n".join(line for line in written.splitlines() if team.name in line)
    in_plan = set(re.findall(r"0\d{3} \d{3} \d{4}", team_lines))
    listed = {format_phone(n) for n in re.findall(r'href="tel:([+\d]+)"', page)}
    assert in_plan, written
    assert in_plan <= listed, f"The plan says {in_plan}; the list under it {listed}"
    ooh = format_phone(team.out_of_hours_phone)
    assert f"{team.name} out-of-hours line: {ooh}" in written
    # The team's own crisis line is that number too, and marked as its out-of-hours line.
    line = CrisisContact.objects.get(team=team)
    assert format_phone(line.phone) == ooh
    assert OutOfHoursLine.objects.filter(contact=line).exists()
    assert f'href="tel:{line.phone}"' in page
