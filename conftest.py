"""Fixtures shared by every test: the named personas and signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.ci_passes import left_to_postgresql
from tests.personas import Personas, build, sign_in

# The suite runs on a busy 2-core machine, CI's two passes side by side (ADR
# 0090): an example that takes longer than Hypothesis' default 200 ms there
# says nothing about the code, so no property test has a deadline.
hypothesis_settings.register_profile("tandem", deadline=None)
hypothesis_settings.load_profile("tandem")

BROWSER_ON_POSTGRESQL_ONLY = "--browser-on-postgresql-only"
DATABASE_FREE_ON_POSTGRESQL_ONLY = "--database-free-on-postgresql-only"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        BROWSER_ON_POSTGRESQL_ONLY,
        action="store_true",
        help=(
            "On SQLite, deselect the browser tests (those not also marked "
            "sqlite_browser): CI's SQLite pass, whose PostgreSQL pass runs them (ADR 0065)."
        ),
    )
    parser.addoption(
        DATABASE_FREE_ON_POSTGRESQL_ONLY,
        action="store_true",
        help=(
            "On SQLite, deselect the tests that never reach the test database (those not "
            "also marked both_databases): CI's SQLite pass, whose PostgreSQL pass runs them "
            "(ADR 0090)."
        ),
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgresql`` (concurrent writers) are deselected on SQLite,
    and so are browser tests (ADR 0065) and tests that never reach the database
    (ADR 0090) when CI's SQLite pass asks.

    Deselected, not skipped: CI fails on any skipped test (.ci/run), and runs
    these in its PostgreSQL pass, where nothing may be deselected.
    """
    from django.db import connection

    browser_elsewhere = config.getoption(BROWSER_ON_POSTGRESQL_ONLY)
    database_free_elsewhere = config.getoption(DATABASE_FREE_ON_POSTGRESQL_ONLY)
    if connection.vendor == "postgresql":
        for option, given in (
            (BROWSER_ON_POSTGRESQL_ONLY, browser_elsewhere),
            (DATABASE_FREE_ON_POSTGRESQL_ONLY, database_free_elsewhere),
        ):
            if given:
                # The PostgreSQL pass is where those tests run: refusing here
                # means no run can leave them out of both passes.
                raise pytest.UsageError(
                    f"{option} is for the SQLite pass; PostgreSQL runs every test"
                )
        return
    marked = [
        item
        for item in items
        if left_to_postgresql(
            {mark.name for mark in item.iter_markers()},
            browser=browser_elsewhere,
            database_free=database_free_elsewhere,
            fixtures=set(getattr(item, "fixturenames", ())),
        )
    ]
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
