"""A video call whose two people cannot reach each other still connects, through
the TURN relay (issue 22, ADR 0046).

Sam's Chromium and Dr Lee's Chromium each run in a Linux network namespace of
their own, joined to this one by a veth pair. Each namespace has a route to
one address here (the 'hub'), where the app and coturn listen, and no route to
the other namespace, so a packet from one browser to the other has nowhere to
go ('Network is unreachable'). The ICE transport policy is left at 'all', so
the browsers try every direct path they find; the only one that works goes
through coturn. The test asserts the remote video plays (frames decoded) and
that the pair ICE chose has coturn's relay address on it.

There is no iptables or nft on these machines, so the separation is by routes,
not by a firewall: a namespace knows no way to the other, which is what a
browser behind a strict NAT or a closed firewall sees.

Needs root (ip netns, veth); CI runs as root. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import struct
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright
from pytest_django.fixtures import Settings as SettingsWrapper

from tandem.consult.tests.helpers import video_appointment
from tests.browser import steps
from tests.browser.axe import Checker
from tests.browser.conftest import CALL_FAILED, CHROMIUM, CHROMIUM_ARGS, new_tab
from tests.browser.tab import Tab
from tests.browser.test_video_call import receives_video
from tests.browser.video import MEDIA_ARGS, _OneThread, serve_asgi
from tests.personas import Personas

pytestmark = pytest.mark.browser

TURN_PORT = 3478
STARTUP_SECONDS = 15
# Each peer connection's selected candidate pair, with each end's type and
# address, or null until every peer connection has one. The transport's
# selectedCandidatePairId is the pair ICE uses; a pair's own 'nominated' flag
# can lag on the controlled side after media already flows (CI saw an empty
# list once), so the test waits for this state rather than reading it once.
SELECTED_PAIRS = """async () => {
  const pairs = []
  for (const { pc } of window.consultCall.peers.values()) {
    const stats = await pc.getStats()
    const all = new Map()
    stats.forEach((s) => all.set(s.id, s))
    let selected = null
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        selected = all.get(s.selectedCandidatePairId) || selected
      }
    })
    if (!selected) return null
    const local = all.get(selected.localCandidateId)
    const remote = all.get(selected.remoteCandidateId)
    if (!local || !remote) return null
    pairs.push({ local: local.candidateType, localAddress: local.address,
                 remote: remote.candidateType, remoteAddress: remote.address })
  }
  return pairs.length ? pairs : null
}"""
ICE_POLICIES = """() => [...window.consultCall.peers.values()]
  .map(({ pc }) => pc.getConfiguration().iceTransportPolicy)"""


def ip(*args: str, netns: str | None = None) -> subprocess.CompletedProcess[str]:
    command = ["ip", *args] if netns is None else ["ip", "netns", "exec", netns, "ip", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=10)


def must(result: subprocess.CompletedProcess[str]) -> None:
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(result.args)}: {result.stderr.strip()}")


@dataclass(frozen=True)
class Side:
    """One person's namespace: its name, its end of the veth pair and its address."""

    netns: str
    address: str


@dataclass(frozen=True)
class SplitNetwork:
    hub: str
    a: Side
    b: Side


@contextlib.contextmanager
def split_network() -> Iterator[SplitNetwork]:
    """Two namespaces that reach the hub address here but not each other.

    Addresses come from 198.18.0.0/15 (kept for network tests, RFC 2544), a
    block of 16 chosen by this process's id so runs beside each other do not
    clash. Link a is .0/30 (hub .1, namespace .2), link b is .4/30 (here .5,
    namespace .6). The hub sits on link a's end here (these machines have no
    'dummy' interface driver); b reaches it through its own link, delivered
    locally here, never forwarded.
    """
    tag = f"{os.getpid() % 100000}"
    block = (os.getpid() % 8192) * 16
    base = f"198.{18 + block // 65536}.{block // 256 % 256}"
    first = block % 256

    def at(offset: int) -> str:
        return f"{base}.{first + offset}"

    network = SplitNetwork(hub=at(1), a=Side(f"tdm{tag}a", at(2)), b=Side(f"tdm{tag}b", at(6)))
    ends = (f"tdm{tag}ah", f"tdm{tag}bh")
    try:
        for side, here, outside in ((network.a, at(1), ends[0]), (network.b, at(5), ends[1])):
            inside = f"{outside[:-1]}n"
            must(ip("netns", "add", side.netns))
            must(ip("link", "add", outside, "type", "veth", "peer", "name", inside))
            must(ip("link", "set", inside, "netns", side.netns))
            must(ip("addr", "add", f"{here}/30", "dev", outside))
            must(ip("link", "set", outside, "up"))
            must(ip("link", "set", "lo", "up", netns=side.netns))
            must(ip("addr", "add", f"{side.address}/30", "dev", inside, netns=side.netns))
            must(ip("link", "set", inside, "up", netns=side.netns))
            # The one way out: to the hub, and nowhere else.
            if network.hub != here:
                must(ip("route", "add", f"{network.hub}/32", "via", here, netns=side.netns))
        yield network
    finally:
        # Deleting a namespace deletes its veth pair, this end included.
        # (A pair not yet moved into its namespace is deleted by its end here.)
        for side, outside in zip((network.a, network.b), ends, strict=True):
            ip("netns", "del", side.netns)
            ip("link", "del", outside)


def stun_answers(address: str, port: int) -> bool:
    """True when a STUN binding request to coturn is answered."""
    transaction = secrets.token_bytes(12)
    request = struct.pack("!HHI", 0x0001, 0, 0x2112A442) + transaction
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.5)
        try:
            sock.sendto(request, (address, port))
            answer = sock.recv(2048)
        except OSError:
            return False
    return answer[:2] == b"\x01\x01" and answer[8:20] == transaction


@contextlib.contextmanager
def coturn(hub: str, secret: str, run_dir: Path) -> Iterator[str]:
    """coturn with its own configuration, listening and relaying on the hub."""
    command = [
        "turnserver", "--listening-ip", hub, "--relay-ip", hub,
        "--listening-port", str(TURN_PORT), "--min-port", "49402", "--max-port", "49600",
        "--use-auth-secret", "--static-auth-secret", secret,
        "--realm", "tandem.invalid", "--no-tls", "--no-dtls", "--no-cli", "--fingerprint",
        "--log-file", str(run_dir / "turnserver.log"), "--simple-log",
        "--pidfile", str(run_dir / "turnserver.pid"), "--userdb", str(run_dir / "turndb"),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not stun_answers(hub, TURN_PORT):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("coturn did not start; see its log in " + str(run_dir))
        yield f"turn:{hub}:{TURN_PORT}?transport=udp"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(name="network")
def network_fixture() -> Iterator[SplitNetwork]:
    if os.geteuid() != 0:
        # Not skipped: a run that cannot make namespaces has not proved the relay.
        pytest.fail("This test makes network namespaces and needs root (CI runs as root).")
    with split_network() as network:
        # The direct path really is missing: neither side has a route to the other.
        for here, there in ((network.a, network.b), (network.b, network.a)):
            assert ip("route", "get", there.address, netns=here.netns).returncode != 0
            assert ip("route", "get", network.hub, netns=here.netns).returncode == 0
        yield network


@pytest.fixture(name="server")
def server_fixture(
    transactional_db: None,
    monkeypatch: pytest.MonkeyPatch,
    settings: SettingsWrapper,
    network: SplitNetwork,
    tmp_path: Path,
) -> Iterator[str]:
    """The app and coturn on the hub, with TURN handed to the browsers and the
    ICE policy left at 'all'."""
    # One thread for every request and socket, as asgi_server does (SQLite).
    monkeypatch.setattr("django.core.handlers.asgi.ThreadSensitiveContext", _OneThread)
    secret = secrets.token_hex(16)
    # Channels' origin check copies ALLOWED_HOSTS when tandem.asgi is first
    # imported, which an earlier test in the same run may have done: give the
    # socket router the hub too, or the call's socket is refused with a 403.
    # Imported before ALLOWED_HOSTS changes, so that when this test is the first
    # to import it, the router keeps the usual hosts for the tests after it
    # (monkeypatch puts back what it found).
    from tandem.asgi import application

    settings.ALLOWED_HOSTS = [network.hub]
    monkeypatch.setattr(
        application.application_mapping["websocket"], "allowed_origins", [network.hub]
    )
    settings.TANDEM_ICE_TRANSPORT_POLICY = "all"
    settings.TANDEM_STUN_URLS = []
    settings.TANDEM_TURN_SECRET = secret
    with coturn(network.hub, secret, tmp_path) as turn_url:
        settings.TANDEM_TURN_URLS = [turn_url]
        with serve_asgi(network.hub) as address:
            yield address


@pytest.fixture(name="tab_in")
def tab_in_fixture(
    request: pytest.FixtureRequest,
    playwright: Playwright,
    axe_checker: Checker,
    server: str,
    tmp_path: Path,
) -> Iterator[Callable[[Side], Tab]]:
    """A Chromium started inside one side's namespace, and a tab in it."""
    browsers: list[Browser] = []
    tabs: list[Tab] = []

    def open_in(side: Side) -> Tab:
        # Playwright drives Chromium over a pipe, so the browser may live in
        # another network namespace: a wrapper starts it there.
        wrapper = tmp_path / f"chromium-{side.netns}"
        wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {side.netns} {CHROMIUM} "$@"\n')
        wrapper.chmod(0o755)
        browser = playwright.chromium.launch(
            executable_path=str(wrapper),
            args=[
                *CHROMIUM_ARGS,
                *MEDIA_ARGS,
                # The hub is not localhost: let the camera work over plain HTTP there.
                f"--unsafely-treat-insecure-origin-as-secure={server}",
            ],
        )
        browsers.append(browser)
        tab = new_tab(browser, base_url=server, checker=axe_checker)
        tabs.append(tab)
        return tab

    yield open_in
    failed = request.node.stash.get(CALL_FAILED, False)
    errors = []
    for tab in tabs:
        try:
            tab.close(test_failed=failed)
        except AssertionError as exc:
            errors.append(str(exc))
    for browser in browsers:
        with contextlib.suppress(Exception):
            browser.close()
    if errors:
        pytest.fail("\n".join(errors))


def test_a_call_between_two_people_who_cannot_reach_each_other_goes_through_the_relay(
    network: SplitNetwork, tab_in: Callable[[Side], Tab], personas: Personas
) -> None:
    appointment = video_appointment(personas)
    pk = appointment.pk

    # Given Sam's browser and Dr Lee's browser are on networks with no way to each other
    sam, lee = tab_in(network.a), tab_in(network.b)

    # When Sam checks his devices and waits
    steps.sign_in(sam, personas.service_user)
    sam.visit(f"/video/{pk}/")
    for check in ("consult-camera", "consult-connection"):
        sam.page.wait_for_function(
            f"() => document.getElementById('{check}').textContent.startsWith('working')"
        )
    sam.submit("Continue")
    sam.page.get_by_label("Phone number").fill("0113 496 0999")
    sam.submit("Confirm and go to the waiting room")
    assert sam.heading() == "You are waiting"

    # And Dr Lee records the safety check and lets him in
    steps.sign_in(lee, personas.clinician)
    lee.visit(f"/video/{pk}/call/")
    lee.page.get_by_label("I have confirmed who I am speaking to").check()
    lee.page.get_by_label("Where are they now?").fill("12 Example Road, Leeds")
    lee.page.get_by_label("Yes").check()
    lee.submit("Record the safety check")
    with sam.page.expect_navigation(wait_until="load") as moved_on:
        lee.submit("Admit Sam Taylor")
    sam._arrived(moved_on.value, 200)

    # Then each sees the other's video
    receives_video(sam)
    receives_video(lee)

    # And the browsers were free to go direct, but the path they use is coturn's relay
    for tab in (sam, lee):
        assert set(tab.page.evaluate(ICE_POLICIES)) == {"all"}
        pairs = tab.page.wait_for_function(SELECTED_PAIRS, polling=250).json_value()
        for pair in pairs:
            relayed = [
                address
                for kind, address in (
                    (pair["local"], pair["localAddress"]),
                    (pair["remote"], pair["remoteAddress"]),
                )
                if kind == "relay"
            ]
            assert relayed and set(relayed) == {network.hub}, pair
