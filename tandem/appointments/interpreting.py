"""Meeting communication needs in every appointment (the Accessible Information
Standard, DCB1605; ADR 0047).

Booking someone who needs an interpreter, British Sign Language or another
communication professional raises a task for the team to arrange them, and the
appointment says 'Interpreter not yet arranged' (to staff, and in plain words
to the person) until a member of staff records it arranged (HAZ-263). Booking
someone whose carer or advocate must be copied in raises a task to send them a
copy of the letter: whether that person may be sent it is a consent decision a
human checks, so it is not sent automatically (HAZ-266).

Needs recorded after a booking reach the appointments already booked (ADR
0062, HAZ-346): when who must be there changes, each future appointment gets
the new list and a task to arrange it, or, when nobody is needed any more,
loses it and its open task is closed with a note saying why.

A move cancels the old appointment and books a new one, so the new time gets
its own task: an interpreter arranged for the old time is not arranged for the
new one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.appointments.models import Appointment, Status
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import ServiceUser, User
from tandem.preferences.communication import Need, current_needs_of, someone_to_arrange
from tandem.worklist import services as worklist
from tandem.worklist.models import WorkKind

NOTE_MAX = 300


def arrange_key(appointment: Appointment) -> str:
    return f"arrange:{appointment.about_key}"


def copy_key(appointment: Appointment) -> str:
    return f"copy:{appointment.about_key}"


def _when(appointment: Appointment) -> str:
    local = timezone.localtime(appointment.starts_at)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def on_booking(*, appointment: Appointment, actor: User | None) -> None:
    """Raise the tasks the person's communication needs call for (in the booking's transaction)."""
    needs = current_needs_of(appointment.service_user)
    person = appointment.service_user
    to_arrange = _who(needs)
    if to_arrange:
        appointment.to_arrange = to_arrange
        appointment.save(update_fields=["to_arrange"])
        _raise_arrange_task(appointment)
    copy = next((n for n in needs if n.code == "copy-to-carer-or-advocate"), None)
    if copy is not None:
        worklist.raise_work_item(
            team=appointment.team,
            kind=WorkKind.COPY_TO_CARER,
            title=f"Copy the appointment letter for {person.display_name}, {_when(appointment)}",
            reason=(
                f"{copy.words}. Check they have {person.display_name}'s consent to be sent it "
                "first; if not, ask the person before sending anything."
            ),
            service_user=person,
            about_key=copy_key(appointment),
        )


def _who(needs: list[Need]) -> str:
    return " and ".join(n.who for n in someone_to_arrange(needs))[:300]


def _raise_arrange_task(appointment: Appointment, *, why: str = "") -> None:
    person = appointment.service_user
    worklist.raise_work_item(
        team=appointment.team,
        kind=WorkKind.ARRANGE_COMMUNICATION,
        title=f"Arrange {appointment.to_arrange} for {person.display_name}, {_when(appointment)}",
        reason=(
            f"{why}{person.display_name} needs {appointment.to_arrange} for their "
            f"{appointment.appointment_type.name.lower()} on {_when(appointment)}. "
            "Book them, then open the appointment and record that it is arranged."
        ),
        service_user=person,
        about_key=arrange_key(appointment),
    )


def on_needs_changed(*, person: ServiceUser, actor: User | None, needs: list[Need]) -> None:
    """Bring the person's future booked appointments up to their needs as they
    are now (in the change's transaction; ``communication.changed`` calls this).

    An arrangement already recorded is kept only while the list of who must be
    there is the same: a Polish interpreter booked does not cover a lipspeaker
    needed as well, so a changed list waits to be arranged again."""
    to_arrange = _who(needs)
    upcoming = Appointment.objects.select_for_update(of=("self",)).filter(
        service_user=person, status=Status.BOOKED, starts_at__gt=timezone.now()
    )
    for appointment in upcoming.select_related("team", "appointment_type"):
        if appointment.to_arrange == to_arrange:
            continue
        was = appointment.to_arrange
        appointment.to_arrange = to_arrange
        appointment.arranged_at = None
        appointment.arranged_by = None
        appointment.arranged_note = ""
        appointment.save(
            update_fields=["to_arrange", "arranged_at", "arranged_by", "arranged_note"]
        )
        if was:
            worklist.settle_work_items(
                actor=actor,
                team=appointment.team,
                about_keys=[arrange_key(appointment)],
                outcome=(
                    f"Their communication needs changed: they now need {to_arrange}."
                    if to_arrange
                    else f"Their communication needs changed: {was} is no longer needed."
                ),
            )
        if to_arrange:
            _raise_arrange_task(
                appointment, why="Their communication needs changed after this was booked. "
            )
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=appointment,
            what=(
                f"Needs changed after booking: now {to_arrange} to arrange"
                if to_arrange
                else "Needs changed after booking: nobody to arrange any more"
            )[:300],
        )


def on_cancelling(*, appointment: Appointment, actor: User | None) -> None:
    """Nothing to arrange for a cancelled appointment: close its open tasks."""
    worklist.settle_work_items(
        actor=actor,
        team=appointment.team,
        about_keys=[arrange_key(appointment), copy_key(appointment)],
        outcome="The appointment was cancelled.",
    )


@transaction.atomic
def record_arranged(*, actor: User, appointment: Appointment, note: str) -> Appointment:
    """Record that the interpreter or communication professional is booked."""
    if not actor.has_perm("people.change_serviceuser", appointment.service_user):
        raise PermissionDenied("Only staff treating this person can change their appointments.")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"The note must be {NOTE_MAX} characters or fewer", field="note")
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not locked.to_arrange:
        raise InvalidInput("Nobody needs arranging for this appointment")
    if not locked.is_booked:
        raise InvalidInput("This appointment has been cancelled")
    if locked.arranged_at is not None:
        raise InvalidInput("This has already been recorded as arranged")
    locked.arranged_at = timezone.now()
    locked.arranged_by = actor
    locked.arranged_note = note
    locked.save(update_fields=["arranged_at", "arranged_by", "arranged_note"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Recorded {locked.to_arrange} arranged for an appointment"[:300],
    )
    worklist.settle_work_items(
        actor=actor,
        team=locked.team,
        about_keys=[arrange_key(locked)],
        outcome=f"Arranged. {note}".strip()[:1000],
    )
    return locked
