"""A record for Sam with something in every section, and a little for Kit that
must never show on Sam's pages or in Sam's download."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from tandem.access import records
from tandem.alerts.models import Alert, AlertAction, AlertKind, AlertState
from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    Attendance,
    BookedVia,
    ContactPlan,
    Referral,
    Site,
    Status,
)
from tandem.carers.models import CarerInvite, ConsentChange
from tandem.consult.models import CallRoom, Participant
from tandem.diary.models import (
    CheckInSchedule,
    DiaryEntry,
    DiaryPlan,
    Frequency,
    ScheduleKind,
    SignRating,
    WarningSign,
)
from tandem.inclusion.models import (
    DeviceLoan,
    DeviceType,
    HelpGiven,
    HelpKind,
    HelpRequest,
    HelpStatus,
    HelpTopic,
    ModalityChangeRequest,
)
from tandem.measures import instruments
from tandem.measures.models import Instrument, Response
from tandem.messaging.models import Attachment, Thread
from tandem.messaging.models import Message as ThreadMessage
from tandem.notify.models import Message, MessageStatus
from tandem.notify.tests.helpers import set_contact
from tandem.people.models import CareTeam, ServiceUser, StaffMember, User
from tandem.preferences.models import AccessNeeds, SharedDecision
from tandem.safety.models import PlanReview, PlanVersion, SafetyPlan
from tandem.warnings.models import Flag, FlagAction, FlagStatus
from tandem.worklist.models import WorkItem, WorkKind
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


# --- Everything else held about a person (issue 16) -------------------------------------
#
# One of every row the download must hold for Sam, each with words a test can
# find in the PDF, and the same kinds of row for Kit with 'Kit' in their words,
# which must never reach Sam's copy. Staff free-text notes carry STAFF_NOTE, which
# must reach neither.

STAFF_NOTE = "Synthetic staff-only note"


@dataclass
class SamsCare:
    plan_versions: list[PlanVersion]
    diary_entry: DiaryEntry
    response: Response
    alert: Alert
    help_request: HelpRequest
    loan: DeviceLoan
    flag: Flag
    call: CallRoom


def _phq9_answers(value: int) -> tuple[Instrument, dict[str, int], int, str]:
    # A live-server test empties the tables, built-in questionnaires included.
    instruments.install_builtins(Instrument)
    phq9 = Instrument.objects.get(code="phq9", version=1)
    definition = instruments.parse(phq9.definition)
    answers = {item.key: value for item in definition.scored_items}
    total = sum(answers.values())
    return phq9, answers, total, definition.band_for(total)


def care_for(
    person: ServiceUser, team: CareTeam, clinician: User, *, words: str
) -> tuple[PlanVersion, DiaryEntry, Response, Alert, HelpRequest, DeviceLoan]:
    """A safety plan, diary, questionnaire, alert, help request and loan for
    ``person``, each naming ``words`` so a test can tell whose it is."""
    owner = user_of(person)
    now = timezone.now()
    plan = SafetyPlan.objects.create(service_user=person, next_review_on=now.date())
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        warning_signs=f"{words} plan: not sleeping",
        coping=f"{words} plan: walk to the park",
        changed_sections=["warning_signs", "coping"],
        saved_by=owner,
        saved_by_name=person.display_name,
    )
    diary = DiaryPlan.objects.create(service_user=person, team=team, set_up_by=clinician)
    sign = WarningSign.objects.create(
        plan=diary, words=f"{words} sign: staying in bed", added_by=owner
    )
    entry = DiaryEntry.objects.create(
        service_user=person,
        day=now.date() - dt.timedelta(days=1),
        mood=4,
        sleep_hours=Decimal("5.5"),
        anxiety=7,
        medication_taken=True,
        note=f"{words} diary: a flat day after work",
        submitted_by=owner,
    )
    SignRating.objects.create(entry=entry, sign=sign, rating=3)
    phq9, answers, total, band = _phq9_answers(1)
    response = Response.objects.create(
        service_user=person,
        team=team,
        instrument=phq9,
        answers=answers,
        complete=True,
        total=total,
        band=band,
        review_items=["q9"],
        submitted_by=owner,
    )
    alert = Alert.objects.create(
        team=team,
        service_user=person,
        kind=AlertKind.ANSWER_NEEDS_REVIEW,
        summary=f"{words} alert: question 9 needs review",
        reasons=[f"{words} answered question 9 with 'Several days'."],
        about_key=f"response:{response.pk}",
        response=response,
        respond_by=now + dt.timedelta(hours=24),
        state=AlertState.CLOSED,
        acknowledged_at=now,
        acknowledged_by=clinician,
        action=AlertAction.CALLED,
        action_note=f"{STAFF_NOTE} about {words}'s call",
        closed_at=now,
        closed_by=clinician,
    )
    help_request = HelpRequest.objects.create(
        service_user=person,
        topic=HelpTopic.VIDEO,
        details=f"{words} help: the camera will not work",
        contact_by="phone",
        status=HelpStatus.CLOSED,
        raised_by=owner,
        closed_by=clinician,
        closed_at=now,
        outcome=f"{words} help: we did a practice call",
    )
    given = HelpGiven.objects.create(
        help_request=help_request,
        kind=HelpKind.PRACTICE_CALL,
        notes=f"{STAFF_NOTE} on {words}'s help",
        recorded_by=clinician,
    )
    loan = DeviceLoan.objects.create(
        service_user=person,
        help_given=given,
        asset_tag=f"{words.upper()}-TAB-42",
        device_type=DeviceType.TABLET,
        lent_on=now.date() - dt.timedelta(days=10),
        return_due=now.date() + dt.timedelta(days=50),
        recorded_by=clinician,
    )
    return version, entry, response, alert, help_request, loan


def build_sams_care(p: Personas, sams: SamsRecord) -> SamsCare:
    """Everything else for Sam (on top of ``build_sams_record``), and Kit's own."""
    first, entry, response, alert, help_request, loan = care_for(
        p.su, p.team_a, p.clinician, words="Sam"
    )
    second = PlanVersion.objects.create(
        plan=first.plan,
        number=2,
        warning_signs=first.warning_signs,
        coping=first.coping,
        people_to_ask="Sam plan: my sister on 07700 900123",
        changed_sections=["people_to_ask"],
        saved_by=p.clinician,
        saved_by_name="Dr Lee",
        saved_by_staff=True,
    )
    PlanReview.objects.create(
        plan=first.plan,
        version_number=2,
        reviewed_by=p.clinician,
        reviewed_by_name="Dr Lee",
        next_review_on=timezone.localdate() + dt.timedelta(days=90),
        note="Sam plan review: looked at it together",
    )
    CheckInSchedule.objects.create(
        service_user=p.su,
        team=p.team_a,
        kind=ScheduleKind.QUESTIONNAIRE,
        instrument=response.instrument,
        frequency=Frequency.WEEKLY,
        weekdays="0",
        starts_on=timezone.localdate(),
        agreed_by=p.clinician,
    )
    ModalityChangeRequest.objects.create(
        service_user=p.su,
        modality="face_to_face",
        reason="Sam change: I would rather come in",
        raised_by=p.service_user,
    )
    WorkItem.objects.create(
        team=p.team_a,
        kind=WorkKind.NO_RECENT_CONTACT,
        service_user=p.su,
        title="Sam task: no contact for six weeks",
        reason="Sam task: last seen six weeks ago",
        about_key=f"person:{p.su.pk}",
        done_at=timezone.now(),
        done_by=p.clinician,
        outcome=f"{STAFF_NOTE} on Sam's task",
    )
    Referral.objects.create(
        service_user=p.su,
        team=p.team_a,
        received_on=timezone.localdate() - dt.timedelta(days=100),
        source="Sam referral: GP",
        recorded_by=p.clinician,
    )
    ContactPlan.objects.create(
        service_user=p.su,
        team=p.team_a,
        clinician=p.clinician.staff,
        modality="phone",
        every_days=14,
        description="Sam contact: fortnightly phone call",
        started_on=timezone.localdate(),
        agreed_by=p.clinician,
    )
    CarerInvite.objects.create(
        service_user=p.su,
        carer=p.carer_profile,
        link=p.carer_link,
        relationship="Sam invite: partner",
        sent_by="email",
        token_hash="a" * 64,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    ConsentChange.objects.create(
        link=p.carer_link,
        by=p.service_user,
        what="Sam consent: let Alex see appointments",
        note=f"{STAFF_NOTE} on consent",
    )
    own_message = sams.thread.messages.get(author_kind="service_user")
    flag = Flag.objects.create(
        message=own_message,
        thread=sams.thread,
        categories="self_harm",
        reasons="Sam flag: words about not coping",
        status=FlagStatus.ACTIONED,
        action=FlagAction.CALLED,
        note=f"{STAFF_NOTE} on Sam's flag",
        closed_by=p.clinician,
        closed_at=timezone.now(),
    )
    # Alex's words on Alex's own thread about Sam are Alex's: their flag stays out.
    Flag.objects.create(
        message=sams.carers_thread.messages.get(),
        thread=sams.carers_thread,
        categories="self_harm",
        reasons="Alex flag: the carer's worry",
    )
    call = CallRoom.objects.create(
        appointment=sams.attended,
        started_at=sams.attended.starts_at,
        ended_at=sams.attended.ends_at,
        fallback_phone="07700 900456",
    )
    Participant.objects.create(room=call, kind="service_user", user=p.service_user, name="Sam")
    Participant.objects.create(room=call, kind="interpreter", name="Sam call: Ana the interpreter")
    care_for(p.other_su, p.team_b, p.outsider, words="Kit")
    WorkItem.objects.create(
        team=p.team_b,
        kind=WorkKind.NO_RECENT_CONTACT,
        service_user=p.other_su,
        title="Kit task: no contact",
        reason="Kit task",
        about_key=f"person:{p.other_su.pk}",
    )
    return SamsCare(
        plan_versions=[second, first],
        diary_entry=entry,
        response=response,
        alert=alert,
        help_request=help_request,
        loan=loan,
        flag=flag,
        call=call,
    )
