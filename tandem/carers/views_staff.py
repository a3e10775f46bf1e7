"""Staff recording carers for people open to their teams: adding a carer on the
person's consent or on a legal basis, and changing or withdrawing what a carer
can see on the person's say-so. Staff outside the person's teams get 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from tandem.access.records import NOT_FOUND
from tandem.carers import consent, selectors, staff_added
from tandem.carers.forms import (
    SCOPE_HINTS_STAFF,
    StaffAddForm,
    StaffScopesForm,
    StaffWithdrawForm,
)
from tandem.errors import InvalidInput
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web.dates import when
from tandem.web.forms import form_page


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.person_for_staff(user, pk=pk, what="Opened the form to add a carer")
    form = StaffAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link, issued = staff_added.staff_add_carer(
            actor=user,
            person=person,
            details=form.details(),
            relationship=data["relationship"],
            chosen=data["scopes"],
            basis=data["basis"],
            basis_note=data["basis_note"],
            send_invite_by=form.invite_channel,
        )
        messages.success(
            request,
            f"{link.carer.display_name} is recorded as a carer"
            + (" and has been sent an invitation" if issued else ""),
        )
        return redirect("people:person", pk=person.pk)
    return form_page(
        request,
        "carers/staff_add.jinja",
        f"Add a carer for {person.display_name}",
        form,
        person=person,
        hints=SCOPE_HINTS_STAFF,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.link_for_staff(user, pk=pk)
    current = [name for name in link.SCOPES if getattr(link, name)]
    form = StaffScopesForm(request.POST or None, initial={"scopes": current})
    if request.method == "POST" and form.is_valid():
        try:
            changed = consent.change_scopes(
                actor=user,
                link=link,
                chosen=form.cleaned_data["scopes"],
                note=form.cleaned_data["note"],
            )
        except InvalidInput as error:
            # Withdrawn by someone else between opening the page and saving it.
            raise Http404(NOT_FOUND) from error
        messages.success(
            request,
            "Nothing changed"
            if changed is None
            else f"What {link.carer.display_name} can see has changed, and they have been told",
        )
        return redirect("people:person", pk=link.service_user_id)
    return form_page(
        request,
        "carers/staff_change.jinja",
        f"What {link.carer.display_name} can see",
        form,
        link=link,
        hints=SCOPE_HINTS_STAFF,
        history=selectors.consent_history(user, link_id=link.pk),
        when=when,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.link_for_staff(user, pk=pk)
    form = StaffWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent.withdraw(actor=user, link=link, note=form.cleaned_data["note"])
        except InvalidInput as error:
            raise Http404(NOT_FOUND) from error
        messages.success(
            request, f"{link.carer.display_name} can no longer see anything, and has been told"
        )
        return redirect("people:person", pk=link.service_user_id)
    return form_page(
        request,
        "carers/staff_withdraw.jinja",
        f"Withdraw {link.carer.display_name}'s access?",
        form,
        link=link,
    )
