"""What CI's SQLite pass leaves to its PostgreSQL pass (ADR 0065, ADR 0090).

Every test runs on PostgreSQL. On SQLite the concurrency tests never run, and
with --browser-on-postgresql-only the browser tests do not either, except those
marked sqlite_browser, and with --database-free-on-postgresql-only neither do
the tests that never reach the database; `make test` without the options runs
them all.
"""

from __future__ import annotations

import pytest

from tests.ci_passes import left_to_postgresql


def test_without_the_option_sqlite_runs_browser_tests() -> None:
    assert not left_to_postgresql({"browser"}, browser=False)
    assert not left_to_postgresql(set(), browser=False)


def test_concurrency_tests_are_left_to_postgresql_either_way() -> None:
    assert left_to_postgresql({"postgresql"}, browser=False)
    assert left_to_postgresql({"postgresql", "browser"}, browser=True)
    assert left_to_postgresql({"postgresql", "browser", "sqlite_browser"}, browser=True)


def test_with_the_option_only_browser_tests_are_left() -> None:
    assert left_to_postgresql({"browser"}, browser=True)
    assert not left_to_postgresql(set(), browser=True)
    assert not left_to_postgresql({"parametrize"}, browser=True)


def test_a_browser_test_marked_for_sqlite_stays() -> None:
    assert not left_to_postgresql({"browser", "sqlite_browser"}, browser=True)


# --- Tests that never reach the database (ADR 0090) ---------------------------


def test_without_the_option_sqlite_runs_database_free_tests() -> None:
    assert not left_to_postgresql(set(), browser=True, database_free=False, fixtures={"tmp_path"})


def test_with_the_option_a_test_without_the_database_is_left() -> None:
    assert left_to_postgresql(
        {"parametrize"}, browser=True, database_free=True, fixtures={"tmp_path", "monkeypatch"}
    )


@pytest.mark.parametrize(
    "fixture",
    ["db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_setup"],
)
def test_a_test_that_reaches_the_database_by_a_fixture_stays(fixture: str) -> None:
    assert not left_to_postgresql(
        set(), browser=True, database_free=True, fixtures={"tmp_path", fixture}
    )


def test_a_test_marked_for_the_database_stays() -> None:
    assert not left_to_postgresql({"django_db"}, browser=True, database_free=True, fixtures=set())


def test_a_test_whose_program_reads_the_database_url_stays() -> None:
    assert not left_to_postgresql(
        {"both_databases"}, browser=True, database_free=True, fixtures=set()
    )


def test_a_database_free_browser_or_postgresql_test_is_still_left() -> None:
    assert left_to_postgresql({"postgresql"}, browser=False, database_free=True, fixtures={"db"})
    assert left_to_postgresql({"browser"}, browser=True, database_free=True, fixtures={"db"})


def test_the_personas_fixture_counts_as_reaching_the_database(
    request: pytest.FixtureRequest, personas: object
) -> None:
    # The rule reads pytest's closure of a test's fixtures: a test that asks
    # only for a project fixture built on the database is kept on SQLite.
    assert "db" in request.fixturenames
    assert not left_to_postgresql(
        set(), browser=True, database_free=True, fixtures=set(request.fixturenames)
    )


def test_a_test_that_does_not_ask_cannot_reach_the_database() -> None:
    # The premise of the rule: pytest-django refuses the database to a test
    # that did not ask for it, so such a test gives the same answer on both.
    from django.db import connection

    with pytest.raises(RuntimeError, match="Database access not allowed"):
        connection.ensure_connection()
