"""Equity and service insights for team managers: one report page, a CSV file
per table and a printable PDF, all for the same teams and period (read from
the query string, so each is a plain link that works without JavaScript)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.access import records
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import found_or_404
from tandem.insights import pdf, report, rollup, selectors
from tandem.insights.forms import ReportForm
from tandem.insights.queries import Scope
from tandem.insights.suppression import RULE_IN_WORDS
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import CareTeam, User
from tandem.people.roles import Role
from tandem.web.forms import error_summary

FORM_KEYS = ("team", "first_", "last_")


def _choices(request: HttpRequest) -> tuple[User, ReportForm, list[CareTeam]]:
    user = signed_in_user(request)
    managed = selectors.teams_for(user)
    if not managed:
        raise Http404(records.NOT_FOUND)
    if rollup.latest() is None:
        # First use only: work the figures out once. After that the nightly
        # `manage.py refresh_insights` keeps them up to date.
        rollup.refresh()
    asked = any(key.startswith(FORM_KEYS) for key in request.GET)
    form = ReportForm(
        request.GET if asked else None,
        teams=managed,
        default=report.default_period(timezone.localdate()),
    )
    return user, form, managed


def _scope(user: User, form: ReportForm) -> tuple[Scope, list[CareTeam]]:
    teams = selectors.report_teams(user, team_pk=form.team_pk())
    first, last = form.period()
    scope = Scope(team_ids=tuple(t.pk for t in teams), first=first, last=last, now=timezone.now())
    return scope, teams


def _audit(user: User, teams: list[CareTeam], scope: Scope, what: str) -> None:
    record(
        actor=user,
        action=Action.LIST,
        object_type="insights.Report",
        what=f"{what} for {', '.join(t.name for t in teams)}, "
        f"{scope.first:%-d %b %Y} to {scope.last:%-d %b %Y}"[:300],
    )


@require_GET
@role_required(Role.MANAGER)
def overview(request: HttpRequest) -> HttpResponse:
    user, form, _managed = _choices(request)
    context: dict[str, object] = {
        "title": "Equity and service insights",
        "form": form,
        "form_errors": error_summary(form),
        "rule": RULE_IN_WORDS,
        "caveats": report.CAVEATS,
        "query": request.GET.urlencode(),
    }
    if not form.is_bound or form.is_valid():
        scope, teams = _scope(user, form)
        _audit(user, teams, scope, "Viewed the insights report")
        try:
            context["report"] = report.build(scope, team_names=[t.name for t in teams])
        except rollup.NotAvailable as exc:
            context["not_available"] = str(exc)
    return render(request, "insights/report.jinja", context)


def _valid_scope(request: HttpRequest) -> tuple[User, Scope, list[CareTeam]]:
    user, form, _managed = _choices(request)
    if form.is_bound and not form.is_valid():
        raise Http404(records.NOT_FOUND)
    scope, teams = _scope(user, form)
    try:
        rollup.months(scope)
    except rollup.NotAvailable as exc:
        raise Http404(records.NOT_FOUND) from exc
    return user, scope, teams


@require_GET
@role_required(Role.MANAGER)
def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    user, scope, teams = _valid_scope(request)
    found = found_or_404(report.table(scope, table))
    _audit(user, teams, scope, f"Downloaded the insights table '{found.caption}'")
    response = HttpResponse(
        report.as_csv(found, scope=scope, team_names=[t.name for t in teams]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="insights-{found.slug}-{scope.first}-{scope.last}.csv"'
    )
    return response


@require_GET
@role_required(Role.MANAGER)
def report_pdf(request: HttpRequest) -> HttpResponse:
    user, scope, teams = _valid_scope(request)
    built = report.build(scope, team_names=[t.name for t in teams])
    _audit(user, teams, scope, "Downloaded the insights report as a PDF")
    response = HttpResponse(pdf.render(built), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="insights-{scope.first}-{scope.last}.pdf"'
    )
    return response
