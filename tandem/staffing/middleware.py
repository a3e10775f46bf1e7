"""A leaver's account ends on its day even if no scheduled job runs.

Why a check on requests as well as the nightly ``manage.py end_leavers``: a
missed or broken cron job must not leave a leaver signed in (HAZ-170). Each
signed-in request, and each POST (so a sign-in attempt too), asks one question
of a tiny partial index: is any leaving due but not yet applied? (A signed-in
request asks it inside the query that reads the account's roles.) Almost always
the answer is no. When it is yes, the leavings are applied there and then
(account off, sessions deleted, hand-over tasks raised), and a leaver making
this request is signed out. Once applied, the account is inactive, and
Django's own checks refuse it at sign-in and on every request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from tandem.people.models import User
from tandem.people.roles import read_account
from tandem.staffing import selectors, services

Handler = Callable[[HttpRequest], HttpResponse]


class LeaverMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        signed_in = user.is_authenticated
        if signed_in and isinstance(user, User):
            # Asked in the query that reads the account's roles, which every
            # signed-in page needs anyway (issue 18): the same question, no query
            # of its own.
            question = selectors.leaving_due_asked(timezone.localdate(), connection.vendor)
            due = bool(read_account(user, leaving_due=question)["leaving_due"])
        else:
            due = request.method == "POST" and selectors.leaving_due(timezone.localdate())
        if due:
            ended = services.apply_due_leavings()
            if signed_in and user.pk in ended:
                logout(request)
                return redirect(settings.LOGIN_URL)
            if signed_in:
                # Someone else's leaving may have changed a team this person is
                # in: their roles are read again when next asked.
                user._tandem_roles = None  # type: ignore[union-attr]
        return self.get_response(request)
