"""What CI's SQLite pass leaves to its PostgreSQL pass (ADR 0065).

Every test runs on PostgreSQL. On SQLite the concurrency tests never run, and
with --browser-on-postgresql-only the browser tests do not either, except those
marked sqlite_browser; `make test` without the option runs them all.
"""

from __future__ import annotations

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
