"""Fixtures for the notify tests: a fake GOV.UK Notify on a free loopback port
(one per test session, emptied before each test) with settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings

from tandem.notify.fake_notify import FakeNotifyServer, running


@pytest.fixture(scope="session")
def fake_notify_server() -> Iterator[FakeNotifyServer]:
    with running(api_key=django_settings.TANDEM_NOTIFY_API_KEY) as server:
        yield server


@pytest.fixture
def fake_notify(fake_notify_server: FakeNotifyServer, settings) -> FakeNotifyServer:  # type: ignore[no-untyped-def]
    fake_notify_server.store.reset()
    fake_notify_server.store.deliver_after = 0.0
    settings.TANDEM_NOTIFY_BASE_URL = fake_notify_server.base_url
    settings.TANDEM_NOTIFY_EMAIL_VIA = "django"
    settings.TANDEM_LETTERS = "notify"
    settings.TANDEM_NOTIFY_RETRY_DELAYS = [60, 300]
    settings.TANDEM_NOTIFY_CHECK_DELAYS = [0, 60, 600]
    settings.TANDEM_NOTIFY_LEASE_SECONDS = 300
    return fake_notify_server


@pytest.fixture(autouse=True)
def no_rate_limit_pause() -> Iterator[None]:
    """The outbox's pause after a 429 belongs to the process: no test inherits one."""
    from tandem.notify import outbox

    outbox.pause.reset()
    yield
    outbox.pause.reset()
