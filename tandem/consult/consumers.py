"""WebRTC signalling for one video call, over a WebSocket.

The server only passes messages between browsers; sound and pictures go
browser to browser and are never recorded. What it enforces:

- who: the same question as the pages (tandem.consult.selectors.participant_in),
  from the session cookie; staff must have completed two-step verification;
- when: only from 30 minutes before the appointment to 2 hours after its start
  (settings), and only for a booked video appointment;
- what: only admitted participants exchange offers, answers, candidates and
  chat; someone still in the waiting room only hears that they were let in;
- one device each: a second connection as the same participant replaces the
  first, which is told why and closed (audited);
- how much: frames over 64 KB, malformed JSON, unknown types and floods are
  refused with an error frame and audited. A bad frame never closes anyone
  else's connection, and a flood closes only the flooder's;
- under overload (ADR 0038, ADR 0077): every message goes to one socket's
  channel with ``channel_layer.send``, never ``group_send`` (which drops
  silently when a channel is full). An offer, answer, candidate or chat message
  the layer cannot take (full, nobody subscribed, Redis unreachable) comes back
  to its sender as ``not-delivered``, with what it carried, so the browser sends
  it again. An offer, answer or candidate the layer took is acknowledged by the
  receiving socket once it has passed it to its browser; one not acknowledged
  within ``TANDEM_VIDEO_ACK_SECONDS`` comes back too (pub/sub can lose what
  Redis had accepted). Each carries an id its browser chose and keeps when it
  sends that message again, and a copy (the same id from the same connection)
  is passed on once; two messages with the same content and different ids are
  both passed on (ADR 0082). None is dropped silently. While the process is
  overloaded (tandem.consult.load) it sheds live quality reports and refuses to
  start new calls (``busy``), so the calls already running keep their signalling.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.http import Http404

from tandem.consult import calls, selectors, sockets
from tandem.consult.load import load
from tandem.consult.models import MAX_CHAT, Participant, ParticipantKind, ParticipantState
from tandem.consult.pubsub import UNREACHABLE, NotHeard

log = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
# Token bucket per connection: a burst of ICE candidates fits, a flood does not.
BUCKET_SIZE = 120
REFILL_PER_SECOND = 30.0
# Refusals for flooding before the connection is closed.
MAX_FLOOD_REFUSALS = 200
SIGNAL_TYPES = frozenset({"offer", "answer", "candidate"})
# The browser's live figures for its connection (packet loss, round trip),
# passed to staff so they can offer the phone before a call fails. Sheddable.
QUALITY = "quality"
QUALITY_FIELDS = frozenset({"loss", "rtt", "jitter", "bitrate", "at"})
# Set-up messages a socket remembers having passed on, by their sender's id, so a copy
# sent again (after a late acknowledgement) is not passed on twice: a second offer
# would restart the call (ADR 0082).
REMEMBERED = 512
# The id a browser gives each set-up message and keeps when it sends it again.
MAX_ID_CHARS = 64
# A carer's consent is read again at least this often while they are connected.
CONSENT_RECHECK_SECONDS = 10.0

# Close codes (4000-4999 are the application's own).
CLOSE_REPLACED = 4000
CLOSE_NOT_ALLOWED = 4403
CLOSE_NOT_OPEN = 4409
CLOSE_FLOOD = 4429
CLOSE_BUSY = 4503


def staff_group(appointment_pk: int) -> str:
    return f"consult.staff.{appointment_pk}"


def participant_group(participant_pk: int) -> str:
    return f"consult.participant.{participant_pk}"


@dataclass
class Joined:
    participant: Participant
    is_staff: bool
    name: str


def _staff_verified(user: Any, session: Any) -> bool:
    """Staff sockets need the same two-step verification as staff pages."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id:
        return False
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk


@database_sync_to_async
def _join(user: Any, session: Any, appointment_pk: int) -> Joined | str:
    """The caller's place in the call, or why they cannot have one."""
    if session is None:
        return "no session"
    try:
        place = selectors.participant_in(user, session, appointment_pk=appointment_pk)
    except Http404:
        sockets.audit_refusal(
            participant=None, user=user, what=f"not a participant of call {appointment_pk}"
        )
        return "not a participant"
    if place.is_staff and not _staff_verified(user, session):
        sockets.audit_refusal(
            participant=place.participant, user=user, what="staff without two-step verification"
        )
        return "not verified"
    if not calls.is_open(place.appointment):
        sockets.audit_refusal(
            participant=place.participant, user=user, what="call not open at this time"
        )
        return "not open"
    return Joined(place.participant, place.is_staff, place.participant.name)


_peers = database_sync_to_async(selectors.connected_peers)
_fresh = database_sync_to_async(selectors.refreshed)


class CallConsumer(AsyncWebsocketConsumer):
    """One browser's connection to one call."""

    appointment_pk: int
    me: Joined | None = None
    replaced = False
    # participant id -> (their connection's tag, their socket's channel name, their kind)
    peers: dict[int, tuple[str, str, str]]
    counted = False

    async def connect(self) -> None:
        self.appointment_pk = int(self.scope["url_route"]["kwargs"]["pk"])
        self.tokens = float(BUCKET_SIZE)
        self.last_refill = time.monotonic()
        self.flood_refusals = 0
        self.audited: set[str] = set()
        self.groups_joined: list[str] = []
        self.peers = {}
        # Set-up messages sent and not yet acknowledged:
        # reference -> (timer, kind, to, data, the sender's id for it).
        self.unacknowledged: dict[int, tuple[asyncio.TimerHandle, str, int, Any, str]] = {}
        self.references = 0
        self.telling: set[asyncio.Task[None]] = set()
        # (sender, sender's connection, id) of set-up messages passed on, oldest first
        self.passed_on: dict[tuple[int, str, str], None] = {}
        load.watch(self.channel_layer)
        user = self.scope.get("user")
        joined = await _join(user, self.scope.get("session"), self.appointment_pk)
        if not isinstance(joined, Joined):
            await self.close(code=CLOSE_NOT_OPEN if joined == "not open" else CLOSE_NOT_ALLOWED)
            return
        if load.overloaded() and not await _peers(joined.participant):
            # A call not yet started waits rather than slow the ones running.
            log.warning("Video call %s refused: signalling overloaded", self.appointment_pk)
            await self.accept()
            await self._send({"type": "busy"})
            await self.close(code=CLOSE_BUSY)
            return
        self.me = joined
        self.consent_checked = time.monotonic()
        self.conn = selectors.connection_tag(self.channel_name)
        await self.accept()
        load.sockets += 1
        self.counted = True
        await self._add(participant_group(joined.participant.pk))
        if joined.participant.state != ParticipantState.ADMITTED:
            # In the waiting room: told only when they are let in.
            await self._send({"type": "waiting"})
            return
        previous = await database_sync_to_async(sockets.connected)(
            participant=joined.participant, channel_name=self.channel_name
        )
        if previous and not await self._relay(previous, {"type": "consult.replaced"}):
            # Its socket has gone already (or its server has): nothing to close.
            log.info("Video call %s: the replaced socket was not there", self.appointment_pk)
        if joined.is_staff:
            await self._add(staff_group(self.appointment_pk))
        peers = await _peers(joined.participant)
        self.peers = {
            int(p["id"]): (str(p["conn"]), str(p.pop("channel")), str(p["kind"])) for p in peers
        }
        await self._send({"type": "welcome", "me": joined.participant.pk, "peers": peers})
        await self._to_peers(
            {
                "type": "peer.joined",
                "channel": self.channel_name,
                "id": joined.participant.pk,
                "name": joined.name,
                "kind": joined.participant.kind,
                "conn": self.conn,
            }
        )

    async def disconnect(self, code: int) -> None:
        # Nobody is left to hand anything back to.
        for timer, *_ in self.unacknowledged.values():
            timer.cancel()
        self.unacknowledged.clear()
        if self.counted:
            load.sockets -= 1
            self.counted = False
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.me is None or self.me.participant.state != ParticipantState.ADMITTED:
            return
        await database_sync_to_async(sockets.disconnected)(
            participant=self.me.participant, channel_name=self.channel_name
        )
        if not self.replaced:
            await self._to_peers(
                {"type": "peer.left", "id": self.me.participant.pk, "conn": self.conn}
            )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            await self._receive(text_data, bytes_data)
        except Exception:
            # One bad frame must never take the connection, or the room, down.
            log.exception("Video call signalling failed on one frame")
            await self._send({"type": "error", "code": "server", "message": "Something went wrong"})

    async def _receive(self, text_data: str | None, bytes_data: bytes | None) -> None:
        me = self.me
        if me is None or not await self._consent_stands():
            return
        if not self._take_token():
            self.flood_refusals += 1
            await self._refuse("rate-limited", "Too many messages; slow down")
            if self.flood_refusals >= MAX_FLOOD_REFUSALS:
                await self.close(code=CLOSE_FLOOD)
            return
        if text_data is None:
            await self._refuse("malformed", "Only text frames are accepted")
            return
        if len(text_data.encode("utf-8")) > MAX_FRAME_BYTES:
            await self._refuse("too-large", "That message is too large")
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            await self._refuse("malformed", "That message is not JSON")
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self._refuse("malformed", "A message needs a type")
            return
        kind = message["type"]
        if kind == "ping":
            await self._send({"type": "pong"})
            return
        if kind not in SIGNAL_TYPES and kind not in ("chat", QUALITY):
            await self._refuse("unknown-type", "Unknown message type")
            return
        if me.participant.state != ParticipantState.ADMITTED:
            await self._refuse("not-admitted", "You have not been let in to the call yet")
            return
        if kind == "chat":
            await self._chat(message)
            return
        if kind == QUALITY:
            await self._quality(message)
            return
        to = message.get("to")
        if not isinstance(to, int) or isinstance(to, bool) or to == me.participant.pk:
            await self._refuse("malformed", "Say who the message is for")
            return
        ident = message.get("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if not isinstance(ident, str) or not 0 < len(ident) <= MAX_ID_CHARS:
            await self._refuse("malformed", "A call set-up message needs an id")
            return
        peer = self.peers.get(to)
        if peer is None:
            # Only to someone let in to this same call and connected now.
            await self._refuse("not-in-call", "They are not in this call")
            return
        # Straight to that one socket: cheaper than a group, across servers too.
        self.references += 1
        event = {
            "type": "signal.relay",
            "to": to,
            "from": me.participant.pk,
            "conn": self.conn,
            "kind": kind,
            "data": message.get("data"),
            "id": ident,  # the sender's, kept across its copies: how a copy is known
            # For the acknowledgement: which message, and where to send it.
            "ref": self.references,
            "reply": self.channel_name,
        }
        if not await self._relay(peer[1], event):
            await self._not_delivered(kind=kind, to=to, data=message.get("data"), ident=ident)
            return
        timer = asyncio.get_running_loop().call_later(
            settings.TANDEM_VIDEO_ACK_SECONDS, self._unacknowledged, self.references
        )
        self.unacknowledged[self.references] = (timer, kind, to, message.get("data"), ident)

    async def _quality(self, message: dict[str, Any]) -> None:
        """Pass the person's live connection figures to staff in the call; shed
        when the process is overloaded (the signalling matters more)."""
        assert self.me is not None
        data = message.get("data")
        if (
            not isinstance(data, dict)
            or not set(data) <= QUALITY_FIELDS
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in data.values()
            )
        ):
            await self._refuse("malformed", "A quality report is a few numbers")
            return
        staff = [
            channel for _, channel, kind in self.peers.values() if kind == ParticipantKind.CLINICIAN
        ]
        for channel in staff:
            if load.overloaded():
                load.shed += 1
                continue
            event = {"type": "quality.report", "from": self.me.participant.pk, "data": data}
            if not await self._relay(channel, event):
                load.shed += 1

    async def _chat(self, message: dict[str, Any]) -> None:
        assert self.me is not None
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            await self._refuse("malformed", "A chat message needs some text")
            return
        if len(text) > MAX_CHAT:
            await self._refuse("too-large", f"Chat messages can be up to {MAX_CHAT} characters")
            return
        # Not stored: the chat lives only in the browsers of the people in the call.
        event = {
            "type": "chat.message",
            "from": self.me.participant.pk,
            "name": self.me.name,
            "text": text.strip(),
        }
        for to, (_, channel, _) in list(self.peers.items()):
            if not await self._relay(channel, event):
                await self._not_delivered(kind="chat", to=to, data=text.strip())
        await self._send({k: v for k, v in event.items() if k != "type"} | {"type": "chat"})

    # --- Events from the channel layer ----------------------------------------------

    async def peer_joined(self, event: dict[str, Any]) -> None:
        if self.me and event["id"] != self.me.participant.pk:
            self.peers[event["id"]] = (event["conn"], event["channel"], event["kind"])
            await self._send(
                {
                    "type": "peer-joined",
                    "id": event["id"],
                    "name": event["name"],
                    "kind": event["kind"],
                    "conn": event["conn"],
                }
            )

    async def peer_left(self, event: dict[str, Any]) -> None:
        if self.me and event["id"] != self.me.participant.pk:
            # A reconnection's peer-joined may come before the old socket's peer-left.
            if self.peers.get(event["id"], ("", "", ""))[0] == event["conn"]:
                del self.peers[event["id"]]
            await self._send({"type": "peer-left", "id": event["id"], "conn": event["conn"]})

    async def signal_relay(self, event: dict[str, Any]) -> None:
        if not (self.me and event["to"] == self.me.participant.pk and await self._consent_stands()):
            return  # not acknowledged: its sender is told it did not arrive
        if self._first_time(event):
            await self._send(
                {
                    "type": event["kind"],
                    "from": event["from"],
                    "conn": event["conn"],
                    "data": event["data"],
                    "id": event["id"],
                }
            )
        if "reply" in event:
            # A lost acknowledgement only costs a copy sent again, passed on once.
            ack = {"type": "signal.ack", "ref": event["ref"]}
            if not await self._relay(event["reply"], ack):
                log.info("Video call %s: an acknowledgement was not taken", self.appointment_pk)

    async def signal_ack(self, event: dict[str, Any]) -> None:
        """The peer's socket passed our message to its browser."""
        waiting = self.unacknowledged.pop(event["ref"], None)
        if waiting is not None:
            waiting[0].cancel()

    async def quality_report(self, event: dict[str, Any]) -> None:
        if self.me and self.me.is_staff:
            await self._send({"type": "quality", "from": event["from"], "data": event["data"]})

    async def chat_message(self, event: dict[str, Any]) -> None:
        if not await self._consent_stands():
            return
        await self._send(
            {"type": "chat", "from": event["from"], "name": event["name"], "text": event["text"]}
        )

    async def consult_replaced(self, event: dict[str, Any]) -> None:
        self.replaced = True
        await self._send({"type": "replaced"})
        await self.close(code=CLOSE_REPLACED)

    async def consult_admitted(self, event: dict[str, Any]) -> None:
        if self.me is None:
            return
        fresh = await _fresh(self.me.participant)
        if fresh is not None and fresh.state == ParticipantState.ADMITTED:
            await self._send({"type": "admitted"})

    async def consult_removed(self, event: dict[str, Any]) -> None:
        """Staff took this carer or interpreter out of the call (the page audited it)."""
        me = self.me
        if me is None or me.is_staff:
            return
        if await _fresh(me.participant) is None:
            await self._leave_removed(me, why="staff")

    async def consult_cant_talk(self, event: dict[str, Any]) -> None:
        if self.me and self.me.is_staff:
            await self._send({"type": "cant-talk"})

    # --- Helpers ----------------------------------------------------------------------

    async def _consent_stands(self) -> bool:
        """For a carer, the person's consent read again every few seconds; withdrawn
        consent ends their part in the call (audited)."""
        me = self.me
        if me is None or me.participant.kind != ParticipantKind.CARER:
            return True
        now = time.monotonic()
        if now - self.consent_checked < CONSENT_RECHECK_SECONDS:
            return True
        self.consent_checked = now
        if await _fresh(me.participant) is not None:
            return True
        await database_sync_to_async(sockets.audit_refusal)(
            participant=me.participant,
            user=None,
            what="carer removed from the call: consent to join video calls withdrawn",
        )
        await self._leave_removed(me, why="consent")
        return False

    async def _leave_removed(self, me: Joined, *, why: str) -> None:
        """End this connection's part in the call and tell the others it has gone."""
        await self._send({"type": "removed", "why": why})
        await self.close(code=CLOSE_NOT_ALLOWED)
        self.me = None
        await database_sync_to_async(sockets.disconnected)(
            participant=me.participant, channel_name=self.channel_name
        )
        await self._to_peers({"type": "peer.left", "id": me.participant.pk, "conn": self.conn})

    async def _relay(self, channel: str, event: dict[str, Any]) -> bool:
        """Hand ``event`` to one socket's channel; False if it did not go."""
        try:
            await self.channel_layer.send(channel, event)
        except ChannelFull:
            load.channel_full()
            return False
        except NotHeard:
            # Its socket has gone, or its server is subscribing again after Redis
            # restarted: the sender hears, but nobody else is refused for it.
            return False
        except UNREACHABLE:
            log.warning("Video call %s: Redis unreachable", self.appointment_pk, exc_info=True)
            return False
        return True

    def _unacknowledged(self, reference: int) -> None:
        """No acknowledgement in time: hand the message back to its sender, who
        sends it again (a copy that arrives after all is passed on once)."""
        waiting = self.unacknowledged.pop(reference, None)
        if waiting is None:
            return
        _, kind, to, data, ident = waiting
        told = asyncio.get_running_loop().create_task(
            self._not_delivered(kind=kind, to=to, data=data, ident=ident)
        )
        self.telling.add(told)  # held until done: the loop keeps only a weak reference
        told.add_done_callback(self._told)

    def _told(self, task: asyncio.Task[None]) -> None:
        self.telling.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # The socket closed meanwhile: there is nobody to tell.
            log.info("Video call %s: a hand-back found the socket closed", self.appointment_pk)

    def _first_time(self, event: dict[str, Any]) -> bool:
        """Whether this socket has not passed this set-up message on already: known
        by its sender's id, never by its content, since the same content can
        rightly be sent twice (HAZ-386)."""
        key = (event["from"], event["conn"], event["id"])
        if key in self.passed_on:
            return False
        self.passed_on[key] = None
        if len(self.passed_on) > REMEMBERED:
            del self.passed_on[next(iter(self.passed_on))]
        return True

    async def _to_peers(self, event: dict[str, Any]) -> None:
        """Joining and leaving, to each socket in the call. A full channel is
        logged: its socket cannot be told, and it learns who is here again from
        the next welcome or offer."""
        for to, (_, channel, _) in list(self.peers.items()):
            if not await self._relay(channel, event):
                log.warning("Video call %s: could not tell %s", self.appointment_pk, to)

    async def _not_delivered(self, *, kind: str, to: int, data: Any, ident: str = "") -> None:
        """Hand a message the layer could not take back to its sender, whole (with
        its id, for a set-up message), so the browser can send it again: never
        dropped without anyone knowing."""
        load.not_delivered += 1
        back = {
            "type": "error",
            "code": "not-delivered",
            "message": "That did not reach them; send it again",
            "kind": kind,
            "to": to,
            "data": data,
        }
        if ident:
            back["id"] = ident
        await self._send(back)

    async def _add(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def _send(self, message: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(message))

    def _take_token(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BUCKET_SIZE, self.tokens + (now - self.last_refill) * REFILL_PER_SECOND)
        self.last_refill = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def _refuse(self, code: str, message: str) -> None:
        await self._send({"type": "error", "code": code, "message": message})
        # Audited once per kind per connection, so a flood cannot flood the log too.
        if code not in self.audited:
            self.audited.add(code)
            await database_sync_to_async(sockets.audit_refusal)(
                participant=self.me.participant if self.me else None,
                user=self.scope.get("user"),
                what=f"{code} frame on call {self.appointment_pk}",
            )
