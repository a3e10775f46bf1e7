"""``manage.py import_caseload FILE.csv --by admin@example.org``: bring in a caseload.

With ``--dry-run`` it reports every bad row by line and column and writes
nothing. A real run is all or nothing unless ``--skip-bad`` is given; the rows
it skipped are then written to ``--skipped FILE`` (default: FILE.skipped.csv)
to be mended and brought in again. Running the same file twice changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.errors import InvalidInput
from tandem.imports.rows import rows_on_lines
from tandem.imports.services import import_caseload
from tandem.people.models import User


class Command(BaseCommand):
    help = "Bring in people from a caseload file (CSV); see the README's 'Bringing in a caseload'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by", required=True, help="email of the service administrator doing it (audited)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--skip-bad", action="store_true", help="bring in the good rows, skip the bad ones"
        )
        parser.add_argument("--skipped", type=Path, help="where to write the skipped rows")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor = User.objects.filter(email=options["by"].lower(), is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account has the email {options['by']}")
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path} as UTF-8 text: {exc}") from exc
        bar = tqdm(
            total=max(len(lines) - 1, 0),
            unit="row",
            disable=options["no_progress"],
            file=sys.stderr,
        )
        try:
            report = import_caseload(
                actor=actor,
                lines=lines,
                file_name=path.name,
                dry_run=options["dry_run"],
                skip_bad=options["skip_bad"],
                progress=bar.update,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except InvalidInput as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        for problem in report.problems:
            self.stdout.write(f"line {problem.line}, {problem.column_label}: {problem.message}")
        self.stdout.write(report.summary)
        if report.problems and options["skip_bad"] and report.written:
            skipped = options["skipped"] or path.with_suffix(".skipped.csv")
            skipped.write_text(rows_on_lines(lines, set(report.bad_lines)), encoding="utf-8")
            self.stdout.write(f"The {len(report.bad_lines)} rows skipped are in {skipped}")
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif not report.written:
            raise CommandError(
                "Nothing was imported because some rows have problems. Mend them, or run "
                "again with --skip-bad to bring in the good rows now."
            )
