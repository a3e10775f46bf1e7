"""Staff record what they did about flagged messages; managers and the service
admin review the phrase list, with how often each phrase was a false flag,
and add or retire their own phrases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.roles import Role
from tandem.warnings import queries, selectors, services
from tandem.warnings.forms import PhraseForm, RecordForm
from tandem.warnings.highlight import highlighted
from tandem.web.dates import when
from tandem.web.forms import form_page


def not_found() -> Http404:
    return Http404(records.NOT_FOUND)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    flag = selectors.flag_for(user, pk=pk, what="Opened a flagged message")
    form = RecordForm(request.POST or None)
    if request.method == "POST":
        if not flag.is_open:
            form.add_error(None, "Someone has already recorded what was done about this message")
        elif form.is_valid():
            try:
                services.close_flag(
                    actor=user,
                    flag=flag,
                    action=form.cleaned_data["action"],
                    note=form.cleaned_data["note"],
                )
            except services.InvalidInput as exc:
                form.add_error(None, str(exc))
            except PermissionDenied as exc:
                raise not_found() from exc
            else:
                messages.success(request, "What you did is recorded")
                return redirect("messaging:staff-thread", pk=flag.thread_id)
    return form_page(
        request,
        "warnings/record.jinja",
        "Record what you did",
        form,
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
        raise not_found()
    initial = {"team": str(teams[0].pk)} if len(teams) == 1 and not every_team else {}
    form = PhraseForm(request.POST or None, teams=teams, every_team=every_team, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_phrase(
                actor=user,
                words=form.cleaned_data["words"],
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                team=form.chosen_team(),
            )
        except services.InvalidInput as exc:
            form.add_error("words", str(exc))
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, f"'{form.cleaned_data['words'].strip()}' added to the list")
            return redirect("warnings:phrases")
    return form_page(request, "warnings/add_phrase.jinja", "Add words to look for", form)


@require_http_methods(["GET", "POST"])
@role_required(Role.MANAGER, Role.ADMIN)
def retire_phrase(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    phrase = selectors.custom_phrase_for(user, pk=pk)
    problem = ""
    if request.method == "POST":
        try:
            services.retire_phrase(actor=user, phrase=phrase)
        except services.InvalidInput as exc:
            problem = str(exc)
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, f"'{phrase.words}' taken off the list")
            return redirect("warnings:phrases")
    return render(
        request,
        "warnings/retire_phrase.jinja",
        {
            "title": f"Take '{phrase.words}' off the list",
            "phrase": phrase,
            "form_errors": [{"text": problem, "href": "#retire"}] if problem else [],
            "problem": problem,
        },
    )
