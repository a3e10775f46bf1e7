"""The service user's 'Carers and family' page: who can see what, inviting a
carer, changing what each can see, and stopping sharing altogether.

Each change takes effect on the carer's next request, because the access
module reads the link's switches every time. The carer is told that something
changed, never what.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.carers import consent, invitations, selectors
from tandem.carers.forms import SCOPE_HINTS, InviteForm, ScopesForm
from tandem.errors import InvalidInput
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.dates import when
from tandem.web.forms import form_page

TOLD = "We have told them that what you share has changed, but not what."


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    links = list(selectors.own_links(user))
    return render(
        request,
        "carers/mine.jinja",
        {
            "title": "Carers and family",
            "links": links,
            "invites": [i for i in selectors.own_invites(user) if i.is_pending],
            "history": selectors.consent_histories(user, link_ids=[link.pk for link in links]),
            "when": when,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def invite(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued = invitations.invite_carer(
            actor=user,
            details=form.details(),
            relationship=data["relationship"],
            sent_by=data["sent_by"],
            chosen=data["scopes"],
        )
        where = "email" if data["sent_by"] == "email" else "text message"
        messages.success(
            request,
            f"We have sent {issued.invite.carer.display_name} an invitation by {where}. "
            "It works once and for 14 days.",
        )
        return redirect("carers:mine")
    return form_page(
        request, "carers/invite.jinja", "Invite a carer or family member", form, hints=SCOPE_HINTS
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def invite_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.own_pending_invite(user, pk=pk)
    if request.method == "POST":
        invitations.cancel_invite(actor=user, invite=found)
        messages.success(request, f"The invitation to {found.carer.display_name} is cancelled")
        return redirect("carers:mine")
    return render(
        request,
        "carers/invite_cancel.jinja",
        {"title": f"Cancel the invitation to {found.carer.display_name}?", "invite": found},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.own_link(user, pk=pk)
    current = [name for name in link.SCOPES if getattr(link, name)]
    form = ScopesForm(request.POST or None, initial={"scopes": current})
    if request.method == "POST" and form.is_valid():
        try:
            changed = consent.change_scopes(
                actor=user, link=link, chosen=form.cleaned_data["scopes"]
            )
        except InvalidInput as error:
            # Withdrawn (by staff, on the person's word) while this page was open.
            raise Http404(records.NOT_FOUND) from error
        if changed is None:
            messages.success(request, "Nothing changed")
        else:
            messages.success(request, f"What {link.carer.display_name} can see has changed. {TOLD}")
        return redirect("carers:mine")
    return form_page(
        request,
        "carers/change.jinja",
        f"What {link.carer.display_name} can see",
        form,
        link=link,
        hints=SCOPE_HINTS,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.own_link(user, pk=pk)
    if request.method == "POST":
        try:
            consent.withdraw(actor=user, link=link)
        except (InvalidInput, PermissionDenied):
            messages.success(request, "Sharing had already stopped")
        else:
            messages.success(
                request,
                f"You have stopped sharing with {link.carer.display_name}. "
                "They can no longer see anything about you. We have told them it changed.",
            )
        return redirect("carers:mine")
    return render(
        request,
        "carers/withdraw.jinja",
        {"title": f"Stop sharing with {link.carer.display_name}?", "link": link},
    )
