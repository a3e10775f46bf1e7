"""Which tests a SQLite run leaves to the PostgreSQL run (ADR 0065, ADR 0090).

CI runs the suite on both databases. Every test runs on PostgreSQL; on SQLite
the concurrency tests (marked ``postgresql``) never run, and CI's SQLite pass
leaves two more kinds to PostgreSQL: the browser tests
(``--browser-on-postgresql-only``) and the tests that never reach the test
database (``--database-free-on-postgresql-only``).
"""

from __future__ import annotations

# The fixtures through which a test reaches the test database. pytest-django
# refuses any other way in (a test without one of these, or the ``django_db``
# mark, fails if it touches the database), so a test without them gives the
# same answer whichever database the run was given. A fixture that lets itself
# in by hand with django_db_blocker asks for django_db_setup first, as the
# browser tests' do; the blocker itself is in every test's closure, through
# pytest-django's own fixtures, so it cannot be the sign.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def uses_database(markers: set[str], fixtures: set[str]) -> bool:
    """Whether a test with these markers and fixtures (the whole closure, as
    pytest lists it) reaches the test database."""
    return "django_db" in markers or bool(DATABASE_FIXTURES & fixtures)


def left_to_postgresql(
    markers: set[str],
    *,
    browser: bool,
    database_free: bool = False,
    fixtures: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether a SQLite run leaves a test with these markers to the PostgreSQL run.

    Browser tests check the pages, their scripts and their accessibility, which
    do not depend on the database; a browser test that does exercise something
    SQLite does differently is marked ``sqlite_browser`` and stays.

    A test that never reaches the database (the detectors' figures on their
    data sets, the benchmarks' smoke runs without a database, pure functions)
    would only repeat on SQLite what PostgreSQL's pass proves, unless it is
    marked ``both_databases``: a test that starts a program which reads
    ``DATABASE_URL`` itself, where pytest-django cannot see the database.
    """
    if "postgresql" in markers:
        return True
    if browser and "browser" in markers and "sqlite_browser" not in markers:
        return True
    return (
        database_free
        and "both_databases" not in markers
        and not uses_database(markers, set(fixtures))
    )
