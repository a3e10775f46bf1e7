"""Every write about a person's downloads. Keyword-only, typed, atomic, audited.

``request_export`` is the one step a person takes: it writes a pending
``RecordExport`` and enqueues the build in the same transaction. The build
(``build_export``, run by the ``build_record_export`` task) reads the record
as the person would, renders the PDF and the FHIR Bundle outside any
transaction (it can take a while for a long record), then stores both, marks
the export ready and queues the 'Your download is ready' notice together.
Anything that goes wrong marks the export failed with plain words; the person
is never shown an error page. See ADR 0012.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task_backends

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import recipients
from tandem.notify.services import queue_message
from tandem.people.models import User
from tandem.record import selectors
from tandem.record.models import KEPT_FOR, ExportStatus, RecordExport
from tandem.web.links import full_url_for

logger = logging.getLogger(__name__)

# A build still pending after this long has lost its worker; the next request
# marks it failed so the person is not stuck behind it.
STALE_AFTER = dt.timedelta(hours=1)
FAILED = (
    "We could not prepare your download. Please try again. If it still does not work, "
    "tell your care team."
)
TOOK_TOO_LONG = "Preparing your download took too long. Please ask for it again."


def schedule_build(export_id: int) -> None:
    """Enqueue the build in the caller's transaction (database backend) or on commit.

    As in ``tandem.notify.scheduling``: the database backend's task row commits
    with the export or not at all; another backend could run the task before
    the export is committed, so it waits for the commit.
    """
    from django_tasks_db.backend import DatabaseBackend

    from tandem.record.tasks import build_record_export

    if isinstance(task_backends[build_record_export.backend], DatabaseBackend):
        build_record_export.enqueue(export_id)
    else:
        transaction.on_commit(lambda: build_record_export.enqueue(export_id))


def _fail(export: RecordExport, failure: str) -> None:
    export.status = ExportStatus.FAILED
    export.failure = failure
    export.save(update_fields=["status", "failure"])
    record(
        actor=None,
        action=Action.UPDATE,
        obj=export,
        subject_id=export.service_user_id,
        what="Could not prepare a copy of their record",
    )


@transaction.atomic
def request_export(*, actor: User) -> tuple[RecordExport, bool]:
    """Ask for a copy of everything held about ``actor``; (the export, whether new).

    One pending export per person: a second request returns the first. The
    database enforces it too, for two requests at the same moment.
    """
    person = selectors.person(actor)
    now = timezone.now()
    pending = (
        RecordExport.objects.select_for_update()
        .filter(service_user=person, status=ExportStatus.PENDING)
        .first()
    )
    if pending is not None and pending.created_at > now - STALE_AFTER:
        return pending, False
    if pending is not None:
        _fail(pending, TOOK_TOO_LONG)
    try:
        with transaction.atomic():
            export = RecordExport.objects.create(
                service_user=person, requested_by=actor, created_at=now
            )
    except IntegrityError:
        return RecordExport.objects.get(service_user=person, status=ExportStatus.PENDING), False
    record(
        actor=actor,
        action=Action.CREATE,
        obj=export,
        subject_id=person.pk,
        what="Asked for a copy of everything held about them",
    )
    schedule_build(export.pk)
    return export, True


def build_export(*, export_id: int) -> str:
    """Build one pending export; returns 'ready', 'failed' or 'skipped'."""
    from tandem.record import export_fhir, export_pdf, queries

    export = (
        RecordExport.objects.select_related("service_user__user")
        .defer("pdf", "fhir_json")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.status != ExportStatus.PENDING:
        return "skipped"
    try:
        # Read as the person themselves, through the same scoped reads as the pages.
        owner = export.service_user.user
        if owner is None:
            raise ValueError(f"service user {export.service_user_id} has no account")
        full = queries.full_record(owner)
        pdf = export_pdf.render(full)
        fhir_json = export_fhir.bundle_json(full)
        _store(export_id=export_id, pdf=pdf, fhir_json=fhir_json)
    except Exception:
        logger.exception("Record export %s could not be built", export_id)
        with transaction.atomic():
            failed = RecordExport.objects.select_for_update().filter(pk=export_id).first()
            if failed is not None and failed.status == ExportStatus.PENDING:
                _fail(failed, FAILED)
        return "failed"
    purge_expired()
    return "ready"


@transaction.atomic
def _store(*, export_id: int, pdf: bytes, fhir_json: bytes) -> None:
    export = (
        RecordExport.objects.select_for_update()
        .select_related("service_user")
        .defer("pdf", "fhir_json")
        .get(pk=export_id)
    )
    if export.status != ExportStatus.PENDING:
        return  # given up on as stale meanwhile; the person has asked again
    now = timezone.now()
    export.status = ExportStatus.READY
    export.pdf, export.fhir_json = pdf, fhir_json
    export.pdf_size, export.json_size = len(pdf), len(fhir_json)
    export.ready_at, export.expires_at = now, now + KEPT_FOR
    export.save(
        update_fields=[
            "status",
            "pdf",
            "fhir_json",
            "pdf_size",
            "json_size",
            "ready_at",
            "expires_at",
        ]
    )
    record(
        actor=None,
        action=Action.UPDATE,
        obj=export,
        subject_id=export.service_user_id,
        what="Prepared a copy of everything held about them",
    )
    person = export.service_user
    # The person asked in Tandem and the page shows when it is ready, so with no
    # agreed channel there is nothing to chase: no notice, and no task for staff.
    routes, _why = recipients.routes(person)
    if routes:
        queue_message(
            actor=None,
            recipient=person,
            template="record_ready",
            personalisation={"link": full_url_for("record:downloads")},
            about_key=f"record_export:{export.pk}",
            idempotency_key=f"record_ready:{export.pk}",
        )


@transaction.atomic
def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Empty downloads past their expiry; the rows stay as the record of what was
    given and when. Returns how many were emptied."""
    now = now or timezone.now()
    expired = list(
        RecordExport.objects.select_for_update()
        .filter(status=ExportStatus.READY, expires_at__lte=now, emptied_at__isnull=True)
        .defer("pdf", "fhir_json")
    )
    RecordExport.objects.filter(pk__in=[e.pk for e in expired]).update(
        pdf=None, fhir_json=None, emptied_at=now
    )
    for export in expired:
        record(
            actor=None,
            action=Action.DELETE,
            obj=export,
            subject_id=export.service_user_id,
            what="Deleted an expired copy of their record",
        )
    return len(expired)
