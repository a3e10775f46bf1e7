"""Feedback results for team managers (issue 24): one page, for the teams and
period chosen in the query string, as the main report is."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.access import records
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.feedback import selectors as feedback
from tandem.insights import feedback_results, report, selectors
from tandem.insights.forms import ReportForm
from tandem.insights.suppression import RULE_IN_WORDS
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import error_summary


@require_GET
@role_required(Role.MANAGER)
def results(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    managed = selectors.teams_for(user)
    if not managed:
        raise Http404(records.NOT_FOUND)
    asked = any(key.startswith(("team", "first_", "last_")) for key in request.GET)
    form = ReportForm(
        request.GET if asked else None,
        teams=managed,
        default=report.default_period(timezone.localdate()),
    )
    context: dict[str, object] = {
        "title": "Feedback from service users",
        "form": form,
        "form_errors": error_summary(form),
        "rule": RULE_IN_WORDS,
    }
    if not form.is_bound or form.is_valid():
        teams = selectors.report_teams(user, team_pk=form.team_pk())
        first, last = form.period()
        answers = feedback.answers_for(user, team_ids=[t.pk for t in teams], first=first, last=last)
        record(
            actor=user,
            action=Action.LIST,
            object_type="insights.FeedbackResults",
            what=f"Viewed feedback results for {', '.join(t.name for t in teams)}, "
            f"{first:%-d %b %Y} to {last:%-d %b %Y}"[:300],
        )
        context.update(
            results=feedback_results.build(answers, teams=teams),
            team_names=[t.name for t in teams],
            first=first,
            last=last,
        )
    return render(request, "insights/feedback.jinja", context)
