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
from django.utils.functional import Promise
from django.utils.translation import gettext as _
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
                at = f"{timezone.localtime(newer.saved_at):%H:%M}"
                if newer.saved_by_id == actor.pk:
                    said = _(
                        "You saved a newer version of the plan at %(time)s while this page "
                        "was open."
                    ) % {"time": at}
                else:
                    said = _(
                        "%(name)s saved a newer version of the plan at %(time)s while this "
                        "page was open."
                    ) % {"name": newer.saved_by_name, "time": at}
                then = _("Read the newer version, change yours if you need to, then save again.")
                form.add_error(None, f"{said} {kept} {then}")
            else:
                messages.success(
                    request,
                    _("Nothing changed")
                    if saved is None
                    else _("Saved. This is version %(number)s of the plan.")
                    % {"number": saved.number},
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
class Links:
    """Where the buttons on a plan page go, for the audience looking; each app
    adds its own (a safety plan's review, a care plan's answer)."""

    plan: str
    change: str = ""
    history: str = ""
    pdf: str = ""
    back: str = ""
    back_text: str = "Back"


@dataclass(frozen=True)
class PlanPages:
    """One kind of plan written together, as its views need it.

    ``plan`` and ``change`` are the app's presenters (keyword arguments person,
    audience, title, links; ``change`` also actor). The history page and the PDF
    are the same for every plan, from ``history_of`` and ``plan_page`` with the
    app's ``<app>/history.jinja`` and ``render_pdf``. The selectors decide who
    the person is and audit the read before any of them runs."""

    noun: str  # "safety plan": in titles, the audit log and the PDF's name
    # "%(name)s's safety plan", marked for translation: the carer's page is in
    # the carer's language (ADR 0061), so its title cannot be built from noun.
    carer_title: str | Promise
    app: str  # the app's label, its templates' folder and URL namespace: "safety"
    links: type[Links]  # the app's Links
    plan: View
    change: View
    plan_page: Callable[[ServiceUser], Any]  # the plan as its page and PDF show it
    history_of: Callable[[ServiceUser], Any]
    render_pdf: Callable[[Any], bytes]
    own_person: Callable[[User], ServiceUser]
    person_for_staff: Callable[..., ServiceUser]
    person_for_carer: Callable[..., ServiceUser]

    @property
    def title(self) -> str:
        return self.noun[0].upper() + self.noun[1:]

    def person_links(self, **own: str) -> Links:
        """The buttons on the person's own plan pages, and the app's own ones."""
        return self.links(
            plan=reverse(f"{self.app}:mine"),
            change=reverse(f"{self.app}:change"),
            history=reverse(f"{self.app}:history"),
            pdf=reverse(f"{self.app}:pdf"),
            back=reverse("people:service-user-home"),
            back_text=_("Back to home"),
            **own,
        )

    def staff_links(self, pk: int, **own: str) -> Links:
        """The buttons on staff's plan pages for person ``pk``, and the app's own ones."""
        return self.links(
            plan=reverse(f"{self.app}:staff-plan", args=[pk]),
            change=reverse(f"{self.app}:staff-change", args=[pk]),
            history=reverse(f"{self.app}:staff-history", args=[pk]),
            pdf=reverse(f"{self.app}:staff-pdf", args=[pk]),
            back=reverse("people:person", args=[pk]),
            back_text="Back to their record",
            **own,
        )

    def history(
        self, request: HttpRequest, *, person: ServiceUser, audience: str, title: str, links: Links
    ) -> HttpResponse:
        return page(
            request,
            f"{self.app}/history.jinja",
            title=title,
            person=person,
            entries=self.history_of(person),
            audience=audience,
            links=links,
        )

    def pdf(self, person: ServiceUser) -> HttpResponse:
        return pdf_response(
            self.render_pdf(self.plan_page(person)),
            filename=f"{self.noun.replace(' ', '-')}.pdf",
        )


@dataclass(frozen=True)
class PlanViews:
    """Read, change, history and PDF: the person's own, or staff's for a person."""

    plan: View
    change: View
    history: View
    pdf: View


def person_views(
    pages: PlanPages, *, links: Callable[[], Any], change_title: str | Promise
) -> PlanViews:
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
            request,
            actor=user,
            person=person,
            audience="person",
            title=str(change_title),
            links=links(),
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

    return PlanViews(plan=mine, change=change, history=history, pdf=pdf)


def staff_views(pages: PlanPages, *, links: Callable[[int], Any]) -> PlanViews:
    noun, title = pages.noun, pages.title

    def person_for(request: HttpRequest, pk: int, what: str) -> ServiceUser:
        return pages.person_for_staff(signed_in_user(request), pk=pk, what=what)

    @never_cache
    @require_GET
    @role_required(*STAFF)
    def plan(request: HttpRequest, pk: int) -> HttpResponse:
        person = person_for(request, pk, f"Read the {noun}")
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
        person = person_for(request, pk, f"Read the history of the {noun}")
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
        return pages.pdf(person_for(request, pk, f"Downloaded the {noun} as a PDF"))

    return PlanViews(plan=plan, change=change, history=history, pdf=pdf)


@dataclass(frozen=True)
class CarerViews:
    """A carer the person shares the plan with: read and PDF, never change."""

    plan: View
    pdf: View


def carer_views(pages: PlanPages, *, namespace: str) -> CarerViews:
    noun = pages.noun

    def person_for(request: HttpRequest, pk: int, what: str) -> ServiceUser:
        return pages.person_for_carer(signed_in_user(request), pk=pk, what=what)

    @never_cache
    @require_GET
    @role_required(Role.CARER)
    def plan(request: HttpRequest, pk: int) -> HttpResponse:
        person = person_for(request, pk, f"Carer read the {noun}")
        return pages.plan(
            request,
            person=person,
            audience="carer",
            title=str(pages.carer_title) % {"name": person.display_name},
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
        return pages.pdf(person_for(request, pk, f"Carer downloaded the {noun} as a PDF"))

    return CarerViews(plan=plan, pdf=pdf)
