"""Pages anyone can reach, and the error pages."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tandem.people.crisis import crisis_contacts_for
from tandem.people.models import User
from tandem.translations import languages
from tandem.web import help_sections, reading


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    contacts = crisis_contacts_for(user)
    # What comes next (the person's own safety plan, plans shared with a carer)
    # is added by the apps that own it, through tandem.web.help_sections.
    return reading.render_page(
        request,
        "web/help.jinja",
        {"title": _("Need help now?"), "contacts": contacts, **help_sections.context_for(user)},
    )


@require_GET
@cache_control(max_age=3600, public=True)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.jinja", {"title": _("Accessibility statement")})


@require_GET
@cache_control(max_age=3600, public=True)
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.jinja", {"title": _("How we use your information")})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness with one database round trip; also the floor for benchmarks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "web/error.jinja", {"title": title, "message": message}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        404,
        _("Page not found"),
        _(
            "If you typed the web address, check it is correct. If you pasted the web address, "
            "check you copied the entire address."
        ),
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A refusal (`PermissionDenied`, from a view or the service it called) is
    answered with the same page and status as a missing record, so nobody learns
    from the answer that a record exists but is not theirs (ADR 0005, ADR 0024).
    This handler is the one place that happens; views do not catch it."""
    return not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request, 400, _("Something was wrong with that request"), _("Go back and try again.")
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request,
        403,
        _("This page has expired"),
        _("For your security, forms expire. Go back, refresh the page and try again."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: its context needs the database, which
    # may be what failed, and the crisis numbers on this page must still show.
    # Django calls this while it handles the exception, so the exception is at
    # hand: a database that cannot be reached (a failover, a restart) is a 503
    # that says to try again soon, and proxies and monitors see it is passing
    # (ADR 0046); the transaction was rolled back, so nothing is half-saved.
    unavailable = isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))
    title = (
        _("Sorry, the service is unavailable")
        if unavailable
        else _("Sorry, there is a problem with the service")
    )
    # In the language the page would have been in (ADR 0061, ADR 0073); the
    # crisis numbers are figures kept out of the words, the same in every one.
    language = languages.language(translation.get_language() or languages.ENGLISH)
    html = render_to_string("web/server_error.jinja", {"title": title, "language": language})
    response = HttpResponse(html, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response
