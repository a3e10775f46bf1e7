"""``manage.py check_continuity``: the daily continuity checks (HAZ-052).

Raises tasks for each team's managers where planned contact was not booked or
not held, where a person has not been seen for longer than the team's limit,
and where a caseload has nobody covering it. Safe to run more than once a day:
a cause already raised is not raised again. Run it from cron daily.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.appointments import continuity
from tandem.audit import context


class Command(BaseCommand):
    help = "Raise manager tasks where contact may be quietly stopping"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the check_continuity task for a worker instead of running it here",
        )

    def handle(self, *args: Any, enqueue: bool, **options: Any) -> None:
        if enqueue:
            from tandem.appointments.tasks import check_continuity

            result = check_continuity.enqueue()
            self.stdout.write(f"Queued continuity checks as task {result.id}")
            return
        token = context.begin()
        try:
            raised = continuity.check_all_teams()
        finally:
            context.end(token)
        total = sum(raised.values())
        self.stdout.write(f"Continuity checks done: {total} new tasks in {len(raised)} teams.")
        for slug, count in raised.items():
            if count:
                self.stdout.write(f"  {slug}: {count}")
