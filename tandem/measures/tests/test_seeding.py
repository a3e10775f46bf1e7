"""The demo history: ten weeks of improving answers, a PHQ-9 due today, no alerts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tandem.alerts.models import Alert
from tandem.measures import queries, selectors
from tandem.measures.models import Response
from tandem.measures.seeding import seed_measures
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_sam_gets_an_improving_history_and_a_phq9_due_today(personas: Personas):
    today = timezone.localdate()
    written = seed_measures(
        sam_pk=personas.su.pk, team=personas.team_a, clinician_user=personas.clinician, today=today
    )
    assert written == Response.objects.count() == 16
    assert not Alert.objects.exists()
    due = queries.due_list(selectors.own_schedules(personas.service_user), today=today)
    assert [d.due_today for d in due] == [True]
    outcomes = queries.talking_therapies_outcomes(Response.objects.filter(service_user=personas.su))
    assert outcomes.first is not None and outcomes.first.pair.phq9 == 17
    assert outcomes.latest is not None and outcomes.latest.pair.phq9 == 7
    assert outcomes.reliable_improvement and outcomes.reliably_recovered
