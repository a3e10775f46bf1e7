"""Building a bulk export's NDJSON files: the work ``tasks.build_bulk_export``
does (FHIR Bulk Data Access, ADR 0036).

Rows are read in primary-key order a chunk at a time through the same kinds
(and so the same access rules and mapping) as the API, written one resource a
line, and stored in parts. Progress is saved after each chunk, so the status
URL can say how far it has got. Every person exported is in the audit log
under the client's name, so it shows in their 'Who has looked at my record'.
Files are emptied when they expire (``purge_expired``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.fhir.kinds import KINDS, Kind
from tandem.fhir.models import BulkExport, ExportFile, ExportStatus
from tandem.people.models import CareTeam

logger = logging.getLogger(__name__)

CHUNK = 2_000
LINES_PER_FILE = 20_000


def rows_for(export: BulkExport, kind: Kind) -> QuerySet[Any]:
    rows = kind.rows(export.client)
    if export.team_id is not None:
        # A Group export: only what belongs to the team.
        rows = rows.filter(pk__in=team_rows(export, kind, export.team_id).values("pk"))
    if export.since is not None and kind.last_updated is not None:
        rows = rows.filter(last_updated__gte=export.since)
    return rows.order_by("pk")


def team_rows(export: BulkExport, kind: Kind, team_id: int) -> QuerySet[Any]:
    rows = kind.rows(export.client)
    if kind.team is not None:
        return rows.filter(**{f"{kind.team}_id": team_id})
    # No team of its own (the person, their carers, their safety plan): theirs
    # while the person is open to the team.
    open_here = scopes.service_users_open_to(CareTeam.objects.filter(pk=team_id))
    return rows.filter(**{f"{kind.person}__in": open_here})


def chunks(rows: QuerySet[Any]) -> Iterator[list[Any]]:
    last = 0
    while True:
        found = list(rows.filter(pk__gt=last)[:CHUNK])
        if not found:
            return
        yield found
        last = found[-1].pk


def build_export(*, export_id: int) -> str:
    """Build one waiting export; returns 'ready', 'failed' or 'skipped'."""
    with transaction.atomic():
        export = (
            BulkExport.objects.select_for_update()
            .select_related("client__actor")
            .filter(pk=export_id, status=ExportStatus.PENDING)
            .first()
        )
        if export is None:
            return "skipped"
        kinds = [KINDS[name] for name in export.types]
        export.status = ExportStatus.RUNNING
        export.started_at = timezone.now()
        export.total = sum(
            rows_for(export, part).count() for kind in kinds for part in kind.sources()
        )
        export.save(update_fields=["status", "started_at", "total"])
    try:
        for kind in kinds:
            write_kind(export, kind)
    except Exception:
        logger.exception("Bulk export %s could not be built", export_id)
        ExportFile.objects.filter(export=export).delete()
        BulkExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, failure="The export could not be built"
        )
        return "failed"
    now = timezone.now()
    BulkExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.READY,
        finished_at=now,
        expires_at=now + dt.timedelta(hours=settings.TANDEM_FHIR_EXPORT_HOURS),
    )
    record(
        actor=export.client.actor,
        action=Action.CREATE,
        obj=export,
        what=f"Exported {export.total} resources in bulk ({export.client.name})",
    )
    purge_expired()
    return "ready"


def write_kind(export: BulkExport, kind: Kind) -> None:
    """One resource type's files; a type made of several parts (Observation) is
    one set of files, part after part."""
    part, lines, written = 1, [], 0
    for source, rows in (
        (each, rows) for each in kind.sources() for rows in chunks(rows_for(export, each))
    ):
        lines += [json.dumps(source.resource(row), separators=(",", ":")) for row in rows]
        with transaction.atomic():
            source.audit_reads(export.client, rows, "Exported in bulk:")
            written += len(rows)
            if len(lines) >= LINES_PER_FILE:
                save_part(export, kind, part, lines)
                part, lines = part + 1, []
            BulkExport.objects.filter(pk=export.pk).update(done=export.done + written)
    if lines:
        save_part(export, kind, part, lines)
    export.done += written


def save_part(export: BulkExport, kind: Kind, part: int, lines: list[str]) -> None:
    ExportFile.objects.create(
        export=export,
        resource_type=kind.name,
        part=part,
        count=len(lines),
        content=("\n".join(lines) + "\n").encode(),
    )


@transaction.atomic
def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports past their expiry; the export rows stay as the
    record of what was sent, to whom and when. Returns how many expired."""
    now = now or timezone.now()
    expired = list(
        BulkExport.objects.select_for_update().filter(
            status=ExportStatus.READY, expires_at__lte=now
        )
    )
    ExportFile.objects.filter(export__in=expired).delete()
    BulkExport.objects.filter(pk__in=[e.pk for e in expired]).update(status=ExportStatus.EXPIRED)
    for export in expired:
        record(actor=None, action=Action.DELETE, obj=export, what="Deleted an expired bulk export")
    return len(expired)
