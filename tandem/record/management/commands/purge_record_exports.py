"""``manage.py purge_record_exports``: empty downloads past their seven days.

Each new download also purges expired ones, and an expired download can never
be fetched (the page answers 404), so this only bounds how long the bytes sit
in the database when nobody asks for a new one. Run it daily from cron.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.audit import context
from tandem.record import building


class Command(BaseCommand):
    help = "Empty record downloads whose seven days are over"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.begin()
        try:
            emptied = building.purge_expired()
        finally:
            context.end(token)
        self.stdout.write(f"Emptied {emptied} expired download(s)")
