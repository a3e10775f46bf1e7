"""Messages and attachments are written once; the database refuses the rest.

Migration ``0002_messages_are_immutable`` installs triggers that refuse every
UPDATE and DELETE of a message or attachment row, on PostgreSQL and SQLite.
Records are kept for the retention period and then erased as a whole, so
there is one way to remove rows: inside ``erasing_messages()``, which a
retention job (or a test database being emptied) uses deliberately. Nothing
can change a message in place.

- PostgreSQL: the trigger lets a DELETE through only when the transaction has
  set ``tandem.erasing_messages`` to ``on`` (``SET LOCAL``, so it ends with the
  transaction). ``TRUNCATE`` fires no row triggers; only the table owner can
  run it.
- SQLite: the trigger asks the connection's ``tandem_erasing_messages()``
  function, which this app registers on every connection Django opens and
  which answers from this module's flag. A connection Django did not open
  (the ``sqlite3`` shell) has no such function, so the DELETE fails there too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

SQLITE_FUNCTION = "tandem_erasing_messages"
PG_SETTING = "tandem.erasing_messages"

_state = threading.local()


def erasing() -> bool:
    return bool(getattr(_state, "erasing", False))


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: give SQLite connections the erasure check."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(erasing()))


@contextmanager
def erasure_flag() -> Iterator[None]:
    """Only the flag SQLite's trigger asks, for this thread.

    For emptying a SQLite test database between tests (Django flushes it with
    DELETE; PostgreSQL is truncated, which no row trigger sees). Use
    ``erasing_messages`` for anything else.
    """
    previous = erasing()
    _state.erasing = True
    try:
        yield
    finally:
        _state.erasing = previous


@contextmanager
def erasing_messages() -> Iterator[None]:
    """Allow message and attachment rows to be deleted (never updated) in this block.

    For erasing whole records at the end of their retention period, and for
    emptying a test database; never for removing one message from a thread.
    """
    with erasure_flag():
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PG_SETTING])
                try:
                    yield
                finally:
                    # Inside an outer transaction the setting would outlive this block.
                    if not connection.needs_rollback:
                        cursor.execute("SELECT set_config(%s, 'off', true)", [PG_SETTING])
        else:
            yield


def empty_message_tables() -> None:
    """Erase every message and attachment: for tests that commit rows.

    Django empties a SQLite test database with DELETE after each transactional
    (browser) test, which the triggers refuse; calling this first leaves those
    tables empty. PostgreSQL test databases are truncated, but this works there too.
    """
    from tandem.messaging.models import Attachment, Message

    with erasing_messages():
        Attachment.objects.all()._raw_delete(Attachment.objects.db)
        Message.objects.all()._raw_delete(Message.objects.db)
