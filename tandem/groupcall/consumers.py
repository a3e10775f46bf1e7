"""The group call's chat, over Tandem's own WebSocket.

Only someone let into the call (a member admitted, or a facilitator) may
connect; each message goes to everyone in the call with the sender's name as
the others see it (a member's first name). Messages are relayed and never
stored: the chat ends with the session (ADR 0054). A member removed from the
call is disconnected at once.
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from tandem.groupcall import selectors
from tandem.groupcall.models import Attendee

MAX_CHAT = 1000
MAX_FRAME_BYTES = 4096
CLOSE_NOT_ALLOWED = 4403


def call_group(call_pk: int) -> str:
    return f"groupcall.{call_pk}"


def attendee_group(attendee_pk: int) -> str:
    return f"groupcall.attendee.{attendee_pk}"


@database_sync_to_async
def _attendee(scope: dict[str, Any], session_id: int) -> Attendee | None:
    # A member without an account is known by the browser session their join link began.
    return selectors.admitted_attendee(
        user=scope.get("user"), session_id=session_id, browser=scope.get("session")
    )


class GroupChatConsumer(AsyncWebsocketConsumer):
    attendee: Attendee | None = None

    async def connect(self) -> None:
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.attendee = await _attendee(self.scope, session_id)
        if self.attendee is None:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        await self.channel_layer.group_add(call_group(self.attendee.call_id), self.channel_name)
        await self.channel_layer.group_add(attendee_group(self.attendee.pk), self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.attendee is not None:
            await self.channel_layer.group_discard(
                call_group(self.attendee.call_id), self.channel_name
            )
            await self.channel_layer.group_discard(
                attendee_group(self.attendee.pk), self.channel_name
            )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.attendee is None or text_data is None or len(text_data) > MAX_FRAME_BYTES:
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        text = str(message.get("text", "")).strip()[:MAX_CHAT] if isinstance(message, dict) else ""
        if message.get("type") != "chat" or not text:
            return
        # Still in the call? A member removed a moment ago is not heard.
        if await _attendee(self.scope, self.attendee.call.session_id) is None:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        await self.channel_layer.group_send(
            call_group(self.attendee.call_id),
            {"type": "groupcall.chat", "from": self.attendee.shown_as, "text": text},
        )

    async def groupcall_chat(self, event: dict[str, Any]) -> None:
        await self.send(
            text_data=json.dumps({"type": "chat", "from": event["from"], "text": event["text"]})
        )

    async def groupcall_removed(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_NOT_ALLOWED)
