"""Staff working on a person's safety plan with them, recording reviews, and
team managers setting their team's own crisis contacts.

Staff outside the person's teams get 404. Every read is audited.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.roles import Role
from tandem.safety import crisis_lines, pages, queries, selectors, services
from tandem.safety.crisis_flow import LinesPage, change_lines, counted
from tandem.safety.forms import CrisisLinesFormSet, ReviewForm
from tandem.web import versioned_pages
from tandem.web.dates import day
from tandem.web.forms import form_page, submit_form


def links(pk: int) -> versioned_pages.Links:
    return pages.PLAN_PAGES.staff_links(pk, review=reverse("safety:staff-review", args=[pk]))


# Read, change, history and PDF are every plan's views (ADR 0050).
_views = versioned_pages.staff_views(pages.PLAN_PAGES, links=links)
plan = _views.plan
change = _views.change
history = _views.history
pdf = _views.pdf


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.person_for_staff(
        user, pk=pk, what="Opened the safety plan to record a review"
    )
    if queries.current_version(person) is None:
        # Nothing to review until someone has written the plan.
        return redirect("safety:staff-plan", pk=pk)
    form = ReviewForm(
        request.POST or None, initial={"next_review_on": services.next_review_default()}
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.review_plan(
            actor=user,
            person=person,
            next_review_on=data["next_review_on"],
            note=data["note"],
        ),
        success=lambda reviewed: (
            f"Review recorded. The next review is due by {day(reviewed.next_review_on)}."
        ),
        then=reverse("safety:staff-plan", args=[pk]),
        template="safety/review.jinja",
        title=f"Record a review of {person.display_name}'s safety plan",
        person=person,
        links=links(pk),
    )


# --- Team crisis contacts (team managers) -------------------------------------------


@require_GET
@role_required(Role.MANAGER)
def crisis_teams(request: HttpRequest) -> HttpResponse:
    teams = selectors.managed_teams_with_crisis_contacts(signed_in_user(request))
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
    disappear, change or appear and for whom, then the change (HAZ-149)."""
    user = signed_in_user(request)
    team = selectors.managed_team(user, pk=pk)
    current = crisis_lines.current_lines(selectors.team_crisis_contacts(user, team=team))

    def audience() -> str:
        reach = queries.reach_of_team(team)
        carers = f" (and their {counted(reach.carers, 'carer', 'carers')})" if reach.carers else ""
        return f"the {counted(reach.people, 'person', 'people')} open to {team.name}{carers}"

    page = LinesPage(
        caption=team.name,
        heading=f"Crisis lines for {team.name}",
        confirm_heading=f"Check the changes to {team.name}'s crisis lines",
        intro=(
            f"People open to {team.name} see these first, in this order, under 'Need help "
            "now?' and on their safety plans, then the service-wide contacts."
        ),
        back=reverse("safety:crisis-teams"),
        back_text="Back to your teams' crisis contacts",
        audience=audience,
        done=reverse("safety:crisis-teams"),
        done_message=f"Crisis lines for {team.name} changed",
        nothing_message=f"Nothing changed in the crisis lines for {team.name}",
    )
    return change_lines(
        request,
        page=page,
        formset_class=CrisisLinesFormSet,
        current=current,
        save=lambda based_on, proposed: services.change_team_crisis_lines(
            actor=user, team=team, based_on=based_on, proposed=proposed
        ),
    )
