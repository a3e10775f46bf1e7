"""The person's secure message threads, copied into plain values for the pages,
the PDF and the FHIR Bundle.

Read through ``tandem.record.selectors.threads``, which builds on the
messaging app's own scope for a service user (``tandem.messaging.selectors.own_threads``).
Only the person's own threads are here: a carer's thread about them holds the
carer's words, which are the carer's to ask for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tandem.messaging.models import Message as ThreadMessage
from tandem.messaging.models import Thread
from tandem.people.models import User
from tandem.record import selectors

AUTHOR_KINDS = {"service_user": "You", "carer": "Your carer", "staff": "Care team"}


@dataclass(frozen=True)
class AttachmentCopy:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class MessageCopy:
    pk: int
    author: str
    author_kind: str
    body: str
    sent_at: dt.datetime
    attachments: list[AttachmentCopy] = field(default_factory=list)
    # The name alone, for a copy that says who they are in its own language.
    author_name: str = ""

    @property
    def from_person(self) -> bool:
        return self.author_kind == "service_user"


@dataclass(frozen=True)
class ThreadCopy:
    pk: int
    subject: str
    team: str
    started_at: dt.datetime
    last_message_at: dt.datetime | None
    messages: list[MessageCopy] = field(default_factory=list)
    message_count: int = 0


def _author(message: ThreadMessage) -> str:
    if message.author_kind == "service_user":
        return "You"
    who = AUTHOR_KINDS.get(message.author_kind, "Care team").lower()
    return f"{message.author} ({who})"


def copy_thread(thread: Thread, *, with_messages: bool) -> ThreadCopy:
    """One thread as plain values; its messages only when asked (and prefetched
    with ``selectors.with_messages``), otherwise just how many there are."""
    messages = [
        MessageCopy(
            pk=message.pk,
            author=_author(message),
            author_kind=message.author_kind,
            author_name=f"{message.author}",
            body=message.body,
            sent_at=message.sent_at,
            attachments=[
                AttachmentCopy(filename=a.filename, content_type=a.content_type, size=a.size)
                for a in message.attachments.all()
            ],
        )
        for message in (thread.messages.all() if with_messages else [])
    ]
    return ThreadCopy(
        pk=thread.pk,
        subject=thread.subject,
        team=str(thread.team),
        started_at=thread.created_at,
        last_message_at=thread.last_message_at,
        messages=messages,
        message_count=int(getattr(thread, "message_total", len(messages))),
    )


def own_threads(user: User, *, limit: int | None, with_messages: bool) -> list[ThreadCopy]:
    """The person's threads, newest first; every message and attachment when asked."""
    found = selectors.threads(user)
    if with_messages:
        found = selectors.with_messages(found)
    return [
        copy_thread(t, with_messages=with_messages) for t in (found[:limit] if limit else found)
    ]
