"""Messages for service users and carers: their threads, writing to the team,
replying, and downloading files. Every page says when the team reads its
inbox and how quickly it replies, that messages are not read around the
clock, and lists the crisis contacts there and then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.messaging import presenters, queries, selectors, services
from tandem.messaging.forms import NewThreadForm, ReplyForm
from tandem.messaging.models import AuthorKind, Thread
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.people.roles import Role
from tandem.web import reading
from tandem.web.forms import submit_form

PEOPLE = (Role.SERVICE_USER, Role.CARER)
# Set just after a message with worrying words is sent, so the next page
# shows where to get help now (ADR 0014); read once.
HELP_NOW_KEY = "tandem_help_now_thread"


def _sent(request: HttpRequest, thread: Thread) -> HttpResponse:
    """After sending (the form page has said so): if the message had worrying
    words, show the crisis contacts first on the thread page."""
    if queries.latest_was_flagged(thread, author=signed_in_user(request)):
        request.session[HELP_NOW_KEY] = thread.pk
    return redirect("messaging:thread", pk=thread.pk)


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = records.own_service_user(user)
    teams = queries.open_teams_of(person)
    return reading.render_page(
        request,
        "messaging/person/mine.jinja",
        {
            "title": _("Messages"),
            "threads": list(selectors.own_threads(user)[:200]),
            "teams": teams,
            "inbox_settings": queries.settings_for_teams(teams),
            **presenters.for_person(user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def new(request: HttpRequest) -> HttpResponse:
    person = records.own_service_user(signed_in_user(request))
    return _write(
        request, person, title=_("Write to your care team"), back="messaging:mine", as_carer=False
    )


def new_thread_form(request: HttpRequest, teams: list[CareTeam]) -> NewThreadForm:
    """The form that starts a thread. With no team to write to, the page has
    no form, so a post is not read."""
    posted = (request.POST or None, request.FILES or None) if teams else (None, None)
    return NewThreadForm(*posted, teams=teams)


def starts_thread(
    form: NewThreadForm, *, actor: User, person: ServiceUser, as_carer: bool = False
) -> Callable[[dict[str, Any]], Thread]:
    """The one service call of a page that starts a thread from ``form``."""

    def save(data: dict[str, Any]) -> Thread:
        return services.start_thread(
            actor=actor,
            service_user=person,
            team=form.chosen_team(),
            subject=data["subject"],
            body=data["body"],
            files=data["attached"],
            as_carer=as_carer,
        )

    return save


def _write(
    request: HttpRequest, person: ServiceUser, *, title: str, back: str, as_carer: bool
) -> HttpResponse:
    """Start a thread with the person's team, as the person or as their carer."""
    user = signed_in_user(request)
    teams = queries.open_teams_of(person)
    form = new_thread_form(request, teams)
    return submit_form(
        request,
        form,
        save=starts_thread(form, actor=user, person=person, as_carer=as_carer),
        success="Message sent",
        then=lambda found: _sent(request, found),
        template="messaging/person/new.jinja",
        title=title,
        teams=teams,
        inbox_settings=queries.settings_for_teams(teams),
        back=back,
        about=person if as_carer else None,
        **presenters.for_person(user),
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
    if request.method == "POST" and not can_write:
        raise Http404(records.NOT_FOUND)
    return submit_form(
        request,
        ReplyForm(request.POST or None, request.FILES or None),
        save=lambda data: services.reply(
            actor=user, thread=found, body=data["body"], files=data["attached"]
        ),
        success="Message sent",
        then=lambda _: _sent(request, found),
        template="messaging/person/thread.jinja",
        title=found.subject,
        thread=found,
        viewer_kind=kind,
        me=user,
        messages_shown=queries.messages_in(found),
        can_write=can_write,
        inbox_settings={found.team_id: queries.settings_for(found.team)},
        teams=[found.team],
        back="messaging:mine" if kind == AuthorKind.SERVICE_USER else "messaging:carer-index",
        help_now=request.method == "GET" and request.session.pop(HELP_NOW_KEY, None) == found.pk,
        **presenters.for_person(user),
    )


@require_GET
@role_required(Role.CARER)
def carer_index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    links = list(selectors.carer_links_that_message(user))
    teams = queries.open_teams_of(*(link.service_user for link in links))
    return render(
        request,
        "messaging/person/carer_index.jinja",
        {
            "title": _("Messages with care teams"),
            "threads": list(selectors.carer_threads(user)[:200]),
            "links": links,
            "me": user,
            "teams": teams,
            "inbox_settings": queries.settings_for_teams(teams),
            **presenters.for_person(user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CARER)
def carer_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = selectors.carer_link_that_messages(user, service_user_id=pk).service_user
    return _write(
        request,
        person,
        title=_("Write to %(name)s's care team") % {"name": person.display_name},
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
