"""``manage.py check_diaries``: the nightly early-warning sweep.

Judges every diary shared with a care team up to yesterday against the
person's own usual and raises alerts for new episodes (changes from their
usual, check-ins missed) in the team's queue. Safe to run more than once a
night: an episode raises one alert, even after it is closed. Run it from cron
once a night, after midnight in the service's time zone (docs/early-warning.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.audit import context
from tandem.diary import deterioration_sweep


class Command(BaseCommand):
    help = "Check shared diaries against each person's usual and raise alerts for new changes"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            default=None,
            help="Run as if today were this date (YYYY-MM-DD); yesterday is the day judged",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date written as YYYY-MM-DD") from exc
        token = context.begin()
        try:
            summary = deterioration_sweep.run(today=today)
        finally:
            context.end(token)
        self.stdout.write(str(summary))
