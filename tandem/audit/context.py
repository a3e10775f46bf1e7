"""The request (or task) an audit row belongs to, carried without threading it
through every call."""

from __future__ import annotations

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("tandem_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def begin(request_id: str | None = None) -> contextvars.Token[str]:
    return _request_id.set(request_id or uuid.uuid4().hex)


def end(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)
