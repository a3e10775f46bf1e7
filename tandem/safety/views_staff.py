"""Staff working on a person's safety plan with them, recording reviews, and
team managers setting their team's own crisis contacts.

Staff outside the person's teams get 404. Every read is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import safety as safety_access
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import CareTeam
from tandem.people.roles import Role
from tandem.safety import crisis_lines, pages, queries, services
from tandem.safety.forms import CrisisLinesFormSet, ReviewForm
from tandem.web.dates import day
from tandem.web.forms import form_page


def links(pk: int) -> pages.Links:
    return pages.Links(
        plan=reverse("safety:staff-plan", args=[pk]),
        change=reverse("safety:staff-change", args=[pk]),
        history=reverse("safety:staff-history", args=[pk]),
        pdf=reverse("safety:staff-pdf", args=[pk]),
        review=reverse("safety:staff-review", args=[pk]),
        back=reverse("people:person", args=[pk]),
        back_text="Back to their record",
    )


@never_cache
@require_GET
@role_required(*STAFF)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    person = safety_access.person_for_staff(
        signed_in_user(request), pk=pk, what="Read the safety plan"
    )
    return pages.plan_response(
        request,
        person=person,
        audience="staff",
        title=f"Safety plan for {person.display_name}",
        links=links(pk),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = safety_access.person_for_staff(user, pk=pk, what="Opened the safety plan to change it")
    return pages.change_response(
        request,
        actor=user,
        person=person,
        audience="staff",
        title=f"Safety plan for {person.display_name}",
        links=links(pk),
    )


@never_cache
@require_GET
@role_required(*STAFF)
def history(request: HttpRequest, pk: int) -> HttpResponse:
    person = safety_access.person_for_staff(
        signed_in_user(request), pk=pk, what="Read the history of the safety plan"
    )
    return pages.history_response(
        request,
        person=person,
        audience="staff",
        title=f"Changes to {person.display_name}'s safety plan",
        links=links(pk),
    )


@never_cache
@require_GET
@role_required(*STAFF)
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = safety_access.person_for_staff(
        signed_in_user(request), pk=pk, what="Downloaded the safety plan as a PDF"
    )
    return pages.pdf_response(person)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = safety_access.person_for_staff(
        user, pk=pk, what="Opened the safety plan to record a review"
    )
    if queries.current_version(person) is None:
        # Nothing to review until someone has written the plan.
        return redirect("safety:staff-plan", pk=pk)
    form = ReviewForm(
        request.POST or None, initial={"next_review_on": services.next_review_default()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            reviewed = services.review_plan(
                actor=user,
                person=person,
                next_review_on=form.cleaned_data["next_review_on"],
                note=form.cleaned_data["note"],
            )
        except services.InvalidInput as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Review recorded. The next review is due by {day(reviewed.next_review_on)}.",
            )
            return redirect("safety:staff-plan", pk=pk)
    return form_page(
        request,
        "safety/review.jinja",
        f"Record a review of {person.display_name}'s safety plan",
        form,
        person=person,
        links=links(pk),
    )


# --- Team crisis contacts (team managers) -------------------------------------------


@require_GET
@role_required(Role.MANAGER)
def crisis_teams(request: HttpRequest) -> HttpResponse:
    teams = safety_access.managed_teams_with_crisis_contacts(signed_in_user(request))
    return form_page(
        request,
        "safety/crisis_teams.jinja",
        "Your teams' crisis contacts",
        None,
        teams=teams,
        out_of_hours=queries.out_of_hours_line_ids([c for _, lines in teams for c in lines]),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def team_crisis_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a team's crisis lines: the form, then a page naming what will
    disappear, change or appear and for whom, then the change (HAZ-149).

    Every step is a plain form post, so it works without JavaScript. The
    confirm page carries the form's fields forward unchanged and the
    service checks them all again.
    """
    user = signed_in_user(request)
    team = safety_access.managed_team(user, pk=pk)
    current = crisis_lines.current_lines(safety_access.team_crisis_contacts(user, team=team))
    if request.method != "POST":
        return lines_page(request, team=team, formset=CrisisLinesFormSet(current=current))
    formset = CrisisLinesFormSet(request.POST, current=current)
    problem = formset.shape_problem()
    if problem is not None:
        # Nothing in a form like this is trusted: start again from what is saved.
        fresh = CrisisLinesFormSet(current=current)
        return lines_page(request, team=team, formset=fresh, problem=problem, status=400)
    if not formset.is_valid():
        return lines_page(request, team=team, formset=formset)
    diff = crisis_lines.difference(current, formset.proposed())
    if not diff:
        messages.info(request, f"Nothing changed in the crisis lines for {team.name}")
        return redirect("safety:crisis-teams")
    if "edit" in request.POST:
        return lines_page(request, team=team, formset=formset)
    if "confirm" not in request.POST:
        return render(
            request,
            "safety/team_crisis_confirm.jinja",
            {
                "title": f"Check the changes to {team.name}'s crisis lines",
                "team": team,
                "diff": diff,
                "reach": queries.reach_of_team(team),
                "carried": [
                    (key, value)
                    for key, value in request.POST.items()
                    if key not in {"csrfmiddlewaretoken", "confirm", "edit"}
                ],
            },
        )
    try:
        services.change_team_crisis_lines(
            actor=user, team=team, based_on=formset.based_on, proposed=formset.proposed()
        )
    except services.InvalidInput as error:
        if isinstance(error, services.LastOutOfHoursLine):
            formset.needs_replacement = error.lost
        formset.non_form_errors().append(str(error))
        return lines_page(request, team=team, formset=formset)
    messages.success(request, f"Crisis lines for {team.name} changed")
    return redirect("safety:crisis-teams")


def lines_page(
    request: HttpRequest,
    *,
    team: CareTeam,
    formset: CrisisLinesFormSet,
    problem: str | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = [{"text": problem, "href": "#lines"}] if problem else formset.error_list()
    return render(
        request,
        "safety/team_crisis_contacts.jinja",
        {
            "title": f"Crisis lines for {team.name}",
            "team": team,
            "formset": formset,
            "form_errors": errors,
        },
        status=status,
    )
