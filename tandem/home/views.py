"""People pages: each role's home, the caseload, a person's record, and details."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from markupsafe import Markup

from tandem.access import records
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import found_or_404
from tandem.home import queries
from tandem.home.forms import ContactDetailsForm, PersonForm, RegisterForm
from tandem.people import panels, services
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import CarerLink, ServiceUser
from tandem.people.roles import Role, primary_role
from tandem.web import reading
from tandem.web.dates import when
from tandem.web.forms import submit_form

# 25 people a page, as the alert queue and the inbox show (issue 18): a screen or
# two a clinician reads before searching, and half the rows to read and render
# that 50 was. The coordinated caseload walks the name index until it has found a
# page of the clinician's own people, so its query costs grow with the page too.
CASELOAD_PAGE_SIZE = 25
HOME_FOR_ROLE = {
    Role.SERVICE_USER: "people:service-user-home",
    Role.CARER: "people:carer-home",
    Role.CLINICIAN: "people:caseload",
    Role.MANAGER: "people:manager-home",
    Role.ADMIN: "people:admin-home",
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    role = found_or_404(primary_role(signed_in_user(request)))
    return redirect(HOME_FOR_ROLE[role])


# --- Service users -----------------------------------------------------------


def home_cards() -> Markup:
    """The fourteen cards on every service user's home page: the same for everyone
    who reads the same language, so rendered once per process and language
    rather than on every view (issue 18)."""
    return _home_cards_in(translation.get_language() or "")


@functools.cache
def _home_cards_in(language: str) -> Markup:
    # ``language`` is the active one; it is the cache's key, not read here.
    return Markup(render_to_string("people/service_user_home_cards.jinja"))  # noqa: S704 - our template


@require_GET
@role_required(Role.SERVICE_USER)
def service_user_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_service_user(user)
    return reading.render_page(
        request,
        "people/service_user_home.jinja",
        {
            "title": _("Your home page"),
            "me": me,
            "cards": home_cards(),
            "teams": queries.open_teams_of_person(me),
            "carers": queries.carers_of(me),
            "scope_labels": CarerLink.SCOPES,
            **panels.context_for("service_user_home", user),
        },
    )


@require_GET
@role_required(Role.SERVICE_USER)
def my_details(request: HttpRequest) -> HttpResponse:
    me = records.own_service_user(signed_in_user(request))
    return render(request, "people/my_details.jinja", {"title": _("Your details"), "me": me})


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def my_details_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_service_user(user)
    form = ContactDetailsForm(
        request.POST or None,
        initial={"postcode": me.postcode, "pronouns": me.pronouns},
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.update_own_contact_details(actor=user, **data),
        success=lambda changed: (
            _("Your details have been updated") if changed else _("Nothing changed")
        ),
        then="people:my-details",
        template="people/my_details_change.jinja",
        title=_("Change your contact details"),
    )


@require_GET
@role_required(Role.SERVICE_USER)
def my_access_log(request: HttpRequest) -> HttpResponse:
    events = records.accesses_to_own_record(signed_in_user(request))
    return render(
        request,
        "people/my_access_log.jinja",
        {"title": _("Who has looked at your record"), "events": events},
    )


# --- Carers ------------------------------------------------------------------


@require_GET
@role_required(Role.CARER)
def carer_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "people/carer_home.jinja",
        {
            "title": _("Your home page"),
            "links": queries.links_for_carer(user),
            **panels.context_for("carer_home", user),
        },
    )


@require_GET
@role_required(Role.CARER)
def carer_person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    # Only while the person's link to this carer stands: withdrawn means 404 at once.
    link = records.own_carer_link(user, service_user_id=pk)
    person = records.service_user_for(user, pk=pk, what="Carer viewed what is shared with them")
    return render(
        request,
        "people/carer_person.jinja",
        {
            "title": person.display_name,
            "person": person,
            "link": link,
            "teams": queries.open_teams_of_person(person),
            "when": when,
            **panels.context_for("carer_person", user, link=link),
        },
    )


# --- Staff -------------------------------------------------------------------


@require_GET
@role_required(*STAFF)
def caseload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    mine_only = request.GET.get("show") != "team"
    page = queries.caseload_page(
        user, mine_only=mine_only, page=request.GET.get("page"), per_page=CASELOAD_PAGE_SIZE
    )
    record(
        actor=user,
        action=Action.LIST,
        object_type="people.CaseloadEntry",
        what=f"Caseload list ({'mine' if mine_only else 'team'}), page {page.number}",
    )
    return render(
        request,
        "people/caseload.jinja",
        {
            "title": "Caseload",
            "page": page,
            "mine_only": mine_only,
            **panels.context_for("caseload", user),
        },
    )


@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened record summary")
    # Asked once: the panels and the includes that show only to staff who treat
    # the person take this answer instead of building the same check again
    # (issue 18; the rule is still written once, in tandem.access.rules).
    treats = user.has_perm("people.change_serviceuser", found)
    return render(
        request,
        "people/person.jinja",
        {
            "title": found.display_name,
            "person": found,
            "teams": queries.open_teams_of_person(found),
            "carers": queries.carers_of(found),
            "when": when,
            "can_change": treats,
            # Carers' views and invitations, the person's choices, tech help:
            # each from its own app, through tandem.people.panels.
            **panels.context_for("person", user, person=found, treats=treats),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def person_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened details to change them")
    form = PersonForm(request.POST or None, initial=PersonForm.initial_from(found))
    return submit_form(
        request,
        form,
        save=lambda data: services.update_service_user(
            actor=user, person=found, details=form.details()
        ),
        success="Details updated",
        then=reverse("people:person", kwargs={"pk": found.pk}),
        template="people/person_form.jinja",
        title=f"Change details for {found.display_name}",
        person=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def register(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    teams, coordinators = queries.registration_choices(user)
    form = RegisterForm(
        request.POST or None,
        teams=teams,
        coordinators=coordinators,
        initial={"first_language": "English", "sex": "X", "ethnicity": "Z", "disability": "Z"},
    )

    def save(data: dict[str, Any]) -> tuple[ServiceUser, str]:
        team = queries.team_of(user, pk=data["team"])
        coordinator = queries.staff_member_in(user, pk=data["care_coordinator"])
        if team is None:
            raise Http404(records.NOT_FOUND)
        added = services.register_service_user(
            actor=user, team=team, details=form.details(), care_coordinator=coordinator
        )
        return added, team.name

    return submit_form(
        request,
        form,
        save=save,
        success=lambda added: f"{added[0].display_name} has been added to {added[1]}",
        then=lambda added: reverse("people:person", kwargs={"pk": added[0].pk}),
        template="people/person_form.jinja",
        title="Add a person to a caseload",
    )


@require_GET
@role_required(Role.MANAGER)
def manager_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "people/manager_home.jinja",
        {
            "title": "Team overview",
            "summaries": queries.manager_overview(user),
            **panels.context_for("manager_home", user),
        },
    )


# --- Service administration ---------------------------------------------------


@require_GET
@role_required(Role.ADMIN)
def admin_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "people/admin_home.jinja",
        {
            "title": "Service settings",
            "organisation": queries.organisation_for_admin(user),
            "teams": queries.service_teams(user),
        },
    )
