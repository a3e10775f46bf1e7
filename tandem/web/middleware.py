"""Cross-cutting request handling: request ids, idle session expiry and the
staff two-step verification gate."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tandem.audit import context

Handler = Callable[[HttpRequest], HttpResponse]
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9-]{8,64}$")
LAST_SEEN_KEY = "tandem_last_seen"
# Re-saving the session on every request would write to the database each time;
# a minute's slack on a 30-minute idle limit costs nothing in safety.
TOUCH_EVERY_SECONDS = 60


class RequestIdMiddleware:
    """Give each request an id (or keep a proxy's), for logs and audit rows."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        token = context.begin(incoming if REQUEST_ID_RE.match(incoming) else None)
        try:
            request.request_id = context.current_request_id()  # type: ignore[attr-defined]
            response = self.get_response(request)
            response["X-Request-ID"] = context.current_request_id()
            return response
        finally:
            context.end(token)


def idle_limit_for(request: HttpRequest) -> int:
    user = request.user
    if user.is_authenticated and user.is_staff_member:  # type: ignore[union-attr]
        return settings.TANDEM_STAFF_IDLE_SECONDS
    return settings.TANDEM_PUBLIC_IDLE_SECONDS


class SessionIdleMiddleware:
    """Sign people out after a period of inactivity (30 minutes for staff)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > idle_limit_for(request):
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?timed_out=1")
            if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Paths a member of staff may reach before completing two-step verification.
MFA_EXEMPT_PREFIXES = ("/sign-in/", "/sign-out/", "/assets/", "/help/", "/healthz/")


class StaffVerificationMiddleware:
    """Staff must complete TOTP verification before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff_member  # type: ignore[union-attr]
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
        ):
            return redirect("signin:verify")
        return self.get_response(request)
