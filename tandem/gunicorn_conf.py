"""Gunicorn's settings for the ordinary pages (ADR 0032).

Threads in a few processes, each thread keeping its database connection
(``tandem.wsgi`` turns persistent connections on). The video call sockets are
served by uvicorn beside it; the reverse proxy sends ``/ws/`` there.

    gunicorn -c python:tandem.gunicorn_conf tandem.wsgi

Sizing (docs/operations.md): one process per core, four threads each.
"""

import os

bind = os.environ.get("TANDEM_WEB_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("TANDEM_WEB_WORKERS") or os.cpu_count() or 2)
threads = int(os.environ.get("TANDEM_WEB_THREADS", "4"))
# Behind a reverse proxy that buffers slow clients, so a short keep-alive is enough.
keepalive = 5
# A request that takes this long is stuck; the worker is replaced.
timeout = 60
graceful_timeout = 20
accesslog = None
loglevel = os.environ.get("TANDEM_WEB_LOG_LEVEL", "warning")
