"""Sealing: giving unsealed audit rows their place in the hash chain, in order.

Rows are appended without a lock (``services.record``), so a transaction that
wrote its rows first can commit after one that wrote later. The sealer picks
up every row still without a ``seq``, so nothing is skipped whatever the commit
order; and to keep the chain in one order that never needs changing, it seals
on PostgreSQL only rows whose transaction id is below the *horizon*: the
oldest transaction still running in this database (other than the sealer's
own, whose rows it can see). Every transaction below the horizon has finished, so its rows are
all visible now or will never exist, and every row still to come carries a
transaction id at or above it. Rows are sealed in (transaction id, id) order,
so the chain holds each transaction's rows together and in the order they
were written. On SQLite there is one writer at a time and the sealer holds
the write lock, so every unsealed row is settled, and id order is commit order.
Only the sealer locks the chain's head: an advisory lock on PostgreSQL, then
the ``ChainHead`` row itself, so two sealers take turns (ADR 0033).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, Min
from django.utils import timezone

from tandem.audit.chain import GENESIS_HASH, HASHED_FIELDS, row_hash
from tandem.audit.models import AuditEvent, ChainHead

BATCH = 5000
# The sealer runs every minute; rows older than this mean it has stopped, or a
# long transaction is holding the horizon back (HAZ-190).
OVERDUE = timedelta(minutes=10)
# Any fixed 64-bit number, the same in every process; 33 is the ADR.
ADVISORY_LOCK = 0x7A_4D_0033
# Transaction ids of this database's other sessions and prepared transactions
# that are running now (as 32-bit ids: the views do not carry the epoch).
# Other databases on the same server cannot write here, so they are ignored.
RUNNING = """
SELECT backend_xid::text::bigint FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
UNION ALL
SELECT transaction::text::bigint FROM pg_prepared_xacts WHERE database = current_database()
"""
SEAL = "UPDATE audit_auditevent SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s"
# On PostgreSQL the whole batch in one statement, from four arrays.
SEAL_ALL = """
UPDATE audit_auditevent AS e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[]) AS v(seq, prev_hash, hash, id)
WHERE e.id = v.id
"""


@dataclass(frozen=True)
class Waiting:
    rows: int
    oldest: datetime | None

    @property
    def overdue(self) -> bool:
        return self.oldest is not None and timezone.now() - self.oldest > OVERDUE

    def __str__(self) -> str:
        if self.oldest is None:
            return "0 rows waiting to be sealed"
        return (
            f"{self.rows} rows waiting to be sealed, the oldest written "
            f"{self.oldest.isoformat(timespec='seconds')}"
        )


def waiting() -> Waiting:
    """How many rows wait to be sealed, and when the oldest was written."""
    found = AuditEvent.objects.filter(seq__isnull=True).aggregate(
        rows=Count("id"), oldest=Min("at")
    )
    return Waiting(rows=found["rows"], oldest=found["oldest"])


def seal(*, batch: int = BATCH) -> int:
    """Seal every settled row, ``batch`` rows to a transaction; returns how many.
    Safe to run at any time, and from several processes at once."""
    total = 0
    while (sealed := _seal_batch(batch)) > 0:
        total += sealed
        if sealed < batch:
            break
    return total


@transaction.atomic
def _seal_batch(limit: int) -> int:
    unsealed = AuditEvent.objects.filter(seq__isnull=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
            horizon = _horizon(cursor)
        unsealed = unsealed.filter(txid__lt=horizon)
    head, _ = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    fields = [f for f in HASHED_FIELDS if f not in ("seq", "prev_hash")]
    rows = list(unsealed.order_by("txid", "id").values("id", *fields)[:limit])
    if not rows:
        return 0
    seq, prev, sealed = head.seq, head.hash, []
    for row in rows:
        seq += 1
        row.update(seq=seq, prev_hash=prev)
        prev = row_hash(row)
        sealed.append((seq, row["prev_hash"], prev, row["id"]))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(SEAL_ALL, [list(column) for column in zip(*sealed, strict=True)])
        else:
            cursor.executemany(SEAL, sealed)
    ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return len(sealed)


def _horizon(cursor: CursorWrapper) -> int:
    """The lowest transaction id that may still add rows here. Everything below
    it has finished (or is this transaction); everything still to come is at
    or above it."""
    # First the next id to be handed out, so any transaction that starts later
    # is above it. Our own id, if we have one, was handed out before.
    cursor.execute(
        "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,"
        " pg_current_xact_id_if_assigned()::text::bigint"
    )
    xmax, own = cursor.fetchone()
    horizon = xmax if own is None else max(xmax, own + 1)
    # Then who is still running here; the activity view is cached for the
    # transaction unless cleared.
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(RUNNING)
    for (short,) in cursor.fetchall():
        # A running id is within 2**31 of xmax either way: widen it by that.
        ahead = (short - xmax) % 2**32
        horizon = min(horizon, xmax + (ahead - 2**32 if ahead >= 2**31 else ahead))
    return int(horizon)
