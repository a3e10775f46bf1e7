"""Pages for managing appointments: team settings, referrals and waits, contact
plans, continuity, discharge and staff workload.

Data is read through ``tandem.access`` and ``manage_queries`` (scoped to the
user) and written only through services. Team settings, continuity and
workload are for the team's managers; referrals, plans and discharge for staff
of a team the person is open to. Anyone else gets the same 404 as a missing page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.appointments import discharge as discharging
from tandem.appointments import manage_queries as queries
from tandem.appointments import manage_services, services
from tandem.appointments.forms_manage import (
    WEEKDAYS,
    AppointmentTypeForm,
    ChangeAppointmentTypeForm,
    ContactPlanForm,
    PeriodForm,
    ReferralForm,
    RoomForm,
    SiteForm,
    TeamRulesForm,
)
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import found_or_404
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.people.roles import Role
from tandem.web.forms import form_page, submit_form


def _managed(user: User, pk: int) -> CareTeam:
    return found_or_404(queries.managed_team(user, pk=pk))


def _person(user: User, pk: int, what: str) -> tuple[ServiceUser, list[CareTeam]]:
    """A person open to one of the user's teams, and those teams; 404 otherwise."""
    person = records.service_user_for(user, pk=pk, what=what)
    teams = queries.shared_teams(user, person)
    if not teams:
        raise Http404(records.NOT_FOUND)
    return person, teams


# --- Team settings (managers) ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def team_rules(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    team = _managed(user, pk)
    current = queries.rules_of(team)
    initial = {name: getattr(current, name) for name in manage_services.RULE_BOUNDS}
    return submit_form(
        request,
        TeamRulesForm(request.POST or None, initial=initial),
        save=lambda data: manage_services.set_team_rules(
            actor=user, team=team, rules=manage_services.Rules(**data)
        ),
        success=f"Rules for {team.name} saved",
        then=reverse("appointments:team-rules", kwargs={"pk": team.pk}),
        template="appointments/manage/team_rules.jinja",
        title=f"Rules for {team.name}",
        team=team,
    )


@require_GET
@role_required(Role.MANAGER)
def types(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    team = _managed(user, pk)
    return render(
        request,
        "appointments/manage/types.jinja",
        {
            "title": f"Appointment types for {team.name}",
            "team": team,
            "types": queries.appointment_types(team),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def type_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    team = _managed(user, pk)
    return submit_form(
        request,
        AppointmentTypeForm(request.POST or None),
        save=lambda data: manage_services.add_appointment_type(actor=user, team=team, **data),
        success=lambda added: f"{added.name} added",
        then=reverse("appointments:types", kwargs={"pk": team.pk}),
        template="appointments/manage/type_form.jinja",
        title=f"Add an appointment type for {team.name}",
        team=team,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def type_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = found_or_404(queries.appointment_type_for(user, pk=pk))
    form = ChangeAppointmentTypeForm(
        request.POST or None,
        initial={
            "name": found.name,
            "kind": found.kind,
            "duration_minutes": found.duration_minutes,
            "self_bookable": "yes" if found.self_bookable else "no",
            "is_active": "yes" if found.is_active else "no",
        },
    )
    return submit_form(
        request,
        form,
        save=lambda data: manage_services.change_appointment_type(
            actor=user, appointment_type=found, **data
        ),
        success="Appointment type saved",
        then=reverse("appointments:types", kwargs={"pk": found.team_id}),
        template="appointments/manage/type_form.jinja",
        title=f"Change {found.name}",
        team=found.team,
    )


@require_GET
@role_required(Role.MANAGER)
def sites(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "appointments/manage/sites.jinja",
        {"title": "Sites and rooms", "sites": queries.sites(user)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def site_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisations = queries.organisations(user)
    if not organisations:
        raise Http404(records.NOT_FOUND)
    form = SiteForm(request.POST or None, organisations=organisations)
    return submit_form(
        request,
        form,
        save=lambda data: manage_services.add_site(
            actor=user,
            organisation=form.chosen_organisation(),
            **{k: v for k, v in data.items() if k != "organisation"},
        ),
        success=lambda site: f"{site.name} added",
        then="appointments:sites",
        template="appointments/manage/site_form.jinja",
        title="Add a site",
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def room_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    site = found_or_404(queries.site_for(user, pk=pk))
    return submit_form(
        request,
        RoomForm(request.POST or None),
        save=lambda data: manage_services.add_room(actor=user, site=site, name=data["name"]),
        field="name",
        success=lambda room: f"{room.name} added at {site.name}",
        then="appointments:sites",
        template="appointments/manage/room_form.jinja",
        title=f"Add a room at {site.name}",
        site=site,
    )


# --- Referrals and waits ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person, teams = _person(user, pk, "Opened referrals")
    form = ReferralForm(request.POST or None, teams=teams)
    return submit_form(
        request,
        form,
        save=lambda data: services.record_referral(
            actor=user,
            service_user=person,
            team=form.chosen_team(),
            received_on=data["received_on"],
            source=data["source"],
        ),
        success="Referral recorded",
        then=reverse("appointments:referral-add", kwargs={"pk": person.pk}),
        template="appointments/manage/referral_form.jinja",
        title=f"Referrals for {person.display_name}",
        person=person,
        referrals=queries.referrals_of(user, person),
    )


@require_GET
@role_required(*STAFF)
def waiting_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    record(
        actor=user,
        action=Action.LIST,
        object_type="appointments.Referral",
        what="Waiting list for their teams",
    )
    return render(
        request,
        "appointments/manage/waiting_list.jinja",
        {
            "title": "Waiting list",
            "teams": queries.waiting_list(user),
            "ways": queries.WAYS,
        },
    )


# --- Contact plans ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def contact_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person, teams = _person(user, pk, "Opened the contact plan")
    team_ids = {t.pk for t in teams}
    clinicians = [s for t in teams for s in queries.team_clinicians(t)]
    unique = list({s.pk: s for s in clinicians}.values())
    posted = request.POST if request.method == "POST" else None
    if posted is not None and posted.get("action") == "end":
        plan = queries.contact_plan_for(user, pk=_int(posted.get("plan")), person=person)
        if plan is None or plan.team_id not in team_ids:
            raise Http404(records.NOT_FOUND)
        try:
            manage_services.end_contact_plan(actor=user, plan=plan)
        except services.InvalidInput:
            pass  # ended meanwhile: the page shows it ended
        else:
            messages.success(request, "Contact plan ended")
        return redirect("appointments:contact-plan", pk=person.pk)
    form = ContactPlanForm(posted, teams=teams, clinicians=unique)
    return submit_form(
        request,
        form,
        save=lambda data: services.agree_contact_plan(
            actor=user,
            service_user=person,
            team=form.chosen_team(),
            clinician=form.chosen_clinician(),
            modality=data["modality"],
            every_days=form.interval(),
            weekday=form.chosen_weekday(),
            description=data["description"],
        ),
        success="Contact plan agreed",
        then=reverse("appointments:contact-plan", kwargs={"pk": person.pk}),
        template="appointments/manage/contact_plan.jinja",
        title=f"Contact plan for {person.display_name}",
        person=person,
        plans=queries.contact_plans_of(user, person),
        weekdays=WEEKDAYS,
    )


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


# --- Discharge -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def discharge(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person, teams = _person(user, pk, "Opened discharge")
    chosen = _int(request.POST.get("team") or request.GET.get("team"))
    team = next((t for t in teams if t.pk == chosen), teams[0] if len(teams) == 1 else None)
    if team is None:
        return render(
            request,
            "appointments/manage/discharge_team.jinja",
            {"title": f"Discharge {person.display_name}", "person": person, "teams": teams},
        )
    if request.method == "POST":
        try:
            done = discharging.discharge(actor=user, service_user=person, team=team)
        except services.InvalidInput as exc:
            messages.error(request, str(exc))
            return redirect("people:caseload")
        messages.success(
            request,
            f"{person.display_name} has been discharged from {team.name}. "
            + (
                "A letter telling them how to come back has been queued."
                if done.letter_channel
                else "There is no way to send them a letter: a task has been raised for the "
                "team to contact them."
            ),
        )
        return redirect("people:caseload")
    steps = discharging.what_will_happen(actor=user, service_user=person, team=team)
    return render(
        request,
        "appointments/manage/discharge.jinja",
        {
            "title": f"Discharge {person.display_name} from {team.name}",
            "steps": steps,
        },
    )


# --- Continuity and workload (managers) -----------------------------------------------


@require_GET
@role_required(Role.MANAGER)
def continuity(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    record(
        actor=user,
        action=Action.LIST,
        object_type="worklist.WorkItem",
        what="Continuity overview for managed teams",
    )
    return render(
        request,
        "appointments/manage/continuity.jinja",
        {
            "title": "Continuity",
            "kinds": queries.continuity_items(user),
            "teams": queries.managed_teams(user),
        },
    )


DEFAULT_WEEKS_BACK = 4
DEFAULT_WEEKS_AHEAD = 4


@require_GET
@role_required(Role.MANAGER)
def workload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    first = today - dt.timedelta(weeks=DEFAULT_WEEKS_BACK)
    last = today + dt.timedelta(weeks=DEFAULT_WEEKS_AHEAD)
    asked = any(key.startswith(("first_", "last_")) for key in request.GET)
    form = PeriodForm(request.GET if asked else None, initial={"first": first, "last": last})
    if asked and form.is_valid():
        first = form.cleaned_data["first"] or first
        last = form.cleaned_data["last"] or last
    record(
        actor=user,
        action=Action.LIST,
        object_type="appointments.Appointment",
        what="Staff workload for managed teams",
    )
    loads = queries.workload(user, first=first, last=last)
    return form_page(
        request,
        "appointments/manage/workload.jinja",
        "Staff workload",
        form,
        loads=loads,
        weeks=queries.weeks_between(first, last),
        first=first,
        last=last,
        teams=queries.managed_teams(user),
    )
