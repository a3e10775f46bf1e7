"""The person's secure message threads, copied into plain values for the pages,
the PDF and the FHIR Bundle.

Read through ``tandem.access.own_record.threads``, which builds on the
messaging app's own scope (``tandem.access.messaging.threads_visible_to``).
Only the person's own threads are here: a carer's thread about them holds the
carer's words, which are the carer's to ask for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tandem.access import own_record
from tandem.messaging.models import Message as ThreadMessage
from tandem.people.models import User

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


def own_threads(user: User, *, limit: int | None, with_messages: bool) -> list[ThreadCopy]:
    """The person's threads, newest first; every message and attachment when asked."""
    found = own_record.threads(user)
    if with_messages:
        found = own_record.with_messages(found)
    copies = []
    for thread in found[:limit] if limit else found:
        messages = []
        if with_messages:
            for message in thread.messages.all():
                messages.append(
                    MessageCopy(
                        pk=message.pk,
                        author=_author(message),
                        author_kind=message.author_kind,
                        body=message.body,
                        sent_at=message.sent_at,
                        attachments=[
                            AttachmentCopy(
                                filename=a.filename, content_type=a.content_type, size=a.size
                            )
                            for a in message.attachments.all()
                        ],
                    )
                )
        copies.append(
            ThreadCopy(
                pk=thread.pk,
                subject=thread.subject,
                team=str(thread.team),
                started_at=thread.created_at,
                last_message_at=thread.last_message_at,
                messages=messages,
                message_count=int(getattr(thread, "message_total", len(messages))),
            )
        )
    return copies
