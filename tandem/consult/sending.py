"""Sending a video call invitation by text message or email.

Carers are sent their link through the notify outbox (tandem.notify) under the
``video_invite`` template, which names no one and says nothing clinical; the
outbox checks 'join video calls' again just before sending (HAZ-072). An
interpreter is not someone the outbox knows (it sends only to service users
and carers), so their link is shown once to the member of staff to pass on
through the interpreting service's usual booking route.
"""

from __future__ import annotations

from tandem.consult.invitations import IssuedInvite
from tandem.consult.models import ParticipantKind
from tandem.notify import services as notify
from tandem.people.models import User
from tandem.web.links import full_url

TEMPLATE = "video_invite"


def send_invite(*, actor: User, issued: IssuedInvite) -> bool:
    """Queue the invitation; False when staff must pass the link on themselves."""
    participant = issued.participant
    if participant.kind != ParticipantKind.CARER or participant.carer_link is None:
        return False
    appointment = participant.room.appointment
    values = {"link": full_url(issued.path)}
    message = notify.queue_message(
        actor=actor,
        recipient=participant.carer_link.carer,
        template=TEMPLATE,
        personalisation=values,
        about_key=appointment.about_key,
        idempotency_key=f"{appointment.about_key}:video-invite:{participant.pk}",
        channel=participant.invite_channel,
        team=appointment.team,
        about_person=appointment.service_user,
    )
    return message is not None
