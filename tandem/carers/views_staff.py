"""Staff recording carers for people open to their teams: adding a carer on the
person's consent or on a legal basis, and changing or withdrawing what a carer
can see on the person's say-so. Staff outside the person's teams get 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from tandem.carers import consent, selectors, staff_added
from tandem.carers.forms import (
    SCOPE_HINTS_STAFF,
    StaffAddForm,
    StaffScopesForm,
    StaffWithdrawForm,
)
from tandem.carers.pages import while_linked
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web.dates import when
from tandem.web.forms import submit_form


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def add(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.person_for_staff(user, pk=pk, what="Opened the form to add a carer")
    form = StaffAddForm(request.POST or None)
    return submit_form(
        request,
        form,
        save=lambda data: staff_added.staff_add_carer(
            actor=user,
            person=person,
            details=form.details(),
            relationship=data["relationship"],
            chosen=data["scopes"],
            basis=data["basis"],
            basis_note=data["basis_note"],
            send_invite_by=form.invite_channel,
        ),
        success=lambda added: (
            f"{added[0].carer.display_name} is recorded as a carer"
            + (" and has been sent an invitation" if added[1] else "")
        ),
        then=lambda _: redirect("people:person", pk=person.pk),
        template="carers/staff_add.jinja",
        title=f"Add a carer for {person.display_name}",
        person=person,
        hints=SCOPE_HINTS_STAFF,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.link_for_staff(user, pk=pk)
    current = [name for name in link.SCOPES if getattr(link, name)]
    return submit_form(
        request,
        StaffScopesForm(request.POST or None, initial={"scopes": current}),
        # Withdrawn by someone else between opening the page and saving it: 404.
        save=lambda data: while_linked(
            lambda: consent.change_scopes(
                actor=user, link=link, chosen=data["scopes"], note=data["note"]
            )
        ),
        success=lambda changed: (
            "Nothing changed"
            if changed is None
            else f"What {link.carer.display_name} can see has changed, and they have been told"
        ),
        then=lambda _: redirect("people:person", pk=link.service_user_id),
        template="carers/staff_change.jinja",
        title=f"What {link.carer.display_name} can see",
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
    return submit_form(
        request,
        StaffWithdrawForm(request.POST or None),
        save=lambda data: while_linked(
            lambda: consent.withdraw(actor=user, link=link, note=data["note"])
        ),
        success=f"{link.carer.display_name} can no longer see anything, and has been told",
        then=lambda _: redirect("people:person", pk=link.service_user_id),
        template="carers/staff_withdraw.jinja",
        title=f"Withdraw {link.carer.display_name}'s access?",
        link=link,
    )
