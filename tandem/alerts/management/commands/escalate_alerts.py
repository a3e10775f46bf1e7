"""``manage.py escalate_alerts``: tell someone about alerts nobody has acknowledged.

Past an alert's response time its team's duty clinician is told (a task and
an email); later, its managers (HAZ-125). Safe to run as often as you like: a
step already taken is never repeated. Run it from cron every 15 minutes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.alerts import escalation
from tandem.audit import context


class Command(BaseCommand):
    help = "Escalate alerts past their response time to the duty clinician, then the managers"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.begin()
        try:
            run = escalation.escalate_due()
        finally:
            context.end(token)
        self.stdout.write(f"Alerts checked: {run.summary()}")
        if run.emails_failed:
            self.stderr.write(
                f"{len(run.emails_failed)} email(s) could not be sent; the tasks were raised."
            )
