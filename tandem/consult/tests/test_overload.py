"""The signalling socket under overload, on each channel layer Tandem can run:
Redis pub/sub (production, ADR 0077), Redis lists and the in-memory layer with a
small capacity (ADR 0038). No offer, answer or candidate is dropped without its
sender being told; quality reports are shed and new calls refused while running
ones carry on; the overload signal is the process's own.

The clinician's socket is stood in for by a channel nobody reads, as a socket on
a process too busy to read would be. The Redis layers use the Redis on
127.0.0.1:6379 with a prefix of their own per run.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import pytest
from channels.layers import get_channel_layer
from django.core.exceptions import ImproperlyConfigured

from tandem.consult import admitting, consumers
from tandem.consult.layer_settings import channel_layers
from tandem.consult.models import Participant
from tandem.consult.pubsub import NotHeard
from tandem.consult.tests.helpers import video_appointment
from tandem.consult.tests.test_consumer import (
    both_in,
    cookie_for,
    in_call,
    receive,
    run,
    socket,
    until,
)
from tests.personas import Personas

pytestmark = pytest.mark.django_db(transaction=True)
CAPACITY = 5
REDIS = "redis://127.0.0.1:6379/9"
LAYERS = {
    "memory": lambda prefix: {
        "BACKEND": "channels.layers.InMemoryChannelLayer",
        "CONFIG": {"capacity": CAPACITY},
    },
    "lists": lambda prefix: {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [{"address": REDIS, "socket_timeout": 15}],
            "capacity": CAPACITY,
            "prefix": prefix,
        },
    },
    "pubsub": lambda prefix: {
        "BACKEND": "tandem.consult.pubsub.PubSubLayer",
        "CONFIG": {"hosts": [REDIS], "prefix": prefix},
    },
}


@pytest.fixture(params=list(LAYERS))
def layer(request, settings):  # type: ignore[no-untyped-def]
    """Which layer: each test runs on all three. Unique prefix: parallel runs on
    this machine share the Redis and number their rows alike."""
    prefix = f"tandem-test-{uuid.uuid4().hex}"
    settings.CHANNEL_LAYERS = {"default": LAYERS[request.param](prefix)}
    settings.TANDEM_VIDEO_ACK_SECONDS = 1.0
    consumers.load.reset()
    yield request.param
    consumers.load.reset()


async def stuck_channel(kind: str) -> str:
    """A socket's channel that nobody reads. Pub/sub: subscribed (in this process),
    so Redis hands it what is sent, and it waits there unread."""
    if kind == "pubsub":
        return str(await get_channel_layer().new_channel())
    return "specific.stuck!clinician"  # a process-local name, as the layers make


async def handed_back(ws: Any, count: int, within: float) -> list[dict[str, Any]]:
    """The next ``count`` not-delivered errors, as what their sender first sent."""
    back = []
    deadline = time.monotonic() + within
    while len(back) < count:
        message = json.loads(await ws.receive_from(timeout=max(0.1, deadline - time.monotonic())))
        if message["type"] == "error":
            assert message["code"] == "not-delivered"
            back.append(
                {
                    "type": message["kind"],
                    "to": message["to"],
                    "data": message["data"],
                    "id": message["id"],
                }
            )
    return back


async def nothing_more(ws: Any, seconds: float) -> None:
    await asyncio.sleep(seconds)
    assert ws.output_queue.empty(), await ws.receive_from()


def test_every_set_up_message_to_a_peer_that_never_reads_comes_back_to_its_sender(
    personas: Personas, layer: str
) -> None:
    pk, sam_cookie, _, _, lee_id = in_call(personas)
    sent = [
        {"type": kind, "to": lee_id, "data": {"n": n}, "id": f"m{n}"}
        for n, kind in enumerate(["offer", *["candidate"] * 6, "answer", "candidate"])
    ]

    async def test() -> None:
        stuck = await stuck_channel(layer)
        await Participant.objects.filter(pk=lee_id).aupdate(channel_name=stuck)
        sam = socket(pk, sam_cookie)
        assert (await sam.connect())[0]
        welcome = await receive(sam)
        assert [p["id"] for p in welcome["peers"]] == [lee_id]
        for message in sent:
            await sam.send_to(text_data=json.dumps(message))
        # Each one comes back whole: at once if the layer could not take it, or when
        # the clinician's socket has not acknowledged it in time.
        back = await handed_back(sam, len(sent), within=10)
        assert sorted(back, key=lambda m: m["data"]["n"]) == sent
        if layer != "lists":  # (its list belongs to another process: not readable here)
            # Whatever the layer did take waits for the clinician, in order.
            layer_ = get_channel_layer()
            waiting = []
            while len(waiting) < (CAPACITY - 1 if layer == "memory" else len(sent)):
                event = await asyncio.wait_for(layer_.receive(stuck), 3)
                if event["type"] == "signal.relay":
                    waiting.append(
                        {
                            "type": event["kind"],
                            "to": event["to"],
                            "data": event["data"],
                            "id": event["id"],
                        }
                    )
            assert waiting == sent[: len(waiting)]
        assert consumers.load.not_delivered == len(sent)
        # A full channel is overload; one socket that does not read, on pub/sub, is not.
        assert consumers.load.overloaded() == (layer != "pubsub")
        await sam.disconnect()

    run(test)


def test_a_set_up_message_delivered_is_acknowledged_and_a_copy_passed_on_once(
    personas: Personas, layer: str
) -> None:
    pk, sam_cookie, lee_cookie, _, lee_id = in_call(personas)

    async def test() -> None:
        lee, sam = await both_in(pk, lee_cookie, sam_cookie)
        offer = {"type": "offer", "to": lee_id, "data": {"sdp": "v=0 one"}, "id": "7"}
        await sam.send_to(text_data=json.dumps(offer))
        assert (await until(lee, "offer"))["data"] == offer["data"]
        # Sent again with its id (as the page does after a hand-back that crossed a
        # late acknowledgement): a second offer would restart the call, so it is not
        # passed on.
        await sam.send_to(text_data=json.dumps(offer))
        candidate = {"type": "candidate", "to": lee_id, "data": {"candidate": "a"}, "id": "8"}
        await sam.send_to(text_data=json.dumps(candidate))
        assert (await receive(lee))["type"] == "candidate"
        # All acknowledged: nothing comes back to Sam once the wait is over.
        await nothing_more(sam, 1.5)
        assert consumers.load.not_delivered == 0
        await sam.disconnect()
        await lee.disconnect()

    run(test)


def test_two_messages_with_the_same_content_both_arrive_a_copy_with_the_same_id_once(
    personas: Personas, layer: str
) -> None:
    """HAZ-386: copies are known by the id their sender gave them, never by what they
    say. After an ICE restart a browser rightly sends a message it sent before (the
    same end-of-candidates, say); passing on only the first would stall the call."""
    pk, sam_cookie, lee_cookie, _, lee_id = in_call(personas)

    async def test() -> None:
        lee, sam = await both_in(pk, lee_cookie, sam_cookie)
        end = {"type": "candidate", "to": lee_id, "data": None}
        for frame in (
            end | {"id": "1"},
            end | {"id": "2"},  # the same content, a new message: passed on
            end | {"id": "1"},  # a copy of the first: not passed on again
            end | {"id": "3"},
        ):
            await sam.send_to(text_data=json.dumps(frame))
        arrived = [await until(lee, "candidate") for _ in range(3)]
        assert [(m["id"], m["data"]) for m in arrived] == [("1", None), ("2", None), ("3", None)]
        await nothing_more(lee, 1.0)  # the copy of "1" never arrives
        # Every one acknowledged, the copy too: nothing comes back to Sam.
        await nothing_more(sam, 0.6)
        assert consumers.load.not_delivered == 0
        await sam.disconnect()
        await lee.disconnect()

    run(test)


def test_overloaded_it_sheds_quality_reports_and_refuses_new_calls_not_running_ones(
    personas: Personas, layer: str
) -> None:
    pk, sam_cookie, lee_cookie, sam_id, lee_id = in_call(personas)
    # Another clinician's call, which nobody has joined yet.
    other = video_appointment(personas, person=personas.other_su)
    admitting.staff_participant(actor=personas.outsider, appointment=other)
    outsider_cookie = cookie_for(personas.outsider)

    async def test() -> None:
        lee, sam = await both_in(pk, lee_cookie, sam_cookie)
        report = {"type": "quality", "data": {"loss": 2.5, "rtt": 120}}
        await sam.send_to(text_data=json.dumps(report))
        assert (await until(lee, "quality")) == {"type": "quality", "from": sam_id, **report}

        consumers.load.busy("as after a full channel, a late loop or a backlog")
        await sam.send_to(text_data=json.dumps(report))
        offer = {"type": "offer", "to": lee_id, "data": {}, "id": "1"}
        await sam.send_to(text_data=json.dumps(offer))
        # The offer sent after the report arrives; the report never does.
        assert (await receive(lee))["type"] == "offer"
        assert consumers.load.shed == 1

        # Someone rejoining a running call is let back in...
        await sam.disconnect()
        sam = socket(pk, sam_cookie)
        assert (await sam.connect())[0]
        assert (await receive(sam))["type"] == "welcome"
        await sam.disconnect()
        await lee.disconnect()
        # ...but a call nobody has started yet is told the service is busy.
        new = socket(other.pk, outsider_cookie)
        assert (await new.connect())[0]
        assert (await receive(new)) == {"type": "busy"}
        assert (await new.receive_output(3))["code"] == consumers.CLOSE_BUSY

    run(test)


@pytest.mark.parametrize("layer", ["pubsub"], indirect=True)
def test_a_set_up_message_for_a_socket_that_has_gone_comes_back_at_once(
    personas: Personas, layer: str, settings: Any
) -> None:
    """Pub/sub: nobody subscribes to a closed socket's channel (or, for a moment,
    to any on a server subscribing again after Redis restarted). Redis says so,
    the sender is told at once, and it is not overload: nobody else is refused."""
    settings.TANDEM_VIDEO_ACK_SECONDS = 60.0  # so whatever comes back came back at once
    pk, sam_cookie, _, _, lee_id = in_call(personas)
    Participant.objects.filter(pk=lee_id).update(channel_name=f"asgispecific.{uuid.uuid4().hex}")

    async def test() -> None:
        sam = socket(pk, sam_cookie)
        assert (await sam.connect())[0]
        await receive(sam)
        offer = {"type": "offer", "to": lee_id, "data": {"sdp": "v=0"}, "id": "1"}
        await sam.send_to(text_data=json.dumps(offer))
        assert await handed_back(sam, 1, within=5) == [offer]
        assert not consumers.load.overloaded()
        await sam.disconnect()

    run(test)


@pytest.mark.parametrize("layer", ["pubsub"], indirect=True)
def test_a_process_whose_sockets_fall_behind_is_overloaded(
    personas: Personas, layer: str, settings: Any
) -> None:
    """Pub/sub has no capacity to fill: the events waiting in this process for
    their sockets are counted instead."""
    settings.TANDEM_VIDEO_MAX_BACKLOG = 3

    async def test() -> None:
        layer_ = get_channel_layer()
        consumers.load.watch(layer_)
        stuck = await layer_.new_channel()
        for n in range(3):
            await layer_.send(stuck, {"type": "signal.relay", "n": n})
        await asyncio.sleep(0.6)
        assert not consumers.load.overloaded()  # three waiting is not more than three
        await layer_.send(stuck, {"type": "signal.relay", "n": 3})
        for _ in range(20):
            if consumers.load.overloaded():
                break
            await asyncio.sleep(0.1)
        assert consumers.load.overloaded()
        assert consumers.load.backlog == 4

    run(test)


def test_an_event_loop_late_twice_in_a_row_is_overload_one_stall_is_not(settings: Any) -> None:
    settings.TANDEM_VIDEO_MAX_LAG_MS = 100
    load = consumers.load
    load.reset()
    load.measured(lag=0.4, backlog=0)  # a pause of the whole machine, once
    load.measured(lag=0.01, backlog=0)
    load.measured(lag=0.4, backlog=0)
    assert not load.overloaded()

    async def test() -> None:
        load.watch(get_channel_layer())
        await asyncio.sleep(0.05)
        for _ in range(2):
            time.sleep(0.6)  # the loop busy with something else: every socket waits
            await asyncio.sleep(0.05)
        for _ in range(20):
            if load.overloaded():
                break
            await asyncio.sleep(0.1)
        assert load.overloaded()
        assert "late twice in a row" in load.why

    run(test)
    load.reset()


def test_production_signals_over_pub_sub_when_redis_is_configured() -> None:
    """The layer these tests run on is the one production uses (ADR 0077)."""
    url = "redis://redis.internal:6379/0"
    assert channel_layers(url, {})["default"]["BACKEND"] == "tandem.consult.pubsub.PubSubLayer"
    lists = channel_layers(url, {"TANDEM_CHANNEL_LAYER": "lists", "TANDEM_CHANNEL_CAPACITY": "9"})
    assert lists["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert lists["default"]["CONFIG"]["capacity"] == 9
    assert channel_layers("", {})["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    with pytest.raises(ImproperlyConfigured):
        channel_layers(url, {"TANDEM_CHANNEL_LAYER": "redis"})


@pytest.mark.parametrize("layer", ["pubsub"], indirect=True)
def test_publishes_sent_together_are_each_told_their_own_count_and_arrive_in_order(
    layer: str,
) -> None:
    """ADR 0082: messages sent while a batch is on its way go to Redis together;
    each sender still hears whether anyone received its own message, and the
    messages for one channel arrive in the order they were sent."""

    async def test() -> None:
        layer_ = get_channel_layer()
        heard = await layer_.new_channel()
        gone = f"{heard}-gone"  # nobody subscribes to it

        async def send(channel: str, n: int) -> bool:
            try:
                await layer_.send(channel, {"type": "signal.relay", "n": n})
            except NotHeard:
                return False
            return True

        results = await asyncio.gather(*(send(heard if n % 3 else gone, n) for n in range(60)))
        assert results == [bool(n % 3) for n in range(60)]
        arrived = [(await asyncio.wait_for(layer_.receive(heard), 3))["n"] for _ in range(40)]
        assert arrived == [n for n in range(60) if n % 3]

    run(test)
