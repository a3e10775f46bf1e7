"""A record for Sam with something in every section, and a little for Kit that
must never show on Sam's pages or in Sam's download."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tandem.access import records
from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    Attendance,
    BookedVia,
    Site,
    Status,
)
from tandem.messaging.models import Attachment, Thread
from tandem.messaging.models import Message as ThreadMessage
from tandem.notify.models import Message, MessageStatus
from tandem.notify.tests.helpers import set_contact
from tandem.people.models import CareTeam, ServiceUser, StaffMember, User
from tandem.preferences.models import AccessNeeds, SharedDecision
from tests.personas import Personas


@dataclass
class SamsRecord:
    upcoming: Appointment
    attended: Appointment
    cancelled: Appointment
    decision: SharedDecision
    letter: Message
    kits_appointment: Appointment
    kits_message: Message
    thread: Thread
    carers_thread: Thread


def appointment(
    person: ServiceUser,
    team: CareTeam,
    clinician: StaffMember,
    *,
    days: int,
    modality: str = "video",
    name: str = "Check-in",
    **extra: object,
) -> Appointment:
    kind = AppointmentType.objects.create(
        team=team, name=name, kind="check_in", duration_minutes=30
    )
    starts = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=days)
    site = None
    if modality == "face_to_face":
        site = Site.objects.create(
            organisation=team.organisation,
            name="Northgate Clinic",
            address="1 High St, Leeds",
            postcode="LS1 1AA",
        )
    return Appointment.objects.create(
        service_user=person,
        team=team,
        clinician=clinician,
        appointment_type=kind,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality=modality,
        site=site,
        booked_via=BookedVia.STAFF,
        **extra,
    )


def message(person: ServiceUser, key: str, *, channel: str, status: str, team: CareTeam) -> Message:
    now = timezone.now()
    return Message.objects.create(
        idempotency_key=key,
        about_key=key,
        template="appointment_booked",
        channel=channel,
        service_user=person,
        team=team,
        to=person.email if channel == "email" else "",
        status=status,
        sent_at=now if status in (MessageStatus.SENT, MessageStatus.DELIVERED) else None,
    )


def build_sams_record(p: Personas) -> SamsRecord:
    staff = p.clinician.staff
    set_contact(p.su, p.service_user, channels=("email", "letter"), preferred="email")
    AccessNeeds.objects.create(service_user=p.su, recorded_by=p.service_user, large_print=True)
    upcoming = appointment(p.su, p.team_a, staff, days=5, name="Medication review")
    attended = appointment(
        p.su,
        p.team_a,
        staff,
        days=-14,
        modality="phone",
        attendance=Attendance.ATTENDED,
        switched_to="video",
        outcome_notes="Synthetic staff note that stays out of self-service copies",
    )
    cancelled = appointment(
        p.su,
        p.team_a,
        staff,
        days=-7,
        modality="face_to_face",
        status=Status.CANCELLED,
        cancelled_at=timezone.now() - dt.timedelta(days=8),
        attendance=Attendance.CANCELLED_BY_PERSON,
    )
    decision = SharedDecision.objects.create(
        service_user=p.su,
        kind="check_in",
        options_discussed=["face_to_face", "video", "phone"],
        face_to_face_offered=True,
        person_preference="video",
        took_part="Sam and Dr Lee",
        decision="video",
        reasons="Sam works days and video saves the journey",
        decided_by=p.clinician,
    )
    letter = message(p.su, "sam-letter", channel="letter", status=MessageStatus.SENT, team=p.team_a)
    # Someone else looks at Sam's record: it belongs in 'who has looked'.
    records.service_user_for(p.clinician, pk=p.su.pk, what="Opened record summary")
    kits_appointment = appointment(p.other_su, p.team_b, p.outsider.staff, days=3, name="Kit only")
    kits_message = message(
        p.other_su, "kit-email", channel="email", status=MessageStatus.DELIVERED, team=p.team_b
    )
    thread = thread_with(
        p.su,
        p.team_a,
        p.service_user,
        "Question about my tablets",
        [
            ("service_user", p.service_user, "Can I take them <b>with food</b>?"),
            ("staff", p.clinician, "Yes, with breakfast is fine."),
        ],
    )
    Attachment.objects.create(
        message=thread.messages.get(author_kind="staff"),
        filename="leaflet.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
        data=b"%PDF-1.4 synthetic leaflet",
    )
    # Alex's own thread about Sam holds Alex's words, not Sam's.
    carers_thread = thread_with(
        p.su,
        p.team_a,
        p.carer,
        "Carer worry about weekends",
        [("carer", p.carer, "Alex's private worry")],
        carer=p.carer_profile,
    )
    thread_with(
        p.other_su,
        p.team_b,
        p.other_service_user,
        "Kit's thread",
        [("service_user", p.other_service_user, "Kit's words")],
    )
    return SamsRecord(
        upcoming=upcoming,
        attended=attended,
        cancelled=cancelled,
        decision=decision,
        letter=letter,
        kits_appointment=kits_appointment,
        kits_message=kits_message,
        thread=thread,
        carers_thread=carers_thread,
    )


def thread_with(
    person: ServiceUser,
    team: CareTeam,
    started_by: User,
    subject: str,
    messages: list[tuple[str, User, str]],
    **extra: object,
) -> Thread:
    thread = Thread.objects.create(
        team=team, service_user=person, subject=subject, started_by=started_by, **extra
    )
    for kind, author, body in messages:
        ThreadMessage.objects.create(thread=thread, author=author, author_kind=kind, body=body)
    return thread


def user_of(person: ServiceUser) -> User:
    assert person.user is not None
    return person.user
