"""`make prodlike`: Tandem as production runs it, on one machine (ADR 0046).

PostgreSQL (the local server; a database of its own, created if missing),
Redis (127.0.0.1:6379 unless TANDEM_REDIS_URL says otherwise), two app nodes
behind nginx, two task workers, coturn and the fake GOV.UK Notify, with
production settings and the synthetic demo service. Ctrl-C stops everything.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from urllib.parse import urlsplit

from tandem.demo.__main__ import DEFAULT_PASSWORD, SEAL_EVERY, VAR, stop_on_signal
from tandem.demo.cluster import Cluster

DATABASE_URL = os.environ.get(
    "TANDEM_PRODLIKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tandem_prodlike"
)
REDIS_URL = os.environ.get("TANDEM_REDIS_URL", "redis://127.0.0.1:6379/3")


def ensure_database(url: str) -> None:
    """Create the database on the local server if it is not there yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> int:
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    ensure_database(DATABASE_URL)
    cluster = Cluster(
        database_url=DATABASE_URL,
        run_dir=VAR / "prodlike",
        redis_url=REDIS_URL,
        env={"TANDEM_DEMO_PASSWORD": os.environ.get("TANDEM_DEMO_PASSWORD", DEFAULT_PASSWORD)},
    )

    try:
        cluster.manage("migrate", "--noinput", "-v", "0")
        cluster.manage("seed_demo", show=True)
        cluster.manage("check_diaries")
        cluster.manage("refresh_insights")
        cluster.manage("audit_seal")
        cluster.start_all()
        cluster.manage("send_due_messages")
        print()
        print(f"Tandem is running at {cluster.url()}/  (Ctrl-C stops everything)")
        for node in ("a", "b"):
            print(f"  app node {node} first (the other if it is down): {cluster.url(node)}/")
        print(f"  texts and letters: http://127.0.0.1:{cluster.ports.notify}/_fake/notifications")
        print(f"  logs, pids and nginx.conf: {cluster.run_dir}")
        print(f"Password for every demo account: {cluster.env['TANDEM_DEMO_PASSWORD']}")
        cluster.manage("demo_logins", show=True)
        next_seal = time.monotonic() + SEAL_EVERY
        while not (dead := cluster.dead()) or cluster.restart_exited_workers():
            time.sleep(0.5)
            if time.monotonic() >= next_seal:
                # What cron does every minute in production (docs/operations.md).
                cluster.manage("audit_seal")
                cluster.manage("send_due_messages")
                next_seal = time.monotonic() + SEAL_EVERY
        print(f"Stopped because these exited: {', '.join(dead)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop_all()


if __name__ == "__main__":
    raise SystemExit(main())
