"""What the plan pages share, whoever is looking: drawing the plan and the form
for changing it (the history page and the PDF download are the same for every
plan, in ``tandem.web.versioned_pages``). The views decide who the person is
(through ``tandem.safety.selectors``) before calling these."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy

from tandem.people.models import ServiceUser, User
from tandem.safety import pdf, queries, selectors, services
from tandem.safety.forms import PlanForm
from tandem.safety.models import SECTIONS
from tandem.web import reading, versioned_pages
from tandem.web.dates import day, when


@dataclass(frozen=True)
class Links(versioned_pages.Links):
    """The shared buttons, and this plan's own."""

    review: str = ""


def plan_response(
    request: HttpRequest,
    *,
    person: ServiceUser,
    audience: str,
    title: str,
    links: versioned_pages.Links,
) -> HttpResponse:
    context = {"title": title, "page": queries.plan_page(person), "audience": audience}
    if audience == "person":
        # Only the person's own plan has an easy-read version (ADR 0062).
        return reading.render_page(
            request, "safety/plan.jinja", {"when": when, "day": day, "links": links, **context}
        )
    return versioned_pages.page(request, "safety/plan.jinja", links=links, **context)


def change_response(
    request: HttpRequest,
    *,
    actor: User,
    person: ServiceUser,
    audience: str,
    title: str,
    links: versioned_pages.Links,
) -> HttpResponse:
    current = queries.current_version(person)

    def initial() -> dict[str, object]:
        if current is None:
            return {"based_on": 0, "professionals": queries.suggested_professionals(person)}
        return {"based_on": current.number} | {s.key: current.text_of(s.key) for s in SECTIONS}

    return versioned_pages.change_page(
        request,
        actor=actor,
        form_class=PlanForm,
        initial=initial,
        save=lambda form: services.save_plan(
            actor=actor, person=person, sections=form.sections(), based_on=form.based_on()
        ),
        kept=gettext("Your words are still below."),
        done=links.plan,
        template="safety/change.jinja",
        title=title,
        person=person,
        audience=audience,
        links=links,
        sections=SECTIONS,
        started=current is not None,
        crisis=queries.crisis_contacts_for_person(person),
    )


PLAN_PAGES = versioned_pages.PlanPages(
    noun="safety plan",
    carer_title=gettext_lazy("%(name)s's safety plan"),
    app="safety",
    links=Links,
    plan=plan_response,
    change=change_response,
    plan_page=queries.plan_page,
    history_of=queries.history,
    render_pdf=pdf.render,
    own_person=selectors.own_person,
    person_for_staff=selectors.person_for_staff,
    person_for_carer=selectors.person_for_carer,
)
