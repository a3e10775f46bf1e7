"""Appends go in unsealed, without a lock, and the sealer chains them afterwards,
in order, losing nothing, on both databases (ADR 0033)."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.audit import seal as sealing
from tandem.audit.bulk import Entry, record_many
from tandem.audit.models import Action, AuditEvent, ChainHead
from tandem.audit.seal import seal, waiting
from tandem.audit.services import record, unsealed
from tandem.audit.verify import first_break

pytestmark = pytest.mark.django_db


def append(n: int, label: str = "row") -> list[AuditEvent]:
    return [
        record(actor=None, action=Action.VIEW, object_type="test.Thing", what=f"{label} {i}")
        for i in range(n)
    ]


def chain() -> list[tuple[int, str]]:
    return list(AuditEvent.objects.filter(seq__isnull=False).values_list("seq", "what"))


def test_an_append_leaves_the_row_waiting_and_the_head_untouched():
    (event,) = append(1)
    assert (event.seq, event.prev_hash, event.hash) == (None, "", "")
    assert not ChainHead.objects.exists()
    assert waiting().rows == 1


def test_sealing_numbers_rows_in_the_order_they_were_written_and_links_them():
    append(3)
    record_many(
        actor=None, entries=[Entry(Action.CREATE, "test.Thing", what=f"bulk {i}") for i in range(3)]
    )
    assert seal() == 6
    assert chain() == [
        (1, "row 0"),
        (2, "row 1"),
        (3, "row 2"),
        (4, "bulk 0"),
        (5, "bulk 1"),
        (6, "bulk 2"),
    ]
    rows = list(AuditEvent.objects.order_by("seq"))
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(rows))
    assert ChainHead.objects.get().seq == 6
    assert first_break() == (6, None)
    assert waiting().rows == 0


def test_sealing_again_changes_nothing_and_later_rows_continue_the_chain():
    append(3)
    assert seal() == 3
    head = ChainHead.objects.get()
    assert seal() == 0
    assert ChainHead.objects.get().hash == head.hash
    append(2, "later")
    assert seal() == 2
    assert [seq for seq, _ in chain()] == [1, 2, 3, 4, 5]
    assert AuditEvent.objects.get(seq=4).prev_hash == head.hash
    assert first_break() == (5, None)


def test_a_sealer_killed_midway_loses_nothing(monkeypatch):
    append(5)
    real_hash, calls = sealing.row_hash, []

    def dies_on_the_third_row(values):
        calls.append(values["seq"])
        if len(calls) == 3:
            raise RuntimeError("sealer killed")
        return real_hash(values)

    monkeypatch.setattr(sealing, "row_hash", dies_on_the_third_row)
    with pytest.raises(RuntimeError):
        seal(batch=2)
    # The first batch committed; the one it died in left no trace.
    assert [seq for seq, _ in chain()] == [1, 2]
    assert ChainHead.objects.get().seq == 2
    assert waiting().rows == 3
    monkeypatch.undo()
    assert seal(batch=2) == 3
    assert chain() == [(i + 1, f"row {i}") for i in range(5)]
    assert first_break() == (5, None)


def test_a_change_rolled_back_leaves_no_row_and_no_gap():
    append(1, "kept")
    with pytest.raises(ValueError), transaction.atomic():
        append(1, "rolled back")
        raise ValueError("the change failed")
    append(1, "kept after")
    assert seal() == 2
    assert chain() == [(1, "kept 0"), (2, "kept after 0")]
    assert first_break() == (2, None)


def test_the_database_refuses_changing_an_unsealed_row():
    (event,) = append(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET what = 'edited', seq = 1 WHERE id = %s", [event.pk]
        )
    assert AuditEvent.objects.get().what == "row 0"


def test_the_database_refuses_sealing_a_row_twice():
    (event,) = append(1)
    seal()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET seq = 9, prev_hash = '', hash = '' WHERE id = %s",
            [event.pk],
        )
    assert first_break() == (1, None)


def test_audit_verify_counts_rows_waiting_and_seals_when_asked(capsys):
    append(2)
    seal()
    append(3, "waiting")
    call_command("audit_verify")
    assert "2 rows verified; 3 rows waiting to be sealed" in capsys.readouterr().out
    call_command("audit_verify", seal=True)
    out = capsys.readouterr().out
    assert "Sealed 3 rows." in out
    assert "5 rows verified; 0 rows waiting to be sealed" in out


def test_rows_waiting_too_long_fail_the_check_until_sealed(capsys):
    stale = unsealed(
        actor=None,
        described=("", "", ""),
        at=timezone.now() - timedelta(minutes=11),
        action=Action.VIEW,
        object_type="test.Thing",
    )
    stale.save(force_insert=True)
    with pytest.raises(CommandError, match="Check that audit_seal is running"):
        call_command("audit_verify")
    call_command("audit_seal")
    assert "Sealed 1 rows; 0 rows waiting" in capsys.readouterr().out
    call_command("audit_verify")


def test_the_person_sees_who_looked_before_the_row_is_sealed(client_for, personas):
    client_for("colleague").get(reverse("people:person", kwargs={"pk": personas.su.pk}))
    assert AuditEvent.objects.get(subject_id=personas.su.pk).seq is None
    page = client_for("service_user").get(reverse("people:my-access-log")).content.decode()
    assert "Opened record summary" in page
