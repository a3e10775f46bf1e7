"""The signalling socket, through the real ASGI application and session cookies.

Each test drives WebsocketCommunicator inside one event loop (async_to_sync), so
the consumer's database calls run on this thread and see the test's rows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import Client

from tandem.asgi import application
from tandem.audit.models import AuditEvent
from tandem.consult import admitting, consumers, invitations
from tandem.consult.layer_settings import channel_layers
from tandem.consult.models import Participant
from tandem.consult.tests.communicator import Socket as WebsocketCommunicator
from tandem.consult.tests.helpers import admitted_service_user, video_appointment
from tests.personas import Personas, sign_in

# Consumers close old database connections around each call, which a test
# transaction would not survive; these tests commit and are emptied afterwards.
pytestmark = pytest.mark.django_db(transaction=True)


def run(test: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(test)()


def cookie_for(user: Any) -> bytes:
    client = sign_in(Client(), user)
    return f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}".encode()


def socket(pk: int, cookie: bytes = b"") -> WebsocketCommunicator:
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/video/{pk}/", headers=headers)


async def receive(ws: WebsocketCommunicator) -> dict[str, Any]:
    return json.loads(await ws.receive_from(timeout=3))


async def until(ws: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    for _ in range(10):
        message = await receive(ws)
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind} message")


def in_call(personas: Personas) -> tuple[int, bytes, bytes, int, int]:
    appointment = video_appointment(personas)
    sam = admitted_service_user(personas, appointment)
    lee = admitting.staff_participant(actor=personas.clinician, appointment=appointment)
    return (
        appointment.pk,
        cookie_for(personas.service_user),
        cookie_for(personas.clinician),
        sam.pk,
        lee.pk,
    )


async def both_in(
    pk: int, lee_cookie: bytes, sam_cookie: bytes
) -> tuple[WebsocketCommunicator, WebsocketCommunicator]:
    """The clinician's socket, then the person's, both welcomed; the clinician
    told the person joined."""
    lee = socket(pk, lee_cookie)
    assert (await lee.connect())[0]
    await receive(lee)
    sam = socket(pk, sam_cookie)
    assert (await sam.connect())[0]
    await receive(sam)
    await until(lee, "peer-joined")
    return lee, sam


def guest_cookie(appointment_pk: int, participant: Participant) -> bytes:
    """A browser session holding ``participant``'s place, as an invitation or a join
    link leaves it."""
    session = Client().session
    session["consult.guest"] = {str(appointment_pk): participant.pk}
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


def carer_in_call(personas: Personas) -> tuple[Any, Participant, bytes]:
    """Alex, invited by Dr Lee with Sam's consent and admitted, and Alex's cookie."""
    appointment = video_appointment(personas)
    lee = admitting.staff_participant(actor=personas.clinician, appointment=appointment)
    issued = invitations.invite_carer(
        actor=personas.clinician, room=lee.room, link=personas.carer_link, channel="email"
    )
    alex = invitations.redeem_invite(token=issued.path.rstrip("/").rsplit("/", 1)[1])
    admitting.guest_waits(participant=alex)
    admitting.admit(actor=personas.clinician, participant=alex)
    return appointment, alex, guest_cookie(appointment.pk, alex)


def test_two_admitted_participants_exchange_offers_answers_and_chat(personas):
    pk, sam_cookie, lee_cookie, sam_id, lee_id = in_call(personas)

    async def test() -> None:
        lee = socket(pk, lee_cookie)
        assert (await lee.connect())[0]
        welcome = await receive(lee)
        assert welcome == {"type": "welcome", "me": lee_id, "peers": []}
        sam = socket(pk, sam_cookie)
        assert (await sam.connect())[0]
        welcome = await receive(sam)
        assert [p["id"] for p in welcome["peers"]] == [lee_id]
        assert set(welcome["peers"][0]) == {"id", "name", "kind", "conn"}  # no server internals
        joined = await until(lee, "peer-joined")
        assert joined["id"] == sam_id
        await sam.send_to(
            text_data=json.dumps({"type": "offer", "to": lee_id, "data": {"sdp": "x"}, "id": "1"})
        )
        relayed = await until(lee, "offer")
        assert (relayed["from"], relayed["data"]) == (sam_id, {"sdp": "x"})
        # Tagged with the sender's connection, so a reconnection is told apart.
        assert relayed["conn"] == joined["conn"]
        await lee.send_to(
            text_data=json.dumps({"type": "answer", "to": sam_id, "data": {"a": 1}, "id": "1"})
        )
        assert (await until(sam, "answer"))["from"] == lee_id
        await sam.send_to(text_data=json.dumps({"type": "chat", "text": "Can you hear me?"}))
        chat = await until(lee, "chat")
        assert (chat["name"], chat["text"]) == ("Sam Taylor", "Can you hear me?")
        await sam.disconnect()
        assert (await until(lee, "peer-left"))["id"] == sam_id
        await lee.disconnect()

    run(test)


def test_strangers_and_other_people_cannot_open_the_socket(personas):
    appointment = video_appointment(personas)
    admitting.staff_participant(actor=personas.clinician, appointment=appointment)
    cookies = {
        "anonymous": b"",
        "other_service_user": cookie_for(personas.other_service_user),
        "outsider": cookie_for(personas.outsider),
        "carer without an invitation": cookie_for(personas.carer),
    }

    async def test() -> None:
        for who, cookie in cookies.items():
            ws = socket(appointment.pk, cookie)
            connected, _ = await ws.connect()
            assert not connected, who

    run(test)
    assert (
        AuditEvent.objects.filter(what__startswith="Video call refused: not a participant").count()
        >= 3
    )


def test_staff_without_two_step_verification_are_refused(personas):
    appointment = video_appointment(personas)
    client = Client()
    client.force_login(personas.clinician, backend="django.contrib.auth.backends.ModelBackend")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}".encode()

    async def test() -> None:
        connected, _ = await socket(appointment.pk, cookie).connect()
        assert not connected

    run(test)


def test_the_socket_is_closed_outside_the_appointment_window(personas):
    appointment = video_appointment(personas, starts_in=dt.timedelta(hours=2))
    cookie = cookie_for(personas.clinician)

    async def test() -> None:
        connected, code = await socket(appointment.pk, cookie).connect()
        assert not connected
        assert code == consumers.CLOSE_NOT_OPEN

    run(test)


def test_someone_waiting_cannot_signal_and_is_told_when_admitted(personas):
    appointment = video_appointment(personas)
    me = admitting.own_participant(actor=personas.service_user, appointment=appointment)
    admitting.device_checked(actor=personas.service_user, participant=me)
    admitting.confirm_fallback(actor=personas.service_user, participant=me, phone="0113 496 0999")
    lee = admitting.staff_participant(actor=personas.clinician, appointment=appointment)
    cookie = cookie_for(personas.service_user)

    async def test() -> None:
        ws = socket(appointment.pk, cookie)
        assert (await ws.connect())[0]
        assert (await receive(ws))["type"] == "waiting"
        offer = {"type": "offer", "to": lee.pk, "data": {}, "id": "1"}
        await ws.send_to(text_data=json.dumps(offer))
        assert (await receive(ws))["code"] == "not-admitted"
        from channels.db import database_sync_to_async

        from tandem.consult import live

        await database_sync_to_async(admitting.admit)(actor=personas.clinician, participant=me)
        await database_sync_to_async(live.admitted)(me.pk)
        assert (await until(ws, "admitted"))["type"] == "admitted"
        await ws.disconnect()

    run(test)


def test_bad_frames_are_refused_and_audited_without_hurting_the_room(personas):
    pk, sam_cookie, lee_cookie, _, lee_id = in_call(personas)

    async def test() -> None:
        lee = socket(pk, lee_cookie)
        await lee.connect()
        await receive(lee)
        sam = socket(pk, sam_cookie)
        await sam.connect()
        await receive(sam)
        await until(lee, "peer-joined")
        for frame, code in (
            ("{not json", "malformed"),
            (json.dumps([1, 2]), "malformed"),
            (json.dumps({"type": "launch"}), "unknown-type"),
            (json.dumps({"type": "offer", "to": "everyone", "id": "1"}), "malformed"),
            # Without the id that tells a copy from a new message (ADR 0082).
            (json.dumps({"type": "offer", "to": lee_id, "data": {}}), "malformed"),
            (json.dumps({"type": "candidate", "to": lee_id, "id": "x" * 65}), "malformed"),
            (json.dumps({"type": "candidate", "to": lee_id, "id": True}), "malformed"),
            # Someone in another call, or nobody: never relayed.
            (json.dumps({"type": "offer", "to": 999_999, "data": {}, "id": "1"}), "not-in-call"),
            (json.dumps({"type": "chat", "text": "x" * 70_000}), "too-large"),
            (json.dumps({"type": "chat", "text": "x" * 2000}), "too-large"),
        ):
            await sam.send_to(text_data=frame)
            reply = await receive(sam)
            assert (reply["type"], reply["code"]) == ("error", code), frame
        await sam.send_to(bytes_data=b"\x00\x01")
        assert (await receive(sam))["code"] == "malformed"
        # The room still works for both.
        await lee.send_to(text_data=json.dumps({"type": "chat", "text": "Still here"}))
        assert (await until(sam, "chat"))["text"] == "Still here"
        await sam.disconnect()
        await lee.disconnect()

    run(test)
    refusals = AuditEvent.objects.filter(what__startswith="Video call refused:")
    assert refusals.filter(what__contains="malformed").count() == 1  # once per kind
    assert refusals.filter(what__contains="too-large").exists()
    assert refusals.filter(what__contains="unknown-type").exists()


def test_a_flood_is_refused_then_closed(personas, monkeypatch):
    monkeypatch.setattr(consumers, "BUCKET_SIZE", 5)
    monkeypatch.setattr(consumers, "REFILL_PER_SECOND", 0.0)
    monkeypatch.setattr(consumers, "MAX_FLOOD_REFUSALS", 3)
    pk, sam_cookie, _, _, _ = in_call(personas)

    async def test() -> None:
        sam = socket(pk, sam_cookie)
        await sam.connect()
        await receive(sam)
        codes = []
        for _ in range(8):
            await sam.send_to(text_data=json.dumps({"type": "ping"}))
            codes.append((await receive(sam)).get("code", "pong"))
        assert codes[:5] == ["pong"] * 5
        assert codes[5:] == ["rate-limited"] * 3
        closed = await sam.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FLOOD}

    run(test)
    assert AuditEvent.objects.filter(what__contains="rate-limited").count() == 1


def test_a_second_device_replaces_the_first(personas):
    pk, sam_cookie, _, sam_id, _ = in_call(personas)
    second_cookie = cookie_for(personas.service_user)

    async def test() -> None:
        first = socket(pk, sam_cookie)
        await first.connect()
        await receive(first)
        second = socket(pk, second_cookie)
        assert (await second.connect())[0]
        assert (await receive(second))["type"] == "welcome"
        assert (await until(first, "replaced"))["type"] == "replaced"
        closed = await first.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_REPLACED}
        await second.disconnect()

    run(test)
    assert AuditEvent.objects.filter(what__contains="second device").count() == 1
    assert Participant.objects.get(pk=sam_id).channel_name == ""


def test_a_carer_whose_consent_is_withdrawn_cannot_connect(personas):
    appointment = video_appointment(personas)
    room = admitting.staff_participant(actor=personas.clinician, appointment=appointment).room
    issued = invitations.invite_carer(
        actor=personas.clinician, room=room, link=personas.carer_link, channel="email"
    )
    token = issued.path.rstrip("/").rsplit("/", 1)[1]
    client = Client()
    response = client.post(f"/video/invite/{token}/")
    assert response.status_code == 302
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}".encode()

    async def connects() -> bool:
        ws = socket(appointment.pk, cookie)
        connected, _ = await ws.connect()
        if connected:
            await ws.disconnect()
        return connected

    assert async_to_sync(connects)()
    personas.carer_link.can_join_video = False
    personas.carer_link.save()
    assert not async_to_sync(connects)()


def test_the_cross_site_origin_is_refused(personas):
    pk, sam_cookie, _, _, _ = in_call(personas)

    async def test() -> None:
        ws = WebsocketCommunicator(
            application,
            f"/ws/video/{pk}/",
            headers=[(b"origin", b"https://evil.example"), (b"cookie", sam_cookie)],
        )
        connected, _ = await ws.connect()
        assert not connected

    run(test)


def test_a_carer_is_removed_mid_call_when_consent_is_withdrawn(personas, monkeypatch):
    monkeypatch.setattr(consumers, "CONSENT_RECHECK_SECONDS", 0.0)
    appointment, alex, alex_cookie = carer_in_call(personas)
    lee_cookie = cookie_for(personas.clinician)

    async def test() -> None:
        lee_ws = socket(appointment.pk, lee_cookie)
        await lee_ws.connect()
        await receive(lee_ws)
        alex_ws = socket(appointment.pk, alex_cookie)
        assert (await alex_ws.connect())[0]
        await receive(alex_ws)
        await until(lee_ws, "peer-joined")
        from channels.db import database_sync_to_async

        link = personas.carer_link
        link.can_join_video = False
        await database_sync_to_async(link.save)()
        await alex_ws.send_to(text_data=json.dumps({"type": "ping"}))
        assert (await receive(alex_ws))["type"] == "removed"
        closed = await alex_ws.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_NOT_ALLOWED}
        assert (await until(lee_ws, "peer-left"))["id"] == alex.pk
        await lee_ws.disconnect()

    run(test)
    assert AuditEvent.objects.filter(
        what__contains="consent to join video calls withdrawn"
    ).exists()


def test_a_carer_removed_by_staff_is_taken_out_of_the_call_at_once(personas):
    appointment, alex, alex_cookie = carer_in_call(personas)
    lee_cookie = cookie_for(personas.clinician)

    async def test() -> None:
        from channels.db import database_sync_to_async

        from tandem.consult import live

        lee_ws = socket(appointment.pk, lee_cookie)
        await lee_ws.connect()
        await receive(lee_ws)
        alex_ws = socket(appointment.pk, alex_cookie)
        assert (await alex_ws.connect())[0]
        await receive(alex_ws)
        await until(lee_ws, "peer-joined")

        await database_sync_to_async(admitting.remove)(actor=personas.clinician, participant=alex)
        await database_sync_to_async(live.removed)(alex.pk)
        assert await until(alex_ws, "removed") == {"type": "removed", "why": "staff"}
        closed = await alex_ws.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_NOT_ALLOWED}
        assert (await until(lee_ws, "peer-left"))["id"] == alex.pk
        # And they cannot connect again.
        again = socket(appointment.pk, alex_cookie)
        assert not (await again.connect())[0]
        await lee_ws.disconnect()

    run(test)


def test_a_person_in_by_their_reminder_link_takes_part_like_anyone_else(personas):
    from tandem.consult.tests.helpers import person_without_account

    jo = person_without_account(personas)
    appointment = video_appointment(personas, person=jo)
    jo_in = admitting.person_by_link(appointment=appointment)
    admitting.device_checked(actor=None, participant=jo_in)
    admitting.confirm_fallback(actor=None, participant=jo_in, phone="0113 496 0777")
    admitting.admit(actor=personas.clinician, participant=jo_in)
    jo_cookie = guest_cookie(appointment.pk, jo_in)
    lee_cookie = cookie_for(personas.clinician)
    kits_call = video_appointment(personas, person=personas.other_su).pk

    async def test() -> None:
        lee_ws = socket(appointment.pk, lee_cookie)
        await lee_ws.connect()
        await receive(lee_ws)
        jo_ws = socket(appointment.pk, jo_cookie)
        assert (await jo_ws.connect())[0]
        welcome = await receive(jo_ws)
        assert welcome["me"] == jo_in.pk
        assert (await until(lee_ws, "peer-joined"))["name"] == "Jo Rivers"
        # The same session cannot reach another person's call.
        other = socket(kits_call, jo_cookie)
        assert not (await other.connect())[0]
        await jo_ws.disconnect()
        await lee_ws.disconnect()

    run(test)


def _redis_up() -> bool:
    import socket as sockets

    try:
        with sockets.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.parametrize("layer", ["lists", "pubsub"])
def test_signalling_works_over_redis_and_survives_an_idle_spell(personas, settings, layer):
    """Two app servers share calls through Redis; an idle socket must not crash
    when Redis's blocking read outlasts the client's default read timeout."""
    settings.CHANNEL_LAYERS = channel_layers(
        "redis://127.0.0.1:6379/9", {"TANDEM_CHANNEL_LAYER": layer}
    )
    # Unique per run: parallel workers (and other runs on this machine) number
    # their rows alike and share this Redis.
    settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"tandem-test-{uuid.uuid4().hex}"
    pk, sam_cookie, lee_cookie, sam_id, lee_id = in_call(personas)

    async def test() -> None:
        import asyncio

        lee, sam = await both_in(pk, lee_cookie, sam_cookie)
        await asyncio.sleep(6)  # longer than one blocking read
        offer = {"type": "offer", "to": lee_id, "data": {}, "id": "1"}
        await sam.send_to(text_data=json.dumps(offer))
        assert (await until(lee, "offer"))["from"] == sam_id
        await sam.disconnect()
        await lee.disconnect()

    run(test)
