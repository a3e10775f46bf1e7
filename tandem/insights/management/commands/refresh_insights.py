"""``manage.py refresh_insights``: rebuild the insights roll-up.

Works out the appointment figures the insights report reads (counts by team,
month, way and group; each person's booked months; remote work per clinician
and day; people who may have disengaged today) from the records, in one
transaction, and records when. Safe to run at any time and more than once:
each run replaces the whole roll-up. Run it from cron once a night, and by
hand when a manager needs today's figures (docs/insights.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.insights import rollup


class Command(BaseCommand):
    help = "Rebuild the figures the insights report reads"

    def handle(self, *args: Any, **options: Any) -> None:
        build = rollup.refresh()
        self.stdout.write(
            f"Insights figures built as of {build.built_at:%Y-%m-%d %H:%M} "
            f"({build.first_month:%B %Y} to {build.last_month:%B %Y}) in {build.took_ms} ms"
        )
