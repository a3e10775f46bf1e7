"""Fixtures for video call tests: Chromium with a fake camera and microphone,
and the ASGI application (pages and the signalling sockets) on 127.0.0.1.

pytest-django's live server speaks WSGI only, so uvicorn serves
``tandem.asgi.application`` from a thread in this process, against the same
test database. To keep media on loopback, run the tests in a private network
namespace (see test_video_call.py); ``only_loopback()`` says whether they are.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from playwright.sync_api import Browser, Playwright

from tests.browser.axe import Checker
from tests.browser.conftest import CALL_FAILED, CHROMIUM, CHROMIUM_ARGS, new_tab
from tests.browser.tab import Tab

MEDIA_ARGS = [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
]
STARTUP_SECONDS = 10


def only_loopback() -> bool:
    """True inside a private network namespace where 'lo' is the only interface."""
    # Read from the kernel for this network namespace (/sys may show the host's).
    return {name for _, name in socket.if_nameindex()} == {"lo"}


@pytest.fixture(scope="module", name="video_browser")
def video_browser_fixture(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
    )
    yield launched
    launched.close()


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class _OneThread:
    """Stands in for asgiref's ThreadSensitiveContext: without it, every request's
    database work runs on the one thread the sockets use (see asgi_server)."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None


@contextlib.contextmanager
def serve_asgi(host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the ASGI application from a thread on ``host``; yields its base address."""
    port = _free_port(host)
    config = uvicorn.Config(
        "tandem.asgi:application",
        host=host,
        port=port,
        log_level="warning",
        ws="websockets-sansio",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("The ASGI server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_SECONDS)


@pytest.fixture(name="asgi_server")
def asgi_server_fixture(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The base address of the ASGI application, served for one test.

    Django gives each ASGI request a thread of its own, and so a database
    connection of its own. The in-memory SQLite test database locks whole tables
    between connections and does not wait for them, so the server runs every
    request and socket on one thread here, as one worker process would on a
    quiet day. (PostgreSQL runs are unaffected either way.)
    """
    monkeypatch.setattr("django.core.handlers.asgi.ThreadSensitiveContext", _OneThread)
    with serve_asgi() as address:
        yield address


OpenVideoTab = Callable[[], Tab]


@pytest.fixture(name="open_video_tab")
def open_video_tab_fixture(
    request: pytest.FixtureRequest,
    video_browser: Browser,
    asgi_server: str,
    axe_checker: Checker,
) -> Iterator[OpenVideoTab]:
    """A tab (own cookies: one person each) with a fake camera and microphone."""
    tabs: list[Tab] = []

    def make() -> Tab:
        tab = new_tab(video_browser, base_url=asgi_server, checker=axe_checker)
        tabs.append(tab)
        return tab

    yield make
    failed = request.node.stash.get(CALL_FAILED, False)
    errors = []
    for tab in tabs:
        try:
            tab.close(test_failed=failed)
        except AssertionError as exc:
            errors.append(str(exc))
    # Let the server notice the closed sockets before the database is emptied.
    with contextlib.suppress(Exception):
        time.sleep(0.2)
    if errors:
        pytest.fail("\n".join(errors))
