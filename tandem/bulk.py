"""Inserting many rows of one model at once, for work that adds tens of
thousands of records in one transaction (a caseload import and its audit rows).

On PostgreSQL this is COPY, several times faster than `bulk_create` at this size
because Django's per-value preparation and SQL building are skipped; elsewhere
(SQLite: the demo and the second test run) it is `bulk_create`. The caller
passes model instances, so Python-side defaults are filled in as usual; save()
and signals are not run, as with `bulk_create`. Row triggers (the audit log's
append-only rule) still fire.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 2000


def insert_all(objects: Sequence[models.Model]) -> None:
    """Insert ``objects`` (all of one model, primary keys not set). Their ``pk``
    is filled in only on the bulk_create path; look rows up afterwards by a
    natural key when it is needed."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return
    from psycopg import sql
    from psycopg.types.json import Jsonb

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    json = {f.attname for f in fields if isinstance(f, models.JSONField)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    names = [f.attname for f in fields]

    def row(obj: models.Model) -> list[Any]:
        values = [getattr(obj, name) for name in names]
        return [Jsonb(v) if name in json else v for name, v in zip(names, values, strict=True)]

    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row(row(obj))


# A write adding at least this many rows refreshes the planner's statistics
# (below it, autovacuum's own analyse threshold keeps up soon enough).
ANALYZE_AFTER = 1000


def analyze(models_written: Sequence[type[models.Model]]) -> None:
    """Refresh PostgreSQL's planner statistics for the tables of ``models_written``.

    Called after a large load commits: until autovacuum next analyses a table
    that grew from few rows to many, the planner still believes it is small and
    can pick plans that take minutes instead of milliseconds (seen with the FHIR
    export's bulk load, docs/performance.md). Nothing to do on SQLite."""
    if connection.vendor != "postgresql" or not models_written:
        return
    tables = sorted({m._meta.db_table for m in models_written})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
