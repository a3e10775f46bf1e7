"""``manage.py check_care_plan_reviews``: remind care coordinators of reviews.

For each care plan whose review date is within two weeks (or already past),
raises a task for the team of each of the person's care coordinators (or each
team they are open to, if none has one), saying when it is due. Safe to run
more than once a day: a plan's review date raises one task, however often it
is checked, until a new version sets a new date. Run it from cron daily
(HAZ-230).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.audit import context
from tandem.careplans import services


class Command(BaseCommand):
    help = "Raise team tasks for care plans coming up to, or past, their review date"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.begin()
        try:
            raised = services.raise_review_reminders()
        finally:
            context.end(token)
        self.stdout.write(f"Care plan reviews checked: {raised} new tasks.")
