"""``manage.py audit_seal``: seal new audit rows into the hash chain (ADR 0033).

Run it from cron every minute. Safe to run again, or in several places at once:
sealers take turns and a sealed row is never sealed twice. Exits non-zero when
rows have waited too long afterwards (HAZ-190).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.audit.seal import seal, waiting


class Command(BaseCommand):
    help = "Seal audit rows written since the last run into the hash chain"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the seal_audit_chain task for a worker instead of sealing here",
        )

    def handle(self, *args: Any, enqueue: bool, **options: Any) -> None:
        if enqueue:
            from tandem.audit.tasks import seal_audit_chain

            result = seal_audit_chain.enqueue()
            self.stdout.write(f"Queued audit sealing as task {result.id}")
            return
        sealed = seal()
        unsealed = waiting()
        if unsealed.overdue:
            raise CommandError(f"Sealed {sealed} rows; {unsealed}, which is overdue.")
        self.stdout.write(f"Sealed {sealed} rows; {unsealed}.")
