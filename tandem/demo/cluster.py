"""Several app nodes on one machine, as production runs them (ADR 0046).

``Cluster`` starts, on loopback ports: two app nodes (each gunicorn for the
pages and uvicorn for the video call sockets), nginx from Debian in front of
them (load-balancing, ``/ws/`` as WebSockets, static files served by nginx
itself), two task workers, the fake GOV.UK Notify and coturn as the media
relay; optionally a Redis of its own. Every process runs as the current user
with its configuration, pid and logs under one directory. PostgreSQL is given
(a database URL): it is the one thing not started here.

`make prodlike` (tandem/demo/prodlike.py) and the failure drills
(tests/prodlike/) use it; each drill kills or restarts one part by name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NODES = ("a", "b")
WORKERS = ("1", "2")
STARTUP_SECONDS = 60
# What a process gets to finish its work when asked to stop, before it is killed.
STOP_SECONDS = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(what: str, ready: object, *, seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(ready) and ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds:.0f} seconds")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Ports:
    proxy: int = field(default_factory=free_port)
    # nginx also listens on one port per node that prefers that node (the other
    # is its backup), so a test can put each person of a call on a different node.
    pinned: dict[str, int] = field(default_factory=lambda: {n: free_port() for n in NODES})
    pages: dict[str, int] = field(default_factory=lambda: {n: free_port() for n in NODES})
    sockets: dict[str, int] = field(default_factory=lambda: {n: free_port() for n in NODES})
    notify: int = field(default_factory=free_port)
    turn: int = field(default_factory=free_port)
    redis: int = field(default_factory=free_port)


def nginx_config(*, ports: Ports, static_root: Path, run_dir: Path) -> str:
    """nginx's whole configuration: no system files read, nothing outside run_dir written."""

    def upstreams(name: str, first: str | None) -> str:
        # A node that refuses connections is skipped for 5 s; its requests go to
        # another (proxy_next_upstream below), so losing a node loses no page.
        # A pinned port sends everything to its node while it is up, and to the
        # other node (the backup) when it is not.
        def servers(port: dict[str, int]) -> str:
            return "".join(
                f"    server 127.0.0.1:{port[n]} max_fails=1 fail_timeout=5s"
                f"{' backup' if first not in (None, n) else ''};\n"
                for n in NODES
            )

        pages, sockets = servers(ports.pages), servers(ports.sockets)
        return (
            f"  upstream pages_{name} {{\n{pages}    keepalive 16;\n  }}\n"
            f"  upstream sockets_{name} {{\n{sockets}  }}\n"
        )

    def server(port: int, name: str) -> str:
        return f"""  server {{
    listen 127.0.0.1:{port};
    location /assets/ {{
      alias {static_root}/;
      gzip_static on;
      expires 1h;
      add_header Cache-Control "public";
    }}
    location /ws/ {{
      proxy_pass http://sockets_{name};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_read_timeout 1h;
    }}
    location / {{
      proxy_pass http://pages_{name};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
    }}
  }}
"""

    pinned = "".join(upstreams(n, n) + server(ports.pinned[n], n) for n in NODES)
    # Root would hand the workers to 'nobody', who may not read the checkout.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
daemon off;
pid {run_dir}/nginx.pid;
error_log {run_dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  server_tokens off;
  client_body_temp_path {run_dir}/body;
  proxy_temp_path {run_dir}/proxy;
  fastcgi_temp_path {run_dir}/fastcgi;
  uwsgi_temp_path {run_dir}/uwsgi;
  scgi_temp_path {run_dir}/scgi;
  client_max_body_size 3m;
{upstreams("all", None)}{server(ports.proxy, "all")}{pinned}}}
"""


class Cluster:
    """The processes of a several-node Tandem, started and stopped together."""

    def __init__(
        self,
        *,
        database_url: str,
        run_dir: Path,
        redis_url: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.run_dir = run_dir
        self.ports = Ports()
        self.own_redis = redis_url is None
        self.redis_url = redis_url or f"redis://127.0.0.1:{self.ports.redis}/0"
        self.turn_secret = os.urandom(16).hex()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        # Extra options for the fake Notify (a drill may slow its replies).
        self.notify_args: list[str] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tandem.settings",
            "DATABASE_URL": database_url,
            "TANDEM_REDIS_URL": self.redis_url,
            # Production settings: DEBUG off, hashed static files, argon2, SMTP...
            "TANDEM_DEBUG": "0",
            "TANDEM_TESTING": "0",
            "TANDEM_PRODUCTION": "1",
            # ...but on plain HTTP on loopback, where there is no TLS to redirect to.
            "TANDEM_BEHIND_TLS_TERMINATOR_HTTP_ONLY": "1",
            "TANDEM_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TANDEM_BASE_URL": f"http://127.0.0.1:{self.ports.proxy}",
            "TANDEM_NOTIFY_BASE_URL": f"http://127.0.0.1:{self.ports.notify}",
            "TANDEM_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "TANDEM_TURN_URLS": f"turn:127.0.0.1:{self.ports.turn}?transport=udp",
            "TANDEM_TURN_SECRET": self.turn_secret,
            "TANDEM_STATIC_ROOT": str(run_dir / "static"),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        from tandem.notify.fake_notify import DEFAULT_API_KEY

        self.env.setdefault("TANDEM_NOTIFY_API_KEY", DEFAULT_API_KEY)
        if not self.env.get("TANDEM_SECRET_KEY") and not self.env.get("TANDEM_SECRET_KEY_FILE"):
            self.env["TANDEM_SECRET_KEY"] = os.urandom(32).hex()

    # --- what each process is -----------------------------------------------

    def commands(self) -> dict[str, list[str]]:
        python = sys.executable
        manage = [python, str(ROOT / "manage.py")]
        ports = self.ports
        commands: dict[str, list[str]] = {}
        if self.own_redis:
            commands["redis"] = [
                "redis-server", "--bind", "127.0.0.1", "--port", str(ports.redis),
                "--save", "", "--appendonly", "no", "--dir", str(self.run_dir),
            ]  # fmt: skip
        for node in NODES:
            commands[f"pages-{node}"] = [
                python, "-m", "gunicorn", "-c", "python:tandem.gunicorn_conf",
                "--bind", f"127.0.0.1:{ports.pages[node]}", "--workers", "1", "tandem.wsgi",
            ]  # fmt: skip
            commands[f"sockets-{node}"] = [
                python, "-m", "uvicorn", "tandem.asgi:application", "--host", "127.0.0.1",
                "--port", str(ports.sockets[node]), "--no-access-log", "--lifespan", "off",
            ]  # fmt: skip
        for worker in WORKERS:
            commands[f"worker-{worker}"] = [
                *manage, "db_worker", "--no-reload", "--no-startup-delay",
                "--worker-id", f"prodlike-{worker}", "--interval", "0.5",
            ]  # fmt: skip
        commands["notify"] = [
            python, "-m", "tandem.notify.fake_notify", "--port", str(ports.notify),
            *self.notify_args,
        ]  # fmt: skip
        if shutil.which("turnserver"):
            commands["turn"] = [
                "turnserver", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                "--listening-port", str(ports.turn), "--min-port", "49160", "--max-port", "49400",
                "--use-auth-secret", "--static-auth-secret", self.turn_secret,
                "--realm", "tandem.invalid", "--no-tls", "--no-dtls", "--no-cli",
                "--allow-loopback-peers", "--fingerprint", "--log-file", "stdout",
                "--simple-log", "--pidfile", str(self.run_dir / "turnserver.pid"),
                "--userdb", str(self.run_dir / "turndb"),
            ]  # fmt: skip
        commands["nginx"] = [
            "nginx", "-p", str(self.run_dir), "-c", str(self.run_dir / "nginx.conf"),
        ]  # fmt: skip
        return commands

    def ready(self, name: str) -> bool:
        ports = self.ports
        if name == "redis":
            return port_open(ports.redis)
        if name.startswith("pages-"):
            return http_ok(f"http://127.0.0.1:{ports.pages[name[-1]]}/healthz/")
        if name.startswith("sockets-"):
            return port_open(ports.sockets[name[-1]])
        if name == "notify":
            return port_open(ports.notify)
        if name == "nginx":
            return http_ok(f"http://127.0.0.1:{ports.proxy}/healthz/")
        # Workers and coturn say nothing on a port we can ask; started is enough.
        return True

    # --- starting and stopping ----------------------------------------------

    def prepare(self) -> None:
        """Static files for nginx to serve, and its configuration."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            env=self.env,
            cwd=ROOT,
            check=True,
        )
        (self.run_dir / "nginx.conf").write_text(
            nginx_config(
                ports=self.ports, static_root=self.run_dir / "static", run_dir=self.run_dir
            ),
            encoding="utf-8",
        )

    def launch(self, name: str) -> None:
        with open(self.run_dir / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(
                self.commands()[name],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: Ctrl-C in a terminal reaches only us, and
                # we stop each child in order.
                start_new_session=True,
            )

    def wait_ready(self, name: str) -> None:
        process = self.processes[name]
        wait_for(name, lambda: process.poll() is None and self.ready(name))

    def start(self, name: str) -> None:
        self.launch(name)
        self.wait_ready(name)

    def start_all(self) -> None:
        # All at once (Python start-up is most of the wait), static files
        # collected meanwhile, then nginx, then each waited for.
        self.run_dir.mkdir(parents=True, exist_ok=True)
        names = [name for name in self.commands() if name != "nginx"]
        for name in names:
            self.launch(name)
        self.prepare()
        self.launch("nginx")
        for name in [*names, "nginx"]:
            self.wait_ready(name)

    def manage(self, *args: str, show: bool = False) -> None:
        """A management command against the cluster's database and settings."""
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            stdout=None if show else subprocess.DEVNULL,
        )

    def kill(self, name: str) -> None:
        """Kill a process outright (SIGKILL), as a crash or a lost machine would."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop(self, *names: str, seconds: float = STOP_SECONDS) -> None:
        """Ask each to stop (nginx: finish what it is doing; the rest: SIGTERM),
        together, and kill whatever is still running after ``seconds``."""
        stopping = [(n, p) for n in names if (p := self.processes.pop(n, None)) is not None]
        for name, process in stopping:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        deadline = time.monotonic() + seconds
        for _, process in stopping:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)

    def stop_all(self) -> None:
        # The proxy first (no new requests), then the app and workers, then what they use.
        self.stop("nginx")
        self.stop(*[n for n in self.processes if n != "redis"])
        self.stop("redis")

    def restart_exited_workers(self) -> list[str]:
        """Start again any task worker that exited, as systemd's Restart=always
        does in production: a worker exits when it loses PostgreSQL (the web
        servers do not; they answer 503 and reconnect)."""
        exited = [n for n in self.dead() if n.startswith("worker-")]
        for name in exited:
            self.processes.pop(name)
            self.start(name)
        return exited

    def dead(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def url(self, node: str | None = None) -> str:
        """The proxy's address; with a node, the proxy's port that prefers it."""
        port = self.ports.proxy if node is None else self.ports.pinned[node]
        return f"http://127.0.0.1:{port}"

    def __enter__(self) -> Cluster:
        try:
            self.start_all()
        except BaseException:
            self.stop_all()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()
