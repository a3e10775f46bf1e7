"""Tandem's server controls Janus over its HTTP API, with ``requests``.

Everything a facilitator does to a room goes through here: make and destroy a
session's room, let a participant's token in or out, mute, remove, list who is
there, and the health check. The browser only ever joins a room Tandem made,
with the pin and the token Tandem hands that one participant.

Rooms are private (never listed), need the pin to join, check each joiner's
token against the room's own list, and are destroyed when the session ends.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from typing import Any

import requests

VIDEOROOM = "janus.plugin.videoroom"
TIMEOUT_SECONDS = 5


class JanusUnavailable(Exception):
    """Janus did not answer, or answered with an error."""


@dataclass(frozen=True)
class Room:
    room_id: int
    secret: str
    pin: str


class JanusControl:
    def __init__(
        self, *, url: str, admin_url: str, api_secret: str, admin_secret: str, admin_key: str
    ) -> None:
        self.url = url.rstrip("/")
        self.admin_url = admin_url.rstrip("/")
        self.api_secret = api_secret
        self.admin_secret = admin_secret
        self.admin_key = admin_key

    # --- Plumbing ----------------------------------------------------------------------

    def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {**body, "transaction": secrets.token_hex(8)}
        try:
            answer = requests.post(url, json=body, timeout=TIMEOUT_SECONDS)
            answer.raise_for_status()
            data: dict[str, Any] = answer.json()
        except (requests.RequestException, ValueError) as error:
            raise JanusUnavailable(f"Janus did not answer: {error}") from error
        if data.get("janus") == "error":
            raise JanusUnavailable(f"Janus refused: {data['error'].get('reason')}")
        return data

    def _admin(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._post(self.admin_url, {**body, "admin_secret": self.admin_secret})

    def _videoroom(self, body: dict[str, Any]) -> dict[str, Any]:
        """One synchronous VideoRoom request on a short-lived session of the server's own."""
        session = self._post(self.url, {"janus": "create", "apisecret": self.api_secret})
        session_url = f"{self.url}/{session['data']['id']}"
        try:
            handle = self._post(
                session_url, {"janus": "attach", "plugin": VIDEOROOM, "apisecret": self.api_secret}
            )
            answer = self._post(
                f"{session_url}/{handle['data']['id']}",
                {"janus": "message", "body": body, "apisecret": self.api_secret},
            )
        finally:
            # If this fails the session times out on its own.
            with contextlib.suppress(JanusUnavailable):
                self._post(session_url, {"janus": "destroy", "apisecret": self.api_secret})
        data: dict[str, Any] = answer.get("plugindata", {}).get("data", {})
        if "error" in data:
            raise JanusUnavailable(f"Janus VideoRoom refused: {data['error']}")
        return data

    # --- Health ------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        try:
            answer = requests.get(f"{self.url}/info", timeout=TIMEOUT_SECONDS)
            answer.raise_for_status()
            data: dict[str, Any] = answer.json()
        except (requests.RequestException, ValueError) as error:
            raise JanusUnavailable(f"Janus did not answer: {error}") from error
        if VIDEOROOM not in data.get("plugins", {}):
            raise JanusUnavailable("Janus is running without the VideoRoom plugin")
        return data

    def is_up(self) -> bool:
        try:
            self.info()
        except JanusUnavailable:
            return False
        return True

    # --- Tokens (Janus core: who may attach at all) ---------------------------------------

    def add_token(self, token: str) -> None:
        self._admin({"janus": "add_token", "token": token, "plugins": [VIDEOROOM]})

    def remove_token(self, token: str) -> None:
        self._admin({"janus": "remove_token", "token": token})

    # --- Rooms -------------------------------------------------------------------------

    def create_room(self, *, room: Room, description: str, publishers: int) -> None:
        self._videoroom(
            {
                "request": "create",
                "admin_key": self.admin_key,
                "room": room.room_id,
                "description": description,
                "secret": room.secret,
                "pin": room.pin,
                "is_private": True,
                "permanent": False,
                "publishers": publishers,
                # An empty list switches the room's own token check on: nobody joins
                # until Tandem adds their token.
                "allowed": [],
                "audiocodec": "opus",
                "videocodec": "vp8",
                "bitrate": 256000,
                "notify_joining": True,
            }
        )

    def destroy_room(self, *, room: Room) -> None:
        self._videoroom({"request": "destroy", "room": room.room_id, "secret": room.secret})

    def exists(self, *, room_id: int) -> bool:
        return bool(self._videoroom({"request": "exists", "room": room_id}).get("exists"))

    def listed_rooms(self) -> list[int]:
        """The rooms Janus lists to anyone who asks without the admin key."""
        data = self._videoroom({"request": "list"})
        return [entry["room"] for entry in data.get("list", [])]

    def all_rooms(self) -> list[int]:
        """Every room, private ones too (the admin key shows them)."""
        data = self._videoroom({"request": "list", "admin_key": self.admin_key})
        return [entry["room"] for entry in data.get("list", [])]

    def allow(self, *, room: Room, token: str) -> None:
        self._videoroom(
            {
                "request": "allowed",
                "room": room.room_id,
                "secret": room.secret,
                "action": "add",
                "allowed": [token],
            }
        )

    def disallow(self, *, room: Room, token: str) -> None:
        self._videoroom(
            {
                "request": "allowed",
                "room": room.room_id,
                "secret": room.secret,
                "action": "remove",
                "allowed": [token],
            }
        )

    def participants(self, *, room: Room) -> list[dict[str, Any]]:
        data = self._videoroom({"request": "listparticipants", "room": room.room_id})
        participants: list[dict[str, Any]] = data.get("participants", [])
        return participants

    def kick(self, *, room: Room, participant_id: int) -> None:
        self._videoroom(
            {
                "request": "kick",
                "room": room.room_id,
                "secret": room.secret,
                "id": participant_id,
            }
        )

    def mute(self, *, room: Room, participant_id: int, mid: str, muted: bool = True) -> None:
        """Stop (or restore) one of a publisher's streams, by its media id."""
        self._videoroom(
            {
                "request": "moderate",
                "room": room.room_id,
                "secret": room.secret,
                "id": participant_id,
                "mid": mid,
                "mute": muted,
            }
        )


def from_settings() -> JanusControl | None:
    """Tandem's Janus, or None when none is configured (then groups join by phone)."""
    from django.conf import settings

    if not settings.TANDEM_JANUS_URL:
        return None
    return JanusControl(
        url=settings.TANDEM_JANUS_URL,
        admin_url=settings.TANDEM_JANUS_ADMIN_URL,
        api_secret=settings.TANDEM_JANUS_API_SECRET,
        admin_secret=settings.TANDEM_JANUS_ADMIN_SECRET,
        admin_key=settings.TANDEM_JANUS_ADMIN_KEY,
    )
