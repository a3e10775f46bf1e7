"""``manage.py send_due_messages``: the outbox sweep.

Sends every due message, recovers messages whose worker stopped mid-send
(after their lease runs out, checking GOV.UK Notify by reference first) and
checks delivery of sent ones. Each message normally has its own task queued
for it; run this from cron or a systemd timer every minute to catch anything
those tasks missed (a worker killed mid-task leaves its task 'running' for
ever). ``--every N`` keeps sweeping every N seconds until stopped.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.audit import context
from tandem.notify import outbox


class Command(BaseCommand):
    help = "Send due messages, recover interrupted ones and check delivery"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=0, help="repeat every N seconds")

    def handle(self, *args: Any, every: float, **options: Any) -> None:
        while True:
            token = context.begin()
            try:
                outcomes = outbox.sweep()
            finally:
                context.end(token)
            if outcomes or options["verbosity"] > 1:
                summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
                self.stdout.write(summary or "nothing due")
            if not every:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
