"""The FHIR Bulk Data Access endpoints (``$export``): kick-off, status and
files (ADR 0036, docs/fhir.md). The files are built by the task worker
(``tasks.build_bulk_export``); only the client that asked may read them."""

from __future__ import annotations

import json

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.fhir import tasks
from tandem.fhir.api import Caller, absolute, caller, fhir_endpoint
from tandem.fhir.models import EXPORT_TYPES, BulkExport, ExportFile, ExportStatus
from tandem.fhir.responses import FhirError, outcome
from tandem.fhir.searching import moment

NDJSON = "application/fhir+ndjson"
FORMATS = {NDJSON, "application/ndjson", "ndjson"}
KNOWN = {"_outputFormat", "_since", "_type"}


def export_types(request: HttpRequest, who: Caller) -> list[str]:
    asked = [t for t in request.GET.get("_type", "").split(",") if t] or list(EXPORT_TYPES)
    unknown = sorted(set(asked) - set(EXPORT_TYPES))
    if unknown:
        raise InvalidInput(
            f"Cannot export {', '.join(unknown)}: bulk export covers {', '.join(EXPORT_TYPES)}"
        )
    for kind in asked:
        who.needs(kind, "read")
    return [t for t in EXPORT_TYPES if t in asked]


@fhir_endpoint
def kick_off(request: HttpRequest, team: str | None = None) -> HttpResponse:
    if request.method != "GET":
        raise FhirError(405, "not-supported", "Start an export with GET")
    who = caller(request)
    group = None
    if team is not None:
        # Another team's Group is the same 404 as one that does not exist.
        group = who.client.teams.filter(slug=team).first()
        if group is None:
            raise Http404
    if request.headers.get("Prefer") != "respond-async":
        raise InvalidInput("A bulk export needs the header Prefer: respond-async")
    unknown = sorted(set(request.GET) - KNOWN)
    if unknown:
        raise FhirError(400, "not-supported", f"Unknown parameter: {', '.join(unknown)}")
    if request.GET.get("_outputFormat", NDJSON) not in FORMATS:
        raise InvalidInput(
            "Only NDJSON output is supported (_outputFormat=application/fhir+ndjson)"
        )
    types = export_types(request, who)
    since = None
    if "_since" in request.GET:
        _prefix, since, _end = moment(request.GET["_since"])
    with transaction.atomic():
        export = BulkExport.objects.create(
            client=who.client,
            team=group,
            types=types,
            since=since,
            request_url=request.build_absolute_uri()[:500],
        )
        record(
            actor=who.client.actor,
            action=Action.CREATE,
            obj=export,
            what=f"Asked for a bulk export of {', '.join(types)}"
            + (f" for {group.name}" if group else ""),
        )
        transaction.on_commit(lambda: tasks.build_bulk_export.enqueue(export.pk))
    response = HttpResponse(status=202)
    response["Content-Location"] = absolute(request, f"bulk/{export.pk}")
    return response


def own_export(who: Caller, pk: int) -> BulkExport:
    found = BulkExport.objects.filter(pk=pk, client=who.client).first()
    if found is None:
        raise Http404
    return found


@fhir_endpoint
def status(request: HttpRequest, pk: int) -> HttpResponse:
    who = caller(request)
    export = own_export(who, pk)
    if request.method == "DELETE":
        with transaction.atomic():
            ExportFile.objects.filter(export=export).delete()
            BulkExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED)
            record(
                actor=who.client.actor,
                action=Action.DELETE,
                obj=export,
                what="Cancelled a bulk export",
            )
        return HttpResponse(status=202)
    if request.method != "GET":
        raise FhirError(405, "not-supported", "Use GET or DELETE on an export's status")
    if export.status in (ExportStatus.PENDING, ExportStatus.RUNNING):
        response = HttpResponse(status=202)
        response["X-Progress"] = (
            f"{export.done} of {export.total} resources" if export.total else "Waiting to start"
        )
        response["Retry-After"] = "5"
        return response
    if export.status == ExportStatus.FAILED:
        return outcome(500, "exception", export.failure or "The export could not be built")
    if export.status == ExportStatus.EXPIRED:
        return outcome(404, "not-found", "This export has expired or was cancelled: ask again")
    files = ExportFile.objects.filter(export=export).defer("content")
    body = {
        "transactionTime": (export.started_at or export.requested_at).isoformat(),
        "request": export.request_url,
        "requiresAccessToken": True,
        "output": [
            {
                "type": f.resource_type,
                "url": absolute(request, f"bulk/{export.pk}/{f.resource_type}-{f.part}.ndjson"),
                "count": f.count,
            }
            for f in files
        ],
        "error": [],
    }
    response = HttpResponse(json.dumps(body), content_type="application/json")
    if export.expires_at:
        response["Expires"] = http_date(export.expires_at.timestamp())
    return response


@fhir_endpoint
def download(request: HttpRequest, pk: int, kind: str, part: int) -> HttpResponse:
    who = caller(request)
    export = own_export(who, pk)
    found = ExportFile.objects.filter(export=export, resource_type=kind, part=part).first()
    if found is None or found.content is None or export.status != ExportStatus.READY:
        raise Http404
    if export.expires_at and export.expires_at <= timezone.now():
        raise Http404
    record(
        actor=who.client.actor,
        action=Action.VIEW,
        obj=found,
        what=f"Downloaded {found.count} {kind} resources from a bulk export",
    )
    return HttpResponse(bytes(found.content), content_type=NDJSON)
