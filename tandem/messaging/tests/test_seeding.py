"""The demo threads: Sam's conversations, Alex's, and a few waiting."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tandem.messaging.models import Message, Thread
from tandem.messaging.seeding import seed_messages
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_seeding_writes_sams_threads_and_alexs(personas: Personas) -> None:
    personas.carer_link.can_message_team = True
    personas.carer_link.save()
    made = seed_messages(
        team=personas.team_a,
        sam_pk=personas.su.pk,
        clinician=personas.clinician.staff,
        today=dt.date(2026, 11, 20),
        rng=random.Random(1),
    )
    assert made == Message.objects.count() == 7
    sams = Thread.objects.filter(service_user=personas.su, carer__isnull=True)
    assert sams.count() == 2
    assert sams.filter(awaiting_reply_since__isnull=False).count() == 1
    assert Thread.objects.get(carer=personas.carer_profile).awaiting_reply_since is None
