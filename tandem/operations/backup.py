"""Backups that restore: the database and the stored files, with a manifest.

A backup is one directory holding

- ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3``
  (SQLite's online backup, safe while the app writes, unlike copying the file);
- ``files/``, a copy of MEDIA_ROOT (message attachments and record downloads
  are in the database itself, so this is empty on most services);
- ``manifest.json``: when, which engine, the row count of every table and the
  SHA-256 of every file, which the restore checks against what it restored.

A restore goes only into an empty database, and fails loudly if any table's
count or any file differs from the manifest (HAZ-252). Connection details go
to pg_dump and pg_restore through their environment, never their arguments,
so the password is not on the process list.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FILES = "files"


class BackupError(Exception):
    """A backup or restore that cannot be trusted; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int


def _engine(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    env["PGDATABASE"] = str(database["NAME"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def sqlite_table_counts(path: Path) -> dict[str, int]:
    """The same counts, read from a SQLite file Django is not connected to."""
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


def file_hashes(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(*, into: Path, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a new backup directory under ``into`` and return its path."""
    connection = connections[alias]
    database = connection.settings_dict
    engine = _engine(database)
    target = into / f"tandem-{timezone.now():%Y%m%dT%H%M%S%f}"
    target.mkdir(parents=True)
    if engine == "postgresql":
        # Counted before the dump: on a live service rows added in between are in
        # the dump but not the manifest, which a restore finds as more, never fewer.
        counts = pg_table_counts(database)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / PG_DUMP)],
            _pg_env(database),
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(target / SQLITE_COPY) as copy:
            connection.connection.backup(copy)
        copy.close()
        # SQLite's copy is a consistent snapshot: count what was copied.
        counts = sqlite_table_counts(target / SQLITE_COPY)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / FILES)
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "tables": counts,
        "files": file_hashes(target / FILES),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((source / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is not a Tandem backup: no readable {MANIFEST}.") from error


def compare(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    """Every table whose restored count falls short of the manifest's."""
    problems = []
    for table, rows in sorted(expected.items()):
        if table not in found:
            problems.append(f"table {table} is missing")
        elif found[table] < rows:
            problems.append(f"table {table} has {found[table]} rows, the backup counted {rows}")
    return problems


def pg_table_counts(database: dict[str, Any]) -> dict[str, int]:
    """Rows in every table of a PostgreSQL database Django may not be connected to."""
    import psycopg
    from psycopg import sql

    params = {
        "dbname": database["NAME"],
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        counts = {}
        for table in sorted(tables):
            query = sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            row = db.execute(query).fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


def restore(*, source: Path, database: dict[str, Any] | None = None) -> RestoreResult:
    """Restore ``source`` into an empty database and MEDIA_ROOT, then check both.

    ``database`` is a Django database settings dict; by default the app's own
    (DATABASE_URL), whose connection is closed first.
    """
    manifest = read_manifest(source)
    if database is None:
        connections[DEFAULT_DB_ALIAS].close()
        database = connections[DEFAULT_DB_ALIAS].settings_dict
    engine = _engine(database)
    if engine != manifest["engine"]:
        raise BackupError(f"This backup is of {manifest['engine']}; the database is {engine}.")
    if engine == "postgresql":
        if pg_table_counts(database):
            raise BackupError("The database is not empty: restore only into a new one.")
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                str(database["NAME"]),
                str(source / PG_DUMP),
            ],
            _pg_env(database),
        )
        found = pg_table_counts(database)
    else:
        path = Path(str(database["NAME"]))
        if path.exists() and sqlite_table_counts(path):
            raise BackupError("The database is not empty: restore only into a new one.")
        with sqlite3.connect(source / SQLITE_COPY) as copy, sqlite3.connect(path) as into:
            copy.backup(into)
        copy.close()
        into.close()
        found = sqlite_table_counts(path)
    problems = compare(manifest["tables"], found)
    media = Path(settings.MEDIA_ROOT)
    if (source / FILES).is_dir():
        shutil.copytree(source / FILES, media, dirs_exist_ok=True)
    restored_files = file_hashes(media)
    for name, digest in sorted(manifest["files"].items()):
        if restored_files.get(name) != digest:
            problems.append(f"file {name} is missing or differs")
    if problems:
        raise BackupError("The restore is incomplete: " + "; ".join(problems))
    return RestoreResult(tables=len(found), rows=sum(found.values()), files=len(manifest["files"]))
