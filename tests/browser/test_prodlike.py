"""Several app nodes as production runs them (`make prodlike`, ADR 0046), and
failure drills on them.

One cluster for the module (tandem/demo/cluster.py): nginx in front of two app
nodes (gunicorn + uvicorn each), two task workers, coturn, the fake Notify and
a Redis of its own, all on loopback, with production settings, against this
run's PostgreSQL test database, reached through a TCP relay the tests can cut.

- Sam and Dr Lee hold a video call with each on a different node, through the
  TURN relay only, while the workers send reminders; then Sam's node is
  killed and the call comes back through the other; then Redis restarts and
  the call's signalling recovers.
- A worker is killed mid-batch: the other worker and the sweep send
  everything, nothing twice.
- PostgreSQL is cut off: pages answer 503 with the crisis numbers, a form sent
  meanwhile saves nothing, and the same processes serve again when it is back.

PostgreSQL only (separate processes must share the database).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser

from tandem.consult.models import Participant
from tandem.demo.cluster import Cluster
from tandem.notify.models import Message, MessageStatus
from tandem.notify.services import queue_message
from tandem.notify.tests.helpers import set_contact
from tandem.people.models import User
from tests.browser import steps
from tests.browser.axe import Checker
from tests.browser.conftest import new_tab
from tests.browser.tab import Tab
from tests.browser.test_video_call import receives_video
from tests.browser.video import video_browser_fixture  # noqa: F401 - registers the fixture
from tests.factories import PASSWORD
from tests.personas import Personas

pytestmark = [pytest.mark.postgresql]

WAIT_SECONDS = 60
SELECTED_CANDIDATE_TYPES = """async () => {
  const types = []
  for (const { pc } of window.consultCall.peers.values()) {
    const stats = await pc.getStats()
    const all = new Map()
    stats.forEach((s) => all.set(s.id, s))
    stats.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        types.push(all.get(s.localCandidateId).candidateType,
          all.get(s.remoteCandidateId).candidateType)
      }
    })
  }
  return types
}"""
# The call set up again after its signalling socket was lost: a new peer
# connection (not the one remembered before), connected.
CONNECTED_AGAIN = """() => [...window.consultCall.peers.values()].some(
  (p) => p.pc !== window.connectionBefore && p.pc.connectionState === 'connected')"""
REMEMBER_CONNECTION = (
    "() => { window.connectionBefore = [...window.consultCall.peers.values()][0].pc }"
)


def eventually(check: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for: {what}")
        time.sleep(0.2)


class CuttableRelay:
    """A TCP relay in front of PostgreSQL that a test can cut and mend, as a
    network fault or a failover would: cutting drops every open connection and
    refuses new ones until mended."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.open: set[socket.socket] = set()
        self.cut_off = False
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True, name="pg-relay").start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
            with self.lock:
                self.open.discard(end)

    def cut(self) -> None:
        self.cut_off = True
        with self.lock:
            ends = list(self.open)
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def mend(self) -> None:
        self.cut_off = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture(scope="module")
def relay(django_db_setup: None, django_db_blocker: object) -> Iterator[CuttableRelay]:
    settings = connection.settings_dict
    relay = CuttableRelay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    yield relay
    relay.close()


@pytest.fixture(scope="module")
def cluster(relay: CuttableRelay, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    settings = connection.settings_dict
    database_url = f"postgres://{settings['USER']}@127.0.0.1:{relay.port}/{settings['NAME']}"
    with Cluster(
        database_url=database_url,
        run_dir=Path(tmp_path_factory.mktemp("prodlike")),
        env={
            # Calls may use only the TURN relay: proves coturn carries the media.
            "TANDEM_ICE_TRANSPORT_POLICY": "relay",
            # Small batches so both workers share the reminders; short leases so
            # a killed worker's messages are recovered within the test.
            "TANDEM_NOTIFY_BATCH": "4",
            "TANDEM_NOTIFY_LEASE_SECONDS": "4",
            "TANDEM_NOTIFY_DRAIN_SECONDS": "2",
        },
    ) as running:
        yield running


@pytest.fixture
def people(personas: Personas) -> Personas:
    """The personas, with passwords the production hashers (argon2) can check."""
    User.objects.update(password=make_password(PASSWORD, hasher="argon2"))
    return personas


def notify_stats(cluster: Cluster) -> dict[str, int]:
    url = f"http://127.0.0.1:{cluster.ports.notify}/_fake/stats"
    with urllib.request.urlopen(url, timeout=5) as response:
        return dict(json.load(response))


def reminders(p: Personas, count: int, *, first: int = 0) -> list[Message]:
    set_contact(p.su, p.clinician)
    queued = []
    for n in range(first, first + count):
        message = queue_message(
            actor=None,
            recipient=p.su,
            template="appointment_reminder",
            personalisation={"date": "Tuesday 1 December", "time": f"{9 + n % 8}:00am"},
            about_key=f"appointment:{n}",
            idempotency_key=f"appointment:{n}:reminder",
        )
        assert message is not None
        queued.append(message)
    return queued


def all_sent_once(cluster: Cluster, count: int) -> bool:
    stats = notify_stats(cluster)
    assert stats["received"] == stats["references"], f"something was sent twice: {stats}"
    return (
        stats["received"] == count
        and not Message.objects.filter(
            status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]
        ).exists()
    )


def process_of(channel_name: str) -> str:
    """The app process a socket is on: the Redis layers (pub/sub, ADR 0077, and
    channels-redis's lists) name each process's channels with a prefix of its
    own ('specific.<prefix>!<socket>')."""
    return channel_name.split("!")[0]


def socket_process(participant: Participant) -> str:
    participant.refresh_from_db()
    return process_of(participant.channel_name)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def tabs(
    video_browser: Browser, axe_checker: Checker, cluster: Cluster
) -> Iterator[Callable[[str], Tab]]:
    opened: list[Tab] = []

    def open_on(node: str) -> Tab:
        tab = new_tab(video_browser, base_url=cluster.url(node), checker=axe_checker)
        opened.append(tab)
        return tab

    yield open_on
    # The drills break connections on purpose, so the console's network errors
    # are expected: the tabs are closed without the console check (axe still
    # checked every page on the way).
    for tab in opened:
        with contextlib.suppress(Exception):
            tab.close(test_failed=True)


@pytest.mark.browser
def test_a_call_across_two_nodes_through_the_relay_survives_a_lost_node_and_redis(
    cluster: Cluster, people: Personas, tabs: Callable[[str], Tab]
) -> None:
    from tandem.consult.tests.helpers import video_appointment

    appointment = video_appointment(people)
    pk = appointment.pk
    # Reminders for the workers to send while the call goes on.
    queued = reminders(people, 12)

    # Given Sam comes in through node a and Dr Lee through node b
    sam, lee = tabs("a"), tabs("b")
    steps.sign_in(sam, people.service_user)
    sam.visit(f"/video/{pk}/")
    for check in ("consult-camera", "consult-connection"):
        sam.page.wait_for_function(
            f"() => document.getElementById('{check}').textContent.startsWith('working')"
        )
    sam.submit("Continue")
    sam.page.get_by_label("Phone number").fill("0113 496 0999")
    sam.submit("Confirm and go to the waiting room")
    assert sam.heading() == "You are waiting"

    steps.sign_in(lee, people.clinician)
    lee.visit(f"/video/{pk}/call/")
    lee.page.get_by_label("I have confirmed who I am speaking to").check()
    lee.page.get_by_label("Where are they now?").fill("12 Example Road, Leeds")
    lee.page.get_by_label("Yes").check()
    lee.submit("Record the safety check")
    with sam.page.expect_navigation(wait_until="load") as moved_on:
        lee.submit("Admit Sam Taylor")
    sam._arrived(moved_on.value, 200)

    # Then each sees the other, the media going through the TURN relay
    receives_video(sam)
    receives_video(lee)
    for tab in (sam, lee):
        types = tab.page.evaluate(SELECTED_CANDIDATE_TYPES)
        assert types and set(types) == {"relay"}, types

    # And their sockets are on different app processes
    sam_in = Participant.objects.get(room__appointment=appointment, user=people.service_user)
    lee_in = Participant.objects.get(room__appointment=appointment, user=people.clinician)
    assert socket_process(sam_in) != socket_process(lee_in)

    # And the workers sent every reminder, none twice
    eventually(lambda: all_sent_once(cluster, len(queued)), "the reminders to be sent")

    # When Sam's node dies (pages and sockets, as a lost machine)
    sam.page.evaluate(REMEMBER_CONNECTION)
    cluster.kill("sockets-a")
    cluster.kill("pages-a")

    # Then his call comes back through node b, with video both ways
    sam.page.wait_for_function(CONNECTED_AGAIN, timeout=WAIT_SECONDS * 1000)
    receives_video(sam)
    receives_video(lee)
    assert socket_process(sam_in) == socket_process(lee_in)
    # And his node's port still serves pages, from node b
    assert get(f"{cluster.url('a')}/healthz/")[0] == 200

    # When Redis restarts (the channel layer loses everything it held)
    sam.page.evaluate(REMEMBER_CONNECTION)
    cluster.stop("redis")
    cluster.start("redis")

    # Then the call's signalling recovers: a chat message gets through
    def chat_arrives() -> bool:
        sam.page.get_by_label("Message").fill("Can you hear me now?")
        sam.page.locator("#consult-chat").get_by_role("button", name="Send").click()
        found = lee.page.locator("#consult-chat-log").get_by_text("Can you hear me now?")
        with contextlib.suppress(Exception):
            found.first.wait_for(timeout=3000)
            return True
        return False

    eventually(chat_arrives, "a chat message after Redis restarted")
    receives_video(lee)

    # Node a comes back for the next tests
    cluster.start("pages-a")
    cluster.start("sockets-a")


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    cluster: Cluster, people: Personas
) -> None:
    # Notify slow to answer, so a worker is surely mid-batch when it is killed
    cluster.stop("notify")
    cluster.notify_args = ["--reply-delay", "0.2"]
    cluster.start("notify")
    try:
        queued = reminders(people, 24, first=100)
        doomed = cluster.processes["worker-1"].pid

        def mid_batch() -> bool:
            return Message.objects.filter(
                status=MessageStatus.SENDING, leased_by__endswith=f":{doomed}"
            ).exists()

        eventually(mid_batch, "worker 1 to be sending a batch")
        cluster.kill("worker-1")

        # Its messages wait out their lease; then the sweep (cron's minute job)
        # and the other worker send them, asking Notify first what it already has.
        eventually(
            lambda: (
                not Message.objects.filter(
                    status=MessageStatus.SENDING, lease_until__gt=timezone.now()
                ).exists()
            ),
            "the killed worker's leases to run out",
        )
        cluster.manage("send_due_messages")
        eventually(lambda: all_sent_once(cluster, len(queued)), "every reminder to be sent")
    finally:
        cluster.start("worker-1")
        cluster.stop("notify")
        cluster.notify_args = []
        cluster.start("notify")


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Send 'Secure' cookies to plain-HTTP loopback, as browsers do (a secure context)."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return True


def sign_in_form(opener: urllib.request.OpenerDirector, base: str) -> dict[str, str]:
    with opener.open(f"{base}/sign-in/", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    return {
        "csrfmiddlewaretoken": token[1],
        "email": "service.user@example.org",
        "password": PASSWORD,
    }


def post(opener: urllib.request.OpenerDirector, url: str, form: dict[str, str]) -> tuple[int, str]:
    data = urllib.parse.urlencode(form).encode()
    try:
        with opener.open(url, data=data, timeout=15) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_postgresql_cut_off_answers_503_saves_nothing_and_recovers(
    cluster: Cluster, relay: CuttableRelay, people: Personas
) -> None:
    base = cluster.url()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(LoopbackIsSecure()))
    )
    form = sign_in_form(opener, base)
    sessions = Session.objects.count()

    # When PostgreSQL cannot be reached, Sam's sign-in is answered 503: the
    # service is unavailable, try again, with the crisis numbers on the page
    relay.cut()
    try:
        status, page = post(opener, f"{base}/sign-in/", form)
        assert status == 503
        assert "Sorry, the service is unavailable" in page
        assert "116 123" in page
    finally:
        relay.mend()
    # And nothing of it was saved
    assert Session.objects.count() == sessions

    # When it is back, the same processes serve again without a restart
    def signs_in() -> bool:
        status, where = post(opener, f"{base}/sign-in/", sign_in_form(opener, base))
        return status == 200 and "/sign-in/" not in where

    eventually(signs_in, "Sam to sign in after PostgreSQL is back", 30)
    assert Session.objects.count() == sessions + 1
    # The web servers and the proxy never stopped; a task worker that lost the
    # database exits and its supervisor starts it again (ADR 0046)
    assert [n for n in cluster.dead() if not n.startswith("worker-")] == []
    cluster.restart_exited_workers()
    assert not cluster.dead()
