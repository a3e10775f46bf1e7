"""``manage.py apply_retention``: the nightly retention run (ADR 0045).

Reports the records past their retention period; erases them only when the
service has set TANDEM_RETENTION_ERASE=1 (or ``--erase`` is given by hand).
The run is audited with what it found and erased.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.operations import retention


class Command(BaseCommand):
    help = "Report (and, when switched on, erase) records past their retention period"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--erase",
            action="store_true",
            help="erase now even if TANDEM_RETENTION_ERASE is off (after checking a dry run)",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the full report as JSON"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the run for a task worker instead"
        )

    def handle(self, *args: Any, erase: bool, as_json: bool, enqueue: bool, **options: Any) -> None:
        if enqueue:
            from tandem.operations.tasks import apply_retention

            result = apply_retention.enqueue()
            self.stdout.write(f"Queued the retention run as task {result.id}.")
            return
        report = retention.run(now=None, erase=True if erase else None)
        self.stdout.write(report.summary())
        for pk, reason in sorted(report.kept.items()):
            self.stdout.write(f"Record {pk} kept: {reason}")
        if as_json:
            self.stdout.write(_dumps(report.as_dict()))


def _dumps(data: dict[str, object]) -> str:
    return json.dumps(data, indent=2)
