"""Retention: find service users whose record is past its retention period and,
when the service has switched erasure on, erase the whole record.

The period is counted from the person's last contact with the service: the
latest of when they were registered, an appointment that has started, a
message in one of their threads and a diary entry. Anything later than today
(a booked appointment) keeps the record. Tandem holds no date of death, so the
Code's shorter period after death is never applied: a record is never erased
sooner than 20 years (by default) after the last contact (ADR 0045, HAZ-253).

Erasing a person goes through ``erasing_messages()``, the one way messages can
be removed; each erasure is one transaction with its audit row, and a record
that something still protects is left whole and reported, never half-erased.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.diary.models import DiaryEntry
from tandem.messaging.immutability import erasing_messages
from tandem.messaging.models import Attachment, Message, Thread
from tandem.people.models import ServiceUser

logger = logging.getLogger(__name__)
DAYS_A_YEAR = 365.25


@dataclass
class RetentionReport:
    """What one run found and did: counts and record numbers only, no names."""

    checked: int = 0
    cutoff: datetime | None = None
    erase: bool = False
    expired: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    kept: dict[int, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "erase": self.erase,
            "expired": self.expired,
            "erased": self.erased,
            "kept": {str(pk): reason for pk, reason in self.kept.items()},
        }

    def summary(self) -> str:
        mode = "erasure on" if self.erase else "dry run: nothing erased"
        return (
            f"Retention ({mode}): {self.checked} records checked, {len(self.expired)} past "
            f"their retention period, {len(self.erased)} erased, {len(self.kept)} kept."
        )


def cutoff(*, now: datetime) -> datetime:
    years = settings.TANDEM_RETENTION_YEARS_AFTER_LAST_CONTACT
    return now - timedelta(days=round(years * DAYS_A_YEAR))


def last_contacts(*, now: datetime) -> dict[int, datetime]:
    """Each service user's last contact with the service, by record number."""
    latest: dict[int, datetime] = dict(ServiceUser.objects.values_list("pk", "created_at"))

    def fold(rows: object) -> None:
        for pk, at in rows:  # type: ignore[attr-defined]
            if at is not None and pk in latest and at > latest[pk]:
                latest[pk] = at

    fold(
        Appointment.objects.filter(starts_at__lte=now)
        .values("service_user")
        .annotate(at=Max("starts_at"))
        .values_list("service_user", "at")
    )
    # A future appointment is contact still to come: the record must stay.
    fold(
        Appointment.objects.filter(starts_at__gt=now)
        .values("service_user")
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


def erase_person(*, service_user: ServiceUser, last_contact: datetime) -> None:
    """Erase one person's whole record, with its audit row, in one transaction.

    Raises ProtectedError or RestrictedError (and changes nothing) when some
    other record still depends on it.
    """
    pk = service_user.pk
    with transaction.atomic(), erasing_messages():
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


def run(*, now: datetime | None, erase: bool | None = None) -> RetentionReport:
    """Find records past their period; erase them only if erasure is on.

    Dry run by default (TANDEM_RETENTION_ERASE off): the report says what would
    go, so a service can check the first runs by hand before switching it on.
    """
    now = now or timezone.now()
    erase = settings.TANDEM_RETENTION_ERASE if erase is None else erase
    report = RetentionReport(cutoff=cutoff(now=now), erase=erase)
    contacts = last_contacts(now=now)
    report.checked = len(contacts)
    assert report.cutoff is not None
    report.expired = sorted(pk for pk, at in contacts.items() if at < report.cutoff)
    if erase:
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
    with transaction.atomic():
        record(
            actor=None,
            action=Action.DELETE if report.erased else Action.VIEW,
            object_type="operations.retention",
            what=report.summary(),
        )
    return report
