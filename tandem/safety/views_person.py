"""The service user's own safety plan: reading it, changing it, its history and
the one-page PDF. One step from every page (the header link)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.safety import pages, selectors


def links() -> pages.Links:
    return pages.Links(
        plan=reverse("safety:mine"),
        change=reverse("safety:change"),
        history=reverse("safety:history"),
        pdf=reverse("safety:pdf"),
        back=reverse("people:service-user-home"),
        back_text="Back to home",
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    return pages.plan_response(
        request, person=person, audience="person", title="Your safety plan", links=links()
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.own_person(user)
    return pages.change_response(
        request,
        actor=user,
        person=person,
        audience="person",
        title="Write your safety plan",
        links=links(),
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def history(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    return pages.history_response(
        request,
        person=person,
        audience="person",
        title="Changes to your safety plan",
        links=links(),
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def pdf(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    return pages.pdf_response(person)
