"""Messages for service users and carers: their threads, writing to the team,
replying, and downloading files. Every page says when the team reads its
inbox and how quickly it replies, that messages are not read around the
clock, and lists the crisis contacts there and then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.messaging import queries, selectors, services
from tandem.messaging.attachments import size_text
from tandem.messaging.forms import NewThreadForm, ReplyForm
from tandem.messaging.models import AuthorKind, Thread
from tandem.people.crisis import crisis_contacts_for
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.web.dates import when
from tandem.web.forms import error_summary

PEOPLE = (Role.SERVICE_USER, Role.CARER)
# Set just after a message with worrying words is sent, so the next page
# shows where to get help now (ADR 0014); read once.
HELP_NOW_KEY = "tandem_help_now_thread"

P = ParamSpec("P")
T = TypeVar("T")


def _sent(request: HttpRequest, thread: Thread) -> HttpResponse:
    """After sending: say so, and if the message had worrying words, show the
    crisis contacts first on the thread page."""
    messages.success(request, "Message sent")
    if queries.latest_was_flagged(thread, author=signed_in_user(request)):
        request.session[HELP_NOW_KEY] = thread.pk
    return redirect("messaging:thread", pk=thread.pk)


def page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render with what every message page needs."""
    user = signed_in_user(request)
    return render(
        request,
        template,
        {"when": when, "size_text": size_text, "crisis": crisis_contacts_for(user), **context},
    )


def not_found() -> Http404:
    return Http404(records.NOT_FOUND)


def attempt(
    form: forms.Form, write: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T | None:
    """Run a service write for a valid form. Input the services refuse goes on
    the form as its reason (None is returned); not being allowed is the same
    404 as not found."""
    try:
        return write(*args, **kwargs)
    except services.InvalidInput as exc:
        form.add_error(None, str(exc))
    except PermissionDenied as exc:
        raise not_found() from exc
    return None


def start_thread(
    user: User, form: NewThreadForm, *, person: ServiceUser, as_carer: bool = False
) -> Thread | None:
    """Start the thread a valid ``NewThreadForm`` describes (see ``attempt``)."""
    return attempt(
        form,
        services.start_thread,
        actor=user,
        service_user=person,
        team=form.chosen_team(),
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        files=form.cleaned_data["attached"],
        as_carer=as_carer,
    )


def reply(user: User, form: ReplyForm, thread: Thread) -> bool:
    """Send the reply a valid ``ReplyForm`` holds; False if refused (see ``attempt``)."""
    sent = attempt(
        form,
        services.reply,
        actor=user,
        thread=thread,
        body=form.cleaned_data["body"],
        files=form.cleaned_data["attached"],
    )
    return sent is not None


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = records.own_service_user(user)
    teams = queries.open_teams_of(person)
    return page(
        request,
        "messaging/person/mine.jinja",
        {
            "title": "Messages",
            "threads": list(selectors.own_threads(user)[:200]),
            "teams": teams,
            "inbox_settings": queries.settings_for_teams(teams),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def new(request: HttpRequest) -> HttpResponse:
    person = records.own_service_user(signed_in_user(request))
    return _write(
        request, person, title="Write to your care team", back="messaging:mine", as_carer=False
    )


def _write(
    request: HttpRequest, person: ServiceUser, *, title: str, back: str, as_carer: bool
) -> HttpResponse:
    """Start a thread with the person's team, as the person or as their carer."""
    teams = queries.open_teams_of(person)
    form = NewThreadForm(request.POST or None, request.FILES or None, teams=teams)
    if request.method == "POST" and teams and form.is_valid():
        found = start_thread(signed_in_user(request), form, person=person, as_carer=as_carer)
        if found is not None:
            return _sent(request, found)
    return page(
        request,
        "messaging/person/new.jinja",
        {
            "title": title,
            "form": form,
            "form_errors": error_summary(form),
            "teams": teams,
            "inbox_settings": queries.settings_for_teams(teams),
            "back": back,
            "about": person if as_carer else None,
        },
    )


def _viewer_kind(user: User, thread: Thread) -> str:
    if thread.carer_id is not None or thread.service_user.user_id != user.pk:
        return AuthorKind.CARER
    return AuthorKind.SERVICE_USER


@require_http_methods(["GET", "POST"])
@role_required(*PEOPLE)
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.thread_for(user, pk=pk, what="Read messages")
    kind = _viewer_kind(user, found)
    can_write = selectors.threads_writable_by(user).filter(pk=found.pk).exists()
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_write:
            raise not_found()
        if form.is_valid() and reply(user, form, found):
            return _sent(request, found)
    return page(
        request,
        "messaging/person/thread.jinja",
        {
            "title": found.subject,
            "thread": found,
            "viewer_kind": kind,
            "me": user,
            "messages_shown": queries.messages_in(found),
            "can_write": can_write,
            "form": form,
            "form_errors": error_summary(form),
            "inbox_settings": {found.team_id: queries.settings_for(found.team)},
            "teams": [found.team],
            "back": "messaging:mine"
            if kind == AuthorKind.SERVICE_USER
            else "messaging:carer-index",
            "help_now": request.method == "GET"
            and request.session.pop(HELP_NOW_KEY, None) == found.pk,
        },
    )


@require_GET
@role_required(Role.CARER)
def carer_index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    links = list(selectors.carer_links_that_message(user))
    teams = queries.open_teams_of(*(link.service_user for link in links))
    return page(
        request,
        "messaging/person/carer_index.jinja",
        {
            "title": "Messages with care teams",
            "threads": list(selectors.carer_threads(user)[:200]),
            "links": links,
            "me": user,
            "teams": teams,
            "inbox_settings": queries.settings_for_teams(teams),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CARER)
def carer_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = selectors.carer_links_that_message(user).filter(service_user_id=pk).first()
    if link is None:
        raise not_found()
    person = link.service_user
    return _write(
        request,
        person,
        title=f"Write to {person.display_name}'s care team",
        back="messaging:carer-index",
        as_carer=True,
    )


@require_GET
@role_required(*PEOPLE, *STAFF)
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A file sent with a message, always downloaded (never shown in the page),
    with the type its content showed and the browser told not to guess."""
    user = signed_in_user(request)
    found = selectors.attachment_for(user, pk=pk)
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=found.filename) or "attachment"
    )
    response["Content-Length"] = str(found.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # If a browser did render it, no script or form in it may run.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
