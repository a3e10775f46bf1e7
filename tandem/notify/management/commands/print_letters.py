"""``manage.py print_letters OUT.pdf``: print every due letter as one PDF.

For services that post their own letters (``TANDEM_LETTERS=print``). Each
letter starts on a new page; people who need large print get it. The letters
are marked sent and the batch is kept in the database as printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.notify.services import print_letter_batch


class Command(BaseCommand):
    help = "Render due letters to one PDF for printing and posting"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="where to write the PDF")
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args: Any, out: Path, limit: int, **options: Any) -> None:
        if settings.TANDEM_LETTERS != "print":
            raise CommandError("Letters go through GOV.UK Notify here (TANDEM_LETTERS=notify).")
        batch = print_letter_batch(actor=None, limit=limit)
        if batch is None:
            self.stdout.write("No letters are due.")
            return
        out.write_bytes(bytes(batch.pdf))
        self.stdout.write(f"{batch.letters} letters, {batch.pages} pages: {out}")
