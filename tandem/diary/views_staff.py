"""Staff in a person's team: setting up the diary with them, and reading it
while they share it with the team.

Staff outside the person's teams get 404. When the person does not share the
diary, every page here says so and shows nothing from it. Every read is
audited.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.diary import pages, queries, selectors, services
from tandem.diary.forms import TRACK_CHOICES, SetUpForm
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import ServiceUser, User
from tandem.web.forms import submit_form


def links(pk: int) -> pages.Links:
    return pages.Links(
        settings=reverse("diary:staff-set-up", args=[pk]),
        add_sign=reverse("diary:staff-add-sign", args=[pk]),
        reword_sign=reverse("diary:staff-reword-sign", args=[pk, 0]).replace("/0/", "/{sign}/"),
        retire_sign=reverse("diary:staff-retire-sign", args=[pk, 0]).replace("/0/", "/{sign}/"),
        schedule=reverse("diary:staff-schedule", args=[pk]),
        back_text="Back to setting up the diary",
    )


def not_shared(request: HttpRequest, person: ServiceUser) -> HttpResponse:
    return render(
        request,
        "diary/not_shared.jinja",
        {"title": f"{person.display_name}'s diary", "person": person},
    )


def shared_person(user: User, *, pk: int, what: str) -> tuple[ServiceUser, bool]:
    person = selectors.person_for_staff(user, pk=pk, what=what)
    return person, selectors.shared_with_team(person)


@never_cache
@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.person_for_staff(user, pk=pk, what="Opened the diary")
    plan = queries.plan_of(found)
    if plan is None:
        return render(
            request,
            "diary/staff_person.jinja",
            {"title": f"{found.display_name}'s diary", "person": found, "plan": None},
        )
    if not plan.share_with_team:
        return not_shared(request, found)
    schedule = queries.open_diary_schedule(found)
    return render(
        request,
        "diary/staff_person.jinja",
        {
            "title": f"{found.display_name}'s diary",
            "person": found,
            "plan": plan,
            "audience": "staff",
            "check_ins": queries.check_ins(found),
            "tracking": services.tracking_words(plan),
            "schedule_text": queries.describe_schedule(schedule) if schedule else "",
            "reminder_problem": queries.reminder_problem(found)
            if schedule and schedule.remind_at
            else "",
            "here": reverse("diary:staff-person", args=[pk]),
            **pages.trends_context(request, person=found, plan=plan),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def set_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found, shared = shared_person(user, pk=pk, what="Opened the diary set-up")
    plan = queries.plan_of(found)
    if plan is not None and not shared:
        return not_shared(request, found)
    initial: dict[str, object] = {
        "track": ["track_mood", "track_sleep", "track_anxiety"],
        "watch_high_mood": "no",
    }
    if plan is not None:
        initial = {
            "track": [name for name, _ in TRACK_CHOICES if getattr(plan, name)],
            "watch_high_mood": "yes" if plan.watch_high_mood else "no",
        }
    form = SetUpForm(request.POST or None, initial=initial)
    return submit_form(
        request,
        form,
        save=lambda data: services.set_up_plan(actor=user, person=found, **form.choices()),
        success=lambda saved: (
            "Diary set up. Now add their warning signs and agree when they will fill it in."
            if plan is None
            else f"Saved. The diary tracks {services.tracking_words(saved)}."
        ),
        then=reverse("diary:staff-set-up", args=[pk]),
        template="diary/staff_set_up.jinja",
        title=f"Set up {found.display_name}'s diary",
        person=found,
        audience="staff",
        links=links(pk),
        # The plan, and once it exists, what the settings page shows of it.
        **(pages.settings_context(found, plan) if plan is not None else {"plan": None}),
    )


def _working_on(request: HttpRequest, pk: int, what: str) -> dict[str, Any] | None:
    """Who the shared diary pages (signs, schedule) act as and for, for staff; None
    when the person does not share their diary, and the page goes back to setting up."""
    user = signed_in_user(request)
    found, shared = shared_person(user, pk=pk, what=what)
    if not shared:
        return None
    return {"actor": user, "person": found, "audience": "staff", "links": links(pk)}


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def add_sign(request: HttpRequest, pk: int) -> HttpResponse:
    working = _working_on(request, pk, "Opened the diary to add a warning sign")
    if working is None:
        return redirect("diary:staff-set-up", pk=pk)
    return pages.sign_response(request, **working)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def reword_sign(request: HttpRequest, pk: int, sign: int) -> HttpResponse:
    working = _working_on(request, pk, "Opened the diary to reword a warning sign")
    if working is None:
        return redirect("diary:staff-set-up", pk=pk)
    return pages.sign_response(request, **working, sign_id=sign)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def retire_sign(request: HttpRequest, pk: int, sign: int) -> HttpResponse:
    working = _working_on(request, pk, "Opened the diary to retire a warning sign")
    if working is None:
        return redirect("diary:staff-set-up", pk=pk)
    return pages.retire_response(request, **working, sign_id=sign)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    working = _working_on(request, pk, "Opened the diary schedule")
    if working is None:
        return redirect("diary:staff-set-up", pk=pk)
    return pages.schedule_response(request, **working)
