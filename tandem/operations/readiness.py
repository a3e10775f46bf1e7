"""What /readyz/ checks: can this app server do its work right now?

Each check answers ok or a short reason with no secret and no person's data
(a host name or password in a connection error would be both). /healthz/
stays the bare floor (alive and one database round trip); this is for the
operator's monitoring, not the load balancer: a dead worker must page someone,
not take every web server out of service (ADR 0045).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tandem.operations import heartbeat

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # The exception may name the host and user: log it, answer in plain words.
        logger.exception("Readiness: database check failed")
        return Check("database", False, "cannot reach the database")
    return Check("database", True, "ok")


# Once every migration is applied it stays so until the next deploy, which
# restarts the process: reading the migration graph on every probe is waste.
_all_applied = False


def migrations() -> Check:
    global _all_applied
    if _all_applied:
        return Check("migrations", True, "ok")
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.exception("Readiness: migration check failed")
        return Check("migrations", False, "cannot read the migration state")
    if pending:
        return Check("migrations", False, f"{len(pending)} migrations not applied")
    _all_applied = True
    return Check("migrations", True, "ok")


def redis() -> Check | None:
    """Only when Redis is configured (TANDEM_REDIS_URL): video calls across servers need it."""
    url = settings.TANDEM_REDIS_URL
    if not url:
        return None
    try:
        import redis as redis_client

        client = redis_client.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
    except Exception:
        logger.exception("Readiness: Redis check failed")
        return Check("redis", False, "cannot reach Redis")
    return Check("redis", True, "ok")


def worker() -> Check:
    try:
        age = heartbeat.age_seconds()
    except Exception:
        logger.exception("Readiness: heartbeat check failed")
        return Check("worker", False, "cannot read the worker heartbeat")
    limit = settings.TANDEM_WORKER_HEARTBEAT_STALE_SECONDS
    if age is None:
        return Check("worker", False, "no worker heartbeat yet")
    if age > limit:
        return Check("worker", False, f"last worker heartbeat {int(age)} seconds ago")
    return Check("worker", True, "ok")


def run_checks() -> list[Check]:
    found = database()
    if not found.ok:
        # Every other check reads the database: one clear reason is enough.
        return [found]
    checks = [found, migrations(), worker()]
    if (cache := redis()) is not None:
        checks.append(cache)
    return checks
