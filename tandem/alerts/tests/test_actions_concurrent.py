"""Two members of the team press at the same instant: the alert changes once.

Each thread has its own connection and transaction, released together by a
barrier, so both read the alert as open; the row lock in the services makes
the second wait and then see what the first did. PostgreSQL only, as in
tandem/appointments/tests/test_concurrent_booking.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from tandem.alerts import services
from tandem.alerts.models import AlertState
from tandem.alerts.tests.test_queue import make_alert
from tandem.audit.models import AuditEvent
from tests.personas import Personas

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Concurrent writers need PostgreSQL: deselected on SQLite (conftest.py).
    pytest.mark.postgresql,
]


def race(attempts: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], object]) -> None:
        try:
            barrier.wait()
            attempt()
            result = "done"
        except services.AlreadyDone:
            result = "already"
        except Exception as exc:  # anything else is a failure of the test
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_people_acknowledge_at_once(personas: Personas) -> None:
    alert = make_alert(personas)
    people = [personas.clinician, personas.colleague, personas.manager] * 2
    outcomes = race([lambda u=u: services.acknowledge(actor=u, alert=alert) for u in people])
    assert sorted(outcomes) == ["already"] * 5 + ["done"]
    assert AuditEvent.objects.filter(what="Acknowledged an alert").count() == 1


def test_two_people_close_at_once(personas: Personas) -> None:
    alert = make_alert(personas)
    outcomes = race(
        [
            lambda: services.close(
                actor=personas.clinician, alert=alert, action="called", note="Rang Sam"
            ),
            lambda: services.close(
                actor=personas.colleague, alert=alert, action="no_action", note="Seen today"
            ),
        ]
    )
    assert sorted(outcomes) == ["already", "done"]
    alert.refresh_from_db()
    assert alert.state == AlertState.CLOSED
    assert AuditEvent.objects.filter(what__startswith="Closed an alert").count() == 1
    assert AuditEvent.objects.filter(what__startswith="Acknowledged an alert").count() == 1
