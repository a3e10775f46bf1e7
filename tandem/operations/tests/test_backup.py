"""Backups that restore: a seeded service is backed up, restored into an empty
database, and every table's rows and every stored file are found again, with the
audit chain intact; a restore that lost rows, or one into a database in use, is
refused (HAZ-252). Runs on SQLite here and on PostgreSQL in CI's PostgreSQL pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tandem.audit.seal import seal
from tandem.messaging.attachments import check_file
from tandem.messaging.tests import files
from tandem.messaging.tests.helpers import sam_writes
from tandem.operations.backup import BackupError, backup, restore, table_counts
from tandem.safety.tests.helpers import write_plan
from tests.personas import Personas

# transactional_db (not the marker): pg_dump sees only committed rows, and the
# root conftest lets SQLite's flush erase the messages only for this fixture.
ROOT = Path(__file__).resolve().parents[3]


def pg_admin() -> psycopg.Connection[Any]:
    live = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=live["HOST"] or None,
        port=live["PORT"] or None,
        user=live["USER"] or None,
        password=live["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Settings for a new, empty database of the same kind as the one under test."""
    live = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**live, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{live['NAME']}_restored"
    with pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**live, "NAME": name}
    with pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(database: dict[str, Any]) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] or "postgres"
    secret = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{user}{secret}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def test_a_seeded_service_restores_whole_into_an_empty_database(
    transactional_db: None, personas: Personas, tmp_path: Path, empty_database: dict[str, Any]
) -> None:
    # Given a service with messages (one with an attachment), a safety plan,
    # sealed audit rows and a stored file
    with_file = check_file(files.upload("diary.png", files.png_bytes()))
    sam_writes(personas, files=[with_file])
    sam_writes(personas, subject="Another", body="Second synthetic message")
    write_plan(personas.clinician, personas.su)
    assert seal() > 0
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "letters").mkdir(parents=True)
    (settings.MEDIA_ROOT / "letters" / "batch-1.pdf").write_bytes(b"%PDF-1.7 synthetic")
    live = table_counts()
    assert live["messaging_message"] == 2 and live["messaging_attachment"] == 1

    # When it is backed up, and restored on a new server into an empty database
    made = backup(into=tmp_path / "backups")
    manifest = json.loads((made / "manifest.json").read_text())
    assert {t: manifest["tables"][t] for t in live} == live
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    result = restore(source=made, database=empty_database)

    # Then every row and file is there and the audit chain verifies
    assert result.rows == sum(manifest["tables"].values()) and result.files == 1
    assert (settings.MEDIA_ROOT / "letters" / "batch-1.pdf").read_bytes() == b"%PDF-1.7 synthetic"
    env = {**os.environ, "DATABASE_URL": database_url(empty_database), "TANDEM_TESTING": "1"}
    verified = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr
    assert f"Audit chain intact: {live['audit_auditevent']} rows verified" in verified.stdout

    # A second restore over it is refused: a restore never mixes into live data
    with pytest.raises(BackupError, match="not empty"):
        restore(source=made, database=empty_database)


def test_a_restore_missing_rows_or_files_fails_loudly(
    transactional_db: None, personas: Personas, tmp_path: Path, empty_database: dict[str, Any]
) -> None:
    sam_writes(personas)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "kept.txt").write_text("synthetic")
    made = backup(into=tmp_path)
    manifest = json.loads((made / "manifest.json").read_text())
    # As if rows had been lost between backup and restore.
    manifest["tables"]["messaging_message"] += 1
    (made / "manifest.json").write_text(json.dumps(manifest))
    (made / "files" / "kept.txt").unlink()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(BackupError) as refused:
        restore(source=made, database=empty_database)
    assert "table messaging_message has 1 rows, the backup counted 2" in str(refused.value)
    assert "file kept.txt is missing or differs" in str(refused.value)
