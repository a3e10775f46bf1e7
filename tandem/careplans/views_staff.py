"""Staff writing a person's care plan with them. Staff outside the person's
teams get 404. Every read is audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.careplans import pages, selectors
from tandem.people.decorators import STAFF, role_required, signed_in_user


def links(pk: int) -> pages.Links:
    return pages.Links(
        plan=reverse("careplans:staff-plan", args=[pk]),
        change=reverse("careplans:staff-change", args=[pk]),
        history=reverse("careplans:staff-history", args=[pk]),
        pdf=reverse("careplans:staff-pdf", args=[pk]),
        safety_plan=reverse("safety:staff-plan", args=[pk]),
        preferences=reverse("preferences:person", args=[pk]),
        back=reverse("people:person", args=[pk]),
        back_text="Back to their record",
    )


@never_cache
@require_GET
@role_required(*STAFF)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_staff(signed_in_user(request), pk=pk, what="Read the care plan")
    return pages.plan_response(
        request,
        person=person,
        audience="staff",
        title=f"Care plan for {person.display_name}",
        links=links(pk),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.person_for_staff(user, pk=pk, what="Opened the care plan to change it")
    return pages.change_response(
        request,
        actor=user,
        person=person,
        audience="staff",
        title=f"Care plan for {person.display_name}",
        links=links(pk),
    )


@never_cache
@require_GET
@role_required(*STAFF)
def history(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_staff(
        signed_in_user(request), pk=pk, what="Read the history of the care plan"
    )
    return pages.history_response(
        request,
        person=person,
        audience="staff",
        title=f"Changes to {person.display_name}'s care plan",
        links=links(pk),
    )


@never_cache
@require_GET
@role_required(*STAFF)
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_staff(
        signed_in_user(request), pk=pk, what="Downloaded the care plan as a PDF"
    )
    return pages.pdf_response(person)
