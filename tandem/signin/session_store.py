"""Sessions in the database, as Django keeps them, read with SQL built once per process.

Every signed-in request reads its session row. Django's database store asks
the ORM to build that same query each time, which cost more CPU than the
database spent answering it (issue 18). This store is Django's in every other
way: the same table, rows and expiry, so no session ends when it is deployed,
and a session deleted (signed out elsewhere, a leaver's, ADR 0076) is refused
on its next request (ADR 0085). Sessions are not cached: a cache in each
process would keep a deleted session alive in the others.
"""

from __future__ import annotations

import functools

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from tandem.people import fixed_reads


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> Session | None:
        # Django's store has already dropped a key not of a session's form (None).
        key = self.session_key
        session = None
        if key:
            now = Session._meta.get_field("expire_date").get_db_prep_value(
                timezone.now(), connection
            )
            found = fixed_reads.rows(_session_sql(fixed_reads.vendor()), [key, now])
            session = fixed_reads.instance(Session, found[0]) if found else None
        if session is None:
            self._session_key = None
        return session


@functools.cache
def _session_sql(vendor: str) -> str:
    del vendor  # the key only
    q = fixed_reads.quoted
    # The model's own names, quoted: nothing a person typed.
    return (
        f"SELECT {fixed_reads.select_list(Session, 'stored')}"  # noqa: S608
        f" FROM {q(Session._meta.db_table)} stored"
        f" WHERE stored.{q('session_key')} = %s AND stored.{q('expire_date')} > %s"
    )
