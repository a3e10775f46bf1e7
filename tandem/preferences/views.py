"""Choices pages: a service user's own, and staff recording them with a person.

Each section (contact, seen, access needs, digital access) is one view served
at two addresses: /preferences/... for the person themselves and
/preferences/people/<pk>/... for staff in their teams.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.access import records
from tandem.people.decorators import STAFF, role_required
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.preferences import queries, services
from tandem.preferences.codes import ContactKind, Modality
from tandem.preferences.forms import (
    AccessNeedsForm,
    ContactPreferencesForm,
    DigitalAccessForm,
    ModalityPreferencesForm,
    SharedDecisionForm,
)
from tandem.preferences.guidance_source import guidance_for
from tandem.preferences.queries import Choices
from tandem.web.forms import submit_form

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def person_for(request: HttpRequest, pk: int | None, *, what: str) -> ServiceUser:
    """The person whose choices these are: yourself, or someone in your teams."""
    user = signed_in(request)
    if pk is None:
        return records.own_service_user(user)
    return records.service_user_for(user, pk=pk, what=what)


def overview_url(pk: int | None) -> str:
    return reverse("preferences:mine") if pk is None else reverse("preferences:person", args=[pk])


@dataclass(frozen=True)
class Section:
    title: StrOrPromise  # the person's own, in the language of their page
    staff_title: str
    form: type[forms.Form]
    initial: Callable[[Choices], dict[str, Any]]
    save: Callable[[User, ServiceUser, forms.Form], object]
    template: str = "preferences/section.jinja"


def _values_to(service: Callable[..., object]) -> Callable[[User, ServiceUser, forms.Form], object]:
    """Save a section whose form gives its ``values()`` to its service."""
    return lambda actor, person, form: service(
        actor=actor,
        person=person,
        values=form.values(),  # type: ignore[attr-defined]
    )


SECTIONS: dict[str, Section] = {
    "contact": Section(
        title=gettext_lazy("How we contact you"),
        staff_title="How they want to be contacted",
        form=ContactPreferencesForm,
        initial=lambda c: ContactPreferencesForm.initial_from(c.contact),
        save=_values_to(services.save_contact_preferences),
    ),
    "seen": Section(
        title=gettext_lazy("How you would like to be seen"),
        staff_title="How they would like to be seen",
        form=ModalityPreferencesForm,
        initial=lambda c: ModalityPreferencesForm.initial_from(c.seen),
        save=lambda actor, person, form: services.save_modality_preferences(
            actor=actor,
            person=person,
            choices=form.choices(),  # type: ignore[attr-defined]
        ),
        template="preferences/seen.jinja",
    ),
    "access": Section(
        title=gettext_lazy("Your access needs"),
        staff_title="Their access needs",
        form=AccessNeedsForm,
        initial=lambda c: AccessNeedsForm.initial_from(c.access),
        save=_values_to(services.save_access_needs),
    ),
    "digital": Section(
        title=gettext_lazy("Using phones, video and the internet"),
        staff_title="Digital access check",
        form=DigitalAccessForm,
        initial=lambda c: DigitalAccessForm.initial_from(c.digital),
        save=_values_to(services.save_digital_access_check),
    ),
}


def overview(request: HttpRequest, pk: int | None) -> HttpResponse:
    user = signed_in(request)
    person = person_for(request, pk, what="Opened their choices about care")
    return render(
        request,
        "preferences/overview.jinja",
        {
            "title": _("Your choices about your care")
            if pk is None
            else f"Choices: {person.display_name}",
            "person": person,
            "pk": pk,
            "choices": queries.choices_of(user, person=person),
            "decisions": queries.decisions_about(user, person=person) if pk else [],
        },
    )


def section(request: HttpRequest, name: str, pk: int | None) -> HttpResponse:
    user = signed_in(request)
    config = SECTIONS[name]
    person = person_for(request, pk, what=f"Opened '{config.staff_title}' to change it")
    form = config.form(
        request.POST or None, initial=config.initial(queries.choices_of(user, person=person))
    )
    return submit_form(
        request,
        form,
        save=lambda _: config.save(user, person, form),
        success=_("Saved. Your care team can see this now.") if pk is None else "Saved",
        then=overview_url(pk),
        template=config.template,
        title=str(config.title) if pk is None else f"{config.staff_title}: {person.display_name}",
        back=overview_url(pk),
        for_self=pk is None,
    )


def history(request: HttpRequest, pk: int | None) -> HttpResponse:
    user = signed_in(request)
    person = person_for(request, pk, what="Opened the history of their choices")
    return render(
        request,
        "preferences/history.jinja",
        {
            "title": _("Changes to your choices")
            if pk is None
            else f"Changes: {person.display_name}",
            "events": queries.history_of(user, person=person),
            "back": overview_url(pk),
            "for_self": pk is None,
        },
    )


# --- The person themselves ------------------------------------------------------


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    return overview(request, None)


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def my_section(request: HttpRequest, name: str) -> HttpResponse:
    return section(request, name, None)


@require_GET
@role_required(Role.SERVICE_USER)
def my_history(request: HttpRequest) -> HttpResponse:
    return history(request, None)


# --- Staff with the person ------------------------------------------------------


@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    return overview(request, pk)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def person_section(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    return section(request, name, pk)


@require_GET
@role_required(*STAFF)
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    return history(request, pk)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    found = person_for(request, pk, what="Opened a shared decision")
    choices = queries.choices_of(user, person=found)
    not_wanted = {kind: list(p.not_wanted) for kind, p in choices.seen.items()}
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in ContactKind.values:
        kind = ""
    preference = choices.seen.get(kind)
    form = SharedDecisionForm(
        request.POST or None,
        not_wanted=not_wanted,
        initial={
            "kind": kind,
            "options_discussed": [Modality.FACE_TO_FACE],
            "person_preference": preference.preferred if preference else "",
        },
    )
    guidance = guidance_for(kind) if kind else {}

    def save(_: dict[str, Any]) -> object:
        decision = form.as_decision()
        # Keep the advice as it stood, so the record shows what staff were told.
        shown = {modality: cell.level for modality, cell in guidance_for(decision.kind).items()}
        return services.record_shared_decision(
            actor=user, person=found, decision=decision, guidance_shown=shown
        )

    return submit_form(
        request,
        form,
        save=save,
        success="Shared decision recorded",
        then=reverse("preferences:person", args=[found.pk]),
        template="preferences/decide.jinja",
        title=f"Record a shared decision: {found.display_name}",
        person=found,
        choices=choices,
        kind=kind,
        guidance=guidance,
    )


@require_POST
@role_required(Role.SERVICE_USER)
def reading(request: HttpRequest) -> HttpResponse:
    """Switch between the easy-read and standard pages, then go back to the page
    the person was on (only ever a page on this site)."""
    person = records.own_service_user(signed_in(request))
    services.save_reading_choice(
        actor=signed_in(request), person=person, easy_read=request.POST.get("easy_read") == "1"
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("people:service-user-home")
    return redirect(back)
