"""Every benchmark in bench/ still runs (issue 18): each script at a tiny size.

A benchmark that nobody runs breaks unseen (two once crashed for weeks). Each
script here runs as ``make bench`` or its docstring runs it, with ``--smoke``
or its size options turned right down, and must exit 0. What the figures say is
not asserted: only that the script still measures something and prints it.

The scripts that need PostgreSQL run on the PostgreSQL pass, several at once,
each in its own throwaway database copied from one migrated template.
A new script in bench/ fails ``test_every_script_is_run`` until it is listed.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"

# Imported by the scripts, not run on their own.
LIBRARIES = {
    "in_process.py", "consult_common.py", "notify_common.py", "sessions.py", "video_browser.py",
    "early_warning_sim4_why.py", "worrying_words_normalise.py",
}  # fmt: skip
# Run by bench/run.py (its --smoke run runs it too).
RUN_BY_RUN = {"breakdown.py"}
# Run by a test of its own below (it needs data made first).
RUN_ON_OWN_DATA = {"early_warning_heldout.py"}

WITHOUT_DATABASE = {
    "early_warning_simulation.py": ["--people", "20"],
    "worrying_words.py": ["--texts", "50"],
    "worrying_words_meaning.py": ["--smoke", "--long", "1"],
    "structure.py": ["--no-duplicates"],
    "group_call.py": ["--sizes", "1", "--seconds", "1"],
    "early_warning_round3.py": [
        "--sim",
        "1:5",
        "--sim",
        "4:43",
        "--sim",
        "5:53",
        "--sim",
        "6:61",
        "--sim",
        "7:71",
        "--sim",
        "8:81",
        "--sim",
        "9:91",
        "--people",
        "3",
    ],
    "early_warning_near_miss.py": ["--sim", "7:71", "--people", "3"],
    "early_warning_learned.py": ["--sim", "2:19", "--sim", "9:91", "--people", "3"],
    "worrying_words_cross_set.py": ["--leave-out", "heldout.jsonl"],
    "worrying_words_encoders.py": ["--smoke", "--leave-out", "heldout.jsonl", "--normalise", "all"],
    "signalling_publish.py": ["--senders", "3", "--messages", "2", "--rounds", "1"],
}
WITH_POSTGRESQL = {
    "run.py": ["--smoke"],
    "appointments_slots.py": ["--smoke", "--runs", "1"],
    "appointments_booking.py": [
        "--smoke", "--workers", "1", "--per-worker", "2", "--contested-slots", "1",
    ],
    "audit_append.py": [
        "--concurrency", "2", "--seconds", "1", "--rounds", "1", "--backlog", "100",
    ],
    "caseload_import.py": ["--smoke", "--rows", "20"],
    "fhir_export.py": ["--smoke", "--people", "20"],
    "messaging_inbox.py": ["--smoke", "--runs", "1"],
    "insights_report.py": ["--smoke", "--runs", "1"],
    "early_warning_sweep.py": ["--smoke", "--people", "20"],
    "notify_throughput.py": ["--messages", "10", "--workers", "1"],
    "notify_crash.py": ["--messages", "10"],
    "consult_signalling.py": ["--smoke", "--steps", "2", "--seconds", "1", "--mode", "one"],
    "consult_time_to_video.py": ["--smoke", "--runs", "1"],
    "busy_pages_pair.py": ["--smoke"],
}  # fmt: skip


def script_environment(**extra: str) -> dict[str, str]:
    """The scripts set up their own settings; the test run's must not leak in."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TANDEM_TESTING"}}
    return {**env, **extra}


def run_script(name: str, arguments: list[str], env: dict[str, str]) -> tuple[str, int, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(BENCH / name), *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    took = f"{name} exited {done.returncode} after {time.monotonic() - started:.0f} s"
    return name, done.returncode, f"{took}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def test_every_script_is_run():
    scripts = {path.name for path in BENCH.glob("*.py")}
    covered = (
        LIBRARIES | RUN_BY_RUN | RUN_ON_OWN_DATA | set(WITHOUT_DATABASE) | set(WITH_POSTGRESQL)
    )
    assert scripts - covered == set(), "a benchmark this test does not run"
    assert covered - scripts == set(), "a benchmark listed here no longer exists"


def test_benchmarks_without_a_database_run():
    env = script_environment()
    for name, arguments in WITHOUT_DATABASE.items():
        _, status, output = run_script(name, arguments, env)
        assert status == 0, output


def test_early_warning_on_the_independent_simulator_runs(tmp_path: Path) -> None:
    data = tmp_path / "sim2"
    simulate = BENCH / "early_warning_sim2" / "simulate.py"
    made = subprocess.run(
        [sys.executable, str(simulate), "--people", "6", "--days", "150", "--seed", "3",
         "--out", str(data)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr[-3000:]
    env = script_environment(TANDEM_SECRET_KEY=secrets.token_urlsafe(50))
    _, status, output = run_script("early_warning_heldout.py", ["--data", str(data)], env)
    assert status == 0, output


def server_url() -> str:
    """The PostgreSQL server the test run uses, without a database name."""
    found = urlsplit(os.environ["DATABASE_URL"])
    return f"{found.scheme}://{found.netloc}"


@pytest.fixture
def template_database() -> Iterator[tuple[str, str]]:
    """One migrated database the scripts' own databases are copied from."""
    server, name = server_url(), f"tandem_smoke_{secrets.token_hex(4)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=script_environment(
                DATABASE_URL=f"{server}/{name}", TANDEM_SECRET_KEY=secrets.token_urlsafe(50)
            ),
            check=True,
        )
        yield server, name
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.mark.postgresql
def test_benchmarks_on_postgresql_run(template_database: tuple[str, str]) -> None:
    server, template = template_database
    env = script_environment(BENCH_POSTGRES_URL=server, BENCH_TEMPLATE_DATABASE=template)
    jobs = [
        (name, [*arguments, "--database", f"{template}_{n}"])
        for n, (name, arguments) in enumerate(WITH_POSTGRESQL.items())
    ]
    # Most of each script's time is starting processes and waiting on them.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: run_script(*job, env), jobs))
    failed = [output for _, status, output in results if status != 0]
    assert failed == [], "\n\n".join(failed)
