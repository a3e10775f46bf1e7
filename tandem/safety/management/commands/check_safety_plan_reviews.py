"""``manage.py check_safety_plan_reviews``: tasks for plans past their review date.

For each safety plan whose next review date has passed, raises a task for every
team the person is open to, saying when it was due. Safe to run more than once
a day: a plan's due date raises one task, however often it is checked, until
a review sets a new date. Run it from cron daily (HAZ-092).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.audit import context
from tandem.safety import services


class Command(BaseCommand):
    help = "Raise team tasks for safety plans past their review date"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.begin()
        try:
            raised = services.raise_overdue_reviews()
        finally:
            context.end(token)
        self.stdout.write(f"Safety plan reviews checked: {raised} new tasks.")
