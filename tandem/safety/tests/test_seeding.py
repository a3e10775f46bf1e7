"""The demo's safety plan reaches Sam, Dr Lee and Alex."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

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
