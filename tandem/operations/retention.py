"""Retention: each kind of record has a period a service sets; the nightly run
finds what is past it and, when the service has switched erasure on, erases it
(ADR 0045, ADR 0057).

The kinds:

- ``record``: a service user's whole record, kept 20 years after their last
  contact with the service, or 8 years after their death, whichever is sooner
  (Records Management Code of Practice 2023, mental health records). Last
  contact is the latest of when they were registered, an appointment that has
  started, a message in one of their threads and a diary entry. Anything later
  than today (a booked appointment) keeps the record, even after a recorded death.
- ``delivery_log``: a letter, email or text the outbox has finished with (sent,
  delivered, failed or cancelled), counted from when it was queued.
- ``call_metadata``: a call's connection measurements (time to connect, packet
  loss), counted from when they were reported.
- ``feedback``: answers to the service's feedback form (ADR 0042), counted
  from the month of the contact they are about, the only date an answer
  holds. A named answer's link to its writer goes with it. The request that
  asked a person, and a named answer's link, are part of their record and go
  with it too.

Audit rows are not a kind: they are sealed in a chain (ADR 0033) and kept for
the life of the system; the erasing of a record leaves its audit row.

Erasing a person goes through ``erasing_messages()``, the one way messages can
be removed; each erasure is one transaction with its audit row, and a record
that something still protects is left whole and reported, never half-erased.
The report holds counts per kind and record numbers, never content.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, ProtectedError, QuerySet, RestrictedError
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.models import CallQuality
from tandem.diary.models import DiaryEntry
from tandem.errors import InvalidInput
from tandem.feedback.models import Answer, FeedbackRequest, NamedAnswer
from tandem.messaging.immutability import erasing_messages
from tandem.messaging.models import Attachment, Message, Thread
from tandem.notify.models import Message as Outgoing
from tandem.notify.models import MessageStatus
from tandem.operations.models import RecordedDeath, RetentionSettings
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role

logger = logging.getLogger(__name__)
DAYS_A_YEAR = 365.25
RECORD = "record"
DELIVERY_LOG = "delivery_log"
CALL_METADATA = "call_metadata"
FEEDBACK = "feedback"
KINDS = (RECORD, DELIVERY_LOG, CALL_METADATA, FEEDBACK)
FINISHED = (
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.FAILED,
    MessageStatus.CANCELLED,
)


AFTER_DEATH = "record_after_death"
# Each period's column in RetentionSettings, its default in settings.py, and the
# years it may be set to: never shorter than the Code's minimum for the record.
PERIODS: dict[str, tuple[str, str, tuple[int, int]]] = {
    RECORD: ("years_after_last_contact", "TANDEM_RETENTION_YEARS_AFTER_LAST_CONTACT", (20, 100)),
    AFTER_DEATH: ("years_after_death", "TANDEM_RETENTION_YEARS_AFTER_DEATH", (8, 100)),
    DELIVERY_LOG: ("delivery_log_years", "TANDEM_RETENTION_YEARS_DELIVERY_LOG", (1, 20)),
    CALL_METADATA: ("call_metadata_years", "TANDEM_RETENTION_YEARS_CALL_METADATA", (1, 20)),
    FEEDBACK: ("feedback_years", "TANDEM_RETENTION_YEARS_FEEDBACK", (1, 20)),
}
BOUNDS_MESSAGES = {
    RECORD: "Years after last contact must be 20 to 100: the Code's minimum is 20",
    AFTER_DEATH: "Years after death must be 8 to 100: the Code's minimum is 8",
    DELIVERY_LOG: "Years for letters, emails and texts must be 1 to 20",
    CALL_METADATA: "Years for call measurements must be 1 to 20",
    FEEDBACK: "Years for feedback answers must be 1 to 20",
}


def periods() -> dict[str, int]:
    """Years each kind is kept: as the administrator set them, else settings.py's."""
    chosen = RetentionSettings.objects.first()
    return {
        kind: getattr(chosen, column) if chosen else getattr(settings, default)
        for kind, (column, default, _) in PERIODS.items()
    }


def last_change() -> RetentionSettings | None:
    """The service's saved periods, with who saved them last (None: the Code's defaults)."""
    return RetentionSettings.objects.select_related("updated_by").first()


def save_periods(*, actor: User, years: dict[str, int]) -> RetentionSettings:
    """The service administrator sets the periods; the audit row says what
    changed, from what, to what. Applies from the next nightly run."""
    if Role.ADMIN not in actor.roles:
        raise PermissionDenied("Only the service administrator can change retention periods.")
    for kind, (column, _, (low, high)) in PERIODS.items():
        if not low <= years[kind] <= high:
            raise InvalidInput(BOUNDS_MESSAGES[kind], field=column)
    with transaction.atomic():
        before = periods()
        found = RetentionSettings.objects.select_for_update().first() or RetentionSettings()
        for kind, (column, _, _) in PERIODS.items():
            setattr(found, column, years[kind])
        found.updated_at = timezone.now()
        found.updated_by = actor
        found.save()
        changes = [
            f"{kind} {before[kind]} to {years[kind]} years"
            for kind in PERIODS
            if before[kind] != years[kind]
        ]
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=found,
            what="Retention periods changed: " + ("; ".join(changes) or "no change"),
        )
    return found


@dataclass
class RetentionReport:
    """What one run found and did: counts and record numbers only, no names."""

    checked: int = 0
    cutoff: datetime | None = None
    erase: bool = False
    expired: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    kept: dict[int, str] = field(default_factory=dict)
    # Per kind: how many rows were past their period, and how many were erased.
    past: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gone: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    years: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "erase": self.erase,
            "expired": self.expired,
            "erased": self.erased,
            "kept": {str(pk): reason for pk, reason in self.kept.items()},
            "kinds": {kind: {"past": self.past[kind], "erased": self.gone[kind]} for kind in KINDS},
            "periods_years": self.years,
        }

    def summary(self) -> str:
        mode = "erasure on" if self.erase else "dry run: nothing erased"
        kinds = "; ".join(
            f"{kind}: {self.past[kind]} past, {self.gone[kind]} erased" for kind in KINDS
        )
        return (
            f"Retention ({mode}): {self.checked} records checked, {len(self.expired)} past "
            f"their retention period, {len(self.erased)} erased, {len(self.kept)} kept. "
            f"By kind: {kinds}."
        )


def years_before(*, now: datetime, years: int) -> datetime:
    return now - timedelta(days=round(years * DAYS_A_YEAR))


def cutoff(*, now: datetime, years: dict[str, int] | None = None) -> datetime:
    return years_before(now=now, years=(years or periods())[RECORD])


def last_contacts(*, now: datetime) -> dict[int, datetime]:
    """Each service user's last contact with the service, by record number."""
    latest: dict[int, datetime] = dict(ServiceUser.objects.values_list("pk", "created_at"))

    def fold(rows: object) -> None:
        for pk, at in rows:  # type: ignore[attr-defined]
            if at is not None and pk in latest and at > latest[pk]:
                latest[pk] = at

    # Started and booked alike: a future appointment is contact still to come,
    # so it keeps the record.
    fold(
        Appointment.objects.values("service_user")
        .annotate(at=Max("starts_at"))
        .values_list("service_user", "at")
    )
    fold(
        Message.objects.values("thread__service_user")
        .annotate(at=Max("sent_at"))
        .values_list("thread__service_user", "at")
    )
    fold(
        DiaryEntry.objects.values("service_user")
        .annotate(at=Max("submitted_at"))
        .values_list("service_user", "at")
    )
    return latest


def past_their_period(
    *, now: datetime, contacts: dict[int, datetime], years: dict[str, int]
) -> list[int]:
    """Records past 20 years after last contact, or 8 years after death if sooner.

    A record with contact still to come is never past its period."""
    after_contact = cutoff(now=now, years=years)
    after_death = years_before(now=now, years=years[AFTER_DEATH])
    deaths = dict(RecordedDeath.objects.values_list("service_user", "died_on"))
    expired = []
    for pk, at in contacts.items():
        if at > now:
            continue
        died_on = deaths.get(pk)
        if at < after_contact or (died_on is not None and died_on < after_death.date()):
            expired.append(pk)
    return sorted(expired)


def erase_person(*, service_user: ServiceUser, last_contact: datetime) -> None:
    """Erase one person's whole record, with its audit row, in one transaction.

    Raises ProtectedError or RestrictedError (and changes nothing) when some
    other record still depends on it.
    """
    pk = service_user.pk
    with transaction.atomic(), erasing_messages():
        _erase_feedback(NamedAnswer.objects.filter(service_user=service_user))
        FeedbackRequest.objects.filter(service_user=service_user).delete()
        threads = Thread.objects.filter(service_user=service_user)
        messages = Message.objects.filter(thread__in=threads)
        Attachment.objects.filter(message__in=messages).delete()
        messages.delete()
        threads.delete()
        Appointment.objects.filter(service_user=service_user).delete()
        account = service_user.user
        record(
            actor=None,
            action=Action.DELETE,
            obj=service_user,
            what=(
                "Record erased at the end of its retention period "
                f"(last contact {last_contact:%Y-%m-%d})"
            ),
        )
        service_user.delete()
        if account is not None:
            # The account stays as a husk for the audit rows that name it as the
            # actor (they are append-only); nothing that identifies the person does.
            account.full_name = "Erased account"
            account.email = f"erased-{account.pk}@erased.invalid"
            account.is_active = False
            account.set_unusable_password()
            account.save(update_fields=["full_name", "email", "is_active", "password"])
    logger.info("Retention: erased record %s", pk)


def _erase_feedback(named: QuerySet[NamedAnswer]) -> int:
    """Named answers and the links to their writers (the link first: it protects
    both); how many answers went."""
    answers = list(named.values_list("answer_id", flat=True))
    named.delete()
    erased, _ = Answer.objects.filter(pk__in=answers).delete()
    return erased


def _erase_records(*, report: RetentionReport, contacts: dict[int, datetime]) -> None:
    for person in ServiceUser.objects.filter(pk__in=report.expired).select_related("user"):
        pk = person.pk  # gone from the instance once it is deleted
        try:
            erase_person(service_user=person, last_contact=contacts[pk])
        except ProtectedError as error:
            kinds = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
            report.kept[pk] = "still needed by: " + ", ".join(kinds)
        except RestrictedError as error:
            kinds = sorted({str(obj._meta.verbose_name) for obj in error.restricted_objects})
            report.kept[pk] = "still needed by: " + ", ".join(kinds)
        else:
            report.erased.append(pk)
        if pk in report.kept:
            logger.warning("Retention: record %s kept, %s", pk, report.kept[pk])


def run(*, now: datetime | None, erase: bool | None = None) -> RetentionReport:
    """Find what is past its period, kind by kind; erase it only if erasure is on.

    Dry run by default (TANDEM_RETENTION_ERASE off): the report says what would
    go, so a service can check the first runs by hand before switching it on.
    """
    now = now or timezone.now()
    erase = settings.TANDEM_RETENTION_ERASE if erase is None else erase
    years = periods()
    report = RetentionReport(cutoff=cutoff(now=now, years=years), erase=erase, years=years)
    contacts = last_contacts(now=now)
    report.checked = len(contacts)
    report.expired = past_their_period(now=now, contacts=contacts, years=years)
    report.past[RECORD] = len(report.expired)
    if erase:
        _erase_records(report=report, contacts=contacts)
        report.gone[RECORD] = len(report.erased)
    # Rows of the other kinds, past their own periods (a record erased above
    # has taken its own with it).
    expired_rows = {
        DELIVERY_LOG: Outgoing.objects.filter(
            status__in=FINISHED,
            created_at__lt=years_before(now=now, years=years[DELIVERY_LOG]),
        ),
        CALL_METADATA: CallQuality.objects.filter(
            reported_at__lt=years_before(now=now, years=years[CALL_METADATA])
        ),
    }
    for kind, rows in expired_rows.items():
        report.past[kind] = rows.count()
        if erase and report.past[kind]:
            with transaction.atomic():
                _, per_model = rows.delete()
            report.gone[kind] = per_model.get(rows.model._meta.label, 0)
    # Feedback answers by the month they are about; a named one takes its link.
    old_answers = Answer.objects.filter(
        month__lt=years_before(now=now, years=years[FEEDBACK]).date()
    )
    report.past[FEEDBACK] = old_answers.count()
    if erase and report.past[FEEDBACK]:
        with transaction.atomic():
            named = _erase_feedback(NamedAnswer.objects.filter(answer__in=old_answers))
            anonymous, _ = old_answers.delete()
            report.gone[FEEDBACK] = named + anonymous
    with transaction.atomic():
        record(
            actor=None,
            action=Action.DELETE if any(report.gone.values()) else Action.VIEW,
            object_type="operations.retention",
            what=report.summary(),
        )
    return report
