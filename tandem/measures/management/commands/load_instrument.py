"""``manage.py load_instrument <file.json> --licence "..."``: add a questionnaire.

The same checks as the service admin's page: every problem in the file is
printed, and nothing is saved unless all pass. A changed questionnaire needs
a new version number. The licence note defaults to the file's 'licence'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.audit import context
from tandem.measures import instruments, services


class Command(BaseCommand):
    help = "Add a questionnaire from a JSON definition"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--licence", default="", help="Who holds the licence, and on what terms"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            _, data = instruments.parse_text(text)
        except instruments.InvalidDefinition as exc:
            raise CommandError(
                f"{path} cannot be used:\n" + "\n".join(f"- {p}" for p in exc.problems)
            ) from exc
        licence = options["licence"] or str(data.get("licence", ""))
        token = context.begin()
        try:
            added = services.add_instrument(actor=None, definition=data, licence_note=licence[:300])
        except services.InvalidInput as exc:
            raise CommandError(str(exc)) from exc
        finally:
            context.end(token)
        self.stdout.write(f"Added {added.short_title} (version {added.version}).")
