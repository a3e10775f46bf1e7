"""A Janus of Tandem's own on loopback, for the group call tests, and the
settings that point Tandem at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from tandem.groupcall import janus_process, room_keys
from tandem.groupcall.janus import Room


@pytest.fixture(scope="session")
def janus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[janus_process.RunningJanus]:
    running = janus_process.start(directory=Path(tmp_path_factory.mktemp("janus")))
    yield running
    running.stop()


@pytest.fixture
def janus_settings(
    janus: janus_process.RunningJanus, settings: SettingsWrapper
) -> Iterator[janus_process.RunningJanus]:
    settings.TANDEM_JANUS_URL = janus.url
    settings.TANDEM_JANUS_PUBLIC_URL = janus.url
    settings.TANDEM_JANUS_ADMIN_URL = janus.admin_url
    settings.TANDEM_JANUS_API_SECRET = janus.conf.api_secret
    settings.TANDEM_JANUS_ADMIN_SECRET = janus.conf.admin_secret
    settings.TANDEM_JANUS_ADMIN_KEY = janus.conf.admin_key
    yield janus
    # Ids are reused once the test database is emptied: no room outlives its test.
    control = janus.control()
    for room_id in control.all_rooms():
        control.destroy_room(
            room=Room(room_id, room_keys.room_secret(room_id), room_keys.room_pin(room_id))
        )
