"""The one-step switch from a failed video call to phone. Keyword-only, typed,
atomic, audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.appointments import services as appointment_services
from tandem.appointments.models import Appointment, AppointmentModality, Attendance, SwitchedBy
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.calls import (
    is_team_staff,
)
from tandem.consult.models import (
    CallRoom,
)
from tandem.errors import InvalidInput
from tandem.people.models import User


@transaction.atomic
def switch_to_phone(*, actor: User, room: CallRoom, notes: str = "") -> Appointment:
    """The video failed: carry on by phone, recording the failure and the change."""
    appointment = room.appointment
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can switch the call.")
    try:
        changed = appointment_services.record_outcome(
            actor=actor,
            appointment=appointment,
            outcome=appointment_services.Outcome(
                attendance=Attendance.ATTENDED,
                technical_failure=True,
                switched_to=AppointmentModality.PHONE,
                switched_by=SwitchedBy.CLINICIAN,
                notes=notes or "Video failed; continued by phone.",
            ),
        )
    except appointment_services.InvalidInput as exc:
        raise InvalidInput(str(exc)) from exc
    locked = CallRoom.objects.select_for_update().get(pk=room.pk)
    now = timezone.now()
    locked.switched_to_phone_at = now
    locked.switched_to_phone_by = actor
    locked.ended_at = locked.ended_at or now
    locked.save(update_fields=["switched_to_phone_at", "switched_to_phone_by", "ended_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=appointment.service_user_id,
        what="Switched a failed video call to phone",
    )
    return changed
