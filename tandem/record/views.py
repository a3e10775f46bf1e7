"""'My record': what Tandem holds about the signed-in service user, section by
section, and the one-step download of all of it (the right of access).

Every read goes through ``tandem.record.selectors`` (via ``queries``), which
only ever returns the signed-in person's own rows. Booking and changing
appointments stay on the appointment pages; these pages link to them. Long
sections have their own pages, a page of 25 at a time, so the first page is
quick on a phone. ``role_required(Role.SERVICE_USER)`` admits only accounts
with a service user record, so the section pages need no further check.
"""

from __future__ import annotations

from typing import Literal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.people.crisis import crisis_contacts_for
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.record import queries, selectors, services
from tandem.record.models import KEPT_FOR


def _section(request: HttpRequest, template: str, title: str, **context: object) -> HttpResponse:
    """One page of the person's own record, with its title."""
    return render(request, f"record/{template}.jinja", {"title": title, **context})


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return _section(
        request,
        "mine",
        _("Your record"),
        o=queries.overview(user),
        now=timezone.now(),
        keep_days=KEPT_FOR.days,
    )


@require_GET
@role_required(Role.SERVICE_USER)
def appointments(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = request.GET.get("page")
    return _section(
        request,
        "appointments",
        _("Your appointments in your record"),
        upcoming=queries.upcoming_appointments(user) if not page or page == "1" else [],
        past=queries.past_appointments_page(user, page=page),
    )


@require_GET
@role_required(Role.SERVICE_USER)
def decisions(request: HttpRequest) -> HttpResponse:
    found = queries.decisions_page(signed_in_user(request), page=request.GET.get("page"))
    return _section(request, "decisions", _("Decisions made with you"), decisions=found)


@require_GET
@role_required(Role.SERVICE_USER)
def letters(request: HttpRequest) -> HttpResponse:
    found = queries.notices_page(signed_in_user(request), page=request.GET.get("page"))
    return _section(request, "letters", _("Letters, emails and texts we sent you"), notices=found)


@require_GET
@role_required(Role.SERVICE_USER)
def threads(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return _section(
        request,
        "messages",
        _("Your messages with your care team"),
        threads=queries.threads_page(user, page=request.GET.get("page")),
        crisis_contacts=crisis_contacts_for(user),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def downloads(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        _export, new = services.request_export(actor=user)
        messages.success(
            request,
            _("We are preparing your download. It usually takes a minute or two.")
            if new
            else _("We are already preparing your download."),
        )
        return redirect("record:downloads")
    return _section(
        request,
        "downloads",
        _("Download everything we hold about you"),
        exports=queries.exports_of(user),
        now=timezone.now(),
        keep_days=KEPT_FOR.days,
    )


def _download(
    request: HttpRequest,
    pk: int,
    *,
    file: Literal["pdf", "fhir_json"],
    content_type: str,
    extension: str,
    what: str,
) -> HttpResponse:
    """One file of the person's own download, as an attachment named for its day."""
    found = selectors.export_for_download(signed_in_user(request), pk=pk, what=what, file=file)
    body = bytes(getattr(found, file) or b"")
    day = timezone.localtime(found.ready_at or found.created_at)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-record-{day:%Y-%m-%d}.{extension}"'
    response["Content-Length"] = str(len(body))
    return response


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(
        request,
        pk,
        file="pdf",
        content_type="application/pdf",
        extension="pdf",
        what="Downloaded their record as a PDF",
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(
        request,
        pk,
        file="fhir_json",
        content_type="application/fhir+json",
        extension="json",
        what="Downloaded their record as a FHIR file",
    )
