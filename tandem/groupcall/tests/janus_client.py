"""A participant's side of the Janus API, as a browser would speak it, for the tests."""

from __future__ import annotations

import secrets
import time
from typing import Any

import requests

from tandem.groupcall.janus import VIDEOROOM


class Refused(Exception):
    pass


class Participant:
    def __init__(self, *, url: str, token: str) -> None:
        self.url = url
        self.token = token
        answer = self._post(url, {"janus": "create"})
        self.session_url = f"{url}/{answer['data']['id']}"
        handle = self._post(self.session_url, {"janus": "attach", "plugin": VIDEOROOM})
        self.handle_url = f"{self.session_url}/{handle['data']['id']}"

    def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {**body, "transaction": secrets.token_hex(8), "token": self.token}
        data: dict[str, Any] = requests.post(url, json=body, timeout=10).json()
        if data.get("janus") == "error":
            raise Refused(data["error"]["reason"])
        return data

    def request(self, body: dict[str, Any]) -> dict[str, Any]:
        """A synchronous VideoRoom request."""
        data: dict[str, Any] = self._post(self.handle_url, {"janus": "message", "body": body})
        return data.get("plugindata", {}).get("data", {})

    def join(self, *, room: int, pin: str, participant_id: int) -> dict[str, Any]:
        """Join as a publisher (without media yet) and wait for Janus's answer."""
        self._post(
            self.handle_url,
            {
                "janus": "message",
                "body": {
                    "request": "join",
                    "ptype": "publisher",
                    "room": room,
                    "pin": pin,
                    "id": participant_id,
                    "display": "Test",
                    "token": self.token,
                },
            },
        )
        return self.wait_for("joined")

    def poll(self) -> list[dict[str, Any]]:
        """One long poll for this session's events, as janus.js makes them (the
        token goes with every poll, so a token taken out is refused)."""
        answer = requests.get(
            self.session_url, params={"token": self.token, "maxev": 5}, timeout=35
        )
        if answer.status_code == 403:
            raise Refused("Janus refused the poll: the token is no longer valid")
        events = answer.json()
        return events if isinstance(events, list) else [events]

    def wait_for(self, videoroom: str) -> dict[str, Any]:
        """The VideoRoom event of this kind ('joined', 'destroyed'), polling as a page does."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            for event in self.poll():
                data: dict[str, Any] = event.get("plugindata", {}).get("data", {})
                if data.get("videoroom") == videoroom:
                    return data
                if "error" in data:
                    raise Refused(data["error"])
        raise AssertionError(f"Janus never sent '{videoroom}'")
