"""The service admin's questionnaires: the list, adding the service's own
licensed questionnaire as data, and retiring one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tandem.measures import instruments, queries, selectors, services
from tandem.measures.forms import InstrumentForm
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.dates import day, when
from tandem.web.forms import confirm_page, form_page


@require_GET
@role_required(Role.ADMIN)
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "measures/instruments.jinja",
        {
            "title": "Questionnaires",
            "instruments": list(selectors.instruments_for_admin(user)),
            "day": day,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_instrument(
                actor=user,
                definition=form.cleaned_data["definition"],
                licence_note=form.cleaned_data["licence_note"],
            )
        except instruments.InvalidDefinition as exc:
            for problem in exc.problems:
                form.add_error("definition", problem)
        except services.InvalidInput as exc:
            form.add_error("definition", str(exc))
        else:
            messages.success(request, f"{added.short_title} (version {added.version}) added")
            return redirect("measures:instrument", pk=added.pk)
    return form_page(request, "measures/add_instrument.jinja", "Add a questionnaire", form)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    """One questionnaire as people see it, with 'retire' for one in use."""
    user = signed_in_user(request)
    found = selectors.instrument_for_admin(user, pk=pk)
    return confirm_page(
        request,
        act=lambda: services.retire_instrument(actor=user, instrument=found),
        success=f"{found.short_title} (version {found.version}) retired",
        then="measures:instruments",
        template="measures/instrument.jinja",
        title=f"{found.short_title} (version {found.version})",
        instrument=found,
        definition=queries.definition_of(found),
        when=when,
    )
