from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.audit.seal import OVERDUE, seal, waiting
from tandem.audit.verify import first_break


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and report the first broken link, "
        "and how many rows wait to be sealed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seal",
            action="store_true",
            dest="seal_first",
            help="seal every settled row before checking",
        )

    def handle(self, *args: Any, seal_first: bool, **options: Any) -> None:
        if seal_first:
            self.stdout.write(f"Sealed {seal()} rows.")
        checked, broken = first_break()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at row {broken.seq}: {broken.reason}. "
                f"{checked} rows before it are intact."
            )
        unsealed = waiting()
        if unsealed.overdue:
            minutes = int(OVERDUE.total_seconds() // 60)
            raise CommandError(
                f"Audit chain intact: {checked} rows verified, but {unsealed}: "
                f"more than {minutes} minutes. Check that audit_seal is running."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {checked} rows verified; {unsealed}.")
        )
