"""Two copies of ``escalate_alerts`` at once (a slow run overlapping the next
cron start) tell each person once. PostgreSQL only: SQLite has one writer."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from tandem.alerts import escalation
from tandem.alerts.raising import settings_for
from tandem.alerts.tests.test_queue import make_alert
from tandem.worklist.models import WorkItem
from tests.personas import Personas

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Concurrent writers need PostgreSQL: deselected on SQLite (conftest.py).
    pytest.mark.postgresql,
]


def test_overlapping_runs_escalate_once(personas: Personas) -> None:
    found = settings_for(personas.team_a)
    found.duty_clinician = personas.colleague.staff
    found.save()
    alerts = [make_alert(personas) for _ in range(5)]
    now = max(a.respond_by for a in alerts) + escalation.MANAGERS_AFTER_AT_LEAST * 20
    barrier = threading.Barrier(3)
    runs: list[escalation.Run] = []
    errors: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            runs.append(escalation.escalate_due(now=now))
        except Exception as exc:  # any failure of the run is a failure of the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(pk for r in runs for pk in r.to_duty) == sorted(a.pk for a in alerts)
    assert sorted(pk for r in runs for pk in r.to_managers) == sorted(a.pk for a in alerts)
    assert WorkItem.objects.count() == 10
    assert len(mail.outbox) == 10  # one duty clinician and one manager per alert
