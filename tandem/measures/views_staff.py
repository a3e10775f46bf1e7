"""Staff in a person's team: their answers and outcomes, asking them to fill a
questionnaire in, filling one in with them in a session, and one response.

Staff outside the person's teams get 404. Every read is audited.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.diary.models import CheckInSchedule
from tandem.measures import pages, queries, selectors, services
from tandem.measures.forms import ScheduleForm
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web.dates import day, when
from tandem.web.forms import confirm_page, submit_form


@never_cache
@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.person_for_staff(user, pk=pk, what="Read their questionnaire answers")
    responses = selectors.responses_for_staff(user).filter(service_user=found)
    return render(
        request,
        "measures/person.jinja",
        {
            "title": f"Questionnaires for {found.display_name}",
            "person": found,
            "history": queries.history(responses),
            "charts": queries.score_charts(responses),
            "due": queries.due_list(selectors.schedules_for_staff(user).filter(service_user=found)),
            "instruments": list(selectors.instruments_in_use()),
            "outcomes": queries.talking_therapies_outcomes(responses),
            "yes_no": queries.yes_no,
            "day": day,
            "when": when,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.person_for_staff(
        user, pk=pk, what="Opened 'ask them to fill in a questionnaire'"
    )
    form = ScheduleForm(
        request.POST or None,
        choices=list(selectors.instruments_in_use()),
        teams=selectors.teams_for_person(user, found),
    )

    def asked(schedule: CheckInSchedule) -> str:
        assert schedule.instrument is not None
        return (
            f"{found.display_name} is now asked to fill in the "
            f"{schedule.instrument.short_title}: {queries.how_often(schedule).lower()}"
        )

    return submit_form(
        request,
        form,
        save=lambda data: services.set_up_schedule(
            actor=user,
            service_user=found,
            team=form.chosen_team(),
            instrument=form.chosen_instrument(),
            frequency=data["frequency"],
            weekdays=form.chosen_weekdays(),
            remind_at=form.chosen_time(),
        ),
        success=asked,
        then=reverse("measures:staff-person", args=[pk]),
        template="measures/ask.jinja",
        title=f"Ask {found.display_name} to fill in a questionnaire",
        person=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def end_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    schedule = selectors.schedule_for_staff(user, pk=pk)
    assert schedule.instrument is not None
    return confirm_page(
        request,
        act=lambda: services.end_schedule(actor=user, schedule=schedule),
        success=f"{schedule.service_user.display_name} is no longer asked to fill in the "
        f"{schedule.instrument.short_title}",
        then=reverse("measures:staff-person", args=[schedule.service_user_id]),
        template="measures/end_schedule.jinja",
        title=f"Stop asking for the {schedule.instrument.short_title}",
        anchor="#end",
        schedule=schedule,
        how_often=queries.how_often(schedule),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def fill(request: HttpRequest, pk: int, instrument_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.person_for_staff(
        user, pk=pk, what="Opened a questionnaire to fill in with them"
    )
    instrument = selectors.instrument_in_use(pk=instrument_pk)
    teams = selectors.teams_for_person(user, found)
    if not teams:
        raise Http404(records.NOT_FOUND)
    return pages.fill_response(
        request,
        pages.FillIn(
            actor=user,
            person=found,
            instrument=instrument,
            audience="staff",
            back=reverse("measures:staff-person", args=[pk]),
            done_url_name="measures:staff-response",
            team=teams[0],
        ),
    )


@never_cache
@require_GET
@role_required(*STAFF)
def response(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.response_for_staff(user, pk=pk, what="Read a questionnaire response")
    return render(
        request,
        "measures/response.jinja",
        {
            "title": f"{found.instrument.short_title} from {found.service_user.display_name}",
            "response": found,
            "definition": queries.definition_of(found),
            "result": queries.result_words(found),
            "rows": queries.answer_rows(found),
            "alert": services.alert_for(found) if found.review_items else None,
            "when": when,
        },
    )
