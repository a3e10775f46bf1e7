"""Threads written through the services, as the people in the personas."""

from __future__ import annotations

from tandem.messaging import services
from tandem.messaging.attachments import CheckedFile
from tandem.messaging.models import Thread
from tests.personas import Personas


def sam_writes(
    p: Personas,
    *,
    subject: str = "Question about my next appointment",
    body: str = "Can we talk about moving to video?",
    files: list[CheckedFile] | None = None,
) -> Thread:
    return services.start_thread(
        actor=p.service_user,
        service_user=p.su,
        team=p.team_a,
        subject=subject,
        body=body,
        files=files or [],
    )


def kit_writes(p: Personas, *, files: list[CheckedFile] | None = None) -> Thread:
    return services.start_thread(
        actor=p.other_service_user,
        service_user=p.other_su,
        team=p.team_b,
        subject="Kit's question",
        body="Hello from Kit",
        files=files or [],
    )


def let_carer_message(p: Personas, *, see_messages: bool = False) -> None:
    p.carer_link.can_message_team = True
    p.carer_link.can_see_messages = see_messages
    p.carer_link.save()


def alex_writes(p: Personas) -> Thread:
    let_carer_message(p)
    return services.start_thread(
        actor=p.carer,
        service_user=p.su,
        team=p.team_a,
        subject="Worried about Sam's sleep",
        body="Sam has not slept well this week.",
        files=[],
        as_carer=True,
    )
