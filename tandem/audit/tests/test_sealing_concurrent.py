"""Many writers appending at once while sealers run: nothing is lost, duplicated
or reordered, whatever order the transactions commit in (ADR 0033).

Each thread has its own PostgreSQL connection. SQLite cannot run these (its
shared in-memory test database reports 'table is locked' to concurrent
writers, and it allows one writer at a time anyway); there the sealer has
nothing to order (``test_sealing.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import groupby

import pytest
from django.db import connection, transaction

from tandem.audit.models import Action, AuditEvent
from tandem.audit.seal import seal, waiting
from tandem.audit.services import record
from tandem.audit.verify import first_break

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Concurrent writers need PostgreSQL: deselected on SQLite (conftest.py).
    pytest.mark.postgresql,
]

WRITERS = 8
TRANSACTIONS = 12
ROWS = 3


class RolledBack(Exception):
    pass


def append(what: str) -> None:
    record(actor=None, action=Action.VIEW, object_type="test.Thing", what=what)


def in_threads(targets: list[Callable[[], object]]) -> list[object]:
    """Run each target on its own connection, released together; their results."""
    barrier = threading.Barrier(len(targets))
    results: list[object] = [None] * len(targets)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = targets[i]()
        except Exception as exc:  # anything else is a failure of the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def sealed_chain() -> list[dict[str, object]]:
    return list(AuditEvent.objects.order_by("seq").values("seq", "what", "txid", "id"))


def test_concurrent_writers_and_sealers_lose_duplicate_and_reorder_nothing():
    writing = threading.Event()
    writing.set()

    def writer(w: int) -> Callable[[], list[str]]:
        def write() -> list[str]:
            kept = []
            for t in range(TRANSACTIONS):
                rows = [f"w{w:02} t{t:02} r{r}" for r in range(ROWS)]
                try:
                    with transaction.atomic():
                        for what in rows:
                            append(what)
                        if t % 4 == 3:
                            raise RolledBack
                except RolledBack:
                    continue
                kept += rows
            return kept

        return write

    def sealer() -> int:
        sealed = 0
        while writing.is_set():
            sealed += seal(batch=7)
        return sealed

    def last_writer_done(write: Callable[[], list[str]]) -> Callable[[], list[str]]:
        def run() -> list[str]:
            try:
                return write()
            finally:
                done.append(1)
                if len(done) == WRITERS:
                    writing.clear()

        return run

    done: list[int] = []
    results = in_threads([last_writer_done(writer(w)) for w in range(WRITERS)] + [sealer, sealer])
    assert not [r for r in results if isinstance(r, Exception)]
    sealed_while_writing = sum(r for r in results[WRITERS:] if isinstance(r, int))
    sealed_after = seal()
    expected = [what for r in results[:WRITERS] if isinstance(r, list) for what in r]

    chain = sealed_chain()
    assert sealed_while_writing + sealed_after == len(chain) == len(expected)
    assert waiting().rows == 0
    # Nothing lost, nothing duplicated, nothing from a rolled-back transaction.
    assert sorted(str(row["what"]) for row in chain) == sorted(expected)
    assert [row["seq"] for row in chain] == list(range(1, len(chain) + 1))
    assert first_break() == (len(chain), None)
    # Nothing reordered: the chain follows (transaction, row) order, so each
    # transaction's rows sit together in the order they were written, and each
    # writer's transactions follow one another.
    assert [(row["txid"], row["id"]) for row in chain] == sorted(
        (row["txid"], row["id"]) for row in chain
    )
    runs = [(txn, [str(r["what"])[-2:] for r in rows]) for txn, rows in groupby(chain, key=label)]
    assert all(rows == [f"r{r}" for r in range(ROWS)] for _, rows in runs)
    assert len({txn for txn, _ in runs}) == len(runs)
    for w in range(WRITERS):
        mine = [txn for txn, _ in runs if txn.startswith(f"w{w:02}")]
        assert mine == sorted(mine)


def label(row: dict[str, object]) -> str:
    return str(row["what"])[:7]


def test_a_transaction_that_wrote_first_and_commits_last_is_sealed_in_its_place():
    slow_has_written, slow_may_commit = threading.Event(), threading.Event()

    def slow() -> None:
        with transaction.atomic():
            append("slow")
            slow_has_written.set()
            assert slow_may_commit.wait(timeout=60)

    def fast() -> list[object]:
        assert slow_has_written.wait(timeout=60)
        append("fast")
        # The slow transaction may still add rows before 'fast': seal nothing.
        outcome: list[object] = [seal(), waiting().rows]
        slow_may_commit.set()
        return outcome

    results = in_threads([slow, fast])
    assert results == [None, [0, 1]]
    assert seal() == 2
    assert [row["what"] for row in sealed_chain()] == ["slow", "fast"]
    assert first_break() == (2, None)


def test_two_sealers_at_once_seal_each_row_once():
    for i in range(120):
        append(f"row {i}")
    results = in_threads([lambda: seal(batch=25), lambda: seal(batch=25)])
    assert sum(r for r in results if isinstance(r, int)) == 120
    assert [row["what"] for row in sealed_chain()] == [f"row {i}" for i in range(120)]
    assert first_break() == (120, None)
