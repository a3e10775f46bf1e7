"""The service user's own questionnaires: what is due, filling one in, and
their results. Every page offers 'Need help now?' (the base layout); a result
with an answer that needs review puts the crisis contacts at the top."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.measures import pages, queries, selectors, services
from tandem.people.crisis import crisis_contacts_for
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.dates import day, when


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    selectors.own_person(user)
    return render(
        request,
        "measures/mine.jinja",
        {
            "title": _("Your questionnaires"),
            "due": queries.due_list(selectors.own_schedules(user)),
            "history": queries.history(selectors.own_responses(user)),
            "charts": queries.score_charts(selectors.own_responses(user)),
            "day": day,
            "when": when,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.own_person(user)
    schedule = selectors.own_schedule(user, pk=pk)
    assert schedule.instrument is not None
    return pages.fill_response(
        request,
        pages.FillIn(
            actor=user,
            person=person,
            instrument=schedule.instrument,
            audience="person",
            back=reverse("measures:mine"),
            done_url_name="measures:result",
            schedule=schedule,
        ),
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    response = selectors.own_response(user, pk=pk)
    alert = services.alert_for(response) if response.review_items else None
    return render(
        request,
        "measures/result.jinja",
        {
            "title": _("Your %(questionnaire)s answers")
            % {"questionnaire": response.instrument.short_title},
            "response": response,
            "definition": queries.definition_of(response),
            "result": queries.result_for_person(response),
            "rows": queries.answer_rows(response),
            "needs_review": bool(response.review_items),
            "respond_by": queries.by_when(alert.respond_by) if alert else _("today"),
            "crisis_contacts": crisis_contacts_for(user),
            "when": when,
        },
    )
