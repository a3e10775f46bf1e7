"""The directory's pages: a public search anyone can use without signing in,
and the staff pages where it is kept.

Public pages show only entries checked in time (selectors.public_entries) and
nothing about who uses the service. Staff pages read through
tandem.directory.selectors, which rest on tandem.access; writes go through
tandem.directory.services by submit_form (ADR 0024).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access.rules import is_service_admin
from tandem.directory import hours, selectors, services
from tandem.directory.forms import (
    ChangeEntryForm,
    CheckForm,
    EntryForm,
    NewEntryForm,
    SearchForm,
    ToolForm,
    six_months_from,
)
from tandem.directory.models import DTAC_AREAS, Entry, Tool
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.web.forms import submit_form

KEEPERS = (Role.ADMIN, Role.MANAGER)
STAFF = (Role.ADMIN, Role.MANAGER, Role.CLINICIAN)


def _search(request: HttpRequest, entries: Any) -> dict[str, Any]:
    """The search form and what it found. An answer outside the choices is
    ignored rather than refused: this is a search, not a record."""
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    query = selectors.Search(
        need=data.get("need", ""), area=data.get("area", "").strip(), when=data.get("when", "")
    )
    now = timezone.now()
    return {
        "form": form,
        "query": query,
        "results": selectors.search(entries, query, now=now),
        "now": now,
        "describe": hours.describe,
        "is_open_at": hours.is_open_at,
    }


@require_GET
def find(request: HttpRequest) -> HttpResponse:
    """Open to everyone: people not yet known to the service use it too."""
    context = _search(request, selectors.public_entries())
    return render(request, "directory/find.jinja", {"title": _("Find local support"), **context})


def _shown(found: Entry) -> dict[str, Any]:
    """What every page about one entry shows: its details and its week's hours."""
    return {"title": found.name, "entry": found, "opening": hours.describe(found.hours.all())}


@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_entry(pk=pk)
    open_now = hours.is_open_at(found.hours.all(), timezone.now())
    return render(request, "directory/entry.jinja", {**_shown(found), "open_now": open_now})


@require_GET
@role_required(*STAFF)
def manage(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = _search(request, selectors.entries_for_staff(user))
    return render(
        request,
        "directory/manage.jinja",
        {
            "title": "Directory of local support",
            **context,
            "to_check": selectors.needs_checking(user),
            "may_add": selectors.may_keep_directory(user),
            "today": selectors.today(),
        },
    )


@require_GET
@role_required(*STAFF)
def staff_entry(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.entry_for_staff(user, pk=pk)
    return render(
        request,
        "directory/staff_entry.jinja",
        {
            **_shown(found),
            "overdue": found.is_overdue(selectors.today()),
            "may_keep": selectors.may_keep(user, found),
        },
    )


def _entry_form(cls: type[EntryForm], request: HttpRequest, user: User, **kw: Any) -> Any:
    return cls(
        request.POST or None,
        teams=list(selectors.teams_kept_by(user)),
        admin=is_service_admin(user),
        **kw,
    )


def _to_entry(found: Entry) -> str:
    return reverse("directory:staff-entry", kwargs={"pk": found.pk})


def _keep(
    request: HttpRequest, form: Any, save: Any, *, done: str, template: str, **extra: Any
) -> HttpResponse:
    """A keeper's form page: on success, back to the entry saying what was done."""
    return submit_form(
        request,
        form,
        save=save,
        then=_to_entry,
        success=lambda e: f"{e.name} {done}",
        template=f"directory/{template}.jinja",
        **extra,
    )


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(*KEEPERS)
def add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = _entry_form(
        NewEntryForm, request, user, initial={"check_by": six_months_from(selectors.today())}
    )

    def save(data: dict[str, Any]) -> Entry:
        return services.add_entry(
            actor=user,
            details=form.details(),
            hours=form.hours(),
            team=form.chosen_team(),
            check_by=data["check_by"],
        )

    return _keep(
        request,
        form,
        save,
        done="added to the directory",
        template="edit",
        title="Add a service to the directory",
        back=reverse("directory:manage"),
    )


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(*KEEPERS)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.entry_to_keep(user, pk=pk)
    initial = {**EntryForm.initial_from(found), "version": found.version}
    form = _entry_form(ChangeEntryForm, request, user, initial=initial)

    def save(data: dict[str, Any]) -> Entry:
        return services.change_entry(
            actor=user,
            entry=found,
            version=data["version"],
            details=form.details(),
            hours=form.hours(),
            team=form.chosen_team(),
        )

    return _keep(
        request,
        form,
        save,
        done="changed",
        template="edit",
        title=f"Change {found.name}",
        back=_to_entry(found),
    )


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(*KEEPERS)
def check(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.entry_to_keep(user, pk=pk)
    form = CheckForm(
        request.POST or None,
        initial={"version": found.version, "check_by": six_months_from(selectors.today())},
    )

    def save(data: dict[str, Any]) -> Entry:
        return services.mark_checked(
            actor=user, entry=found, version=data["version"], check_by=data["check_by"]
        )

    return _keep(
        request,
        form,
        save,
        done="marked as checked",
        template="check",
        title=f"Check {found.name}",
        entry=found,
        opening=hours.describe(found.hours.all()),
    )


@require_GET
@role_required(*STAFF)
def tools(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = selectors.today()
    rows = [(tool, tool.why_not_recommendable(today)) for tool in selectors.tools_for_staff(user)]
    return render(
        request,
        "directory/tools.jinja",
        {"title": "Library of digital tools", "rows": rows, "may_add": is_service_admin(user)},
    )


@require_GET
@role_required(*STAFF)
def tool(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.tool_for_staff(user, pk=pk)
    return render(
        request,
        "directory/tool.jinja",
        {
            "title": found.name,
            "tool": found,
            "areas": DTAC_AREAS,
            "reasons": found.why_not_recommendable(selectors.today()),
            "may_assess": is_service_admin(user),
        },
    )


def _assess(request: HttpRequest, found: Tool | None, title: str) -> HttpResponse:
    user = signed_in_user(request)
    initial = ToolForm.initial_from(found) if found else {}
    form = ToolForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Tool:
        return services.save_tool(
            actor=user,
            tool=found,
            version=data["version"],
            assessment=form.assessment(),
            review_by=data["review_by"],
        )

    return submit_form(
        request,
        form,
        save=save,
        then=lambda t: reverse("directory:tool", kwargs={"pk": t.pk}),
        success=lambda t: f"Assessment of {t.name} saved",
        template="directory/tool_edit.jinja",
        title=title,
        back=reverse("directory:tools"),
    )


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.ADMIN)
def tool_add(request: HttpRequest) -> HttpResponse:
    return _assess(request, None, "Add a digital tool")


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.ADMIN)
def tool_assess(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.tool_to_assess(signed_in_user(request), pk=pk)
    return _assess(request, found, f"Assess {found.name}")
