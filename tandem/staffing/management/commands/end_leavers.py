"""End the accounts of staff whose leaving date has come (run nightly from cron,
just after midnight; the per-request check in tandem.staffing.middleware covers
a night it does not run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.audit import context
from tandem.staffing import services


class Command(BaseCommand):
    help = "End the accounts of staff whose leaving date is today or earlier."

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.begin()
        try:
            ended = services.apply_due_leavings()
        finally:
            context.end(token)
        self.stdout.write(f"Ended {len(ended)} accounts")
