"""Reads every signed-in request makes, as SQL of a fixed shape built once per process.

Why: the session, the verified device and the account are read on every
signed-in request, always the same query with a different key, and the ORM
spent more CPU building each of them than the database spent answering
(issue 18: about a quarter of a light page's CPU, before its view ran). Here
their SQL is written out once per process from the models' own tables and
columns, so a new column is read as soon as the model has it, and each row
becomes a model instance exactly as the ORM would make it, with the same
conversions of the database's values (ADR 0085).

Only reads of one table or a few joined by primary key belong here: anything
with the access module's rules stays with the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

M = TypeVar("M", bound=Model)


def vendor() -> str:
    return str(connections[DEFAULT_DB_ALIAS].vendor)


def quoted(name: str) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)


def select_list(model: type[Model], alias: str) -> str:
    """Every column of ``model`` as ``alias``."column", in the model's order."""
    return _select_list(model, alias, vendor())


@cache
def _select_list(model: type[Model], alias: str, vendor: str) -> str:
    del vendor  # the key only: quote_name is the vendor's
    return ", ".join(f"{alias}.{quoted(field.column)}" for field in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)


@cache
def _shape(model: type[Model], vendor: str) -> tuple[list[str], int, tuple[Any, ...]]:
    """The model's attribute names, where its primary key is, and per column what
    the ORM would apply to the database's value (SQLite's dates and times arrive
    as text, for example). The converters are the first connection's; they read
    only settings that every connection to the database shares."""
    del vendor  # the key only: the connection below is of this vendor
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    converters = []
    for field in meta.concrete_fields:
        column = field.get_col(meta.db_table)
        # As the ORM's compiler gathers them (SQLCompiler.get_converters).
        found = (*connection.ops.get_db_converters(column), *column.get_db_converters(connection))
        converters.append((column, found))
    names = [field.attname for field in meta.concrete_fields]
    return names, names.index(meta.pk.attname), tuple(converters)


def instance(model: type[M], values: Sequence[Any]) -> M | None:
    """A ``model`` made from its columns' ``values`` as the ORM makes one (None
    when the primary key is NULL: a left join that found no row)."""
    connection = connections[DEFAULT_DB_ALIAS]
    names, pk_at, converters = _shape(model, connection.vendor)
    if values[pk_at] is None:
        return None
    converted = list(values)
    for n, (column, each) in enumerate(converters):
        for convert in each:
            converted[n] = convert(converted[n], column, connection)
    return model.from_db(DEFAULT_DB_ALIAS, names, converted)


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
