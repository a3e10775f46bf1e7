"""The service user's own diary: today's check-in, filling in a day, trends,
who sees it, and their own warning signs and schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.diary import entries, pages, queries, selectors, services
from tandem.diary.forms import (
    DayChoiceForm,
    EntryForm,
    SharingForm,
    day_label,
    entry_initial,
    pick_day,
)
from tandem.diary.models import DiaryEntry, DiaryPlan
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.roles import Role
from tandem.web.dates import day, weekday
from tandem.web.forms import form_page, submit_form

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
        back_text=_("Back to your diary settings"),
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    plan = queries.plan_of(person)
    return render(
        request,
        "diary/home.jinja",
        {
            "title": _("Your diary"),
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
    """Fill in a day, or change what was written for it.

    The page shows the chosen day's entry, if there is one ('Show this day',
    or ?day=), and the form carries which entry it showed. Saving replaces only
    that entry: if the day has another, the person is asked first (issue 16)."""
    user = signed_in_user(request)
    person = selectors.own_person(user)
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
    if request.method == "POST":
        form = EntryForm(request.POST, today=today, signs=signs, **tracking)
        chosen = pick_day(request.POST.get("day"), today=today) or today
        if form.is_valid():
            when: dt.date = form.cleaned_data["day"]
            try:
                saved = entries.save_entry(
                    actor=user,
                    person=person,
                    day=when,
                    values=form.values(),
                    replacing=form.cleaned_data["replacing"],
                    today=today,
                )
            except entries.AlreadyFilledIn as found:
                return ask_before_replacing(request, form=form, plan=plan, earlier=found.entry)
            except services.InvalidInput as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Changed your diary for %(day)s.") % {"day": day(when)}
                    if saved.updated
                    else _("Saved your diary for %(day)s.") % {"day": day(when)},
                )
                if saved.worrying:
                    request.session[HELP_NOW] = {"shared": plan.share_with_team}
                return redirect("diary:mine")
        existing = queries.entry_on(person, chosen)
    else:
        chosen = pick_day(request.GET.get("day"), today=today) or today
        existing = queries.entry_on(person, chosen)
        form = EntryForm(
            initial={
                "day": chosen.isoformat(),
                "replacing": entries.entry_version(existing),
                **entry_initial(existing),
            },
            today=today,
            signs=signs,
            **tracking,
        )
    return form_page(
        request,
        "diary/entry.jinja",
        _("Fill in your diary"),
        form,
        person=person,
        plan=plan,
        existing=existing,
        chosen=chosen,
        chosen_label=day_label(chosen, today),
        day_form=DayChoiceForm(today=today, chosen=chosen),
        day=day,
        **pages.help_context(person),
    )


def ask_before_replacing(
    request: HttpRequest, *, form: EntryForm, plan: DiaryPlan, earlier: DiaryEntry
) -> HttpResponse:
    """The day already has an entry the page did not show: say what it says and
    what would replace it, and save nothing until the person chooses."""
    values = form.values()
    words = {s.pk: s.words for s in form.signs}
    words.update({r.sign_id: r.sign.words for r in earlier.sign_ratings.select_related("sign")})
    person = plan.service_user
    return render(
        request,
        "diary/replace.jinja",
        {
            "title": _("You have already filled in your diary for %(day)s")
            % {"day": day(earlier.day)},
            "person": person,
            "plan": plan,
            "earlier": earlier,
            "earlier_rows": pages.entry_rows(entries.values_of(earlier), words),
            "new_rows": pages.entry_rows(values, words),
            "posted": form.posted(),
            "replacing": entries.entry_version(earlier),
            # A worrying note is not saved yet: help is shown now, not after a choice.
            "help_now": {"shared": plan.share_with_team}
            if entries.note_is_worrying(plan, values.note)
            else None,
            "day_words": weekday(earlier.day),
            "day": day,
            **pages.help_context(person),
        },
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def trends(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    return render(
        request,
        "diary/trends.jinja",
        {
            "title": _("Your diary over time"),
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
    person = selectors.own_person(user)
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    form = SharingForm(
        request.POST or None, initial={"share": "yes" if plan.share_with_team else "no"}
    )

    def save(data: dict[str, Any]) -> str:
        share = data["share"] == "yes"
        if not services.set_sharing(actor=user, person=person, share=share):
            return _("Nothing changed")
        if share:
            return _("Your diary is shared with %(team)s again.") % {"team": plan.team.name}
        return _(
            "Your diary is no longer shared with %(team)s. We have told them you "
            "stopped sharing it, and nothing that is in it."
        ) % {"team": plan.team.name}

    return submit_form(
        request,
        form,
        save=save,
        success=lambda said: said,
        then="diary:sharing",
        template="diary/sharing.jinja",
        title=_("Who sees your diary"),
        person=person,
        plan=plan,
        carer_links=selectors.own_carer_links(user),
        **pages.help_context(person),
    )


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def settings(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(signed_in_user(request))
    plan = queries.plan_of(person)
    if plan is None:
        return redirect("diary:mine")
    return render(
        request,
        "diary/settings.jinja",
        {
            "title": _("Your diary settings"),
            "person": person,
            "audience": "person",
            "links": links(),
            **pages.settings_context(person, plan),
            **pages.help_context(person),
        },
    )


def _own(request: HttpRequest) -> dict[str, Any]:
    """Who the shared diary pages (signs, schedule) act as and for: the person."""
    user = signed_in_user(request)
    return {
        "actor": user,
        "person": selectors.own_person(user),
        "audience": "person",
        "links": links(),
    }


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def add_sign(request: HttpRequest) -> HttpResponse:
    return pages.sign_response(request, **_own(request))


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def reword_sign(request: HttpRequest, sign: int) -> HttpResponse:
    return pages.sign_response(request, **_own(request), sign_id=sign)


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def retire_sign(request: HttpRequest, sign: int) -> HttpResponse:
    return pages.retire_response(request, **_own(request), sign_id=sign)


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def schedule(request: HttpRequest) -> HttpResponse:
    return pages.schedule_response(request, **_own(request))
