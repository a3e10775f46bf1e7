"""``manage.py send_check_in_reminders``: today's diary and questionnaire reminders.

For every open check-in schedule whose reminder time has passed today (in the
service's time), on a day it is due, with nothing answered yet today, queues
the 'check_in_reminder' message (which says only that a check-in is ready,
never what it asks). Each schedule gets at most one reminder a day, however
often this runs: run it from cron every 15 minutes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.audit import context
from tandem.diary import reminders


class Command(BaseCommand):
    help = "Queue today's check-in reminders that are due"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.begin()
        try:
            run = reminders.send_check_in_reminders()
        finally:
            context.end(token)
        self.stdout.write(
            f"Check-in reminders: {run.queued} queued, {run.unreachable} not sent because "
            "the person has no agreed way to be reached."
        )
