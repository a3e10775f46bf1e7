"""The FHIR R4 REST API under ``/fhir/`` (issue 21, ADR 0036, docs/fhir.md).

Every request carries a bearer token from the client-credentials grant; what
the token's client may reach comes from its registration (``clients``) and the
access module (``kinds``). Every read and write is audited with the client's
own account as the actor. Every error is an OperationOutcome and changes
nothing: the writes run in one transaction and check before they write.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.oauth2_backends import get_oauthlib_core

from tandem.access.records import fetch_one
from tandem.errors import InvalidInput
from tandem.fhir import capability, reading, services
from tandem.fhir.clients import client_of, may
from tandem.fhir.kinds import KINDS, Kind, search_params
from tandem.fhir.models import WRITABLE_TYPES, ApiClient
from tandem.fhir.responses import FhirError, fhir_json, outcome, outcome_resource

logger = logging.getLogger(__name__)

DEFAULT_COUNT = 50
MAX_COUNT = 200
# Above this a _count is a mistake, not a wish for a big page: refused.
HUGE_COUNT = 10_000
# Parameters every search takes, besides the kind's own.
PAGING = {"_count", "_offset", "_format"}


def fhir_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Token-authenticated (so no CSRF cookie), and every failure an OperationOutcome."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except FhirError as exc:
            return exc.response()
        except services.DateOfBirthMismatch as exc:
            return outcome(422, "business-rule", str(exc))
        except InvalidInput as exc:
            return outcome(400, "invalid", str(exc))
        except Http404:
            return outcome(404, "not-found", "No such resource, or not one this client may see")
        except Exception:
            logger.exception("FHIR request failed: %s %s", request.method, request.path)
            return outcome(500, "exception", "Something went wrong; nothing was changed")

    return wrapped


@dataclass(frozen=True)
class Caller:
    client: ApiClient
    scopes: frozenset[str]

    def needs(self, kind: str, action: str) -> None:
        if not may(set(self.scopes), kind, action):
            raise FhirError(
                403, "forbidden", f"This client's token does not allow {action} of {kind}"
            )


def caller(request: HttpRequest) -> Caller:
    valid, oauth = get_oauthlib_core().verify_request(request, scopes=[])
    token = getattr(oauth, "access_token", None) if valid else None
    client = client_of(token.application) if token is not None else None
    if token is None or client is None:
        raise FhirError(
            401,
            "login",
            "A valid bearer token is needed: ask /fhir/auth/token for one",
            headers={"WWW-Authenticate": 'Bearer realm="tandem-fhir"'},
        )
    return Caller(client=client, scopes=frozenset((token.scope or "").split()))


def kind_of(name: str) -> Kind:
    found = KINDS.get(name)
    if found is None:
        raise FhirError(404, "not-supported", f"{name} is not a resource type this server serves")
    return found


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(f"/fhir/{path}")


def read_as(who: Caller, kind: Kind, resource_id: str) -> tuple[Kind, Any]:
    """One row the client may see, with the part of the kind it comes from,
    audited as their read; the single 404 otherwise."""
    found = kind.part_for(resource_id)
    if found is None:
        raise Http404
    part, pk = found
    row = fetch_one(
        part.rows(who.client),
        actor=who.client.actor,
        what=f"Read through the API: their {kind.name} ({who.client.name})",
        subject_of=part.subject,
        pk=pk,
    )
    return part, row


def with_version(body: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    version = body["meta"]["versionId"]
    return fhir_json(body, status=status, headers={"ETag": f'W/"{version}"', **headers})


# --- Metadata ---------------------------------------------------------------------------


@fhir_endpoint
def metadata(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        raise FhirError(405, "not-supported", "Use GET for the CapabilityStatement")
    return fhir_json(capability.statement(absolute(request, "")))


# --- Read, search, create, update ------------------------------------------------------


@fhir_endpoint
def resource_type(request: HttpRequest, kind: str) -> HttpResponse:
    found = kind_of(kind)
    who = caller(request)
    if request.method == "GET":
        who.needs(kind, "read")
        return search(request, who, found)
    if request.method == "POST":
        writable(found)
        who.needs(kind, "write")
        return create(request, who, found)
    raise FhirError(405, "not-supported", f"{request.method} is not supported on {kind}")


@fhir_endpoint
def instance(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    found = kind_of(kind)
    who = caller(request)
    if request.method == "GET":
        who.needs(kind, "read")
        part, row = read_as(who, found, pk)
        return with_version(part.resource(row))
    if request.method == "PUT":
        writable(found)
        who.needs(kind, "write")
        return update(request, who, found, pk)
    raise FhirError(405, "not-supported", f"{request.method} is not supported on {kind}/<id>")


def whole_number(raw: str, name: str) -> int:
    if not raw.isdigit():
        raise InvalidInput(f"{name} must be a whole number, not '{raw}'")
    return int(raw)


def search(request: HttpRequest, who: Caller, kind: Kind) -> HttpResponse:
    params = search_params(kind)
    unknown = sorted(set(request.GET) - set(params) - PAGING)
    if unknown:
        raise FhirError(
            400,
            "not-supported",
            f"Unknown search parameter: {', '.join(unknown)}. "
            f"{kind.name} takes {', '.join(sorted(params))}",
        )
    count = whole_number(request.GET.get("_count", str(DEFAULT_COUNT)), "_count")
    if count > HUGE_COUNT:
        raise InvalidInput(f"_count is at most {MAX_COUNT} a page")
    capped = count > MAX_COUNT
    count = min(count, MAX_COUNT)
    offset = whole_number(request.GET.get("_offset", "0"), "_offset")
    matched = [(part, part.matching(who.client, request.GET)) for part in kind.sources()]
    counted = [(part, rows, rows.count()) for part, rows in matched]
    total = sum(n for _part, _rows, n in counted)
    page = paged(counted, offset, count)
    for part in kind.sources():
        part.audit_reads(who.client, [r for p, r in page if p is part], "Read through the API:")
    kept = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "_offset"]
    if capped:
        kept = [(k, str(count) if k == "_count" else v) for k, v in kept]

    def link(relation: str, at: int) -> dict[str, str]:
        query = urlencode([*kept, ("_offset", str(at))]) if at else urlencode(kept)
        return {
            "relation": relation,
            "url": absolute(request, kind.name) + (f"?{query}" if query else ""),
        }

    links = [link("self", offset)]
    if count and offset + count < total:
        links.append(link("next", offset + count))
    if offset:
        links.append(link("previous", max(offset - count, 0)))
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": absolute(request, f"{kind.name}/{part.id_of(row)}"),
            "resource": part.resource(row),
            "search": {"mode": "match"},
        }
        for part, row in page
    ]
    if capped:
        entries.append(
            {
                "resource": outcome_resource(
                    "warning", "too-costly", f"_count was reduced to {MAX_COUNT} a page"
                ),
                "search": {"mode": "outcome"},
            }
        )
    return fhir_json(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": total,
            "link": links,
            "entry": entries,
        }
    )


def paged(
    counted: list[tuple[Kind, QuerySet[Any], int]], offset: int, count: int
) -> list[tuple[Kind, Any]]:
    """One page of rows across a kind's parts, taken in turn, each in key order."""
    page: list[tuple[Kind, Any]] = []
    skip, room = offset, count
    for part, rows, n in counted:
        if room <= 0:
            break
        if skip >= n:
            skip -= n
            continue
        found = list(rows[skip : skip + room])
        page += [(part, row) for row in found]
        skip, room = 0, room - len(found)
    return page


def writable(kind: Kind) -> None:
    if kind.name not in WRITABLE_TYPES:
        raise FhirError(405, "not-supported", f"{kind.name} cannot be written through the API")


def create_one(who: Caller, kind: Kind, body: dict[str, Any]) -> tuple[Any, bool]:
    details = reading.patient_details(body)
    return services.create_patient(
        client=who.client, details=details, visible=kind.rows(who.client)
    )


def update_one(who: Caller, kind: Kind, pk: str, body: dict[str, Any], if_match: str | None) -> Any:
    if if_match is None:
        raise FhirError(
            428, "conflict", "Send If-Match with the ETag you read, so no change is lost"
        )
    reading.of_type(body, kind.name)
    if body.get("id") != pk:
        raise InvalidInput(f"The resource's id must be {pk}, as in the address")
    if not pk.isdigit():
        raise Http404
    person = kind.rows(who.client).select_for_update().filter(pk=int(pk)).first()
    if person is None:
        raise Http404
    current = kind.resource(person)["meta"]["versionId"]
    if if_match.removeprefix("W/").strip('"') != current:
        raise FhirError(
            412,
            "conflict",
            "The record has changed since you read it: read it again and reapply your change",
        )
    services.update_patient(client=who.client, person=person, details=reading.patient_details(body))
    person.refresh_from_db()
    return person


def refusing_mismatch(who: Caller, write: Callable[[], HttpResponse]) -> HttpResponse:
    """Run a write; a date of birth that does not match rolls it back whole and
    then raises the task for a person to check, so the task is kept."""
    try:
        with transaction.atomic():
            return write()
    except services.DateOfBirthMismatch as exc:
        services.raise_mismatch(client=who.client, person=exc.person, sent=exc.sent)
        raise


def create(request: HttpRequest, who: Caller, kind: Kind) -> HttpResponse:
    def write() -> HttpResponse:
        person, created = create_one(who, kind, reading.body_json(request.body))
        body = kind.resource(person)
        location = absolute(request, f"{kind.name}/{person.pk}")
        return with_version(body, status=201 if created else 200, Location=location)

    return refusing_mismatch(who, write)


def update(request: HttpRequest, who: Caller, kind: Kind, pk: str) -> HttpResponse:
    def write() -> HttpResponse:
        body = reading.body_json(request.body)
        person = update_one(who, kind, pk, body, request.headers.get("If-Match"))
        return with_version(kind.resource(person))

    return refusing_mismatch(who, write)


# --- Transactions ----------------------------------------------------------------------


@fhir_endpoint
def system(request: HttpRequest) -> HttpResponse:
    """``POST /fhir/``: a Bundle transaction of Patients, all or nothing."""
    if request.method != "POST":
        raise FhirError(405, "not-supported", "POST a Bundle of type transaction here")
    who = caller(request)
    who.needs("Patient", "write")
    bundle = reading.of_type(reading.body_json(request.body), "Bundle")
    if bundle.get("type") != "transaction":
        raise InvalidInput("Only Bundles of type transaction are accepted here")
    entries = bundle.get("entry") or []
    if not isinstance(entries, list) or not entries:
        raise InvalidInput("The transaction has no entries")
    kind = KINDS["Patient"]

    def write() -> HttpResponse:
        answers = []
        for n, entry in enumerate(entries, start=1):
            try:
                answers.append(transaction_entry(request, who, kind, entry))
            except (InvalidInput, FhirError, Http404) as exc:
                if isinstance(exc, services.DateOfBirthMismatch):
                    raise
                why = exc.text if isinstance(exc, FhirError) else str(exc) or "No such resource"
                raise InvalidInput(
                    f"Entry {n}: {why}. Nothing in the transaction was saved"
                ) from exc
        return fhir_json(
            {"resourceType": "Bundle", "type": "transaction-response", "entry": answers}
        )

    return refusing_mismatch(who, write)


def transaction_entry(request: HttpRequest, who: Caller, kind: Kind, entry: Any) -> dict[str, Any]:
    asked = entry.get("request") if isinstance(entry, dict) else None
    body = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(asked, dict) or not isinstance(body, dict):
        raise InvalidInput("Each entry needs a resource and a request")
    method, url = asked.get("method"), str(asked.get("url", ""))
    if method == "POST" and url == "Patient":
        person, created = create_one(who, kind, body)
        status = "201 Created" if created else "200 OK"
    elif method == "PUT" and url.startswith("Patient/"):
        person = update_one(who, kind, url.removeprefix("Patient/"), body, asked.get("ifMatch"))
        status = "200 OK"
    else:
        raise InvalidInput("Only POST Patient and PUT Patient/<id> are accepted in a transaction")
    resource = kind.resource(person)
    return {
        "fullUrl": absolute(request, f"Patient/{person.pk}"),
        "resource": resource,
        "response": {
            "status": status,
            "location": f"Patient/{person.pk}",
            "etag": f'W/"{resource["meta"]["versionId"]}"',
        },
    }
