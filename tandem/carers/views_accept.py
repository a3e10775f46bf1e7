"""Accepting an invitation to be someone's carer.

The page answers anyone holding the link, signed in or not: the link itself is
what lets them in. It names the person who invited them and lists what will be
shared. Someone without an account makes one here; someone signed in just
accepts. Forged, used, expired and cancelled links all get the same page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers import invitations
from tandem.carers.forms import NewAccountForm
from tandem.carers.models import CarerInvite
from tandem.errors import InvalidInput
from tandem.people.models import CarerLink, User
from tandem.web.forms import error_summary

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _dead(request: HttpRequest) -> HttpResponse:
    return render(
        request, "carers/accept_dead.jinja", {"title": _("This link does not work")}, status=404
    )


def _shared(found: CarerInvite) -> list[str]:
    # A carer staff added sees what the link allows now, which may have changed
    # since the invitation was sent.
    if found.link is not None:
        return found.link.granted_scopes
    return found.scope_labels


def _welcome(request: HttpRequest, link: CarerLink) -> HttpResponse:
    messages.success(
        request,
        _("You are now linked as a carer for %(name)s") % {"name": link.service_user.display_name},
    )
    return redirect("people:carer-person", pk=link.service_user_id)


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.find_invite(token)
    if found is None:
        return _dead(request)
    signed_in = isinstance(request.user, User) and request.user.is_authenticated
    form = None if signed_in else NewAccountForm(request.POST or None)
    problem = ""
    if request.method == "GET":
        record(
            actor=request.user if isinstance(request.user, User) and signed_in else None,
            action=Action.VIEW,
            obj=found,
            what="Opened an invitation to be their carer",
        )
    elif signed_in:
        assert isinstance(request.user, User)
        try:
            link = invitations.accept_invite(invite=found, user=request.user)
        except invitations.InviteNotUsable:
            return _dead(request)
        except InvalidInput as error:
            problem = str(error)
        else:
            return _welcome(request, link)
    elif form is not None and form.is_valid():
        try:
            user, link = invitations.accept_with_new_account(
                invite=found, **form.cleaned_data_for_account()
            )
        except invitations.InviteNotUsable:
            return _dead(request)
        except invitations.EmailInUse:
            form.add_error(
                "email",
                _(
                    "An account already uses this email address. Sign in with it, then open "
                    "the invitation link again"
                ),
            )
        else:
            # A new session key at sign-in, as on the sign-in page.
            login(request, user, backend=BACKEND)
            return _welcome(request, link)
    inviter = found.created_by
    return render(
        request,
        "carers/accept.jinja",
        {
            "title": _("Accept an invitation to be a carer"),
            "invite": found,
            "person": found.service_user,
            "inviter": inviter.full_name if inviter is not None else "",
            "by_staff": found.link_id is not None,
            "shared": _shared(found),
            "form": form,
            "form_errors": error_summary(form)
            or ([{"text": problem, "href": "#accept"}] if problem else []),
            "problem": problem,
            "signed_in": signed_in,
        },
    )
