"""Asking the team for a face-to-face appointment when none can be booked online.

Face to face must always be offered (DESIGN.md), but a team may have no
face-to-face times open for people to book themselves. Then the booking page
says so and offers this request instead (HAZ-153): it becomes a task for the
team with a date by which the team will contact the person, and it is closed
by a member of staff recording what they did, or by a face-to-face appointment
being booked for the person with that team.

One open request per person and team: asking again while one is open tells
the person theirs is already with the team, and raises nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.appointments.models import Appointment, AppointmentModality, AppointmentType
from tandem.appointments.slots import at
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.web.working_days import nth_working_day_after
from tandem.worklist import services as worklist
from tandem.worklist.models import WorkItem, WorkKind

# Two working days: the same reply time teams promise for secure messages
# (messaging's default), long enough for a team to find a room and a clinician,
# short enough that a person who would rather be seen in person is not left
# waiting in silence. The person is shown the date, and it is kept on the task.
RESPONSE_WORKING_DAYS = 2
# The promise is 'by the end of the working day', which for a team office is 5pm.
END_OF_WORKING_DAY = dt.time(17)
NOTE_MAX = 300


def about_key(person: ServiceUser) -> str:
    """One open request per person per team (the task's unique cause)."""
    return f"face-to-face:{person.pk}"


def respond_by(now: dt.datetime | None = None) -> dt.datetime:
    """5pm on the RESPONSE_WORKING_DAYS-th working day after today."""
    today = timezone.localdate(now or timezone.now())
    return at(nth_working_day_after(today, RESPONSE_WORKING_DAYS), END_OF_WORKING_DAY)


def by_text(moment: dt.datetime) -> str:
    """'5pm on Tuesday 8 December', as the person reads it."""
    local = timezone.localtime(moment)
    clock = f"{local:%-I:%M%p}".lower().replace(":00", "")
    return f"{clock} on {local:%A %-d %B}"


def promised_by(item: WorkItem | None) -> str:
    """The date a request's person was told to expect contact by, in words ('' if none)."""
    return by_text(item.respond_by) if item is not None and item.respond_by else ""


def open_request(person: ServiceUser, team: CareTeam) -> WorkItem | None:
    return WorkItem.objects.filter(
        team=team,
        kind=WorkKind.FACE_TO_FACE_REQUEST,
        about_key=about_key(person),
        done_at__isnull=True,
    ).first()


@transaction.atomic
def ask(
    *, actor: User, person: ServiceUser, appointment_type: AppointmentType, note: str
) -> tuple[WorkItem, bool]:
    """Ask the team for a face-to-face appointment; (the task, whether it is new).

    The caller has checked the person may book this type with its team
    (``self_service.bookable_type``); this checks it is their own record.
    """
    if person.user_id != actor.pk:
        raise InvalidInput(gettext("You can only ask for yourself."))
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            gettext("Your note must be %(most)s characters or fewer") % {"most": NOTE_MAX}
        )
    team = appointment_type.team
    existing = open_request(person, team)
    if existing is not None:
        return existing, False
    reason = (
        f"{person.display_name} asked for a face-to-face {appointment_type.name.lower()}. "
        "No face-to-face time could be booked online when they asked. "
        "Contact them to arrange one, then close this task saying what you did."
    )
    if note:
        reason += f" Their note: {note}"
    item = worklist.raise_work_item(
        team=team,
        kind=WorkKind.FACE_TO_FACE_REQUEST,
        title="Asked for a face-to-face appointment",
        reason=reason,
        service_user=person,
        about_key=about_key(person),
        actor=actor,
        respond_by=respond_by(),
    )
    return item, True


def settle_on_booking(*, appointment: Appointment, actor: User | None) -> None:
    """A face-to-face appointment booked (or moved to) answers an open request."""
    if appointment.modality != AppointmentModality.FACE_TO_FACE:
        return
    local = timezone.localtime(appointment.starts_at)
    worklist.settle_work_items(
        actor=actor,
        team=appointment.team,
        about_keys=[about_key(appointment.service_user)],
        outcome=(f"A face-to-face appointment was booked for {local:%-d %B %Y} at {local:%H:%M}."),
    )
