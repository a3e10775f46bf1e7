"""The service user's 'Carers and family' page: who can see what, inviting a
carer, changing what each can see, and stopping sharing altogether.

Each change takes effect on the carer's next request, because the access
module reads the link's switches every time. The carer is told that something
changed, never what.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.carers import consent, invitations, selectors
from tandem.carers.forms import SCOPE_HINTS, InviteForm, ScopesForm
from tandem.carers.pages import while_linked
from tandem.errors import InvalidInput
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.dates import when
from tandem.web.forms import submit_form


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
            "title": _("Carers and family"),
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
    return submit_form(
        request,
        form,
        save=lambda data: invitations.invite_carer(
            actor=user,
            details=form.details(),
            relationship=data["relationship"],
            sent_by=data["sent_by"],
            chosen=data["scopes"],
        ),
        success=lambda issued: (
            (
                _(
                    "We have sent %(name)s an invitation by email. "
                    "It works once and for %(days)s days."
                )
                if issued.invite.sent_by == "email"
                else _(
                    "We have sent %(name)s an invitation by text message. "
                    "It works once and for %(days)s days."
                )
            )
            % {"name": issued.invite.carer.display_name, "days": 14}
        ),
        then="carers:mine",
        template="carers/invite.jinja",
        title=_("Invite a carer or family member"),
        hints=SCOPE_HINTS,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def invite_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.own_pending_invite(user, pk=pk)
    if request.method == "POST":
        invitations.cancel_invite(actor=user, invite=found)
        messages.success(
            request,
            _("The invitation to %(name)s is cancelled") % {"name": found.carer.display_name},
        )
        return redirect("carers:mine")
    return render(
        request,
        "carers/invite_cancel.jinja",
        {
            "title": _("Cancel the invitation to %(name)s?") % {"name": found.carer.display_name},
            "invite": found,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.own_link(user, pk=pk)
    current = [name for name in link.SCOPES if getattr(link, name)]
    return submit_form(
        request,
        ScopesForm(request.POST or None, initial={"scopes": current}),
        # Withdrawn (by staff, on the person's word) while this page was open: 404.
        save=lambda data: while_linked(
            lambda: consent.change_scopes(actor=user, link=link, chosen=data["scopes"])
        ),
        success=lambda changed: (
            _("Nothing changed")
            if changed is None
            else _(
                "What %(name)s can see has changed. "
                "We have told them that what you share has changed, but not what."
            )
            % {"name": link.carer.display_name}
        ),
        then="carers:mine",
        template="carers/change.jinja",
        title=_("What %(name)s can see") % {"name": link.carer.display_name},
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
        except InvalidInput:
            messages.success(request, _("Sharing had already stopped"))
        else:
            messages.success(
                request,
                _(
                    "You have stopped sharing with %(name)s. "
                    "They can no longer see anything about you. We have told them it changed."
                )
                % {"name": link.carer.display_name},
            )
        return redirect("carers:mine")
    return render(
        request,
        "carers/withdraw.jinja",
        {
            "title": _("Stop sharing with %(name)s?") % {"name": link.carer.display_name},
            "link": link,
        },
    )
