"""What the questionnaire pages share, whoever is answering: the one-page form
and saving it. The views decide who the person is (through
``tandem.measures.selectors``) before calling these."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from tandem.access.records import NOT_FOUND
from tandem.diary.models import CheckInSchedule
from tandem.measures import instruments, services
from tandem.measures.forms import AnswersForm
from tandem.measures.models import Instrument
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.web.forms import form_page


@dataclass(frozen=True)
class FillIn:
    """Who is answering, for whom, and where to go afterwards."""

    actor: User
    person: ServiceUser
    instrument: Instrument
    audience: str  # "person" or "staff"
    back: str
    done_url_name: str  # reversed with the new response's pk
    team: CareTeam | None = None
    schedule: CheckInSchedule | None = None


def fill_response(request: HttpRequest, fill: FillIn) -> HttpResponse:
    try:
        definition = instruments.parse(fill.instrument.definition)
    except instruments.InvalidDefinition as exc:
        raise Http404(NOT_FOUND) from exc
    require_all = fill.audience == "person"
    form = AnswersForm(request.POST or None, definition=definition, require_all=require_all)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.submit_response(
                actor=fill.actor,
                service_user=fill.person,
                instrument=fill.instrument,
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
                team=fill.team,
                schedule=fill.schedule,
            )
        except services.RefusedAnswers as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(fill.done_url_name, pk=saved.pk)
    title = (
        definition.title
        if fill.audience == "person"
        else f"{definition.short_title} with {fill.person.display_name}"
    )
    return form_page(request, "measures/fill.jinja", title, form, definition=definition, fill=fill)
