"""The pages of a plan written together (ADR 0050), whoever is looking.

Each app (``tandem.safety``, ``tandem.careplans``) describes its plan once in
a ``PlanPages``: its words, templates, selectors and presenters. From that
come the same views for the person, their care team and their carers, the
conflict page where nothing typed is lost, and the PDF download. The services
side is ``tandem.web.versioned``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.web.dates import day, when
from tandem.web.forms import error_summary
from tandem.web.versioned import NewerVersion

View = Callable[..., HttpResponse]


def page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    """A plan page, with the date helpers its templates use."""
    return render(request, template, {"when": when, "day": day, **context})


def pdf_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "no-store"
    return response


def change_page(
    request: HttpRequest,
    *,
    actor: User,
    form_class: type[forms.Form],
    initial: Callable[[], dict[str, object]],
    save: Callable[[Any], Any],
    kept: str,
    done: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """GET shows the plan's words in the form; POST saves a new version.

    When someone saved in between, the page comes back with the writer's words
    still in it, started from the newer version (so saving again, once they
    have looked, goes through) and the newer version shown beside it. ``kept``
    is the sentence telling the writer their words are safe."""
    newer = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                saved = save(form)
            except NewerVersion as conflict:
                newer = conflict.latest
                data = request.POST.copy()
                data["based_on"] = str(newer.number)
                form = form_class(data)
                form.is_valid()
                who = "You" if newer.saved_by_id == actor.pk else newer.saved_by_name
                form.add_error(
                    None,
                    f"{who} saved a newer version of the plan at "
                    f"{timezone.localtime(newer.saved_at):%H:%M} while this page was open. "
                    f"{kept} Read the newer version, change yours if you need to, then save "
                    "again.",
                )
            else:
                messages.success(
                    request,
                    "Nothing changed"
                    if saved is None
                    else f"Saved. This is version {saved.number} of the plan.",
                )
                return redirect(done)
    else:
        form = form_class(initial=initial())
    return page(
        request,
        template,
        form=form,
        form_errors=error_summary(form),
        newer=newer,
        **context,
    )


@dataclass(frozen=True)
class PlanPages:
    """One kind of plan written together, as its views need it.

    ``plan``, ``change``, ``history`` and ``pdf`` are the app's presenters
    (keyword arguments person, audience, title, links; ``change`` also actor;
    ``pdf`` the person alone). The selectors decide who the person is and
    audit the read before any of them runs."""

    noun: str  # "safety plan": in titles and the audit log
    links: type  # the app's Links
    plan: View
    change: View
    history: View
    pdf: Callable[[ServiceUser], HttpResponse]
    own_person: Callable[[User], ServiceUser]
    person_for_staff: Callable[..., ServiceUser]
    person_for_carer: Callable[..., ServiceUser]

    @property
    def title(self) -> str:
        return self.noun[0].upper() + self.noun[1:]


@dataclass(frozen=True)
class PersonViews:
    """The service user's own plan: read, change, history, PDF."""

    plan: View
    change: View
    history: View
    pdf: View


def person_views(pages: PlanPages, *, links: Callable[[], Any], change_title: str) -> PersonViews:
    @never_cache
    @require_GET
    @role_required(Role.SERVICE_USER)
    def mine(request: HttpRequest) -> HttpResponse:
        person = pages.own_person(signed_in_user(request))
        return pages.plan(
            request,
            person=person,
            audience="person",
            title=f"Your {pages.noun}",
            links=links(),
        )

    @never_cache
    @require_http_methods(["GET", "POST"])
    @role_required(Role.SERVICE_USER)
    def change(request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        person = pages.own_person(user)
        return pages.change(
            request, actor=user, person=person, audience="person", title=change_title, links=links()
        )

    @never_cache
    @require_GET
    @role_required(Role.SERVICE_USER)
    def history(request: HttpRequest) -> HttpResponse:
        person = pages.own_person(signed_in_user(request))
        return pages.history(
            request,
            person=person,
            audience="person",
            title=f"Changes to your {pages.noun}",
            links=links(),
        )

    @never_cache
    @require_GET
    @role_required(Role.SERVICE_USER)
    def pdf(request: HttpRequest) -> HttpResponse:
        return pages.pdf(pages.own_person(signed_in_user(request)))

    return PersonViews(plan=mine, change=change, history=history, pdf=pdf)


@dataclass(frozen=True)
class StaffViews:
    """Staff in a team the person is open to: read, change, history, PDF."""

    plan: View
    change: View
    history: View
    pdf: View


def staff_views(pages: PlanPages, *, links: Callable[[int], Any]) -> StaffViews:
    noun, title = pages.noun, pages.title

    @never_cache
    @require_GET
    @role_required(*STAFF)
    def plan(request: HttpRequest, pk: int) -> HttpResponse:
        person = pages.person_for_staff(signed_in_user(request), pk=pk, what=f"Read the {noun}")
        return pages.plan(
            request,
            person=person,
            audience="staff",
            title=f"{title} for {person.display_name}",
            links=links(pk),
        )

    @never_cache
    @require_http_methods(["GET", "POST"])
    @role_required(*STAFF)
    def change(request: HttpRequest, pk: int) -> HttpResponse:
        user = signed_in_user(request)
        person = pages.person_for_staff(user, pk=pk, what=f"Opened the {noun} to change it")
        return pages.change(
            request,
            actor=user,
            person=person,
            audience="staff",
            title=f"{title} for {person.display_name}",
            links=links(pk),
        )

    @never_cache
    @require_GET
    @role_required(*STAFF)
    def history(request: HttpRequest, pk: int) -> HttpResponse:
        person = pages.person_for_staff(
            signed_in_user(request), pk=pk, what=f"Read the history of the {noun}"
        )
        return pages.history(
            request,
            person=person,
            audience="staff",
            title=f"Changes to {person.display_name}'s {noun}",
            links=links(pk),
        )

    @never_cache
    @require_GET
    @role_required(*STAFF)
    def pdf(request: HttpRequest, pk: int) -> HttpResponse:
        person = pages.person_for_staff(
            signed_in_user(request), pk=pk, what=f"Downloaded the {noun} as a PDF"
        )
        return pages.pdf(person)

    return StaffViews(plan=plan, change=change, history=history, pdf=pdf)


@dataclass(frozen=True)
class CarerViews:
    """A carer the person shares the plan with: read and PDF, never change."""

    plan: View
    pdf: View


def carer_views(pages: PlanPages, *, namespace: str) -> CarerViews:
    noun = pages.noun

    @never_cache
    @require_GET
    @role_required(Role.CARER)
    def plan(request: HttpRequest, pk: int) -> HttpResponse:
        person = pages.person_for_carer(
            signed_in_user(request), pk=pk, what=f"Carer read the {noun}"
        )
        return pages.plan(
            request,
            person=person,
            audience="carer",
            title=f"{person.display_name}'s {noun}",
            links=pages.links(
                plan=reverse(f"{namespace}:carer-plan", args=[pk]),
                pdf=reverse(f"{namespace}:carer-pdf", args=[pk]),
                back=reverse("people:carer-person", args=[pk]),
            ),
        )

    @never_cache
    @require_GET
    @role_required(Role.CARER)
    def pdf(request: HttpRequest, pk: int) -> HttpResponse:
        person = pages.person_for_carer(
            signed_in_user(request), pk=pk, what=f"Carer downloaded the {noun} as a PDF"
        )
        return pages.pdf(person)

    return CarerViews(plan=plan, pdf=pdf)
