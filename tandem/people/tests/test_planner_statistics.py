"""The small team tables get planner statistics however rarely they change
(issue 18): without them PostgreSQL misjudged every caseload query filtered by
the user's teams and read a whole team's open entries on each view."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def test_team_tables_are_analyzed_after_the_first_change() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [["people_careteam", "people_teammembership", "people_staffmember"]],
        )
        options = dict(cursor.fetchall())
    assert set(options) == {"people_careteam", "people_teammembership", "people_staffmember"}
    for table, settings in options.items():
        assert "autovacuum_analyze_threshold=1" in (settings or []), table
