"""Walk the sealed part of the audit chain and report the first link that does
not hold. Rows not yet sealed are counted, not checked (``seal.waiting``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tandem.audit.chain import GENESIS_HASH, HASHED_FIELDS, row_hash
from tandem.audit.models import AuditEvent, ChainHead


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def rows() -> Iterator[dict[str, object]]:
    fields = [*HASHED_FIELDS, "hash"]
    sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    yield from sealed.values(*fields).iterator(chunk_size=5000)


def first_break() -> tuple[int, Break | None]:
    """Return (sealed rows checked, first break or None)."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for row in rows():
        seq = int(str(row["seq"]))
        if seq != expected_seq:
            return checked, Break(expected_seq, f"row {expected_seq} is missing (next is {seq})")
        if row["prev_hash"] != prev_hash:
            return checked, Break(seq, "does not link to the row before it")
        if row_hash(row) != row["hash"]:
            return checked, Break(seq, "its contents were changed after it was written")
        prev_hash, expected_seq, checked = str(row["hash"]), seq + 1, checked + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return checked, Break(
            checked + 1, f"the log ends at row {checked} but row {head.seq} was written"
        )
    return checked, None
