"""``manage.py seed_demo``: fill an empty database with a synthetic demo service."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.demo import builder, roster


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Build a synthetic demo service: one trust, three community teams, twenty staff, "
        "service users and carers, and the five fixed demo logins. Does nothing if the demo "
        "is already there. To start again, drop and re-create the database (the audit log "
        "is append-only, so demo rows are not deleted one by one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=positive,
            default=300,
            help="How many service users to create, including Sam (default 300).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=builder.DEFAULT_SEED,
            help=f"Random seed: the same seed, the same people (default {builder.DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=builder.DEFAULT_BATCH_SIZE,
            help=f"Rows per bulk insert (default {builder.DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        people = int(options["people"])
        try:
            builder.check_safe_to_seed()
        except builder.AlreadySeeded as exc:
            self.stdout.write(str(exc))
            return
        except builder.CannotSeed as exc:
            raise CommandError(str(exc)) from exc
        bar = tqdm(
            total=people,
            unit=" people",
            file=sys.stderr,
            disable=verbosity < 1,
            desc="Seeding",
            dynamic_ncols=True,
        )

        def advance(people_done: int) -> None:
            bar.update(people_done)

        try:
            result = builder.seed(
                people=people,
                seed=int(options["seed"]),
                batch_size=int(options["batch_size"]),
                progress=advance,
            )
        except builder.AlreadySeeded as exc:
            bar.close()
            self.stdout.write(str(exc))
            return
        except builder.CannotSeed as exc:
            bar.close()
            raise CommandError(str(exc)) from exc
        bar.close()
        secret_note = (
            f"every staff account shares the TOTP secret in {roster.TOTP_SECRET_ENV}"
            if roster.demo_totp_secret()
            else "each staff account has its own random TOTP secret"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded synthetic demo data in {result.seconds:.1f} s: {result.people} people, "
                f"{result.carers} carers, {result.staff} staff, {result.accounts} accounts."
            )
        )
        self.stdout.write(
            f"Password for every account: {roster.PASSWORD_ENV} or the default; {secret_note}. "
            "Run `manage.py demo_logins` to see the sign-ins."
        )
