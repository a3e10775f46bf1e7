"""The audit log is append-only and tamper-evident on both databases."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tandem.audit.chain import HASHED_FIELDS, row_hash
from tandem.audit.models import Action, AuditEvent
from tandem.audit.seal import seal
from tandem.audit.services import record
from tandem.audit.verify import first_break

pytestmark = pytest.mark.django_db


def write_rows(n: int) -> list[AuditEvent]:
    """Append ``n`` rows and seal them into the chain."""
    written = [
        record(actor=None, action=Action.VIEW, object_type="test.Thing", what=f"row {i}")
        for i in range(n)
    ]
    assert seal() == n
    return list(AuditEvent.objects.filter(pk__in=[r.pk for r in written]).order_by("seq"))


@contextmanager
def triggers_disabled():
    """Act as someone with direct database access would, below the application."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Replica mode skips ordinary triggers: what a superuser could do.
            cursor.execute("SET session_replication_role = replica")
            yield cursor
            cursor.execute("SET session_replication_role = origin")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            yield cursor


def test_intact_chain_verifies():
    write_rows(5)
    checked, broken = first_break()
    assert (checked, broken) == (5, None)
    call_command("audit_verify")


def test_rows_link_to_the_one_before():
    rows = write_rows(3)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash


def test_altered_row_is_reported_by_number():
    write_rows(5)
    with triggers_disabled() as cursor:
        cursor.execute("UPDATE audit_auditevent SET what = 'nothing to see' WHERE seq = 3")
    checked, broken = first_break()
    assert broken is not None and broken.seq == 3 and "changed" in broken.reason
    assert checked == 2
    with pytest.raises(CommandError, match="row 3"):
        call_command("audit_verify")


def test_removed_row_is_reported():
    write_rows(5)
    with triggers_disabled() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    _, broken = first_break()
    assert broken is not None and broken.seq == 2 and "missing" in broken.reason


def test_removing_the_newest_rows_is_reported():
    write_rows(4)
    with triggers_disabled() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 3")
    _, broken = first_break()
    assert broken is not None and "row 4 was written" in broken.reason


def test_rewriting_a_row_with_a_fresh_hash_still_breaks_the_next_link():
    rows = write_rows(3)

    values = {f: getattr(rows[1], f) for f in HASHED_FIELDS}
    values["what"] = "forged"
    forged_hash = row_hash(values)
    with triggers_disabled() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET what = %s, hash = %s WHERE seq = 2",
            ["forged", forged_hash],
        )
    _, broken = first_break()
    assert broken is not None and broken.seq == 3


def test_orm_refuses_to_change_or_remove_rows():
    (row,) = write_rows(1)
    row.what = "edited"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_database_refuses_update_even_outside_the_orm():
    write_rows(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET what = 'edited'")


def test_delete_is_refused_on_postgresql_and_detected_everywhere():
    write_rows(2)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        assert first_break() == (2, None)
    else:
        # SQLite has no DELETE trigger (the test runner empties tables with
        # DELETE); the chain head still shows rows were removed.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        _, broken = first_break()
        assert broken is not None
