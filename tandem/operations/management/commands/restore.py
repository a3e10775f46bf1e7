"""``manage.py restore DIR``: restore a backup into an empty database and check it.

Point DATABASE_URL at a new, empty database (run no ``migrate`` first). The
command fails if the database is not empty, and if any table has fewer rows
or any file differs from the backup's manifest. Then run ``audit_verify``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the backup's directory")

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        try:
            result = restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.tables} tables ({result.rows} rows) and {result.files} files; "
                "every count matches the backup. Now run `manage.py audit_verify`."
            )
        )
