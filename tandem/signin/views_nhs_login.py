"""'Continue with NHS login' (ADR 0031): only when the service has set NHS
login's client settings; otherwise both addresses answer 404."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import User
from tandem.signin import nhs_login, services


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    nhs_login.settings_or_404()
    if request.user.is_authenticated:
        return redirect("people:home")
    try:
        return nhs_login.start(request)
    except nhs_login.FAILURES:
        # NHS login's discovery document could not be read: nobody to sign in.
        services.sign_in_with_nhs_login(claims=None, failure="NHS login could not be reached")
        return _refused(request)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    nhs_login.settings_or_404()
    try:
        claims, failure = nhs_login.finish(request), ""
    except nhs_login.FAILURES as error:
        claims, failure = None, f"{type(error).__name__}: {error}"
    outcome = services.sign_in_with_nhs_login(claims=claims, failure=failure)
    if not isinstance(outcome, User):
        return _refused(request)
    # login() gives a new session key, so a planted session id is useless.
    login(request, outcome, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("people:home")


def _refused(request: HttpRequest) -> HttpResponse:
    # One page whatever the reason, so it says nothing about whose records exist.
    return render(
        request,
        "signin/nhs_login_refused.jinja",
        {"title": "We could not sign you in with NHS login", "crisis": crisis_contacts_for(None)},
    )
