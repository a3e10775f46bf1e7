"""Gunicorn's settings for the ordinary pages (ADR 0032).

Threads in a few processes, each thread keeping its database connection
(``tandem.wsgi`` turns persistent connections on). The video call sockets are
served by uvicorn beside it; the reverse proxy sends ``/ws/`` there.

    gunicorn -c python:tandem.gunicorn_conf tandem.wsgi

Sizing (docs/operations.md): two processes per core, two threads each. Measured
against one process per core with four threads (docs/performance.md, 7 December
2026): the busy pages served 15-35% more requests a second, because threads in
one process spend CPU handing the interpreter lock to each other.
"""

import os
from pathlib import Path

bind = os.environ.get("TANDEM_WEB_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("TANDEM_WEB_WORKERS") or 2 * (os.cpu_count() or 1))
threads = int(os.environ.get("TANDEM_WEB_THREADS", "2"))
# Behind a reverse proxy that buffers slow clients, so a short keep-alive is enough.
keepalive = 5
# A request that takes this long is stuck; the worker is replaced.
timeout = 60
graceful_timeout = 20
accesslog = None
loglevel = os.environ.get("TANDEM_WEB_LOG_LEVEL", "warning")


# Request metrics from every worker process (ADR 0057): prometheus_client keeps
# them in files under PROMETHEUS_MULTIPROC_DIR, one directory per gunicorn
# master, emptied as it starts so counts from before a restart do not linger.
def on_starting(server: object) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server: object, worker: object) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
