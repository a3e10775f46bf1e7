"""Which tests a SQLite run leaves to the PostgreSQL run (ADR 0065).

CI runs the suite on both databases. Every test runs on PostgreSQL; on SQLite
the concurrency tests (marked ``postgresql``) never run, and CI's SQLite pass
(``--browser-on-postgresql-only``) leaves the browser tests to PostgreSQL too.
"""

from __future__ import annotations


def left_to_postgresql(markers: set[str], *, browser: bool) -> bool:
    """Whether a SQLite run leaves a test with these markers to the PostgreSQL run.

    Browser tests check the pages, their scripts and their accessibility, which
    do not depend on the database; a browser test that does exercise something
    SQLite does differently is marked ``sqlite_browser`` and stays.
    """
    if "postgresql" in markers:
        return True
    return browser and "browser" in markers and "sqlite_browser" not in markers
