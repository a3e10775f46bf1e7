from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.audit.verify import first_break


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = first_break()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at row {broken.seq}: {broken.reason}. "
                f"{checked} rows before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} rows verified."))
