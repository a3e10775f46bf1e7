"""`make demo`: run Tandem on its embedded default with synthetic data.

Keeps a secret key under var/, migrates the SQLite database, seeds the demo
service once, then runs the web app, a background task worker and a local
fake of GOV.UK Notify (so texts and letters go somewhere you can see) side by
side until Ctrl-C stops them all.

The web app runs as production runs it (ADR 0032): gunicorn (WSGI threads)
for the pages and uvicorn (ASGI) for the video call sockets, each on a free
loopback port, behind a small router on the demo's address that sends
``/ws/`` to uvicorn and everything else to gunicorn, as the reverse proxy does.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tandem.groupcall import janus_process

ROOT = Path(__file__).resolve().parent.parent.parent
VAR = Path(os.environ.get("TANDEM_VAR_DIR", ROOT / "var"))
HOST = os.environ.get("TANDEM_DEMO_HOST", "127.0.0.1")
PORT = os.environ.get("TANDEM_DEMO_PORT", "8000")
NOTIFY_PORT = os.environ.get("TANDEM_DEMO_NOTIFY_PORT", "6011")
DEFAULT_PASSWORD = "blended-care-demo"  # noqa: S105 - synthetic demo accounts only


def demo_environment() -> dict[str, str]:
    VAR.mkdir(parents=True, exist_ok=True)
    key_file = VAR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    env.setdefault("TANDEM_SECRET_KEY_FILE", str(key_file))
    # A local, plain-HTTP service: no HTTPS redirect or secure-only cookies.
    env.setdefault("TANDEM_PRODUCTION", "0")
    env.setdefault("TANDEM_ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("TANDEM_DEMO_PASSWORD", DEFAULT_PASSWORD)
    env.setdefault("PYTHONUNBUFFERED", "1")
    # Messages go to the local fake Notify, never to the real service.
    env.setdefault("TANDEM_NOTIFY_BASE_URL", f"http://127.0.0.1:{NOTIFY_PORT}")
    from tandem.notify.fake_notify import DEFAULT_API_KEY

    env.setdefault("TANDEM_NOTIFY_API_KEY", DEFAULT_API_KEY)
    return env


# Seconds between runs of the jobs cron runs each minute in production.
SEAL_EVERY = 60
# Sealing the audit chain (ADR 0033) and the worker's heartbeat that /readyz/
# reads (ADR 0045).
EVERY_MINUTE = ("audit_seal", "worker_heartbeat")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def web_servers() -> list[list[str]]:
    """Gunicorn for the pages, uvicorn for the sockets, the router in front."""
    pages, sockets = free_port(), free_port()
    python = sys.executable
    return [
        [
            python, "-m", "gunicorn", "-c", "python:tandem.gunicorn_conf",
            # One process is plenty for a demo on SQLite (one writer at a time).
            "--bind", f"127.0.0.1:{pages}", "--workers", "1", "tandem.wsgi",
        ],
        [
            python, "-m", "uvicorn", "tandem.asgi:application",
            "--host", "127.0.0.1", "--port", str(sockets), "--no-access-log",
        ],
        [
            python, "-m", "tandem.demo.router", "--host", HOST, "--port", PORT,
            "--pages", str(pages), "--sockets", str(sockets),
        ],
    ]  # fmt: skip


def start_janus(env: dict[str, str]) -> janus_process.RunningJanus | None:
    """Group video's Janus, with a configuration of the demo's own, when installed."""
    if not janus_process.available():
        print("Janus is not installed (apt-get install janus): group calls offer joining by phone.")
        return None
    running = janus_process.start(directory=VAR / "janus", allow_origin=f"http://{HOST}:{PORT}")
    env.update(
        TANDEM_JANUS_URL=running.url,
        TANDEM_JANUS_PUBLIC_URL=running.url,
        TANDEM_JANUS_ADMIN_URL=running.admin_url,
        TANDEM_JANUS_API_SECRET=running.conf.api_secret,
        TANDEM_JANUS_ADMIN_SECRET=running.conf.admin_secret,
        TANDEM_JANUS_ADMIN_KEY=running.conf.admin_key,
    )
    print(f"Janus (group video) is running at {running.url}")
    return running


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def stop_on_signal(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C and a plain `kill` stop the web app, the worker and the fake cleanly,
    # even when started from a shell that ignores SIGINT in the background.
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    env = demo_environment()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    # The nightly early-warning sweep, once, so the demo's alert queue shows
    # what it raises from Sam's diary (it raises nothing twice).
    manage(env, "check_diaries")
    # And the insights roll-up the managers' reports read, as the nightly job would.
    manage(env, "refresh_insights")
    # Audit rows are sealed into the hash chain afterwards (ADR 0033); in
    # production cron runs audit_seal every minute, here the loop below does.
    manage(env, "audit_seal")
    # The worker's heartbeat, queued now and each minute as cron would, so
    # /readyz/ says ready once the worker has run it (ADR 0045).
    manage(env, "worker_heartbeat")
    janus = start_janus(env)
    children = [
        *(subprocess.Popen(command, env=env, cwd=ROOT) for command in web_servers()),
        subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
            env=env,
            cwd=ROOT,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "tandem.notify.fake_notify", "--port", NOTIFY_PORT],
            env=env,
            cwd=ROOT,
        ),
    ]
    time.sleep(1.5)
    # Catch up on messages left from an earlier run (their tasks may have been
    # lost with a worker); the per-message tasks do the rest (ADR 0008).
    manage(env, "send_due_messages")
    print()
    print(f"Tandem is running at http://{HOST}:{PORT}/  (Ctrl-C stops everything)")
    fake = f"http://127.0.0.1:{NOTIFY_PORT}/_fake/notifications"
    print(f"Texts and letters go to a fake GOV.UK Notify; see what it received at {fake}")
    print(f"Password for every demo account: {env['TANDEM_DEMO_PASSWORD']}")
    manage(env, "demo_logins")
    print()
    jobs: list[subprocess.Popen[bytes]] = []
    next_seal = time.monotonic() + SEAL_EVERY
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
            if time.monotonic() >= next_seal and all(job.poll() is not None for job in jobs):
                jobs = [
                    subprocess.Popen(
                        [sys.executable, str(ROOT / "manage.py"), command],
                        env=env,
                        cwd=ROOT,
                        stdout=subprocess.DEVNULL,
                    )
                    for command in EVERY_MINUTE
                ]
                next_seal = time.monotonic() + SEAL_EVERY
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        if janus is not None:
            janus.stop()
    failed = [c.returncode for c in children if c.returncode not in (0, -signal.SIGINT, None)]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
