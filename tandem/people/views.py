"""People pages: each role's home, the caseload, a person's record, and details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.alerts import queries as alert_queries
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers import selectors as carers_access
from tandem.inclusion.queries import summary_for_person
from tandem.people import queries, services
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.forms import ContactDetailsForm, PersonForm, RegisterForm
from tandem.people.models import CarerLink
from tandem.people.roles import Role, primary_role
from tandem.preferences.queries import choices_of
from tandem.safety import crisis_lines
from tandem.safety import services as safety_services
from tandem.safety.crisis_flow import LinesPage, change_lines, counted
from tandem.safety.forms import ServiceCrisisLinesFormSet
from tandem.safety.queries import reach_of_service
from tandem.web.dates import when
from tandem.web.forms import error_summary

CASELOAD_PAGE_SIZE = 50
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
    role = primary_role(signed_in_user(request))
    if role is None:
        raise Http404(records.NOT_FOUND)
    return redirect(HOME_FOR_ROLE[role])


# --- Service users -----------------------------------------------------------


@require_GET
@role_required(Role.SERVICE_USER)
def service_user_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_service_user(user)
    return render(
        request,
        "people/service_user_home.jinja",
        {
            "title": "Your home page",
            "me": me,
            "teams": queries.open_teams_of_person(user, service_user_id=me.pk),
            "carers": queries.carers_of(user, service_user_id=me.pk),
            "scope_labels": CarerLink.SCOPES,
        },
    )


@require_GET
@role_required(Role.SERVICE_USER)
def my_details(request: HttpRequest) -> HttpResponse:
    me = records.own_service_user(signed_in_user(request))
    return render(request, "people/my_details.jinja", {"title": "Your details", "me": me})


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def my_details_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_service_user(user)
    form = ContactDetailsForm(
        request.POST or None,
        initial={
            "email": me.email,
            "phone": me.phone,
            "postcode": me.postcode,
            "pronouns": me.pronouns,
        },
    )
    if request.method == "POST" and form.is_valid():
        changed = services.update_own_contact_details(actor=user, **form.cleaned_data)
        messages.success(
            request, "Your details have been updated" if changed else "Nothing changed"
        )
        return redirect("people:my-details")
    return render(
        request,
        "people/my_details_change.jinja",
        {"title": "Change your contact details", "form": form, "form_errors": error_summary(form)},
    )


@require_GET
@role_required(Role.SERVICE_USER)
def my_access_log(request: HttpRequest) -> HttpResponse:
    events = records.accesses_to_own_record(signed_in_user(request))
    return render(
        request,
        "people/my_access_log.jinja",
        {"title": "Who has looked at your record", "events": events},
    )


# --- Carers ------------------------------------------------------------------


@require_GET
@role_required(Role.CARER)
def carer_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "people/carer_home.jinja",
        {"title": "Your home page", "links": queries.links_for_carer(user)},
    )


@require_GET
@role_required(Role.CARER)
def carer_person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    # Only while the person's link to this carer stands: withdrawn means 404 at once.
    link = carers_access.link_as_carer(user, service_user_id=pk)
    person = records.service_user_for(user, pk=pk, what="Carer viewed what is shared with them")
    return render(
        request,
        "people/carer_person.jinja",
        {
            "title": person.display_name,
            "person": person,
            "link": link,
            "teams": queries.open_teams_of_person(user, service_user_id=pk),
            "views": carers_access.own_views_as_carer(user, link=link),
            "when": when,
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
            "alerts": alert_queries.waiting_for(user),
        },
    )


@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened record summary")
    return render(
        request,
        "people/person.jinja",
        {
            "title": found.display_name,
            "person": found,
            "teams": queries.open_teams_of_person(user, service_user_id=pk),
            "carers": queries.carers_of(user, service_user_id=pk),
            "carer_views": carers_access.carer_views_for_staff(user, service_user_id=pk),
            "carer_invites": carers_access.pending_staff_invites(user, service_user_id=pk),
            "when": when,
            "choices": choices_of(user, person=found),
            "inclusion": summary_for_person(user, service_user_id=found.pk),
            "can_change": user.has_perm("people.change_serviceuser", found),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def person_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened details to change them")
    form = PersonForm(request.POST or None, initial=PersonForm.initial_from(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service_user(actor=user, person=found, details=form.details())
        except services.DuplicateNhsNumber:
            form.add_error("nhs_number", "Another record already has this NHS number")
        else:
            messages.success(request, "Details updated")
            return redirect("people:person", pk=found.pk)
    return render(
        request,
        "people/person_form.jinja",
        {
            "title": f"Change details for {found.display_name}",
            "form": form,
            "form_errors": error_summary(form),
            "person": found,
        },
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
    if request.method == "POST" and form.is_valid():
        team = queries.team_of(user, pk=form.cleaned_data["team"])
        coordinator = queries.staff_member_in(user, pk=form.cleaned_data["care_coordinator"])
        if team is None:
            raise Http404(records.NOT_FOUND)
        try:
            added = services.register_service_user(
                actor=user, team=team, details=form.details(), care_coordinator=coordinator
            )
        except services.DuplicateNhsNumber:
            form.add_error("nhs_number", "Another record already has this NHS number")
        else:
            messages.success(request, f"{added.display_name} has been added to {team.name}")
            return redirect("people:person", pk=added.pk)
    return render(
        request,
        "people/person_form.jinja",
        {"title": "Add a person to a caseload", "form": form, "form_errors": error_summary(form)},
    )


@require_GET
@role_required(Role.MANAGER)
def manager_home(request: HttpRequest) -> HttpResponse:
    summaries = queries.manager_overview(signed_in_user(request))
    return render(
        request, "people/manager_home.jinja", {"title": "Team overview", "summaries": summaries}
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


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def crisis_contacts(request: HttpRequest) -> HttpResponse:
    """Change the service-wide crisis lines as a team's own are changed: every
    line by id, a confirm page naming who stops seeing what, one audited service
    (HAZ-151)."""
    user = signed_in_user(request)
    organisation = queries.organisation_for_admin(user)
    if organisation is None:
        raise Http404(records.NOT_FOUND)
    current = crisis_lines.current_lines(queries.service_crisis_contacts(user))

    def audience() -> str:
        reach = reach_of_service()
        people = counted(reach.people, "person", "people")
        carers = counted(reach.carers, "carer", "carers")
        return f"every person using the service ({people}) and their carers ({carers})"

    page = LinesPage(
        caption="Service settings",
        heading="Crisis contacts",
        confirm_heading="Check the changes to the service-wide crisis lines",
        intro=(
            "Everyone using the service and their carers see these under 'Need help now?' "
            "on every page and on their safety plans, in this order, after their team's own."
        ),
        back=reverse("people:admin-home"),
        back_text="Back to service settings",
        audience=audience,
        done=reverse("people:crisis-contacts"),
        done_message="Service-wide crisis lines changed",
        nothing_message="Nothing changed in the service-wide crisis lines",
        fallback=[crisis_lines.Line(**d.__dict__) for d in services.DEFAULT_CRISIS_CONTACTS],
    )
    return change_lines(
        request,
        page=page,
        formset_class=ServiceCrisisLinesFormSet,
        current=current,
        save=lambda based_on, proposed: safety_services.change_service_crisis_lines(
            actor=user, organisation=organisation, based_on=based_on, proposed=proposed
        ),
    )
