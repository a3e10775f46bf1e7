"""The busy pages' CPU per request, two versions of the code side by side in one run.

On a shared, busy machine two runs minutes apart differ by more than most
changes do, so this alternates the two request by request: two worker
processes, one running this tree's code and one another tree's (``--other``,
for example main unpacked with ``git archive main | tar -x -C /tmp/main``),
against the same seeded database, each asked for the same page in turn (which
goes first swaps every round). Each request goes through Django's test client,
the whole middleware stack with production settings and a kept database
connection, as gunicorn's threads keep theirs (ADR 0032). Per request: the
worker's CPU (``time.process_time``), its PostgreSQL backend's CPU (from
/proc: the server is on this machine) and the queries it ran.

    .venv/bin/python bench/pages_paired.py --other /tmp/main --database tandem_p18b --people 20000

The database is seeded with ``seed_demo --people N`` unless it exists already
(a database ``bench/run.py --keep-db`` left behind will do); it is kept.
``--smoke`` seeds a tiny one, asks one round, and drops it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402

SMOKE = "--smoke" in sys.argv
# (name, path, persona): paths in {braces} are filled from bench/sessions.py.
PAGES = (
    ("floor", "/healthz/", None),
    ("caseload (coordinated)", "/caseload/", "clinician"),
    ("caseload (team)", "/caseload/?show=team", "clinician"),
    ("service user home", "/me/", "service_user"),
    ("team inbox", "/messages/inbox/", "clinician"),
    ("alert queue", "/alerts/", "clinician"),
    ("person page", "{person}", "clinician"),
    ("slot search", "{slot_search}", "clinician"),
)


def arguments() -> argparse.Namespace:
    found = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    found.add_argument("--other", type=Path, help="the tree to compare with (default: this one)")
    found.add_argument("--database", default="tandem_bench_paired")
    found.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    found.add_argument("--people", type=int, default=20 if SMOKE else 20000)
    found.add_argument("--rounds", type=int, default=1 if SMOKE else 20)
    found.add_argument("--warm-up", type=int, default=1 if SMOKE else 3)
    found.add_argument("--smoke", action="store_true", help="a tiny run, to prove it works")
    found.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    return found.parse_args()


# --- A worker: one tree's code, one request at a time ------------------------------


def on_cpu(pid: int) -> float:
    """Seconds a process has run, to the nanosecond (/proc's schedstat; its
    stat counts in ticks of 10 ms, too coarse for one request)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def worker(tree: Path) -> None:
    """Answer lines on stdin: ``cookies`` (sign the personas in, name the pages)
    or ``get <persona|-> <path>`` (one request, measured)."""
    sys.path[:0] = [str(tree), str(BENCH)]
    os.chdir(tree)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from sessions import PERSONAS, session_cookie, slot_search_path

    from tandem.people.models import ServiceUser

    # Every module of Tandem comes from ``tree`` (sessions.py puts this tree on
    # the path too, but the package is already imported from ``tree``).
    assert Path(sys.modules["tandem"].__file__ or "").parent.parent == tree

    clients: dict[str, Client] = {"-": Client(HTTP_HOST="127.0.0.1")}
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for line in sys.stdin:
        command, *rest = line.split()
        if command == "cookies":
            cookies = {name: session_cookie(email) for name, email in PERSONAS.items()}
            sam = ServiceUser.objects.get(user__email=PERSONAS["service_user"])
            found = {
                "cookies": cookies,
                "person": f"/people/{sam.pk}/",
                "slot_search": slot_search_path(cookies["clinician"], sam) or "",
            }
            print(json.dumps(found), flush=True)
        elif command == "use":
            persona, cookie = rest
            client = Client(HTTP_HOST="127.0.0.1")
            name, _, key = cookie.partition("=")
            assert name == settings.SESSION_COOKIE_NAME
            client.cookies[name] = key
            clients[persona] = client
            print("{}", flush=True)
        else:
            persona, path = rest
            connection.ensure_connection()
            backend = connection.connection.info.backend_pid
            queries = 0
            db_started = on_cpu(backend)
            started = time.process_time()
            with connection.execute_wrapper(count):
                status = clients[persona].get(path).status_code
            cpu = time.process_time() - started
            db = on_cpu(backend) - db_started
            print(
                json.dumps({"status": status, "cpu": cpu, "db": db, "queries": queries}), flush=True
            )


class Worker:
    def __init__(self, tree: Path, env: dict[str, str]) -> None:
        self.tree = tree
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(tree)],
            cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def ask(self, line: str) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the worker for {self.tree} stopped")
        return dict(json.loads(answer))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


# --- The run -------------------------------------------------------------------


def seeded(args: argparse.Namespace, env: dict[str, str]) -> bool:
    """Seed the database unless it exists; whether it was made here."""
    with run.admin_connection(args.server_url) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database]).fetchone():
            run.log(f"using {args.database} as it is")
            return False
    run.recreate_database(args.server_url, args.database)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    run.log(f"seed_demo --people {args.people}")
    subprocess.run(
        [*manage, "seed_demo", "--people", str(args.people)],
        env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return True


def drop(args: argparse.Namespace) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{args.server_url}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(args.database))
        )


def median_of(samples: list[dict[str, Any]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples)


def main() -> int:
    args = arguments()
    if args.worker:
        worker(args.worker)
        return 0
    # bench/run.py's production settings, as its servers run, and its layout of
    # the variable directory (the built frontend beside collectstatic's place).
    var_dir = Path(tempfile.mkdtemp(prefix="tandem-bench-paired-"))
    if (ROOT / "var" / "frontend").exists():
        (var_dir / "frontend").symlink_to(ROOT / "var" / "frontend")
    env = run.environment(f"{args.server_url}/{args.database}", var_dir)
    made = seeded(args, env)
    # Where collectstatic would put files (none are served here): no warning at start.
    (Path(env["TANDEM_VAR_DIR"]) / "static").mkdir(parents=True, exist_ok=True)
    trees = {"this": ROOT, "other": (args.other or ROOT).resolve()}
    workers = {name: Worker(tree, env) for name, tree in trees.items()}
    try:
        # One set of sessions (made by this tree), used by both.
        found = workers["this"].ask("cookies")
        for each in workers.values():
            for persona, cookie in found["cookies"].items():
                each.ask(f"use {persona} {cookie}")
        pages = [(name, path.format(**found), persona or "-") for name, path, persona in PAGES]
        samples: dict[tuple[str, str], list[dict[str, Any]]] = {}
        load = [os.getloadavg()[0]]
        for round_number in range(args.warm_up + args.rounds):
            order = list(workers.items())
            if round_number % 2:
                order.reverse()
            for name, path, persona in pages:
                if not path:
                    continue
                for tree_name, each in order:
                    answer = each.ask(f"get {persona} {path}")
                    if answer["status"] != 200:
                        run.log(f"{tree_name}: {path} answered {answer['status']}")
                        return 1
                    if round_number >= args.warm_up:
                        samples.setdefault((name, tree_name), []).append(answer)
            load.append(os.getloadavg()[0])
    finally:
        for each in workers.values():
            each.close()
        if made and SMOKE:
            run.drop_database(args.server_url, args.database)
    print(f"this tree: {ROOT}; other: {trees['other']}; {args.rounds} rounds")
    print(f"load average (1 min) {min(load):.1f} to {max(load):.1f}")
    print("| page | other: app + db CPU ms | this: app + db CPU ms | ratio | queries |")
    print("|---|---|---|---:|---|")
    for name, _, _ in pages:
        other, this = samples.get((name, "other")), samples.get((name, "this"))
        if not other or not this:
            continue
        cost = {
            tree: (median_of(got, "cpu") * 1000, median_of(got, "db") * 1000)
            for tree, got in (("other", other), ("this", this))
        }
        ratio = sum(cost["other"]) / max(sum(cost["this"]), 1e-9)
        print(
            f"| {name} | {cost['other'][0]:.1f} + {cost['other'][1]:.1f}"
            f" | {cost['this'][0]:.1f} + {cost['this'][1]:.1f} | {ratio:.2f}x"
            f" | {median_of(other, 'queries'):g} -> {median_of(this, 'queries'):g} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
