"""Drill: PostgreSQL out of reach for 30 seconds (issue 22, ADR 0057, HAZ-319).

A real WSGI server thread (Django's own handler, one thread keeping its
database connection from request to request as a gunicorn thread does) talks
to PostgreSQL through a small TCP proxy this test controls. The proxy is cut
in the middle of saving a safety plan (after the first row is written), and
stays cut for 30 seconds: every page in that time is a 503 with the crisis
numbers, nothing of the plan is saved, and once the proxy is back the same
server thread serves and saves again without a restart.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client
from django.utils.html import strip_tags

from tandem.audit.models import AuditEvent
from tandem.safety.models import PlanVersion, SafetyPlan
from tandem.safety.tests.helpers import TYPICAL
from tests.personas import Personas, build, sign_in

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
OUTAGE_SECONDS = 30
CRISIS = "call NHS 111 and choose option 2, call Samaritans on 116 123"


class CuttableProxy:
    """Forwards TCP connections to PostgreSQL until cut; while cut, it closes
    every open connection and hangs up on new ones at once (as a database
    restarting or failing over does)."""

    def __init__(self, *, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.is_cut = False
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.is_cut:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.is_cut = True
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.open.clear()

    def restore(self) -> None:
        self.is_cut = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


class Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[CuttableProxy]:
    db = settings.DATABASES["default"]
    found = CuttableProxy(host=db["HOST"] or "127.0.0.1", port=int(db["PORT"] or 5432))
    yield found
    found.close()


@pytest.fixture
def server(proxy: CuttableProxy) -> Iterator[tuple[str, list[Callable[..., Any]]]]:
    """A one-thread WSGI server whose connection goes through the proxy; the
    list lets the test watch each statement the server sends."""
    wrappers: list[Callable[..., Any]] = []
    httpd: WSGIServer = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=Quiet)
    ready = threading.Event()

    def serve() -> None:
        ours = {**connections["default"].settings_dict}
        ours.update(HOST="127.0.0.1", PORT=str(proxy.port), CONN_MAX_AGE=600)
        connection = connections["default"].__class__(ours, "default")
        connection.execute_wrappers.append(lambda *args: wrappers[0](*args))
        connections["default"] = connection
        ready.set()
        httpd.serve_forever(poll_interval=0.1)
        connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait()
    wrappers.append(lambda execute, sql, params, many, context: execute(sql, params, many, context))
    yield f"http://127.0.0.1:{httpd.server_port}", wrappers
    httpd.shutdown()
    thread.join(timeout=10)


def browser_for(base: str, session_cookie: str) -> Callable[..., tuple[int, str]]:
    """GET or POST to the server keeping cookies, without following redirects."""
    cookies = {settings.SESSION_COOKIE_NAME: session_cookie}

    def go(path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        host = urllib.parse.urlsplit(base)
        conn = http.client.HTTPConnection(host.hostname or "", host.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
        text = response.read().decode()
        conn.close()
        return response.status, text

    return go


def plan_rows(p: Personas) -> tuple[int, int, int]:
    return (
        SafetyPlan.objects.filter(service_user=p.su).count(),
        PlanVersion.objects.filter(plan__service_user=p.su).count(),
        AuditEvent.objects.filter(object_type__startswith="safety.").count(),
    )


def test_thirty_seconds_without_the_database_fail_clearly_save_nothing_half_way_and_recover(
    proxy: CuttableProxy, server: tuple[str, list[Callable[..., Any]]]
) -> None:
    p = build()
    base, wrappers = server
    session = sign_in(Client(), p.service_user)
    sam = browser_for(base, session.cookies[settings.SESSION_COOKIE_NAME].value)
    status, form = sam("/safety-plan/change/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    before = plan_rows(p)

    # The database goes away after the plan's first row is written.
    inserts: list[str] = []

    def cut_after_first_insert(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 2:
                proxy.cut()
        return execute(sql, params, many, context)

    wrappers[0] = cut_after_first_insert
    data = {**TYPICAL, "based_on": "0", "csrfmiddlewaretoken": token.group(1)}
    status, page = sam("/safety-plan/change/", data)
    cut_at = time.monotonic()
    assert len(inserts) == 2, "the cut came in the middle of the save"
    # Each number is wrapped to keep its digits in order in any language (HAZ-356).
    assert status == 503 and "Sorry, the service is unavailable" in page
    assert CRISIS in strip_tags(page)
    assert "Nothing you entered has been saved half-way" in page
    wrappers[0] = lambda execute, sql, params, many, context: execute(sql, params, many, context)

    # Throughout the outage every page says so, with the crisis numbers.
    answers = []
    while time.monotonic() - cut_at < OUTAGE_SECONDS:
        status, page = sam("/safety-plan/")
        answers.append(status)
        assert CRISIS in strip_tags(page)
        time.sleep(1)
    assert set(answers) == {503} and len(answers) >= 10
    assert plan_rows(p) == before, "nothing of the plan was saved"

    # The database is back: the same server thread serves, and the save works once.
    proxy.restore()
    status, page = sam("/safety-plan/change/")
    assert status == 200
    status, _ = sam("/safety-plan/change/", data)
    assert status == 302  # saved, and on to the plan
    plans, versions, _ = plan_rows(p)
    assert (plans, versions) == (before[0] + 1, before[1] + 1)
