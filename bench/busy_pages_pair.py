"""Two trees' code on the same database, side by side in one run: the floor and
the seven busy pages ``make bench`` measures, in CPU milliseconds a request (issue 18).

On a shared, busy machine the milliseconds of two runs made minutes apart are
not comparable; the ratio of two trees measured in turn, several rounds, is.
Each round runs every tree once in a fresh process (this script with
``--worker``, the tree's own code first on ``sys.path``), in turn ABBA... so
neither always goes first. Each worker signs dr.lee (and, for the home page,
Sam) in as ``bench/sessions.py`` does and requests each page through Django's
test client, some unmeasured then ``--requests`` measured; per request the
app's CPU (``time.process_time``) and its PostgreSQL backend's
(``/proc/<pid>/schedstat``: the server runs on this machine), the queries made
and the audit rows written. Each worker also reports a digest of each page's
HTML (CSRF fields and nonces blanked), so the run says whether the trees show
the same pages. Prints a table and JSON.

    PYTHONPATH=$PWD .venv/bin/python bench/busy_pages_pair.py --against /tmp/main-tree \\
        --people 20000 --rounds 3 --requests 15 --database tandem_pair --keep-db

It took in ``bench/pages_paired.py`` (the same pages, asked request by request
in two long-lived workers), so one script measures both page sets (issue 18).

``--against`` is another tree of the project (``git archive main | tar -x``);
without it only this tree is measured. The database is made and seeded
(``seed_demo --people N``) unless it already exists and ``--keep-db`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# (name, path, who asks): paths in {braces} are filled in by the worker.
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
# What changes between two views of the same page: the CSRF token and the nonce.
VOLATILE = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|csrf-token" content=")[^"]*')


def _backend_cpu_ms(pid: int) -> float:
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6


def worker(requests: int, warm_up: int) -> dict[str, Any]:
    """Run in a tree (its own code first on the path): measure each page."""
    sys.path.insert(0, str(Path.cwd() / "bench"))
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # The tree's own; importing it sets Django up.
    from sessions import PERSONAS, session_cookie, slot_search_path

    import tandem
    from tandem.audit.models import AuditEvent
    from tandem.people.models import ServiceUser

    # The floor is asked signed out, as bench/run.py asks it.
    clients: dict[str | None, Client] = {None: Client(HTTP_HOST="127.0.0.1")}
    cookies = {persona: session_cookie(email) for persona, email in PERSONAS.items()}
    for persona, cookie in cookies.items():
        clients[persona] = Client(HTTP_HOST="127.0.0.1")
        clients[persona].cookies[settings.SESSION_COOKIE_NAME] = cookie.partition("=")[2]
    sam = ServiceUser.objects.get(user__email=PERSONAS["service_user"])
    filled = {
        "person": f"/people/{sam.pk}/",
        "slot_search": slot_search_path(cookies["clinician"], sam) or "",
    }
    counted = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    found: dict[str, Any] = {"tandem": str(Path(tandem.__file__).parent)}
    for page, path, persona in PAGES:
        asking, path = clients[persona], path.format(**filled)
        app, database, queries, audits = [], [], 0, 0
        digest = ""
        for n in range(warm_up + requests):
            counted[0] = 0
            written = AuditEvent.objects.count() if n == warm_up else 0
            db_started, started = _backend_cpu_ms(backend), time.process_time()
            with connection.execute_wrapper(count):
                response = asking.get(path)
            app.append((time.process_time() - started) * 1000)
            database.append(_backend_cpu_ms(backend) - db_started)
            assert response.status_code == 200, (page, response.status_code)
            if n == warm_up:
                queries = counted[0]
                audits = AuditEvent.objects.count() - written
                html = VOLATILE.sub(r"\1", response.content.decode())
                digest = hashlib.sha256(html.encode()).hexdigest()[:12]
        found[page] = {
            "app_ms": statistics.median(app[warm_up:]),
            "db_ms": statistics.median(database[warm_up:]),
            "queries": queries,
            "audit_rows": audits,
            "html": digest,
        }
    return found


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    import psycopg
    from run import manage, recreate_database

    with psycopg.connect(f"{args.server_url}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
        ).fetchone()
    if exists and args.keep_db:
        print(f"[bench] reusing {args.database}", file=sys.stderr)
        return
    recreate_database(args.server_url, args.database)
    manage(env, "migrate", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--people", str(args.people))


def main() -> int:
    sys.path.insert(0, str(HERE))
    from run import drop_database, environment

    found = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    found.add_argument("--against", type=Path, help="another tree, measured in turn")
    found.add_argument("--database", default="tandem_busy_pages_pair")
    found.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    found.add_argument("--people", type=int, default=20000)
    found.add_argument("--rounds", type=int, default=3)
    found.add_argument("--requests", type=int, default=15)
    found.add_argument("--keep-db", action="store_true")
    found.add_argument("--smoke", action="store_true", help="a tiny run, to prove it works")
    args = found.parse_args()
    if args.smoke:
        args.people, args.rounds, args.requests = 60, 1, 2
    var_dir = Path(tempfile.mkdtemp(prefix="tandem-pair-"))
    if (ROOT / "var" / "frontend").exists():
        (var_dir / "frontend").symlink_to(ROOT / "var" / "frontend")
    env = environment(f"{args.server_url}/{args.database}", var_dir)
    env["TANDEM_ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    trees = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    try:
        prepare(args, env)
        for n in range(args.rounds):
            order = list(trees) if n % 2 else list(reversed(trees))
            for name in order:
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", str(args.requests)],
                    cwd=trees[name],
                    env={**env, "PYTHONPATH": str(trees[name])},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs[name].append(json.loads(done.stdout))
                load = Path("/proc/loadavg").read_text().split()[0]
                print(f"[bench] round {n + 1}, {name}: load {load}", file=sys.stderr)
    finally:
        if not args.keep_db:
            drop_database(args.server_url, args.database)
    report(runs)
    return 0


def report(runs: dict[str, list[dict[str, Any]]]) -> None:
    """Per tree and page, the median over rounds of each round's median."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for name, rounds in runs.items():
        summary[name] = {
            page: {
                "app_ms": statistics.median(r[page]["app_ms"] for r in rounds),
                "db_ms": statistics.median(r[page]["db_ms"] for r in rounds),
                "queries": rounds[-1][page]["queries"],
                "audit_rows": rounds[-1][page]["audit_rows"],
                "html": sorted({r[page]["html"] for r in rounds}),
            }
            for page, _, _ in PAGES
        }
    heads = [f"{n}: app + db ms, queries, audit rows" for n in runs]
    if "against" in runs:
        heads.append("against / this (CPU), HTML")
    print("| page | " + " | ".join(heads) + " |")
    for page, _, _ in PAGES:
        cells = [
            f"{s[page]['app_ms']:.1f} + {s[page]['db_ms']:.1f}, {s[page]['queries']}, "
            f"{s[page]['audit_rows']}"
            for s in summary.values()
        ]
        if "against" in summary:
            before, after = summary["against"][page], summary["this"][page]
            ratio = (before["app_ms"] + before["db_ms"]) / (after["app_ms"] + after["db_ms"])
            same = before["html"] == after["html"]
            cells.append(f"{ratio:.2f}x, same HTML: {'yes' if same else 'no'}")
        print(f"| {page} | " + " | ".join(cells) + " |")
    print(json.dumps({"summary": summary, "runs": runs}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(worker(int(sys.argv[2]), warm_up=3)))
    else:
        sys.exit(main())
