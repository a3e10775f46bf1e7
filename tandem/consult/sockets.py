"""What the socket writes: one connection per participant, how well the call
worked, and what it refused. Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.calls import (
    locked_participant,
)
from tandem.consult.models import (
    CallQuality,
    Ending,
    Participant,
)
from tandem.errors import InvalidInput
from tandem.people.models import User

# --- The socket and the end of the call ------------------------------------------------


@transaction.atomic
def connected(*, participant: Participant, channel_name: str) -> str:
    """Make ``channel_name`` the participant's only socket; return the one it replaces."""
    locked = locked_participant(participant)
    previous = locked.channel_name
    locked.channel_name = channel_name
    locked.connected_at = timezone.now()
    locked.save(update_fields=["channel_name", "connected_at"])
    if previous and previous != channel_name:
        record(
            actor=locked.user,
            action=Action.UPDATE,
            obj=locked,
            subject_id=locked.room.appointment.service_user_id,
            what="Joined the video call from a second device; the first was disconnected",
        )
    return previous


@transaction.atomic
def disconnected(*, participant: Participant, channel_name: str) -> None:
    Participant.objects.filter(pk=participant.pk, channel_name=channel_name).update(channel_name="")


@dataclass(frozen=True)
class QualityReport:
    time_to_connect_ms: int | None
    relay_used: bool
    packet_loss_percent: Decimal
    duration_seconds: int
    ending: str


@transaction.atomic
def record_quality(*, participant: Participant, report: QualityReport) -> CallQuality:
    if report.ending not in Ending.values:
        raise InvalidInput("Unknown way the call ended")
    if not (0 <= report.packet_loss_percent <= 100):
        raise InvalidInput("Packet loss must be a percentage")
    if report.duration_seconds < 0 or (report.time_to_connect_ms or 0) < 0:
        raise InvalidInput("Times cannot be negative")
    quality = CallQuality.objects.create(
        room_id=participant.room_id,
        participant=participant,
        time_to_connect_ms=report.time_to_connect_ms,
        relay_used=report.relay_used,
        packet_loss_percent=report.packet_loss_percent.quantize(Decimal("0.01")),
        duration_seconds=min(report.duration_seconds, 24 * 60 * 60),
        ending=report.ending,
    )
    record(
        actor=participant.user,
        action=Action.CREATE,
        obj=quality,
        subject_id=participant.room.appointment.service_user_id,
        what="Recorded how well a video call worked",
    )
    return quality


def audit_refusal(*, participant: Participant | None, user: User | None, what: str) -> None:
    """Something the socket refused: recorded so misuse can be seen."""
    record(
        actor=user if user is not None and user.is_authenticated else None,
        action=Action.VIEW,
        obj=participant,
        object_type="" if participant is not None else "consult.Participant",
        subject_id=participant.room.appointment.service_user_id if participant else None,
        what=f"Video call refused: {what}"[:300],
    )
