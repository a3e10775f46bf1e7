"""Building and emptying a person's downloads: the work the background tasks do
(``tandem.record.tasks``). Apart from ``services``, which enqueues the build,
so the request, the task and the work import one another in one direction
(request -> task -> work). See ``services`` and ADR 0012.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import recipients
from tandem.notify.services import queue_message
from tandem.record.models import KEPT_FOR, ExportStatus, RecordExport
from tandem.web.links import full_url_for

logger = logging.getLogger(__name__)

FAILED = (
    "We could not prepare your download. Please try again. If it still does not work, "
    "tell your care team."
)
TOOK_TOO_LONG = "Preparing your download took too long. Please ask for it again."


def fail(export: RecordExport, failure: str) -> None:
    export.status = ExportStatus.FAILED
    export.failure = failure
    export.save(update_fields=["status", "failure"])
    record(
        actor=None,
        action=Action.UPDATE,
        obj=export,
        what="Could not prepare a copy of their record",
    )


def build_export(*, export_id: int) -> str:
    """Build one pending export; returns 'ready', 'failed' or 'skipped'."""
    from tandem.record import export_fhir_bundle, export_pdf, queries

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
        fhir_json = export_fhir_bundle.bundle_json(full)
        _store(export_id=export_id, pdf=pdf, fhir_json=fhir_json)
    except Exception:
        logger.exception("Record export %s could not be built", export_id)
        with transaction.atomic():
            failed = RecordExport.objects.select_for_update().filter(pk=export_id).first()
            if failed is not None and failed.status == ExportStatus.PENDING:
                fail(failed, FAILED)
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
            what="Deleted an expired copy of their record",
        )
    return len(expired)
