"""Staff record what they did about flagged messages; managers and the service
admin review the phrase list, with how often each phrase was a false flag,
and add or retire their own phrases."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.roles import Role
from tandem.warnings import queries, selectors, services
from tandem.warnings.forms import PhraseForm, RecordForm
from tandem.warnings.highlight import highlighted
from tandem.warnings.models import PhraseKind
from tandem.web.dates import when
from tandem.web.forms import confirm_page, submit_form


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    flag = selectors.flag_for(user, pk=pk, what="Opened a flagged message")
    form = RecordForm(request.POST or None)
    if request.method == "POST" and not flag.is_open:
        # Someone recorded it while this page was open: say so and save nothing.
        form.add_error(None, "Someone has already recorded what was done about this message")
    return submit_form(
        request,
        form,
        save=lambda data: services.close_flag(
            actor=user, flag=flag, action=data["action"], note=data["note"]
        ),
        success="What you did is recorded",
        then=lambda closed: reverse("messaging:staff-thread", kwargs={"pk": closed.thread_id}),
        template="warnings/record.jinja",
        title="Record what you did",
        flag=flag,
        thread=flag.thread,
        marked=highlighted(flag.message.body, flag.matches),
        when=when,
    )


@require_GET
@role_required(Role.MANAGER, Role.ADMIN)
def phrases(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "warnings/phrases.jinja",
        {"title": "Worrying words: the phrase list", "review": queries.phrase_review(user)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER, Role.ADMIN)
def add_phrase(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    teams = list(scopes.managed_teams(user).order_by("name"))
    every_team = selectors.is_service_admin(user)
    if not teams and not every_team:
        raise Http404(records.NOT_FOUND)
    initial = {"team": str(teams[0].pk)} if len(teams) == 1 and not every_team else {}
    form = PhraseForm(request.POST or None, teams=teams, every_team=every_team, initial=initial)
    return submit_form(
        request,
        form,
        save=lambda data: services.add_phrase(
            actor=user,
            words=data["words"],
            category=data["category"],
            reason=data["reason"],
            team=form.chosen_team(),
            kind=data.get("kind") or PhraseKind.WORDS,
        ),
        success=lambda _: f"'{form.cleaned_data['words'].strip()}' added to the list",
        then="warnings:phrases",
        template="warnings/add_phrase.jinja",
        title="Add words to look for",
        field="words",
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER, Role.ADMIN)
def retire_phrase(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    phrase = selectors.custom_phrase_for(user, pk=pk)
    return confirm_page(
        request,
        act=lambda: services.retire_phrase(actor=user, phrase=phrase),
        success=f"'{phrase.words}' taken off the list",
        then="warnings:phrases",
        template="warnings/retire_phrase.jinja",
        title=f"Take '{phrase.words}' off the list",
        phrase=phrase,
    )
