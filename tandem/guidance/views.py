"""Guidance pages: the modality matrix, staff guidance with acknowledgements,
managers' editing and reading report, and preparation for service users.

Every page that shows guidance says that it advises and never decides.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.access.records import NOT_FOUND
from tandem.errors import found_or_404
from tandem.guidance import queries, services
from tandem.guidance.forms import CellForm, PageForm
from tandem.guidance.models import GuidancePage
from tandem.guidance.preparation import PREPARATIONS
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.preferences.codes import ContactKind, Modality
from tandem.web.forms import submit_form


def page_url(page: GuidancePage) -> str:
    if page.kind:
        return reverse("guidance:kind", kwargs={"kind": page.kind})
    if page.modality:
        return reverse("guidance:modality", kwargs={"modality": page.modality})
    return reverse("guidance:page", kwargs={"slug": page.slug})


def base_context(user: User) -> dict[str, Any]:
    return {
        "advisory_note": queries.ADVISORY_NOTE,
        "is_manager": Role.MANAGER in user.roles,
        "modalities": Modality.choices,
        "page_url": page_url,
    }


@require_GET
@role_required(*STAFF)
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "guidance/index.jinja",
        {
            **base_context(user),
            "title": "Guidance on ways of giving care",
            "matrix": queries.matrix(),
            "pages": queries.all_pages(user),
        },
    )


def show_page(
    request: HttpRequest, state: queries.PageState | None, extra: dict[str, object]
) -> HttpResponse:
    if state is None:
        raise Http404(NOT_FOUND)
    user = signed_in_user(request)
    return render(
        request,
        "guidance/page.jinja",
        {
            **base_context(user),
            "title": state.current.title,
            "state": state,
            **extra,
        },
    )


@require_GET
@role_required(*STAFF)
def kind(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ContactKind.values:
        raise Http404(NOT_FOUND)
    state = queries.page_for_kind(signed_in_user(request), kind=kind)
    return show_page(
        request,
        state,
        {
            "kind": kind,
            "kind_label": ContactKind(kind).label,
            "cells": list(queries.guidance_for(kind).values()),
        },
    )


@require_GET
@role_required(*STAFF)
def modality(request: HttpRequest, modality: str) -> HttpResponse:
    if modality not in Modality.values:
        raise Http404(NOT_FOUND)
    state = queries.page_for_modality(signed_in_user(request), modality=modality)
    return show_page(
        request,
        state,
        {
            "modality": modality,
            "modality_label": Modality(modality).label,
            "kind_labels": dict(ContactKind.choices),
            "cells": queries.cells_for_modality(modality),
        },
    )


@require_GET
@role_required(*STAFF)
def page(request: HttpRequest, slug: str) -> HttpResponse:
    return show_page(request, queries.page_by_slug(signed_in_user(request), slug=slug), {})


@require_POST
@role_required(*STAFF)
def acknowledge(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    state = found_or_404(queries.page_by_slug(user, slug=slug))
    # The form names the version read, so a page changed meanwhile is not acknowledged.
    if request.POST.get("version") != str(state.current.number):
        messages.success(
            request, "This page has changed since you opened it. Read this version and confirm."
        )
        return redirect(page_url(state.page))
    try:
        services.acknowledge(actor=user, version=state.current)
    except services.InvalidInput:
        return redirect(page_url(state.page))
    messages.success(request, f"You have confirmed you read version {state.current.number}")
    return redirect(page_url(state.page))


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def cell_edit(request: HttpRequest, kind: str, modality: str) -> HttpResponse:
    user = signed_in_user(request)
    found = found_or_404(queries.cell(kind=kind, modality=modality))
    form = CellForm(
        request.POST or None,
        modality=modality,
        initial={"level": found.level, "reason": found.reason, "source": found.source},
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.change_cell(actor=user, cell=found, **data),
        success=lambda changed: "Guidance changed" if changed else "Nothing changed",
        then=reverse("guidance:kind", kwargs={"kind": kind}),
        template="guidance/cell_edit.jinja",
        title=f"Change guidance: {ContactKind(kind).label} by {Modality(modality).label}",
        **base_context(user),
        cell=found,
        history=queries.cell_history(found),
        level_labels=queries.LEVEL_LABELS,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    state = found_or_404(queries.page_by_slug(user, slug=slug))
    current = state.current
    form = PageForm(
        request.POST or None,
        initial={"title": current.title, "body": current.body, "review_by": current.review_by},
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.publish_page_version(actor=user, page=state.page, **data),
        success=lambda version: (
            f"Version {version.number} published. Staff will be asked to read it."
        ),
        then=page_url(state.page),
        template="guidance/page_edit.jinja",
        title=f"Change guidance page: {current.title}",
        **base_context(user),
        state=state,
        history=queries.page_history(state.page),
    )


@require_GET
@role_required(Role.MANAGER)
def reading(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "guidance/reading.jinja",
        {
            **base_context(user),
            "title": "Who has read the guidance",
            "rows": queries.reading_report(user),
        },
    )


# --- Service users and carers (and anyone: nothing here is personal) ----------


@require_GET
def prepare_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/prepare_index.jinja",
        {
            "title": _("Getting ready for a remote appointment"),
            "preparations": PREPARATIONS.values(),
        },
    )


@require_GET
def prepare(request: HttpRequest, modality: str) -> HttpResponse:
    found = found_or_404(PREPARATIONS.get(modality))
    return render(request, "guidance/prepare.jinja", {"title": found.title, "prep": found})
