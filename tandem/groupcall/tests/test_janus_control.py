"""Tandem's control of a real Janus on loopback: rooms private, tokens checked, kick works."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tandem.groupcall import janus_process, room_keys
from tandem.groupcall.janus import JanusControl, JanusUnavailable, Room
from tandem.groupcall.tests.janus_client import Participant, Refused


@pytest.fixture
def room(janus: janus_process.RunningJanus) -> Iterator[Room]:
    room = Room(room_id=9001, secret=room_keys.room_secret(9001), pin=room_keys.room_pin(9001))
    control = janus.control()
    control.create_room(room=room, description="Skills group", publishers=8)
    yield room
    if control.exists(room_id=room.room_id):
        control.destroy_room(room=room)


def admitted(control: JanusControl, room: Room, token: str) -> None:
    control.add_token(token)
    control.allow(room=room, token=token)


def test_the_health_check_sees_the_videoroom(janus: janus_process.RunningJanus) -> None:
    assert janus.control().info()["plugins"]["janus.plugin.videoroom"]


def test_rooms_are_never_listed_and_only_the_server_can_make_one(
    janus: janus_process.RunningJanus, room: Room
) -> None:
    control = janus.control()
    assert control.exists(room_id=room.room_id)
    assert room.room_id not in control.listed_rooms()
    token = room_keys.participant_token(room.room_id, 1)
    control.add_token(token)
    member = Participant(url=janus.url, token=token)
    assert room.room_id not in [
        entry["room"] for entry in member.request({"request": "list"})["list"]
    ]
    refused = member.request({"request": "create", "room": 777, "is_private": False})
    assert "error" in refused
    assert not control.exists(room_id=777)


def test_without_a_token_janus_refuses_everything(janus: janus_process.RunningJanus) -> None:
    with pytest.raises(Refused, match="Unauthorized"):
        Participant(url=janus.url, token="not-a-token-tandem-gave")


def test_a_token_not_admitted_to_the_room_or_a_wrong_pin_cannot_join(
    janus: janus_process.RunningJanus, room: Room
) -> None:
    control = janus.control()
    outsider = room_keys.participant_token(room.room_id, 2)
    control.add_token(outsider)  # May reach Janus, but was never let into this room.
    with pytest.raises(Refused, match="Unauthorized"):
        Participant(url=janus.url, token=outsider).join(
            room=room.room_id, pin=room.pin, participant_id=2
        )
    member = room_keys.participant_token(room.room_id, 3)
    admitted(control, room, member)
    with pytest.raises(Refused, match="wrong pin"):
        Participant(url=janus.url, token=member).join(
            room=room.room_id, pin="0000", participant_id=3
        )
    assert control.participants(room=room) == []


def test_a_removed_member_cannot_rejoin_until_readmitted(
    janus: janus_process.RunningJanus, room: Room
) -> None:
    control = janus.control()
    token = room_keys.participant_token(room.room_id, 4)
    admitted(control, room, token)
    Participant(url=janus.url, token=token).join(room=room.room_id, pin=room.pin, participant_id=4)
    assert [p["id"] for p in control.participants(room=room)] == [4]

    # Removing: out of the room's list, then out of the room.
    control.disallow(room=room, token=token)
    control.remove_token(token)
    control.kick(room=room, participant_id=4)
    assert control.participants(room=room) == []
    with pytest.raises(Refused):
        Participant(url=janus.url, token=token).join(
            room=room.room_id, pin=room.pin, participant_id=4
        )

    # Readmitted: a new token (the old one never works again).
    fresh = room_keys.participant_token(room.room_id, 4, admission=1)
    assert fresh != token
    admitted(control, room, fresh)
    Participant(url=janus.url, token=fresh).join(room=room.room_id, pin=room.pin, participant_id=4)
    assert [p["id"] for p in control.participants(room=room)] == [4]


def test_an_ended_session_destroys_the_room(janus: janus_process.RunningJanus, room: Room) -> None:
    control = janus.control()
    control.destroy_room(room=room)
    assert not control.exists(room_id=room.room_id)
    with pytest.raises(JanusUnavailable):
        control.kick(room=room, participant_id=4)


def test_a_stopped_janus_is_reported_down() -> None:
    control = JanusControl(
        url=f"http://127.0.0.1:{janus_process.free_port()}/janus",
        admin_url="http://127.0.0.1:1/admin",
        api_secret="x",
        admin_secret="x",
        admin_key="x",
    )
    assert not control.is_up()
