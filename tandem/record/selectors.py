"""A service user's own record, and nobody else's: the scoped reads behind 'My
record' and the right-of-access download (``tandem.record``).

Every function takes the signed-in user and returns only rows about the
service user whose account that is. Anyone else (staff, carers, a person
without a service user record) gets nothing, so a page built on these cannot
show another person's data even if a view passes the wrong id. Carers' own
threads about the person are not included: they are the carer's words.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access import records
from tandem.alerts.models import Alert
from tandem.appointments import selectors as appointments_selectors
from tandem.appointments.models import Appointment, ContactPlan, Referral
from tandem.audit.models import Action, AuditEvent
from tandem.audit.services import record
from tandem.careplans.models import CarePlanVersion
from tandem.carers.models import CarerInvite, ConsentChange
from tandem.consult.models import CallRoom, Participant
from tandem.diary.models import CheckInSchedule, DiaryEntry, DiaryPlan, SignRating, WarningSign
from tandem.feedback.models import NamedAnswer
from tandem.inclusion.models import DeviceLoan, HelpGiven, HelpRequest, ModalityChangeRequest
from tandem.measures.models import Response
from tandem.messaging import selectors as messaging
from tandem.messaging.models import Attachment, Thread
from tandem.messaging.models import Message as ThreadMessage
from tandem.notify.models import Message
from tandem.people.models import CarerLink, CaseloadEntry, ServiceUser, User
from tandem.people.roles import Role
from tandem.preferences.models import (
    AccessNeeds,
    ContactPreferences,
    DigitalAccessCheck,
    ModalityPreference,
    SharedDecision,
)
from tandem.record.models import RecordExport
from tandem.safety.models import PlanReview, PlanVersion, SafetyPlan
from tandem.support.models import Recommendation
from tandem.warnings.models import Flag
from tandem.worklist.models import WorkItem


def _is_service_user(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and Role.SERVICE_USER in user.roles)


def person(user: User) -> ServiceUser:
    """The signed-in person's own service user record, or the standard 404."""
    return records.own_service_user(user)


def team_entries(user: User) -> QuerySet[CaseloadEntry]:
    """Every team the person has been open to, open ones first, with coordinators."""
    if not _is_service_user(user):
        return CaseloadEntry.objects.none()
    return (
        CaseloadEntry.objects.filter(service_user__user=user)
        .select_related("team", "care_coordinator__user")
        .order_by("-closed_on", "-opened_on", "pk")
    )


def appointments(user: User) -> QuerySet[Appointment]:
    return appointments_selectors.own_appointments(user)


def shared_decisions(user: User) -> QuerySet[SharedDecision]:
    if not _is_service_user(user):
        return SharedDecision.objects.none()
    return SharedDecision.objects.filter(service_user__user=user).select_related("decided_by")


def contact_preferences_history(user: User) -> QuerySet[ContactPreferences]:
    if not _is_service_user(user):
        return ContactPreferences.objects.none()
    return ContactPreferences.objects.filter(service_user__user=user).order_by(
        "-recorded_at", "-pk"
    )


def access_needs_history(user: User) -> QuerySet[AccessNeeds]:
    if not _is_service_user(user):
        return AccessNeeds.objects.none()
    return AccessNeeds.objects.filter(service_user__user=user).order_by("-recorded_at", "-pk")


def modality_preferences_history(user: User) -> QuerySet[ModalityPreference]:
    if not _is_service_user(user):
        return ModalityPreference.objects.none()
    return ModalityPreference.objects.filter(service_user__user=user).order_by(
        "-recorded_at", "-pk"
    )


def digital_checks_history(user: User) -> QuerySet[DigitalAccessCheck]:
    if not _is_service_user(user):
        return DigitalAccessCheck.objects.none()
    return DigitalAccessCheck.objects.filter(service_user__user=user).order_by(
        "-recorded_at", "-pk"
    )


def notices_sent(user: User) -> QuerySet[Message]:
    """Letters, emails and texts addressed to the person themselves (not to their
    carers), newest first."""
    if not _is_service_user(user):
        return Message.objects.none()
    return Message.objects.filter(service_user__user=user, carer__isnull=True).order_by(
        "-created_at", "-pk"
    )


def carer_links(user: User, *, with_withdrawn: bool = False) -> QuerySet[CarerLink]:
    """The person's carers and what each may see; withdrawn links only when asked."""
    if not _is_service_user(user):
        return CarerLink.objects.none()
    links = CarerLink.objects.filter(service_user__user=user).select_related(
        "carer", "consent_recorded_by", "withdrawn_by"
    )
    if not with_withdrawn:
        links = links.filter(withdrawn_at__isnull=True)
    return links.order_by("withdrawn_at", "carer__family_name", "carer__given_name", "pk")


def accesses(user: User) -> QuerySet[AuditEvent]:
    """Everyone else's reads and changes of the person's record, newest first
    (the same rows as ``records.accesses_to_own_record``, unsliced)."""
    if not _is_service_user(user):
        return AuditEvent.objects.none()
    own = person(user)
    return (
        AuditEvent.objects.filter(subject_id=own.pk)
        .exclude(actor=user)
        .exclude(actor__isnull=True)
        .order_by("-at", "-id")
    )


# --- Downloads ---------------------------------------------------------------------


def exports(user: User) -> QuerySet[RecordExport]:
    """The person's own downloads, newest first, without their (large) contents."""
    if not _is_service_user(user):
        return RecordExport.objects.none()
    return RecordExport.objects.filter(service_user__user=user).defer("pdf", "fhir_json")


def export_for_download(
    user: User, *, pk: int, what: str, file: Literal["pdf", "fhir_json"]
) -> RecordExport:
    """One of the person's ready, unexpired downloads, with the contents of
    ``file`` (not the other, which can be megabytes too); the read is audited.
    Anyone else's, a pending or failed one, or an expired one: 404."""
    other = "fhir_json" if file == "pdf" else "pdf"
    found = (
        RecordExport.objects.filter(pk=pk, service_user__user=user).defer(other).first()
        if _is_service_user(user)
        else None
    )
    if found is None or not found.is_downloadable(timezone.now()):
        raise Http404(records.NOT_FOUND)
    record(actor=user, action=Action.VIEW, obj=found, what=what)
    return found


# --- Secure messages -----------------------------------------------------------------


def threads(user: User) -> QuerySet[Thread]:
    """The person's own threads with their teams (not carers' threads about them),
    newest first, with how many messages each holds: messaging's own scope for
    a service user's threads, so both apps agree on what 'own' means."""
    return messaging.own_threads(user).annotate(message_total=Count("messages"))


def with_messages(found: QuerySet[Thread]) -> QuerySet[Thread]:
    """Every message in each thread, and the name, type and size of each file
    (never the files themselves: they can be large, and the copy lists them)."""
    return found.prefetch_related(
        Prefetch(
            "messages",
            queryset=ThreadMessage.objects.select_related("author").order_by("sent_at", "pk"),
        ),
        Prefetch(
            "messages__attachments",
            queryset=Attachment.objects.only(
                "pk", "message_id", "filename", "content_type", "size"
            ),
        ),
    )


# --- Safety plan, diary, questionnaires, help, alerts (issue 16, ADR 0012 addendum) ---
#
# The download reads each of these once, with what it shows prefetched, so a
# person with years of diary entries costs a handful of queries, not one per row.


def safety_plan(user: User) -> SafetyPlan | None:
    """The person's safety plan (its words are in its versions)."""
    if not _is_service_user(user):
        return None
    return SafetyPlan.objects.filter(service_user__user=user).first()


def plan_versions(user: User) -> QuerySet[PlanVersion]:
    """Every saved version of the person's safety plan, newest first."""
    if not _is_service_user(user):
        return PlanVersion.objects.none()
    return PlanVersion.objects.filter(plan__service_user__user=user).order_by("-number", "-pk")


def plan_reviews(user: User) -> QuerySet[PlanReview]:
    """Every review of the person's safety plan, newest first."""
    if not _is_service_user(user):
        return PlanReview.objects.none()
    return PlanReview.objects.filter(plan__service_user__user=user).order_by("-reviewed_at", "-pk")


def named_feedback(user: User) -> QuerySet[NamedAnswer]:
    """Feedback the person gave with their name, newest contact first. Anonymous
    answers have no link to anyone, so they are in no one's download (ADR 0042)."""
    if not _is_service_user(user):
        return NamedAnswer.objects.none()
    return (
        NamedAnswer.objects.filter(service_user__user=user)
        .select_related("answer", "request", "request__team")
        .order_by("-request__created_at", "-pk")
    )


def care_plan_versions(user: User) -> QuerySet[CarePlanVersion]:
    """Every saved version of the person's care plan, newest first, each with the
    person's answer and comments."""
    if not _is_service_user(user):
        return CarePlanVersion.objects.none()
    return (
        CarePlanVersion.objects.filter(plan__service_user__user=user)
        .select_related("agreement")
        .prefetch_related("comments")
        .order_by("-number", "-pk")
    )


def diary_plan(user: User) -> DiaryPlan | None:
    """What the person's diary tracks, with every warning sign set up (retired ones too)."""
    if not _is_service_user(user):
        return None
    return (
        DiaryPlan.objects.filter(service_user__user=user)
        .select_related("team", "set_up_by")
        .prefetch_related(
            Prefetch("signs", queryset=WarningSign.objects.order_by("position", "pk"))
        )
        .first()
    )


def diary_entries(user: User) -> QuerySet[DiaryEntry]:
    """Every diary entry, newest day first, with each warning sign's rating."""
    if not _is_service_user(user):
        return DiaryEntry.objects.none()
    return (
        DiaryEntry.objects.filter(service_user__user=user)
        .prefetch_related(
            Prefetch(
                "sign_ratings",
                queryset=SignRating.objects.select_related("sign").order_by(
                    "sign__position", "sign_id"
                ),
            )
        )
        .order_by("-day", "-pk")
    )


def check_in_schedules(user: User) -> QuerySet[CheckInSchedule]:
    """Every diary and questionnaire schedule agreed, ended ones too."""
    if not _is_service_user(user):
        return CheckInSchedule.objects.none()
    return (
        CheckInSchedule.objects.filter(service_user__user=user)
        .select_related("instrument", "team", "agreed_by", "ended_by")
        .order_by("-starts_on", "-pk")
    )


def questionnaire_responses(user: User) -> QuerySet[Response]:
    """Every questionnaire the person answered, newest first, with its definition."""
    if not _is_service_user(user):
        return Response.objects.none()
    return (
        Response.objects.filter(service_user__user=user)
        .select_related("instrument", "team", "submitted_by")
        .order_by("-submitted_at", "-pk")
    )


def help_requests(user: User) -> QuerySet[HelpRequest]:
    """Every request for help with technology, with the help recorded against it."""
    if not _is_service_user(user):
        return HelpRequest.objects.none()
    return (
        HelpRequest.objects.filter(service_user__user=user)
        .select_related("raised_by", "picked_up_by", "closed_by")
        .prefetch_related(
            Prefetch(
                "help",
                queryset=HelpGiven.objects.select_related("recorded_by").order_by(
                    "recorded_at", "pk"
                ),
            )
        )
        .order_by("-raised_at", "-pk")
    )


def device_loans(user: User) -> QuerySet[DeviceLoan]:
    """Every device lent to the person, returned ones too."""
    if not _is_service_user(user):
        return DeviceLoan.objects.none()
    return DeviceLoan.objects.filter(service_user__user=user).order_by("-lent_on", "-pk")


def change_requests(user: User) -> QuerySet[ModalityChangeRequest]:
    """Every request to change how the person is seen, and what was decided."""
    if not _is_service_user(user):
        return ModalityChangeRequest.objects.none()
    return (
        ModalityChangeRequest.objects.filter(service_user__user=user)
        .select_related("raised_by", "decided_by")
        .order_by("-raised_at", "-pk")
    )


def recommendations(user: User) -> QuerySet[Recommendation]:
    """Every service and tool recommended to the person, with the note they were shown."""
    if not _is_service_user(user):
        return Recommendation.objects.none()
    return (
        Recommendation.objects.filter(service_user__user=user)
        .select_related("entry", "tool", "recommended_by")
        .order_by("-recommended_at", "-pk")
    )


def alerts(user: User) -> QuerySet[Alert]:
    """Alerts raised from the person's own answers and diary, and what staff did."""
    if not _is_service_user(user):
        return Alert.objects.none()
    return (
        Alert.objects.filter(service_user__user=user)
        .select_related("team", "acknowledged_by", "closed_by", "response__instrument")
        .order_by("-raised_at", "-pk")
    )


def message_flags(user: User) -> QuerySet[Flag]:
    """Worrying words found in messages on the person's own threads, and what staff
    did. A carer's thread about the person is the carer's, so its flags are not here."""
    own = messaging.own_threads(user).values("pk")
    return (
        Flag.objects.filter(thread__in=own)
        .select_related("thread", "message", "closed_by")
        .order_by("-created_at", "-pk")
    )


def work_items(user: User) -> QuerySet[WorkItem]:
    """Tasks Tandem raised for the person's teams about them, and whether they were done."""
    if not _is_service_user(user):
        return WorkItem.objects.none()
    return (
        WorkItem.objects.filter(service_user__user=user)
        .select_related("team", "done_by")
        .order_by("-raised_at", "-pk")
    )


def referrals(user: User) -> QuerySet[Referral]:
    if not _is_service_user(user):
        return Referral.objects.none()
    return (
        Referral.objects.filter(service_user__user=user)
        .select_related("team")
        .order_by("-received_on", "-pk")
    )


def contact_plans(user: User) -> QuerySet[ContactPlan]:
    if not _is_service_user(user):
        return ContactPlan.objects.none()
    return (
        ContactPlan.objects.filter(service_user__user=user)
        .select_related("team", "clinician__user")
        .order_by("-started_on", "-pk")
    )


def carer_invites(user: User) -> QuerySet[CarerInvite]:
    """Invitations sent to carers on the person's behalf (accepted, cancelled or not)."""
    if not _is_service_user(user):
        return CarerInvite.objects.none()
    return (
        CarerInvite.objects.filter(service_user__user=user)
        .select_related("carer")
        .order_by("-created_at", "-pk")
    )


def consent_changes(user: User) -> QuerySet[ConsentChange]:
    """Every change to what each carer may see, who made it and when."""
    if not _is_service_user(user):
        return ConsentChange.objects.none()
    return (
        ConsentChange.objects.filter(link__service_user__user=user)
        .select_related("link__carer", "by")
        .order_by("-at", "-pk")
    )


def call_rooms(user: User) -> QuerySet[CallRoom]:
    """The video and phone calls of the person's own appointments, with who was
    invited and who took part."""
    return (
        CallRoom.objects.filter(appointment__in=appointments(user).values("pk"))
        .select_related("appointment")
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.order_by("pk")))
        .order_by("-appointment__starts_at", "-pk")
    )
