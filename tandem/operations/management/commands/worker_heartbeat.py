"""``manage.py worker_heartbeat``: queue the heartbeat task for a worker.

Run it from cron every minute. /readyz/ and the ``tandem_worker_heartbeat_age_seconds``
metric then show how long ago a worker last took queued work (HAZ-250, HAZ-251).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.operations import heartbeat


class Command(BaseCommand):
    help = "Queue the worker heartbeat task (every minute from cron)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--here",
            action="store_true",
            help="beat from this process instead of queueing (checks only the database)",
        )

    def handle(self, *args: Any, here: bool, **options: Any) -> None:
        if here:
            self.stdout.write(f"Heartbeat written at {heartbeat.beat():%H:%M:%S}.")
            return
        from tandem.operations.tasks import worker_heartbeat

        result = worker_heartbeat.enqueue()
        self.stdout.write(f"Queued the worker heartbeat as task {result.id}.")
