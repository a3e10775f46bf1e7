"""``manage.py backup``: the database and stored files, with a manifest of counts.

Run it nightly (docs/operations.md, 'Backups'); it prints the backup's path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.operations.backup import BackupError, backup, read_manifest


class Command(BaseCommand):
    help = "Back up the database and stored files into a new directory"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--into",
            type=Path,
            default=None,
            help="where to make the backup's directory (default TANDEM_BACKUP_DIR)",
        )

    def handle(self, *args: Any, into: Path | None, **options: Any) -> None:
        try:
            made = backup(into=into or Path(settings.TANDEM_BACKUP_DIR))
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = read_manifest(made)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['files'])} files to {made}"
        )
