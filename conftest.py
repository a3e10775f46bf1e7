"""Fixtures shared by every test: the named personas and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Personas, build, sign_in


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgresql`` (concurrent writers) are deselected on SQLite.

    Deselected, not skipped: CI fails on any skipped test (.ci/run), and runs
    these in its PostgreSQL pass, where nothing may be deselected.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    marked = [item for item in items if item.get_closest_marker("postgresql")]
    if marked:
        config.hook.pytest_deselected(items=marked)
        items[:] = [item for item in items if item not in marked]


@pytest.fixture
def personas(db: None) -> Personas:
    return build()


@pytest.fixture
def client_for(personas: Personas):  # type: ignore[no-untyped-def]
    """client_for("clinician") gives a Client signed in as that persona."""

    def make(name: str) -> Client:
        return sign_in(Client(), personas.all()[name])

    return make


@pytest.fixture(autouse=True)
def _sqlite_flush_may_erase_messages(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Let Django empty a SQLite test database that holds sent messages.

    The database refuses to delete a sent message (ADR 0010) unless erasure is
    switched on for the thread doing it. Tests that commit rows (browser tests,
    concurrency tests) are emptied with DELETE on SQLite after they finish, so
    the switch is on in the test's own thread for them; the application's
    threads, which serve the browser, never see it. Set up before any database
    fixture, so it is torn down after the database is emptied.
    """
    from tandem.messaging.immutability import erasure_flag

    if {"transactional_db", "live_server"} & set(request.fixturenames):
        with erasure_flag():
            yield
    else:
        yield
