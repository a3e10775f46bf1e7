"""Changing an email address or mobile number: the password, then a code sent
to the new one. Service users and carers, for their own details only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tandem.invitations import selectors, services
from tandem.invitations.forms import CheckCodeForm, ContactChangeForm
from tandem.invitations.models import ContactKind
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import submit_form

PEOPLE = (Role.SERVICE_USER, Role.CARER)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*PEOPLE)
def change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return submit_form(
        request,
        ContactChangeForm(request.POST or None),
        save=lambda data: services.request_contact_change(actor=user, **data),
        then=lambda made: reverse("invitations:contact-code", kwargs={"pk": made.pk}),
        success=_("We have sent a code to your new details"),
        template="invitations/contact_change.jinja",
        title=_("Change your email address or mobile number"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*PEOPLE)
def code(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.pending_change(user, pk=pk)
    return submit_form(
        request,
        CheckCodeForm(request.POST or None),
        save=lambda data: services.confirm_contact_change(
            actor=user, change=found, code=data["code"]
        ),
        then="people:home",
        success=lambda done: (
            _("Your email address has been changed")
            if done.kind == ContactKind.EMAIL
            else _("Your mobile phone number has been changed")
        ),
        template="invitations/contact_code.jinja",
        title=_("Type the code we sent you"),
        change=found,
    )
