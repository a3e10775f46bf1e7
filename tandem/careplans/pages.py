"""What the care plan pages share, whoever is looking: drawing the plan, the
form for changing it, and the PDF. The views decide who the person is (through
``tandem.careplans.selectors``) before calling these."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tandem.careplans import pdf, queries, services
from tandem.careplans.forms import AgreementForm, PlanForm
from tandem.careplans.models import FIELD_KEYS, PARTS
from tandem.people.models import ServiceUser, User
from tandem.web.dates import day, when
from tandem.web.forms import error_summary


@dataclass(frozen=True)
class Links:
    """Where the buttons on a plan page go, for the audience looking."""

    plan: str
    change: str = ""
    history: str = ""
    pdf: str = ""
    agree: str = ""
    # Staff recording the person's answer on their behalf.
    record_answer: str = ""
    safety_plan: str = ""
    preferences: str = ""
    back: str = ""
    back_text: str = "Back"


def plan_response(
    request: HttpRequest,
    *,
    person: ServiceUser,
    audience: str,
    title: str,
    links: Links,
    agreement_form: AgreementForm | None = None,
) -> HttpResponse:
    page = queries.plan_page(person)
    # The person may answer for themselves even after staff recorded an answer for them.
    unanswered = page.agreement is None or page.agreement.by_staff
    if agreement_form is None and audience == "person" and page.current and unanswered:
        agreement_form = AgreementForm(initial={"version": page.current.number})
    return render(
        request,
        "careplans/plan.jinja",
        {
            "title": title,
            "page": page,
            "audience": audience,
            "links": links,
            "form": agreement_form,
            "form_errors": error_summary(agreement_form),
            "when": when,
            "day": day,
        },
    )


def history_response(
    request: HttpRequest, *, person: ServiceUser, audience: str, title: str, links: Links
) -> HttpResponse:
    return render(
        request,
        "careplans/history.jinja",
        {
            "title": title,
            "person": person,
            "entries": queries.history(person),
            "audience": audience,
            "links": links,
            "when": when,
            "day": day,
        },
    )


def change_response(
    request: HttpRequest,
    *,
    actor: User,
    person: ServiceUser,
    audience: str,
    title: str,
    links: Links,
) -> HttpResponse:
    current = queries.current_version(person)
    newer = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                saved = services.save_plan(
                    actor=actor,
                    person=person,
                    parts=form.parts(),
                    review_on=form.cleaned_data["review_on"],
                    based_on=form.based_on(),
                )
            except services.NewerVersion as conflict:
                newer = conflict.latest
                # Keep the writer's words; start them from the newer version so
                # saving again, once they have looked, goes through.
                data = request.POST.copy()
                data["based_on"] = str(newer.number)
                form = PlanForm(data)
                form.is_valid()
                who = "You" if newer.saved_by_id == actor.pk else newer.saved_by_name
                form.add_error(
                    None,
                    f"{who} saved a newer version of the plan at "
                    f"{timezone.localtime(newer.saved_at):%H:%M} while this page was open. "
                    "Nothing you wrote has been saved yet, and it is all still below. Read "
                    "the newer version, change yours if you need to, then save again.",
                )
            else:
                messages.success(
                    request,
                    "Nothing changed"
                    if saved is None
                    else f"Saved. This is version {saved.number} of the plan.",
                )
                return redirect(links.plan)
    else:
        initial: dict[str, object] = {"based_on": current.number if current else 0}
        if current is not None:
            initial.update({k: current.text_of(k) for k in FIELD_KEYS})
            initial["review_on"] = current.review_on
        else:
            initial["review_on"] = timezone.localdate() + queries.REVIEW_EVERY
        form = PlanForm(initial=initial)
    return render(
        request,
        "careplans/change.jinja",
        {
            "title": title,
            "form": form,
            "form_errors": error_summary(form),
            "person": person,
            "audience": audience,
            "links": links,
            "newer": newer,
            "parts": PARTS,
            "started": current is not None,
            "when": when,
            "day": day,
        },
    )


def pdf_response(person: ServiceUser) -> HttpResponse:
    body = pdf.render(queries.plan_page(person))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="care-plan.pdf"'
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "no-store"
    return response
