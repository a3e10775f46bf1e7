"""Cross-cutting request handling: request ids, security headers (CSP and
Permissions-Policy), idle session expiry, the staff two-step verification gate
and the person's language."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers

from tandem.audit import context
from tandem.people.models import User
from tandem.translations import languages

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), with the WebSocket
    address of the host the page was served from added to connect-src, and the
    group calls' Janus (settings.TANDEM_JANUS_PUBLIC_URL) when one is set."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts  # the 400 for an unknown host needs no socket
        scheme = "wss" if request.is_secure() else "ws"
        sources = [f"{scheme}://{host}"]
        if janus := settings.TANDEM_JANUS_PUBLIC_URL.rstrip("/"):
            # The API itself and everything under it (sessions and handles).
            sources += [janus, f"{janus}/"]
        parts.update = {**(parts.update or {}), "connect-src": sources}
        return parts


def permissions_policy(media: bool) -> str:
    """The Permissions-Policy header: camera and microphone for this origin only
    when ``media``, otherwise for no one; every other listed feature off."""
    allowed = {name: "(self)" if media else "()" for name in settings.TANDEM_MEDIA_PERMISSIONS}
    denied = dict.fromkeys(settings.TANDEM_PERMISSIONS_DENIED, "()")
    return ", ".join(f"{name}={allow}" for name, allow in sorted({**denied, **allowed}.items()))


class PermissionsPolicyMiddleware:
    """Set Permissions-Policy on every response; the camera and microphone only on
    the views in settings.TANDEM_MEDIA_VIEWS (error pages and files get none)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.media_views = frozenset(settings.TANDEM_MEDIA_VIEWS)
        self.with_media = permissions_policy(media=True)
        self.without_media = permissions_policy(media=False)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        media = (
            match is not None
            and match.view_name in self.media_views
            and response.status_code == 200
        )
        response["Permissions-Policy"] = self.with_media if media else self.without_media
        return response


def idle_limit_for(request: HttpRequest) -> int:
    user = request.user
    if isinstance(user, User) and user.is_staff_member:
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
            response = self.get_response(request)
            # Pages for a signed-in person hold personal data: keep them out of
            # shared caches and the back button after sign-out on a shared device.
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "no-store, private"
            return response
        return self.get_response(request)


# Paths a member of staff may reach before completing two-step verification.
MFA_EXEMPT_PREFIXES = (
    "/sign-in/",
    "/sign-out/",
    "/assets/",
    "/help/",
    "/healthz/",
    "/accessibility/",
    "/privacy/",
)


class StaffVerificationMiddleware:
    """Staff must complete TOTP verification before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_staff_member
            # django-otp's middleware adds is_verified() to the user.
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
        ):
            return redirect("signin:verify")
        return self.get_response(request)


class LanguageMiddleware:
    """Pages in the signed-in person's language (ADR 0061); English for staff.
    Someone not signed in reads the language they chose on this browser, else
    the one their browser asks for (ADR 0073). The language is put back
    afterwards so the next request on this thread starts from English."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if isinstance(request.user, User) else None
        signed_out = user is None or not user.is_authenticated
        if signed_out:
            code = languages.signed_out_language(
                chosen=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
                accept_language=request.headers.get("Accept-Language", ""),
            )
        else:
            code = languages.language_for(user)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", code)
        if signed_out:
            # A signed-out page (some are cached publicly) differs by these two.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
