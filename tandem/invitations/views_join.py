"""The pages a person's invitation opens: a letter's code, their date of birth,
their password, and what to know before they start.

Anyone holding a working link reaches them; forged, used, expired and stopped
links all get the same 'This link does not work' page, whatever the reason
(HAZ-167). The date of birth comes first; once it is right, the session
remembers it for this invitation only, and the password form is shown.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from tandem.invitations import services
from tandem.invitations.forms import (
    WRONG_DATE_OF_BIRTH,
    CodeForm,
    DateOfBirthForm,
    PasswordForm,
)
from tandem.invitations.models import Invitation
from tandem.people.crisis import crisis_contacts_for
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.forms import form_page, submit_form

BACKEND = "django.contrib.auth.backends.ModelBackend"
CHECKED = "invitation_checked"
NO_CODE = gettext_lazy(
    "This code does not work. Check it, or ask your care team to send a new invitation"
)


def _dead(request: HttpRequest) -> HttpResponse:
    return render(
        request, "invitations/dead.jinja", {"title": _("This link does not work")}, status=404
    )


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Where a letter sends people: they type the code printed on it."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = services.normalise(form.cleaned_data["code"])
        if services.find(code) is not None:
            return redirect("invitations:join", token=code)
        form.add_error("code", NO_CODE)
    return form_page(request, "invitations/start.jinja", _("Use the code from your letter"), form)


def _checked(request: HttpRequest, invitation: Invitation) -> bool:
    return request.session.get(CHECKED) == invitation.token_hash


@sensitive_post_parameters("password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    found = services.find(token)
    if found is None:
        return _dead(request)
    if request.method == "GET":
        services.opened(invitation=found)
    if _checked(request, found):
        return _password(request, found)
    form = DateOfBirthForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            right = services.check_date_of_birth(
                invitation=found, date_of_birth=form.cleaned_data["date_of_birth"]
            )
        except services.NotUsable:
            return _dead(request)
        if right:
            request.session[CHECKED] = found.token_hash
            return redirect(request.path)
        if services.find(token) is None:
            return _dead(request)
        form.add_error("date_of_birth", WRONG_DATE_OF_BIRTH)
    return form_page(request, "invitations/check.jinja", _("Check it is you"), form)


def _password(request: HttpRequest, found: Invitation) -> HttpResponse:
    person = found.service_user
    account = person.user
    form = PasswordForm(
        request.POST if request.method == "POST" else None,
        full_name=f"{person.given_name} {person.family_name}",
        initial={"email": account.email if account is not None else person.email},
    )

    def save(data: dict[str, str]) -> HttpResponse:
        try:
            user = services.accept(invitation=found, email=data["email"], password=data["password"])
        except services.NotUsable:
            return _dead(request)
        # A new session key at sign-in, as on the sign-in page.
        login(request, user, backend=BACKEND)
        return redirect("invitations:before-you-start")

    return submit_form(
        request,
        form,
        save=save,
        then=lambda response: response,
        template="invitations/password.jinja",
        title=_("Choose your password"),
        person=person,
    )


@require_GET
@role_required(Role.SERVICE_USER)
def before_you_start(request: HttpRequest) -> HttpResponse:
    """What the service does with messages, who sees the record and where crisis
    help is, said once before the person starts."""
    user = signed_in_user(request)
    return render(
        request,
        "invitations/before_you_start.jinja",
        {"title": _("Before you start"), "crisis": crisis_contacts_for(user)},
    )
