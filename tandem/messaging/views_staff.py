"""Messages for staff: the team inbox and its filters, a thread with reply,
follow-up and hand-over, writing to a person, managers' view of unanswered
messages, and the team's inbox settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.messaging import queries, selectors, services, working_days
from tandem.messaging.attachments import size_text
from tandem.messaging.forms import (
    FollowUpForm,
    HandOverForm,
    InboxSettingsForm,
    NewThreadForm,
    ReplyForm,
)
from tandem.messaging.models import Thread
from tandem.messaging.views_person import attempt, not_found, reply, start_thread, when
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.warnings import queries as warnings_queries
from tandem.warnings.highlight import highlighted
from tandem.web.forms import error_summary, form_page


def page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(
        request,
        template,
        {"when": when, "size_text": size_text, "due_text": working_days.due_text, **context},
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@require_GET
@role_required(*STAFF)
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    show = request.GET.get("show", queries.DEFAULT_FILTER)
    team_id = _int(request.GET.get("team"), 0) or None
    found = queries.inbox(user, show=show, team_id=team_id, page=_int(request.GET.get("page"), 1))

    def href(**changes: Any) -> str:
        params = {"show": found.show, "team": found.team.pk if found.team else "", "page": 1}
        params.update(changes)
        return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None, 1)})

    return page(
        request,
        "messaging/staff/inbox.jinja",
        {
            "title": "Team messages",
            "inbox": found,
            "filters": queries.FILTERS,
            "href": href,
            "now": timezone.now(),
            "overdue_at": working_days.due_by,
        },
    )


def _staff_thread(request: HttpRequest, pk: int, what: str) -> tuple[User, Thread]:
    user = signed_in_user(request)
    found = selectors.thread_for(user, pk=pk, what=what)
    # A clinician who is also a carer or service user reaches only their team's threads here.
    if not scopes.teams_of(user).filter(pk=found.team_id).exists():
        raise not_found()
    return user, found


def _thread_page(request: HttpRequest, user: User, found: Thread, form: ReplyForm) -> HttpResponse:
    settings = queries.settings_for(found.team)
    flags = warnings_queries.flags_in_thread(user, thread_id=found.pk)
    return page(
        request,
        "messaging/staff/thread.jinja",
        {
            "title": found.subject,
            "thread": found,
            "me": user,
            "messages_shown": queries.messages_in(found),
            "events": queries.events_in(found),
            "flags": flags,
            "open_flags": [f for f in flags if f.is_open],
            # Built by markupsafe: the writer's words escaped, only <mark> added.
            "marked": {f.message_id: highlighted(f.message.body, f.matches) for f in flags},
            "inbox_settings": settings,
            "form": form,
            "form_errors": error_summary(form),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def staff_thread(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _staff_thread(request, pk, "Read messages")
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and reply(user, form, found):
        messages.success(request, "Reply sent")
        return redirect("messaging:staff-thread", pk=found.pk)
    return _thread_page(request, user, found, form)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _staff_thread(request, pk, "Opened messages to mark for follow-up")
    initial = {"needed": "no" if found.needs_follow_up else "yes", "note": found.follow_up_note}
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        needed = form.cleaned_data["needed"] == "yes"
        note = form.cleaned_data["note"]
        marked = attempt(
            form, services.set_follow_up, actor=user, thread=found, needed=needed, note=note
        )
        if marked is not None:
            messages.success(
                request,
                "Marked as needing clinical follow-up" if needed else "Follow-up mark removed",
            )
            return redirect("messaging:staff-thread", pk=found.pk)
    return form_page(
        request,
        "messaging/staff/follow_up.jinja",
        f"Clinical follow-up: {found.subject}",
        form,
        thread=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _staff_thread(request, pk, "Opened messages to hand over")
    colleagues = queries.colleagues_for(user, found)
    form = HandOverForm(request.POST or None, colleagues=colleagues, me=user.staff.pk)
    if request.method == "POST" and form.is_valid():
        to = form.chosen()
        note = form.cleaned_data["note"]
        handed = attempt(form, services.hand_over, actor=user, thread=found, to=to, note=note)
        if handed is not None:
            messages.success(request, f"Handed to {to.user.full_name}")
            return redirect("messaging:staff-thread", pk=found.pk)
    return form_page(
        request,
        "messaging/staff/hand_over.jinja",
        f"Hand over: {found.subject}",
        form,
        thread=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def staff_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Write to a person open to one of the user's teams (from their record)."""
    user = signed_in_user(request)
    person = records.service_user_for(user, pk=pk, what="Opened a record to write a message")
    mine = {t.pk for t in scopes.teams_of(user)}
    teams = [t for t in queries.open_teams_of(person) if t.pk in mine]
    form = NewThreadForm(request.POST or None, request.FILES or None, teams=teams)
    if request.method == "POST" and teams and form.is_valid():
        found = start_thread(user, form, person=person)
        if found is not None:
            messages.success(request, "Message sent")
            return redirect("messaging:staff-thread", pk=found.pk)
    return page(
        request,
        "messaging/staff/new.jinja",
        {
            "title": f"Write to {person.display_name}",
            "person": person,
            "form": form,
            "form_errors": error_summary(form),
            "threads": list(
                queries.readable_threads_of_person(user, service_user_id=person.pk)[:50]
            ),
        },
    )


@require_GET
@role_required(Role.MANAGER)
def overdue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return page(
        request,
        "messaging/staff/overdue.jinja",
        {"title": "Unanswered messages", "backlogs": queries.overdue_for_manager(user)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def inbox_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    teams = list(scopes.managed_teams(user).order_by("name"))
    wanted = _int(request.GET.get("team"), 0)
    team = next((t for t in teams if t.pk == wanted), teams[0] if teams else None)
    if team is None:
        raise not_found()
    current = queries.settings_for(team)
    form = InboxSettingsForm(
        request.POST or None,
        initial={
            "answered_when": current.answered_when,
            "response_working_days": current.response_working_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            services.save_inbox_settings,
            actor=user,
            team=team,
            answered_when=form.cleaned_data["answered_when"],
            response_working_days=form.cleaned_data["response_working_days"],
        )
        if saved is not None:
            messages.success(request, f"{team.name}'s message settings saved")
            return redirect(reverse("messaging:settings") + f"?team={team.pk}")
    return form_page(
        request,
        "messaging/staff/settings.jinja",
        f"Message settings: {team.name}",
        form,
        team=team,
        teams=teams,
    )
