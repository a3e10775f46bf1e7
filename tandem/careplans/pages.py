"""What the care plan pages share, whoever is looking: drawing the plan and
the form for changing it (the history page and the PDF are the same for every
plan, in ``tandem.web.versioned_pages``). The views decide who the person is
(through ``tandem.careplans.selectors``) before calling these."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.careplans import pdf, queries, selectors, services
from tandem.careplans.forms import AgreementForm, PlanForm
from tandem.careplans.models import FIELD_KEYS, PARTS
from tandem.people.models import ServiceUser, User
from tandem.web import versioned_pages
from tandem.web.forms import error_summary


@dataclass(frozen=True)
class Links(versioned_pages.Links):
    """The shared buttons, and this plan's own."""

    agree: str = ""
    # Staff recording the person's answer on their behalf.
    record_answer: str = ""
    safety_plan: str = ""
    preferences: str = ""


def plan_response(
    request: HttpRequest,
    *,
    person: ServiceUser,
    audience: str,
    title: str,
    links: versioned_pages.Links,
    agreement_form: AgreementForm | None = None,
) -> HttpResponse:
    page = queries.plan_page(person)
    if audience == "person":
        # The shared person views name it in English ("Your care plan").
        title = _("Your care plan")
    # The person may answer for themselves even after staff recorded an answer for them.
    unanswered = page.agreement is None or page.agreement.by_staff
    if agreement_form is None and audience == "person" and page.current and unanswered:
        agreement_form = AgreementForm(initial={"version": page.current.number})
    return versioned_pages.page(
        request,
        "careplans/plan.jinja",
        title=title,
        page=page,
        audience=audience,
        links=links,
        form=agreement_form,
        form_errors=error_summary(agreement_form),
    )


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
            return {"based_on": 0, "review_on": timezone.localdate() + queries.REVIEW_EVERY}
        return {"based_on": current.number, "review_on": current.review_on} | {
            k: current.text_of(k) for k in FIELD_KEYS
        }

    return versioned_pages.change_page(
        request,
        actor=actor,
        form_class=PlanForm,
        initial=initial,
        save=lambda form: services.save_plan(
            actor=actor,
            person=person,
            parts=form.parts(),
            review_on=form.cleaned_data["review_on"],
            based_on=form.based_on(),
        ),
        kept=_("Nothing you wrote has been saved yet, and it is all still below."),
        done=links.plan,
        template="careplans/change.jinja",
        title=title,
        person=person,
        audience=audience,
        links=links,
        parts=PARTS,
        started=current is not None,
    )


PLAN_PAGES = versioned_pages.PlanPages(
    noun="care plan",
    carer_title=gettext_lazy("%(name)s's care plan"),
    app="careplans",
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
