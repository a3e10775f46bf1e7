"""The service user's own diary: today's check-in, filling in a day, trends,
who sees it, and their own warning signs and schedule."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import diary as diary_access
from tandem.diary import pages, queries, services
from tandem.diary.forms import EntryForm, SharingForm, entry_initial
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.dates import day
from tandem.web.forms import error_summary

# Set after a note with worrying words is saved; the next page shows the help
# panel once, before anything else.
HELP_NOW = "diary_help_now"


def links() -> pages.Links:
    return pages.Links(
        settings=reverse("diary:settings"),
        add_sign=reverse("diary:add-sign"),
        reword_sign=reverse("diary:reword-sign", args=[0]).replace("/0/", "/{sign}/"),
        retire_sign=reverse("diary:retire-sign", args=[0]).replace("/0/", "/{sign}/"),
        schedule=reverse("diary:schedule"),
        back_text="Back to your diary settings",
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    person = diary_access.own_person(signed_in_user(request))
    plan = queries.plan_of(person)
    return render(
        request,
        "diary/home.jinja",
        {
            "title": "Your diary",
            "person": person,
            "plan": plan,
            "check_ins": queries.check_ins(person),
            "schedule_text": queries.describe_schedule(s)
            if (s := queries.open_diary_schedule(person))
            else "",
            "help_now": request.session.pop(HELP_NOW, None),
            "day": day,
            **pages.help_context(person),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def entry(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = diary_access.own_person(user)
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    today = timezone.localdate()
    signs = queries.active_signs(plan)
    tracking = {
        "track_mood": plan.track_mood,
        "track_sleep": plan.track_sleep,
        "track_anxiety": plan.track_anxiety,
        "track_medication": plan.track_medication,
    }
    chosen = pages.parse_day(request.GET.get("day"))
    if chosen is None or not services.earliest_day(today) <= chosen <= today:
        chosen = today
    existing = queries.entry_on(person, chosen)
    if request.method == "POST":
        form = EntryForm(request.POST, today=today, signs=signs, **tracking)
        if form.is_valid():
            when: dt.date = form.cleaned_data["day"]
            try:
                saved = services.save_entry(
                    actor=user, person=person, day=when, values=form.values(), today=today
                )
            except services.InvalidInput as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"You had already filled in your diary for {day(when)}, so we updated it "
                    "with what you have just written."
                    if saved.updated
                    else f"Saved your diary for {day(when)}.",
                )
                if saved.worrying:
                    request.session[HELP_NOW] = {"shared": plan.share_with_team}
                return redirect("diary:mine")
    else:
        form = EntryForm(
            initial={"day": chosen.isoformat(), **entry_initial(existing)},
            today=today,
            signs=signs,
            **tracking,
        )
    return render(
        request,
        "diary/entry.jinja",
        {
            "title": "Fill in your diary",
            "form": form,
            "form_errors": error_summary(form),
            "person": person,
            "plan": plan,
            "existing": existing,
            "chosen": chosen,
            "day": day,
            **pages.help_context(person),
        },
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def trends(request: HttpRequest) -> HttpResponse:
    person = diary_access.own_person(signed_in_user(request))
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    return render(
        request,
        "diary/trends.jinja",
        {
            "title": "Your diary over time",
            "person": person,
            "plan": plan,
            "audience": "person",
            "here": reverse("diary:trends"),
            **pages.trends_context(request, person=person, plan=plan),
            **pages.help_context(person),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def sharing(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = diary_access.own_person(user)
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    form = SharingForm(
        request.POST or None, initial={"share": "yes" if plan.share_with_team else "no"}
    )
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data["share"] == "yes"
        changed = services.set_sharing(actor=user, person=person, share=share)
        if not changed:
            messages.success(request, "Nothing changed")
        elif share:
            messages.success(request, f"Your diary is shared with {plan.team.name} again.")
        else:
            messages.success(
                request,
                f"Your diary is no longer shared with {plan.team.name}. We have told them you "
                "stopped sharing it, and nothing that is in it.",
            )
        return redirect("diary:sharing")
    return render(
        request,
        "diary/sharing.jinja",
        {
            "title": "Who sees your diary",
            "form": form,
            "form_errors": error_summary(form),
            "person": person,
            "plan": plan,
            "carer_links": diary_access.own_carer_links(user),
            **pages.help_context(person),
        },
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def settings(request: HttpRequest) -> HttpResponse:
    person = diary_access.own_person(signed_in_user(request))
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    return render(
        request,
        "diary/settings.jinja",
        {
            "title": "Your diary settings",
            "person": person,
            "audience": "person",
            "links": links(),
            **pages.settings_context(person, plan),
            **pages.help_context(person),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def add_sign(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return pages.sign_response(
        request,
        actor=user,
        person=diary_access.own_person(user),
        audience="person",
        links=links(),
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def reword_sign(request: HttpRequest, sign: int) -> HttpResponse:
    user = signed_in_user(request)
    return pages.sign_response(
        request,
        actor=user,
        person=diary_access.own_person(user),
        audience="person",
        links=links(),
        sign_id=sign,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def retire_sign(request: HttpRequest, sign: int) -> HttpResponse:
    user = signed_in_user(request)
    return pages.retire_response(
        request,
        actor=user,
        person=diary_access.own_person(user),
        audience="person",
        links=links(),
        sign_id=sign,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def schedule(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return pages.schedule_response(
        request,
        actor=user,
        person=diary_access.own_person(user),
        audience="person",
        links=links(),
    )
