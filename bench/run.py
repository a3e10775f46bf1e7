"""`make bench`: seed 100,000 synthetic people on PostgreSQL and load-test pages.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database (``tandem_bench``);
2. runs ``migrate``, ``collectstatic`` and ``seed_demo --people 100000`` with
   production settings, timing the seeding;
3. makes signed-in sessions for the clinician (dr.lee, with two-step
   verification done) and the service user (sam);
4. for each stack (``--stacks``: uvicorn, ASGI with a connection per request,
   as before ADR 0032; gunicorn, WSGI threads with persistent connections, as
   production now serves pages), starts the app on a free loopback port and
   drives ``wrk`` at the floor (``/healthz/``: one ``SELECT 1``, the fastest
   bare Django request); on the stacks named by ``--pages-on`` it also drives
   each busy page, after checking it answers 200 rather than a redirect;
5. prints requests per second, latency percentiles, CPU milliseconds per
   request (the server's processes, and the PostgreSQL backends serving the
   benchmark database) and each figure's ratio to the fastest floor of the run;
6. checks the audit chain still verifies after the load, then stops the
   servers and drops the database, even if something failed.

Timings are printed, never asserted. Anything that could not be measured is
reported as such. ``--smoke`` runs everything at a tiny size in seconds
(tests/test_benchmarks_run.py), so the benchmark cannot rot unseen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    persona: str | None  # whose session; None is anonymous
    expect: str  # text the real page contains (not the sign-in page)


FLOOR = Target("floor", "/healthz/", None, "ok")
# Paths in {braces} are filled from bench/sessions.py (they name a person).
PAGES = (
    Target("caseload (coordinated)", "/caseload/", "clinician", "Caseload"),
    Target("caseload (team)", "/caseload/?show=team", "clinician", "Caseload"),
    Target("service user home", "/me/", "service_user", "Sam"),
    Target("team inbox", "/messages/inbox/", "clinician", "Inbox"),
    Target("alert queue", "/alerts/", "clinician", "Alerts"),
    Target("person page", "{person}", "clinician", "Sam"),
    Target("slot search", "{slot_search}", "clinician", "time"),
)


@dataclass(frozen=True)
class Stack:
    name: str
    describe: str
    module: tuple[str, ...]  # after ``python -m``; {port} and {workers} filled in
    env: tuple[tuple[str, str], ...]


STACKS = {
    "uvicorn": Stack(
        "uvicorn",
        "uvicorn (ASGI), a new database connection per request (before ADR 0032)",
        (
            "uvicorn", "tandem.asgi:application", "--host", "127.0.0.1", "--port", "{port}",
            "--workers", "{workers}", "--no-access-log", "--log-level", "warning",
        ),
        # Django's documented setting for ASGI: no persistent connections. With
        # them, uvicorn leaks one idle connection per request thread.
        (("TANDEM_DB_CONN_MAX_AGE", "0"),),
    ),
    "gunicorn": Stack(
        "gunicorn",
        "gunicorn (WSGI) threads, persistent database connections (ADR 0032)",
        (
            "gunicorn", "-c", "python:tandem.gunicorn_conf", "--bind", "127.0.0.1:{port}",
            "--workers", "{workers}", "tandem.wsgi",
        ),
        (),  # tandem.wsgi turns persistent connections on
    ),
}  # fmt: skip
PRODUCTION = "gunicorn"


@dataclass
class Result:
    target: Target
    stack: str = ""
    app_cpu_ms: float | None = None  # per request: the server's processes
    db_cpu_ms: float | None = None  # per request: PostgreSQL backends of the database
    requests_per_second: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    requests: int = 0
    not_200: int = 0
    socket_errors: int = 0
    peak_db_connections: int | None = None
    lock_wait_share: float | None = None
    problem: str = ""


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU a process has used, from /proc (None once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def session_cpu_seconds(session: int) -> float:
    """CPU used by every live process in a session (a server and its workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session:
                total += (int(fields[11]) + int(fields[12])) / TICK
    return total


class ConnectionSampler:
    """Watch the connections the app holds to the benchmark database, and the CPU
    its PostgreSQL backends use (read from /proc: the server is on this machine).

    Backends are found by sampling every 0.1 s, so under a connection per request
    the shortest-lived ones are missed: their figure is then a lower bound."""

    def __init__(self, database_url: str, database: str) -> None:
        self.database_url, self.database = database_url, database
        self.peak: int | None = None
        self.samples = 0
        self.active = 0  # connections running a query, summed over samples
        self.waiting = 0  # of those, waiting for a lock (the audit chain head, mostly)
        self.first_cpu: dict[int, float] = {}  # backend pid: CPU when first seen
        self.last_cpu: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        with suppress(psycopg.Error), psycopg.connect(self.database_url, autocommit=True) as conn:
            first = True
            while first or not self.stopping.wait(0.1):
                rows = conn.execute(
                    "SELECT pid, state = 'active', wait_event_type IS NOT DISTINCT FROM 'Lock'"
                    " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend'",
                    (self.database,),
                ).fetchall()
                for pid, active, waiting in rows:
                    used = cpu_seconds(pid)
                    if used is not None:
                        # A backend already running at the start counts from then on.
                        self.first_cpu.setdefault(pid, used if first else 0.0)
                        self.last_cpu[pid] = used
                    self.active += bool(active)
                    self.waiting += bool(waiting)
                self.peak = max(self.peak or 0, len(rows))
                self.samples += 1
                first = False

    @property
    def backend_cpu_seconds(self) -> float:
        return sum(self.last_cpu[pid] - self.first_cpu[pid] for pid in self.last_cpu)

    @property
    def lock_wait_share(self) -> float | None:
        """Of the queries seen running, the share that were waiting for a lock."""
        return self.waiting / self.active if self.active else None

    def __enter__(self) -> ConnectionSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per measured run")
    parser.add_argument("--warm-up", type=int, default=5, help="seconds of unmeasured load first")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--stacks", default=",".join(STACKS), help="stacks whose floor is measured")
    parser.add_argument(
        "--pages-on", default=PRODUCTION, help="stacks the busy pages are measured on"
    )
    parser.add_argument("--database", default="tandem_bench")
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name)",
    )
    parser.add_argument("--keep-db", action="store_true", help="leave the database afterwards")
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny run in seconds, to prove it still works"
    )
    args = parser.parse_args()
    if args.smoke:
        args.people, args.duration, args.warm_up, args.connections = 60, 1, 0, 2
        args.threads, args.workers = 1, 1
    return args


# --- The database -------------------------------------------------------------


def admin_connection(server_url: str) -> psycopg.Connection:
    return psycopg.connect(f"{server_url}/postgres", autocommit=True)


def recreate_database(server_url: str, name: str) -> None:
    """An empty database; or, when BENCH_TEMPLATE_DATABASE names one, a copy of it
    (the smoke test copies one migrated database instead of migrating each)."""
    template = os.environ.get("BENCH_TEMPLATE_DATABASE")
    with admin_connection(server_url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(create)


def drop_database(server_url: str, name: str) -> None:
    with admin_connection(server_url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def postgres_version(database_url: str) -> str:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


# --- Processes -----------------------------------------------------------------


def environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tandem.settings",
            "DATABASE_URL": database_url,
            "TANDEM_SECRET_KEY": secrets.token_urlsafe(50),
            "TANDEM_PRODUCTION": "1",
            "TANDEM_DEBUG": "0",
            # Plain HTTP on loopback, as behind a TLS terminator: no HTTPS redirect.
            "TANDEM_BEHIND_TLS_TERMINATOR_HTTP_ONLY": "1",
            "TANDEM_ALLOWED_HOSTS": "127.0.0.1",
            # Static files are collected here, not into the shared var/static.
            "TANDEM_VAR_DIR": str(var_dir),
            "TANDEM_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    # Each stack sets its own (STACKS).
    for name in ("TANDEM_TESTING", "TANDEM_DEMO_TOTP_SECRET", "TANDEM_DB_CONN_MAX_AGE"):
        env.pop(name, None)
    # Four threads a gunicorn process, as every run before 7 December 2026 had,
    # so figures stay comparable; production's shape on two cores is
    # `--workers 4` with TANDEM_WEB_THREADS=2 (tandem/gunicorn_conf.py).
    env.setdefault("TANDEM_WEB_THREADS", "4")
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    return done.stdout or ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(
    env: dict[str, str], port: int, workers: int, stack: Stack | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """The app on ``port``; under uvicorn unless told (the video call benchmarks
    need its WebSockets)."""
    stack = stack or STACKS["uvicorn"]
    filled = (a.format(port=port, workers=workers) for a in stack.module)
    command = [sys.executable, "-m", *filled]
    log("starting: " + " ".join(command[2:]))
    # Its own session and process group, so stopping it stops its workers too,
    # and their CPU can be told apart from everything else on the machine.
    process = subprocess.Popen(
        command, env={**env, **dict(stack.env)}, cwd=ROOT, start_new_session=True
    )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    log("stopping the server")
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def get(port: int, path: str, cookie: str | None) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, response.getheader("Location") or "", body
    finally:
        conn.close()


def wait_until_up(process: subprocess.Popen[bytes], port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        with suppress(OSError):
            if get(port, "/healthz/", None)[0] == 200:
                return
        time.sleep(0.25)
    raise RuntimeError("the server did not answer /healthz/ within a minute")


# --- Load ----------------------------------------------------------------------

REPORT_RE = re.compile(r"^TANDEM_BENCH (.*)$", re.MULTILINE)


def run_wrk(args: argparse.Namespace, url: str, cookie: str | None, seconds: int) -> str:
    command = [
        WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency",
        "--timeout", "10s", "-s", str(BENCH / "report.lua"),
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


class Paths(dict[str, str]):
    """Addresses from bench/sessions.py; one it could not find stays a {placeholder}."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"

    def __getitem__(self, key: str) -> str:
        return super().get(key) or self.__missing__(key)


def measure(
    args: argparse.Namespace,
    server: subprocess.Popen[bytes],
    port: int,
    target: Target,
    cookie: str | None,
    database_url: str,
) -> Result:
    result = Result(target)
    if "{" in target.path:
        result.problem = "not measured: the benchmark found no such page to visit"
        return result
    status, location, body = get(port, target.path, cookie)
    if status != 200 or target.expect not in body:
        where = f" to {location}" if location else ""
        result.problem = f"not measured: the page answered {status}{where}, not the page itself"
        return result
    url = f"http://127.0.0.1:{port}{target.path}"
    if args.warm_up > 0:
        run_wrk(args, url, cookie, args.warm_up)
    with ConnectionSampler(database_url, args.database) as sampler:
        app_cpu = session_cpu_seconds(server.pid)
        output = run_wrk(args, url, cookie, args.duration)
        app_cpu = session_cpu_seconds(server.pid) - app_cpu
    result.peak_db_connections = sampler.peak
    result.lock_wait_share = sampler.lock_wait_share
    match = REPORT_RE.search(output)
    if match is None:
        result.problem = "not measured: wrk printed no report line"
        print(output, file=sys.stderr)
        return result
    fields = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    result.requests = fields["requests"]
    result.not_200 = fields["not_200"]
    result.socket_errors = fields["socket_errors"]
    result.requests_per_second = fields["requests"] / (fields["duration_us"] / 1e6)
    result.p50_ms = fields["p50_us"] / 1000
    result.p95_ms = fields["p95_us"] / 1000
    result.p99_ms = fields["p99_us"] / 1000
    if result.requests:
        result.app_cpu_ms = app_cpu * 1000 / result.requests
        result.db_cpu_ms = sampler.backend_cpu_seconds * 1000 / result.requests
    if result.not_200 or result.socket_errors:
        result.problem = (
            f"{result.not_200} responses were not 200 and {result.socket_errors} socket "
            "errors: these figures include failures"
        )
    return result


# --- Report --------------------------------------------------------------------


def fmt(value: float | None, pattern: str) -> str:
    return "n/a" if value is None else format(value, pattern)


def ratio(value: float | None, floor: float | None) -> str:
    if value is None or not floor:
        return "n/a"
    return f"{value / floor:.2f}"


def fastest_floor(results: list[Result]) -> Result | None:
    floors = [r for r in results if r.target == FLOOR and r.requests_per_second]
    return max(floors, key=lambda r: r.requests_per_second or 0.0, default=None)


def report(results: list[Result], facts: dict[str, str]) -> None:
    floor = fastest_floor(results)
    print()
    print("Tandem benchmark")
    for key, value in facts.items():
        print(f"  {key}: {value}")
    if floor is not None:
        print(f"  fastest floor: {floor.stack}, {floor.requests_per_second:.0f} requests/s")
    print()
    head = (
        "stack", "endpoint", "req/s", "p50 ms", "p95 ms", "p99 ms", "req/s vs fastest floor",
        "app CPU ms/req", "db CPU ms/req", "requests", "peak db conns",
        "queries waiting on a lock",
    )  # fmt: skip
    rows = [head]
    for r in results:
        rows.append(
            (
                r.stack,
                r.target.name if r.target == FLOOR else f"{r.target.name}  {r.target.path}",
                fmt(r.requests_per_second, ".0f"),
                fmt(r.p50_ms, ".1f"),
                fmt(r.p95_ms, ".1f"),
                fmt(r.p99_ms, ".1f"),
                ratio(r.requests_per_second, floor.requests_per_second if floor else None),
                fmt(r.app_cpu_ms, ".1f"),
                fmt(r.db_cpu_ms, ".1f"),
                str(r.requests),
                "n/a" if r.peak_db_connections is None else str(r.peak_db_connections),
                "n/a" if r.lock_wait_share is None else f"{r.lock_wait_share:.0%}",
            )
        )
    print_table(rows, left=2)
    for r in results:
        if r.problem:
            print(f"  ! {r.stack} {r.target.path}: {r.problem}")
    print("  (db CPU counts the backends seen every 0.1 s: under a connection per request")
    print("  it misses the shortest-lived ones, so there it is a lower bound)")
    print()


def print_table(rows: list[tuple[str, ...]], *, left: int = 1) -> None:
    """Columns padded to line up: the first ``left`` to the left, numbers to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                cell.rjust(w) if i >= left else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def report_breakdown(shares: list[dict[str, object]]) -> None:
    print("Single requests, in-process, no concurrency, one kept connection (median of 40):")
    if not shares:
        print("  not measured: bench/breakdown.py printed nothing usable")
        return
    head = ("path", "total ms", "app CPU ms", "render ms", "audit write ms", "everything else ms")
    rows = [head]
    for share in shares:
        if "problem" in share:
            rows.append((str(share["path"]), f"not measured: {share['problem']}", "", "", "", ""))
            continue
        total, render, audit = (
            float(str(share[k])) for k in ("median_ms", "render_ms", "audit_ms")
        )
        rows.append(
            (
                str(share["path"]),
                f"{total:.1f}",
                f"{float(str(share.get('cpu_ms', 0))):.1f}",
                f"{render:.1f}",
                f"{audit:.1f}",
                f"{max(0.0, total - render - audit):.1f}",
            )
        )
    print_table(rows)
    print("  (render includes the queries the template itself runs; medians of each column,")
    print("  so the parts need not add up exactly)")
    print()


def machine_facts(database_url: str) -> dict[str, str]:
    model = "unknown"
    with suppress(OSError, subprocess.SubprocessError):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        found = re.search(r"^Model name:\s*(.+)$", lscpu, re.MULTILINE)
        model = found.group(1).strip() if found else model
    memory = "unknown"
    with suppress(OSError):
        kib = int(re.findall(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True, check=False)
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} cores ({model})",
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres_version(database_url),
        "wrk": (wrk_version.stdout or wrk_version.stderr).split("[")[0].strip(),
    }


# --- Main ----------------------------------------------------------------------


def main() -> int:
    args = arguments()
    stacks = [name for name in args.stacks.split(",") if name]
    pages_on = set(args.pages_on.split(","))
    unknown = [name for name in (*stacks, *pages_on) if name and name not in STACKS]
    if unknown:
        print(f"unknown stack {unknown[0]!r}: choose from {', '.join(STACKS)}", file=sys.stderr)
        return 2
    if not Path(WRK).exists():
        print(f"wrk is not installed (looked for {WRK}); nothing was measured.", file=sys.stderr)
        return 2
    # Stop cleanly (and clean up) on SIGTERM as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database_url = f"{args.server_url}/{args.database}"
    var_dir = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    frontend = ROOT / "var" / "frontend"
    if frontend.exists():
        (var_dir / "frontend").symlink_to(frontend)
    env = environment(database_url, var_dir)
    created = False
    try:
        log(f"re-creating database {args.database}")
        recreate_database(args.server_url, args.database)
        created = True
        facts = machine_facts(database_url)
        log("migrate")
        manage(env, "migrate", "--noinput", "-v", "0")
        log("collectstatic")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        log(f"seed_demo --people {args.people}")
        started = time.monotonic()
        seed_output = manage(env, "seed_demo", "--people", str(args.people), capture=True)
        seed_seconds = time.monotonic() - started
        print(seed_output.strip(), file=sys.stderr)
        facts["seed_demo"] = (
            f"{args.people:,} people in {seed_seconds:.1f} s wall clock "
            "(process start, password hash, inserts, ANALYZE)"
        )
        found = json.loads(
            subprocess.run(
                [sys.executable, str(BENCH / "sessions.py")],
                env=env, cwd=ROOT, check=True, capture_output=True, text=True,
            ).stdout
        )  # fmt: skip
        cookies, paths = found["cookies"], found["paths"]
        facts["servers"] = (
            f"{args.workers} processes each, 127.0.0.1, production settings; "
            + "; ".join(STACKS[name].describe for name in stacks)
        )
        facts["load"] = (
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency "
            f"(after {args.warm_up}s warm-up), same machine as the server"
        )
        results = []
        for name in stacks:
            port = free_port()
            with server(env, port, args.workers, STACKS[name]) as process:
                wait_until_up(process, port)
                targets = [FLOOR, *(PAGES if name in pages_on else ())]
                for target in targets:
                    target = replace(target, path=target.path.format_map(Paths(paths)))
                    cookie = cookies[target.persona] if target.persona else None
                    log(f"{name}: measuring {target.path}")
                    result = measure(args, process, port, target, cookie, database_url)
                    result.stack = name
                    results.append(result)
        log("timing single requests in-process (render and audit shares)")
        breakdown = subprocess.run(
            [sys.executable, str(BENCH / "breakdown.py"), *(["--smoke"] if args.smoke else [])],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        try:
            shares = json.loads(breakdown.stdout)
        except json.JSONDecodeError:
            shares = []
            print(breakdown.stderr, file=sys.stderr)
        verify = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "audit_verify", "--seal"],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        facts["audit chain after load"] = (verify.stdout + verify.stderr).strip() or (
            f"audit_verify exited {verify.returncode}"
        )
        report(results, facts)
        report_breakdown(shares)
        return 0 if not any(r.problem for r in results) else 1
    finally:
        if created and not args.keep_db:
            log(f"dropping database {args.database}")
            with suppress(psycopg.Error):
                drop_database(args.server_url, args.database)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
