"""The signalling socket under overload, with a channel layer of small capacity:
no offer, answer or candidate is dropped without its sender being told, quality
reports are shed, and new calls are refused while running ones carry on (ADR 0038).

The clinician's socket is stood in for by a channel nobody reads, as a socket
on a process too busy to read would be: it fills after ``CAPACITY`` messages.
"""

from __future__ import annotations

import json

import pytest
from channels.layers import get_channel_layer

from tandem.consult import admitting, consumers
from tandem.consult.models import Participant
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
STUCK = "specific.stuck!clinician"  # a channel name of the in-memory layer's kind


@pytest.fixture(autouse=True)
def small_layer(settings):  # type: ignore[no-untyped-def]
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": CAPACITY},
        }
    }
    consumers.load.reset()
    yield
    consumers.load.reset()


def test_every_signalling_message_reaches_its_peer_or_comes_back_to_its_sender(
    personas: Personas,
) -> None:
    pk, sam_cookie, _, _, lee_id = in_call(personas)
    Participant.objects.filter(pk=lee_id).update(channel_name=STUCK)
    sent = [
        {"type": kind, "to": lee_id, "data": {"n": n}}
        for n, kind in enumerate(["offer", *["candidate"] * 6, "answer", "candidate"])
    ]

    async def test() -> None:
        layer = get_channel_layer()
        sam = socket(pk, sam_cookie)
        assert (await sam.connect())[0]
        welcome = await receive(sam)
        assert [p["id"] for p in welcome["peers"]] == [lee_id]
        for message in sent:
            await sam.send_to(text_data=json.dumps(message))
        handed_back = []
        for _ in range(len(sent) - (CAPACITY - 1)):  # the peer-joined took one place
            error = await until(sam, "error")
            assert error["code"] == "not-delivered"
            handed_back.append({"type": error["kind"], "to": error["to"], "data": error["data"]})
        queued = []
        for _ in range(CAPACITY):
            event = await layer.receive(STUCK)
            if event["type"] == "signal.relay":
                queued.append({"type": event["kind"], "to": event["to"], "data": event["data"]})
        # Each one either waits for the clinician, in order, or went back to Sam whole.
        assert queued + handed_back == sent
        assert consumers.load.not_delivered == len(handed_back)
        assert consumers.load.overloaded()
        await sam.disconnect()

    run(test)


def test_overloaded_it_sheds_quality_reports_and_refuses_new_calls_not_running_ones(
    personas: Personas,
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

        consumers.load.channel_full()  # as after a full channel anywhere in this process
        await sam.send_to(text_data=json.dumps(report))
        await sam.send_to(text_data=json.dumps({"type": "offer", "to": lee_id, "data": {}}))
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
