"""Messages for staff: the team inbox and its filters, a thread with reply,
follow-up and hand-over, writing to a person, managers' view of unanswered
messages, and the team's inbox settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.errors import found_or_404
from tandem.messaging import queries, selectors, services
from tandem.messaging.attachments import size_text
from tandem.messaging.forms import (
    FollowUpForm,
    HandOverForm,
    InboxSettingsForm,
    ReplyForm,
)
from tandem.messaging.models import Thread
from tandem.messaging.views_person import new_thread_form, starts_thread
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import StaffMember
from tandem.people.roles import Role
from tandem.preferences.queries import communication_needs_for
from tandem.warnings import queries as warnings_queries
from tandem.warnings.highlight import highlighted
from tandem.web import working_days
from tandem.web.dates import when
from tandem.web.forms import submit_form

# What the staff pages' templates use to write dates, sizes and reply times.
HELPERS: dict[str, Any] = {
    "when": when,
    "size_text": size_text,
    "due_text": working_days.due_text,
}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _to_thread(thread: Thread) -> str:
    return reverse("messaging:staff-thread", kwargs={"pk": thread.pk})


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

    return render(
        request,
        "messaging/staff/inbox.jinja",
        {
            "title": "Team messages",
            "inbox": found,
            "filters": queries.FILTERS,
            "href": href,
            "now": timezone.now(),
            "overdue_at": working_days.due_by,
            **HELPERS,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def staff_thread(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.team_thread_for(user, pk=pk, what="Read messages")
    flags = warnings_queries.flags_in_thread(user, thread_id=found.pk)
    return submit_form(
        request,
        ReplyForm(request.POST or None, request.FILES or None),
        save=lambda data: services.reply(
            actor=user, thread=found, body=data["body"], files=data["attached"]
        ),
        success="Reply sent",
        then=lambda _: _to_thread(found),
        template="messaging/staff/thread.jinja",
        title=found.subject,
        thread=found,
        me=user,
        messages_shown=queries.messages_in(found),
        events=queries.events_in(found),
        flags=flags,
        open_flags=[f for f in flags if f.is_open],
        # Built by markupsafe: the writer's words escaped, only <mark> added.
        marked={f.message_id: highlighted(f.message.body, f.matches) for f in flags},
        inbox_settings=queries.settings_for(found.team),
        communication_needs=communication_needs_for(user, person=found.service_user),
        **HELPERS,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.team_thread_for(user, pk=pk, what="Opened messages to mark for follow-up")
    initial = {"needed": "no" if found.needs_follow_up else "yes", "note": found.follow_up_note}
    return submit_form(
        request,
        FollowUpForm(request.POST or None, initial=initial),
        save=lambda data: services.set_follow_up(
            actor=user, thread=found, needed=data["needed"] == "yes", note=data["note"]
        ),
        success=lambda marked: (
            "Marked as needing clinical follow-up"
            if marked.needs_follow_up
            else "Follow-up mark removed"
        ),
        then=_to_thread,
        template="messaging/staff/follow_up.jinja",
        title=f"Clinical follow-up: {found.subject}",
        thread=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.team_thread_for(user, pk=pk, what="Opened messages to hand over")
    colleagues = queries.colleagues_for(user, found)
    form = HandOverForm(request.POST or None, colleagues=colleagues, me=user.staff.pk)

    def save(data: dict[str, Any]) -> StaffMember:
        to = form.chosen()
        services.hand_over(actor=user, thread=found, to=to, note=data["note"])
        return to

    return submit_form(
        request,
        form,
        save=save,
        success=lambda to: f"Handed to {to.user.full_name}",
        then=lambda _: _to_thread(found),
        template="messaging/staff/hand_over.jinja",
        title=f"Hand over: {found.subject}",
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
    form = new_thread_form(request, teams)
    return submit_form(
        request,
        form,
        save=starts_thread(form, actor=user, person=person),
        success="Message sent",
        then=_to_thread,
        template="messaging/staff/new.jinja",
        title=f"Write to {person.display_name}",
        person=person,
        threads=list(queries.readable_threads_of_person(user, service_user_id=person.pk)[:50]),
        **HELPERS,
    )


@require_GET
@role_required(Role.MANAGER)
def overdue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "messaging/staff/overdue.jinja",
        {
            "title": "Unanswered messages",
            "backlogs": queries.overdue_for_manager(user),
            **HELPERS,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER)
def inbox_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    teams = list(scopes.managed_teams(user).order_by("name"))
    wanted = _int(request.GET.get("team"), 0)
    team = found_or_404(next((t for t in teams if t.pk == wanted), teams[0] if teams else None))
    current = queries.settings_for(team)
    form = InboxSettingsForm(
        request.POST or None,
        initial={
            "answered_when": current.answered_when,
            "response_working_days": current.response_working_days,
        },
    )
    return submit_form(
        request,
        form,
        save=lambda data: services.save_inbox_settings(actor=user, team=team, **data),
        success=f"{team.name}'s message settings saved",
        then=reverse("messaging:settings") + f"?team={team.pk}",
        template="messaging/staff/settings.jinja",
        title=f"Message settings: {team.name}",
        team=team,
        teams=teams,
    )
