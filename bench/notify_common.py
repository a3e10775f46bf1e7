"""Shared parts of the notify benchmarks (``notify_throughput.py``, ``notify_crash.py``).

Each benchmark makes its own PostgreSQL database, starts the local fake GOV.UK
Notify and ``manage.py db_worker`` processes on 127.0.0.1 only, and removes
everything when it stops, even after a failure. Timings are printed, never
asserted.

Run as a script (``python bench/notify_common.py queue ...``) it queues
synthetic reminders through ``tandem.notify.services.queue_message``, the same
path the appointments app uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
API_KEY = "tandem_bench-11111111-1111-4111-8111-111111111111-22222222-2222-4222-8222-222222222222"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database(name: str) -> Iterator[str]:
    """A fresh database, dropped afterwards."""
    from run import recreate_database

    recreate_database(SERVER_URL, name)
    try:
        yield f"{SERVER_URL}/{name}"
    finally:
        with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def environment(database_url: str, notify_port: int, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tandem.settings",
            "DATABASE_URL": database_url,
            "TANDEM_SECRET_KEY": secrets.token_urlsafe(50),
            "TANDEM_PRODUCTION": "0",
            "TANDEM_LOG_LEVEL": "WARNING",
            # Workers are long-lived: keep their database connection between
            # tasks rather than reconnecting for each one.
            "TANDEM_DB_CONN_MAX_AGE": os.environ.get("TANDEM_DB_CONN_MAX_AGE", "300"),
            "TANDEM_NOTIFY_BASE_URL": f"http://127.0.0.1:{notify_port}",
            "TANDEM_NOTIFY_API_KEY": API_KEY,
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    env.pop("TANDEM_TESTING", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout


def start(env: dict[str, str], *command: str) -> subprocess.Popen[bytes]:
    # Its own process group, so it can be stopped (or killed) with its children.
    return subprocess.Popen(
        [sys.executable, *command], env=env, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def start_fake(
    env: dict[str, str], port: int, *, reply_delay: float = 0.0, rate_limit: int | None = None
) -> subprocess.Popen[bytes]:
    limit = ["--rate-limit", str(rate_limit)] if rate_limit else []
    process = start(
        env,
        "-m",
        "tandem.notify.fake_notify",
        "--port",
        str(port),
        "--reply-delay",
        str(reply_delay),
        *limit,
    )
    for _ in range(100):
        with suppress(OSError):
            received(port)
            return process
        time.sleep(0.1)
    raise RuntimeError("the fake Notify did not start")


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return start(
        env, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay",
        "--interval", "0.2", "--worker-id", f"bench-{secrets.token_hex(4)}",
    )  # fmt: skip


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def received(port: int) -> list[dict[str, object]]:
    url = f"http://127.0.0.1:{port}/_fake/notifications"
    with urllib.request.urlopen(url, timeout=30) as response:
        data = json.load(response)
    assert isinstance(data, list)
    return data


def stats(port: int) -> dict[str, int]:
    """How many the fake received, under how many references, and refused (429)."""
    url = f"http://127.0.0.1:{port}/_fake/stats"
    with urllib.request.urlopen(url, timeout=30) as response:
        data = json.load(response)
    assert isinstance(data, dict)
    return {str(k): int(v) for k, v in data.items()}


def count(database_url: str, query: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


def facts(database_url: str) -> dict[str, str]:
    model = "unknown"
    with suppress(OSError, subprocess.SubprocessError):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        found = re.search(r"^Model name:\s*(.+)$", lscpu, re.MULTILINE)
        model = found.group(1).strip() if found else model
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} cores ({model})",
        "python": platform.python_version(),
        "postgresql": str(row[0]) if row else "unknown",
    }


def queue_reminders(env: dict[str, str], *, people: int, each: int) -> float:
    """Queue ``people * each`` reminders, due now; returns the seconds it took."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(Path(__file__)), "queue", str(people), str(each)],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    return time.monotonic() - started


def _queue(people: int, each: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import transaction

    from tandem.notify.services import queue_message
    from tandem.people.models import CareTeam, CaseloadEntry, Organisation, ServiceUser, User
    from tandem.preferences.models import ContactPreferences

    org = Organisation.objects.create(name="Synthetic Bench Trust")
    team = CareTeam.objects.create(organisation=org, name="Riverside Team", slug="riverside")
    staff = User.objects.create_user("bench.staff@example.org", full_name="Bench Staff")
    for first in range(0, people, 50):
        # One transaction per 50 people, not one each: setting up is not what is timed.
        with transaction.atomic():
            for n in range(first, min(people, first + 50)):
                person = ServiceUser.objects.create(
                    given_name=f"Person{n}",
                    family_name="Bench",
                    date_of_birth=dt.date(1980, 1, 1),
                    # Ofcom's drama range: fictional numbers.
                    phone=f"+4477009{n % 900:05d}",  # never ending 998 or 999 (fake failures)
                    email=f"person{n}@example.org",
                )
                CaseloadEntry.objects.create(service_user=person, team=team)
                ContactPreferences.objects.create(
                    service_user=person, recorded_by=staff, by_sms=True, preferred_channel="sms"
                )
                for k in range(each):
                    queue_message(
                        actor=None,
                        recipient=person,
                        template="appointment_reminder",
                        personalisation={"date": "Tuesday 1 December", "time": f"{9 + k % 8}:00am"},
                        about_key=f"appointment:{n}:{k}",
                        idempotency_key=f"appointment:{n}:{k}:reminder",
                        team=team,
                    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["queue"])
    parser.add_argument("people", type=int)
    parser.add_argument("each", type=int)
    args = parser.parse_args()
    _queue(args.people, args.each)
