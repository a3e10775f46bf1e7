"""What the diary pages share, whoever is looking: the help panel, the trends,
and the forms for signs and the schedule, which the person and their care
team both use. The views decide who the person is (through
``tandem.diary.selectors``) before calling these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.access.records import NOT_FOUND
from tandem.diary import entries, queries, services
from tandem.diary.forms import NO_REMINDER, ScheduleForm, SignForm
from tandem.diary.models import SIGN_RATING_LABELS, DiaryPlan, Frequency, WarningSign
from tandem.people.models import ServiceUser, User
from tandem.safety.queries import crisis_contacts_for_teams, open_teams, team_numbers
from tandem.web.dates import day, when
from tandem.web.forms import submit_form


@dataclass(frozen=True)
class Links:
    """Where the buttons on a diary page go, for the audience looking."""

    settings: str
    add_sign: str
    reword_sign: str  # with {sign} for the sign's id
    retire_sign: str  # with {sign}
    schedule: str
    back_text: str = "Back"


# The reasons ``tandem.notify.recipients`` gives in English (they are also
# logged), as the person's diary pages say them in the page's language.
REMINDER_PROBLEMS = {
    "no contact preferences are recorded": gettext_lazy("no contact preferences are recorded"),
    "no message channel is agreed": gettext_lazy("no message channel is agreed"),
}


def reminder_problem(person: ServiceUser) -> str:
    why = queries.reminder_problem(person)
    return str(REMINDER_PROBLEMS.get(why, why))


def help_context(person: ServiceUser) -> dict[str, Any]:
    """Crisis contacts and the team's numbers, as every diary page shows them."""
    teams = open_teams(person)
    return {"help_teams": team_numbers(teams), "help_contacts": crisis_contacts_for_teams(teams)}


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def highlight_from(request: HttpRequest) -> tuple[dt.date, dt.date] | None:
    """?from=YYYY-MM-DD&to=YYYY-MM-DD: the days an alert rests on."""
    start = parse_day(request.GET.get("from"))
    end = parse_day(request.GET.get("to")) or start
    if start is None or end is None:
        return None
    return (min(start, end), max(start, end))


def trends_context(
    request: HttpRequest, *, person: ServiceUser, plan: DiaryPlan
) -> dict[str, object]:
    highlight = highlight_from(request)
    period = queries.choose_period(request.GET.get("days"), highlight=highlight)
    return {
        "trends": queries.trends(person, plan=plan, period=period, highlight=highlight),
        "periods": queries.PERIODS,
        "rating_labels": SIGN_RATING_LABELS,
        "day": day,
        "when": when,
    }


def plan_required(person: ServiceUser) -> DiaryPlan:
    plan = queries.plan_of(person)
    if plan is None:
        raise Http404(NOT_FOUND)
    return plan


def sign_response(
    request: HttpRequest,
    *,
    actor: User,
    person: ServiceUser,
    audience: str,
    links: Links,
    sign_id: int | None = None,
) -> HttpResponse:
    """Add a sign, or reword one (``sign_id``)."""
    plan = plan_required(person)
    sign = queries.sign_of(plan, pk=sign_id) if sign_id is not None else None
    if sign_id is not None and sign is None:
        raise Http404(NOT_FOUND)
    initial = {"words": sign.words} if sign is not None else {}
    form = SignForm(request.POST or None, initial=initial)
    if audience == "staff":
        form.fields["words"].label = "The sign, in their own words"

    def save(data: dict[str, Any]) -> WarningSign:
        if sign is None:
            return services.add_sign(actor=actor, person=person, words=data["words"])
        return services.reword_sign(
            actor=actor, person=person, sign_id=sign.pk, words=data["words"]
        )

    return submit_form(
        request,
        form,
        save=save,
        field="words",
        success=_("Sign added") if sign is None else _("Sign reworded"),
        then=links.settings,
        template="diary/sign.jinja",
        title=_("Add a warning sign") if sign is None else _("Reword a warning sign"),
        person=person,
        audience=audience,
        links=links,
        sign=sign,
        signs=queries.active_signs(plan),
        **help_context(person),
    )


def retire_response(
    request: HttpRequest,
    *,
    actor: User,
    person: ServiceUser,
    audience: str,
    links: Links,
    sign_id: int,
) -> HttpResponse:
    plan = plan_required(person)
    sign = queries.sign_of(plan, pk=sign_id)
    if sign is None:
        raise Http404(NOT_FOUND)
    if request.method == "POST":
        services.retire_sign(actor=actor, person=person, sign_id=sign.pk)
        messages.success(
            request, _("\u2018%(sign)s\u2019 is no longer on the diary") % {"sign": sign.words}
        )
        return redirect(links.settings)
    return render(
        request,
        "diary/retire.jinja",
        {
            "title": _("Take this sign off the diary?"),
            "person": person,
            "audience": audience,
            "links": links,
            "sign": sign,
            **help_context(person),
        },
    )


def schedule_response(
    request: HttpRequest, *, actor: User, person: ServiceUser, audience: str, links: Links
) -> HttpResponse:
    plan_required(person)
    current = queries.open_diary_schedule(person)
    initial: dict[str, object] = {"frequency": Frequency.DAILY, "remind_at": "19:00"}
    if current is not None:
        initial = {
            "frequency": current.frequency,
            "weekdays": [str(d) for d in sorted(current.weekday_numbers)]
            if current.frequency == Frequency.WEEKLY
            else [],
            "remind_at": current.remind_at.strftime("%H:%M") if current.remind_at else NO_REMINDER,
        }
    form = ScheduleForm(request.POST or None, initial=initial)
    return submit_form(
        request,
        form,
        save=lambda data: services.set_schedule(
            actor=actor,
            person=person,
            frequency=data["frequency"],
            weekdays=form.weekday_numbers(),
            remind_at=form.reminder(),
        ),
        success=lambda saved: (
            _("Saved. The diary is filled in %(when)s.")
            % {"when": queries.describe_schedule(saved)}
        ),
        then=links.settings,
        template="diary/schedule.jinja",
        title=_("When to fill in the diary"),
        person=person,
        audience=audience,
        links=links,
        reminder_problem=reminder_problem(person),
        **help_context(person),
    )


def settings_context(person: ServiceUser, plan: DiaryPlan) -> dict[str, Any]:
    schedule = queries.open_diary_schedule(person)
    return {
        "plan": plan,
        "signs": queries.active_signs(plan),
        "most_signs": services.MOST_SIGNS,
        "schedule": schedule,
        "schedule_text": queries.describe_schedule(schedule) if schedule else "",
        "reminder_problem": reminder_problem(person) if schedule and schedule.remind_at else "",
        "tracking": tracking_for_page(plan),
    }


def tracking_for_page(plan: DiaryPlan) -> str:
    """What the diary tracks, in the page's language ('mood, sleep, anxiety');
    the audit keeps its English words (``services.tracking_words``)."""
    words = {
        "track_mood": _("mood"),
        "track_sleep": _("sleep"),
        "track_anxiety": _("anxiety"),
        "track_medication": _("medication"),
    }
    text = ", ".join(word for name, word in words.items() if getattr(plan, name))
    if plan.watch_high_mood:
        return _("%(tracked)s (watching for a rise in mood too)") % {"tracked": text}
    return text


def entry_rows(values: entries.EntryValues, signs: dict[int, str]) -> list[tuple[str, str]]:
    """One day's diary in words, row by row, for the page that asks before an
    entry is replaced: what it says now, and what the person has just written."""
    rows: list[tuple[str, str]] = []
    if values.mood is not None:
        rows.append((_("Mood"), out_of_ten(values.mood)))
    if values.sleep_hours is not None:
        rows.append((_("Sleep"), queries.hours(float(values.sleep_hours))))
    if values.anxiety is not None:
        rows.append((_("Anxiety"), out_of_ten(values.anxiety)))
    if values.medication_taken is not None:
        rows.append((_("Medication"), queries.taken(1 if values.medication_taken else 0)))
    for sign_id, rating in values.ratings.items():
        words = signs.get(sign_id, _("A sign no longer on the diary"))
        rows.append((f"\u2018{words}\u2019", f"{rating} ({SIGN_RATING_LABELS[rating]})"))
    if values.note:
        rows.append((_("Note"), values.note))
    return rows or [(_("Nothing"), _("Nothing filled in"))]


def out_of_ten(value: int) -> str:
    return _("%(value)s out of %(top)s") % {"value": value, "top": 10}
