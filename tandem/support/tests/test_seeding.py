"""The demo's recommendations reach Sam and, by his switch, Alex."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.directory.seeding import seed_directory, seed_tools
from tandem.support.seeding import CAFE_NOTE, seed_recommendations
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_demo_recommendations_show_for_sam_and_alex(
    client_for,  # type: ignore[no-untyped-def]
    personas: Personas,
) -> None:
    today = timezone.localdate()
    admin = personas.admin
    seed_directory(admin=admin, teams=[personas.team_a], today=today)
    seed_tools(admin=admin, today=today)

    made = seed_recommendations(sam_pk=personas.su.pk, clinician=personas.clinician, today=today)

    assert made == 2
    mine = client_for("service_user").get(reverse("support:mine")).content.decode()
    assert "Lantern Crisis Café" in mine
    assert CAFE_NOTE in mine
    alex = client_for("carer").get(reverse("support:carer", args=[personas.su.pk]))
    assert alex.status_code == 200
    # The carer sees what was recommended, never the clinician's note (HAZ-242).
    assert "Lantern Crisis Café" in alex.content.decode()
    assert CAFE_NOTE not in alex.content.decode()
