"""What an operator watches: /readyz/ says which check failed, and /metrics gives
Tandem's own figures to the scraper alone (issue 22, HAZ-250, HAZ-251)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind
from tandem.consult import sockets
from tandem.consult.tests.helpers import admitted_service_user, video_appointment
from tandem.notify.models import Message, MessageStatus
from tandem.operations import readiness as readiness_checks
from tandem.operations.models import WorkerHeartbeat
from tandem.worklist.models import WorkItem, WorkKind
from tests.personas import Personas

pytestmark = pytest.mark.django_db
TOKEN = "synthetic-scraper-token-for-tests-0123456789"


def readiness(client: Client) -> tuple[int, dict[str, object]]:
    response = client.get(reverse("operations:readyz"))
    assert response["Content-Type"] == "application/json"
    assert response["X-Request-ID"]
    return response.status_code, json.loads(response.content)


def test_readyz_needs_a_worker_to_have_taken_queued_work_recently(
    transactional_db: None, settings
) -> None:
    # transactional_db: the worker closes its database connection when it is
    # done, which a test's enclosing transaction would not survive.
    client = Client()
    status, body = readiness(client)
    assert status == 503
    assert body == {
        "status": "not ready",
        "checks": {"database": "ok", "migrations": "ok", "worker": "no worker heartbeat yet"},
    }
    # Cron queues the heartbeat; only a worker taking it from the queue makes it beat.
    call_command("worker_heartbeat")
    assert readiness(client)[0] == 503
    call_command("db_worker", batch=True, reload=False, verbosity=0)
    status, body = readiness(client)
    assert status == 200
    assert body["status"] == "ready"
    # With Redis configured it is checked too (.ci/run starts one on 6379).
    settings.TANDEM_REDIS_URL = "redis://127.0.0.1:6379/9"
    status, body = readiness(client)
    assert (status, body["checks"]) == (
        200,
        {"database": "ok", "migrations": "ok", "worker": "ok", "redis": "ok"},
    )
    settings.TANDEM_REDIS_URL = ""
    # A worker that stopped ten minutes ago is named, with how long ago.
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - dt.timedelta(minutes=10))
    status, body = readiness(client)
    assert status == 503
    checks = body["checks"]
    assert isinstance(checks, dict)
    assert checks["worker"].startswith("last worker heartbeat 6")


def test_readyz_names_unapplied_migrations_and_an_unreachable_redis(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a process that has not yet seen every migration applied (it remembers).
    monkeypatch.setattr(readiness_checks, "_all_applied", False)
    call_command("worker_heartbeat", here=True)
    # The newest of the app's migrations, as if a deploy had not yet run it.
    MigrationRecorder.Migration.objects.filter(app="operations").order_by("-name")[0].delete()
    # A port nothing listens on, with a password that must not be shown.
    settings.TANDEM_REDIS_URL = "redis://:not-to-be-shown@127.0.0.1:9/0"
    response = Client().get(reverse("operations:readyz"))
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {
        "database": "ok",
        "migrations": "1 migrations not applied",
        "worker": "ok",
        "redis": "cannot reach Redis",
    }
    assert b"not-to-be-shown" not in response.content
    assert b"127.0.0.1" not in response.content


def some_trouble(p: Personas) -> None:
    """One of each thing the metrics count, and things they must not count."""
    now = timezone.now()
    common = {"template": "reminder", "service_user": p.su, "about_key": "appointment:1"}
    Message.objects.create(
        idempotency_key="late", channel="sms", due_at=now - dt.timedelta(minutes=12), **common
    )
    Message.objects.create(
        idempotency_key="later", channel="email", due_at=now + dt.timedelta(hours=1), **common
    )
    for key, channel in [("f1", "sms"), ("f2", "sms"), ("f3", "letter")]:
        Message.objects.create(
            idempotency_key=key, channel=channel, status=MessageStatus.FAILED, **common
        )
    for about, respond_by in [
        ("late", now - dt.timedelta(hours=1)),
        ("soon", now + dt.timedelta(hours=1)),
    ]:
        Alert.objects.create(
            team=p.team_a,
            service_user=p.su,
            kind=AlertKind.values[0],
            summary="Synthetic",
            about_key=about,
            respond_by=respond_by,
        )
    WorkItem.objects.create(
        team=p.team_a,
        kind=WorkKind.values[0],
        title="Synthetic",
        reason="Synthetic",
        about_key="overdue",
        respond_by=now - dt.timedelta(days=1),
    )
    appointment = video_appointment(p)
    sam = admitted_service_user(p, appointment)
    sockets.record_quality(
        participant=sam,
        report=sockets.QualityReport(
            time_to_connect_ms=None,
            relay_used=False,
            packet_loss_percent=Decimal(0),
            duration_seconds=0,
            ending="never",
        ),
    )


def metric(page: str, name: str) -> float:
    for line in page.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in the metrics")


def test_metrics_are_for_the_scraper_alone_and_count_what_an_operator_must_know(
    personas: Personas, settings
) -> None:
    some_trouble(personas)
    url = reverse("operations:metrics")
    assert url == "/metrics"
    # Nothing configured: nobody, not even this machine, gets more than a 404.
    assert Client().get(url).status_code == 404
    settings.TANDEM_METRICS_TOKEN = TOKEN
    assert Client().get(url, headers={"Authorization": "Bearer wrong"}).status_code == 404
    response = Client().get(url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    page = response.content.decode()
    assert 12 * 60 <= metric(page, "tandem_outbox_oldest_unsent_age_seconds") < 13 * 60
    assert metric(page, "tandem_alerts_past_response_window") == 1
    assert metric(page, "tandem_tasks_overdue") == 1
    assert metric(page, 'tandem_message_deliveries_failed_total{channel="sms"}') == 2
    assert metric(page, 'tandem_message_deliveries_failed_total{channel="letter"}') == 1
    assert metric(page, 'tandem_message_deliveries_failed_total{channel="email"}') == 0
    assert metric(page, 'tandem_call_connection_failures_total{ending="never"}') == 1
    assert metric(page, 'tandem_call_connection_failures_total{ending="lost"}') == 0
    assert metric(page, "tandem_worker_heartbeat_age_seconds") == -1
    assert "process_cpu_seconds_total" in page
    # No names, numbers or text about anyone.
    for private in (personas.su.given_name, personas.su.family_name, "Synthetic", "reminder"):
        assert private not in page
    # An allowed address needs no token (for a scraper connecting directly).
    settings.TANDEM_METRICS_TOKEN = ""
    settings.TANDEM_METRICS_ALLOWED_IPS = ["10.1.2.0/24"]
    assert Client(REMOTE_ADDR="10.1.2.3").get(url).status_code == 200
    assert Client(REMOTE_ADDR="10.1.3.3").get(url).status_code == 404
