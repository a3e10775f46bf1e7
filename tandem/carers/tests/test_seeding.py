"""The demo's carers' data reaches Sam's record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tandem.carers.models import CarerView, ConsentChange
from tandem.carers.seeding import seed_carers
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_demo_view_shows_on_sams_record(client_for, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    assert seed_carers(sam_pk=personas.su.pk, today=dt.date(2026, 11, 22)) == 1
    assert ConsentChange.objects.filter(link=personas.carer_link).count() == 1
    assert CarerView.objects.get().carer == personas.carer_profile
    record = client_for("clinician").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    assert "Review next week" in record.content.decode()
