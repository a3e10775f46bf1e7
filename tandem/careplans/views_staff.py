"""Staff writing a person's care plan with them, and recording their answer to
it on their behalf. Staff outside the person's teams get 404. Every read is
audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tandem.careplans import pages, queries, selectors, services
from tandem.careplans.forms import StaffAgreementForm
from tandem.errors import InvalidInput, found_or_404
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web import versioned_pages
from tandem.web.dates import day, when
from tandem.web.forms import form_page


def links(pk: int) -> versioned_pages.Links:
    return pages.PLAN_PAGES.staff_links(
        pk,
        record_answer=reverse("careplans:staff-answer", args=[pk]),
        safety_plan=reverse("safety:staff-plan", args=[pk]),
        preferences=reverse("preferences:person", args=[pk]),
    )


# Read, change, history and PDF are every plan's views (ADR 0050).
_views = versioned_pages.staff_views(pages.PLAN_PAGES, links=links)
plan = _views.plan
change = _views.change
history = _views.history
pdf = _views.pdf


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record, on the person's behalf, whether they agree with the newest version."""
    user = signed_in_user(request)
    person = selectors.person_for_staff(
        user, pk=pk, what="Opened the care plan to record their answer"
    )
    current = found_or_404(queries.current_version(person))
    form = StaffAgreementForm(request.POST or None, initial={"version": current.number})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_agreement_for(
                actor=user,
                person=person,
                version_number=form.cleaned_data["version"],
                agreed=form.cleaned_data["agreed"] == "yes",
                said_on=form.cleaned_data["said_on"],
                reason=form.cleaned_data["reason"],
            )
        except services.NewerVersion as conflict:
            form = StaffAgreementForm(
                {**request.POST.dict(), "version": str(conflict.latest.number)}
            )
            form.is_valid()
            form.add_error(
                None,
                f"{conflict.latest.saved_by_name} saved version {conflict.latest.number} of "
                "the plan while this page was open. Go through the plan as it is now with "
                f"{person.display_name} before recording their answer.",
            )
            current = conflict.latest
        except InvalidInput as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, f"Recorded {person.display_name}'s answer to the plan.")
            return redirect("careplans:staff-plan", pk)
    return form_page(
        request,
        "careplans/answer.jinja",
        f"Record {person.display_name}'s answer to their care plan",
        form,
        person=person,
        version=current,
        existing=getattr(current, "agreement", None),
        links=links(pk),
        when=when,
        day=day,
    )
