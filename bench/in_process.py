"""What the in-process benchmarks share: Django set up against a throwaway
PostgreSQL database, common options, logging and percentiles.

Each benchmark builds its own data in its own database (named by
``--database``) and drops it afterwards unless ``--keep-db`` is given.

``--smoke`` (every benchmark takes it) runs at a tiny size in seconds, only to
prove the script still works: tests/test_benchmarks_run.py runs each one so.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys

SMOKE = "--smoke" in sys.argv


def size(full: int, smoke: int) -> int:
    """``full`` for a measurement, ``smoke`` for a run that only proves it works."""
    return smoke if SMOKE else full


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parser(description: str, *, database: str) -> argparse.ArgumentParser:
    """An argument parser with the options every in-process benchmark takes."""
    found = argparse.ArgumentParser(description=description)
    found.add_argument("--database", default=database)
    found.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    found.add_argument("--keep-db", action="store_true")
    found.add_argument("--smoke", action="store_true", help="a tiny run, to prove it works")
    return found


def setup_django(database_url: str) -> None:
    """Point Django at ``database_url`` with production settings and migrate it."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tandem.settings",
            "DATABASE_URL": database_url,
            "TANDEM_SECRET_KEY": secrets.token_urlsafe(50),
            "TANDEM_LOG_LEVEL": "WARNING",
        }
    )
    # Test settings would swap in the in-memory email backend and the like.
    os.environ.pop("TANDEM_TESTING", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], share: float) -> float:
    """The value at ``share`` (0 to 1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def close_and_drop(args: argparse.Namespace) -> None:
    """End a benchmark: close Django's connections, then drop its database
    unless ``--keep-db`` was given (run it in ``finally``, so a failure cleans up too)."""
    from django.db import connections
    from run import drop_database

    connections.close_all()
    if not args.keep_db:
        drop_database(args.server_url, args.database)
        log(f"dropped {args.database}")
