"""The carer's own pages: giving their view before an assessment or review, and
how Tandem contacts them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from tandem.access import records
from tandem.carers import from_carers, selectors
from tandem.carers.forms import CarerViewForm, PreferencesForm
from tandem.errors import InvalidInput
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import form_page


@require_http_methods(["GET", "POST"])
@role_required(Role.CARER)
def give_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.link_for_giving_views(user, service_user_id=pk)
    form = CarerViewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            from_carers.give_view(actor=user, link=link, details=form.details())
        except (InvalidInput, PermissionDenied) as error:
            # Sharing stopped between opening the form and sending it.
            raise Http404(records.NOT_FOUND) from error
        messages.success(
            request,
            f"Thank you. {link.service_user.display_name}'s care team will see your view "
            "with their record.",
        )
        return redirect("people:carer-person", pk=pk)
    return form_page(
        request,
        "carers/give_view.jinja",
        "Give your view before an assessment or review",
        form,
        person=link.service_user,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CARER)
def preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    me = records.own_carer(user)
    form = PreferencesForm(
        request.POST or None,
        initial={
            "email": me.email,
            "phone": me.phone,
            "by_email": me.by_email,
            "by_sms": me.by_sms,
            "preferred_channel": me.preferred_channel,
        },
    )
    if request.method == "POST" and form.is_valid():
        changed = from_carers.update_carer_preferences(actor=user, choices=form.choices())
        messages.success(request, "Your choices have been saved" if changed else "Nothing changed")
        return redirect("people:carer-home")
    return form_page(request, "carers/preferences.jinja", "How we contact you", form)
