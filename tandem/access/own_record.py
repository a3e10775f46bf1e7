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

from tandem.access import messaging, records, scopes
from tandem.appointments.models import Appointment
from tandem.audit.models import Action, AuditEvent
from tandem.audit.services import record
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
    return scopes.own_appointments(user)


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
        .order_by("-seq")
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
    record(actor=user, action=Action.VIEW, obj=found, subject_id=found.service_user_id, what=what)
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
