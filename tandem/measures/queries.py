"""Reading questionnaires for a person the caller has already been allowed to see.

Views get the person (or their schedules and answers) from
``tandem.access.measures``, which checks and audits the read, and only then
call these to shape the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from tandem.diary.models import CheckInSchedule, Frequency
from tandem.diary.schedules import due_days
from tandem.measures import instruments, outcomes
from tandem.measures.models import Response
from tandem.people.models import ServiceUser

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PHQ9, GAD7 = "phq9", "gad7"
HISTORY_SHOWN = 200


def definition_of(response_or_instrument: Response | object) -> instruments.Definition:
    instrument = getattr(response_or_instrument, "instrument", response_or_instrument)
    return instruments.parse(instrument.definition)  # type: ignore[attr-defined]


def how_often(schedule: CheckInSchedule) -> str:
    """'Every day', or 'Every Monday and Thursday', with the reminder time if any."""
    if schedule.frequency == Frequency.DAILY:
        words = "Every day"
    else:
        names = [WEEKDAY_NAMES[d] for d in sorted(schedule.weekday_numbers)]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        words = f"Every {joined}"
    if schedule.remind_at is not None:
        words += f", with a reminder at {clock(schedule.remind_at)}"
    return words


def clock(value: dt.time | dt.datetime) -> str:
    """'9am', '2:30pm'; a moment is shown in the service's time."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time()
    return f"{value:%-I:%M%p}".lower().replace(":00", "")


def by_when(respond_by: dt.datetime, *, now: dt.datetime | None = None) -> str:
    """'today, by 11:59pm', or 'by 1am tomorrow' for an answer sent late at night."""
    today = timezone.localdate(now or timezone.now())
    due_day = timezone.localdate(respond_by)
    if due_day == today:
        return f"today, by {clock(respond_by)}"
    if due_day == today + dt.timedelta(days=1):
        return f"by {clock(respond_by)} tomorrow"
    return f"by {clock(respond_by)} on {due_day:%-d %B %Y}"


@dataclass(frozen=True)
class DueQuestionnaire:
    schedule: CheckInSchedule
    due_today: bool
    next_due: dt.date | None
    how_often: str


def answered_days(person: ServiceUser, *, code: str, since: dt.date) -> set[dt.date]:
    rows = Response.objects.filter(
        service_user=person,
        instrument__code=code,
        submitted_at__date__gte=since - dt.timedelta(days=1),
    ).values_list("submitted_at", flat=True)
    return {timezone.localdate(at) for at in rows}


def due_list(
    schedules: QuerySet[CheckInSchedule], *, today: dt.date | None = None
) -> list[DueQuestionnaire]:
    """Each running schedule: due today if today is a due day with no answer yet today."""
    today = today or timezone.localdate()
    found = []
    for schedule in schedules.order_by("starts_on", "pk"):
        assert schedule.instrument is not None
        done = answered_days(schedule.service_user, code=schedule.instrument.code, since=today)
        days = due_days(schedule, start=today, end=today + dt.timedelta(days=14))
        due_today = bool(days) and days[0] == today and today not in done
        upcoming = [d for d in days if d > today]
        found.append(
            DueQuestionnaire(
                schedule=schedule,
                due_today=due_today,
                next_due=upcoming[0] if upcoming else None,
                how_often=how_often(schedule),
            )
        )
    return found


@dataclass(frozen=True)
class AnswerRow:
    number: int
    text: str
    answer: str
    value: int | None
    scored: bool
    needs_review: bool
    review_reason: str


def answer_rows(response: Response) -> list[AnswerRow]:
    definition = definition_of(response)
    rows = []
    for item in definition.items:
        value = response.answers.get(item.key)
        rows.append(
            AnswerRow(
                number=item.number,
                text=item.text,
                answer=item.label_for(value) if value is not None else "Not answered",
                value=value,
                scored=item.scored,
                needs_review=item.key in response.review_items,
                review_reason=item.review_reason,
            )
        )
    return rows


def result_words(response: Response) -> str:
    """'14 out of 27: Moderate depression', or why there is no total."""
    if not response.complete or response.total is None:
        return "Incomplete: not every question was answered, so there is no total"
    definition = definition_of(response)
    return f"{response.total} out of {definition.highest_total}: {response.band}"


@dataclass(frozen=True)
class HistoryRow:
    response: Response
    short_title: str
    result: str
    needs_review: bool


def history(responses: QuerySet[Response]) -> list[HistoryRow]:
    return [
        HistoryRow(
            response=r,
            short_title=r.instrument.short_title,
            result=result_words(r),
            needs_review=bool(r.review_items),
        )
        for r in responses.order_by("-submitted_at", "-pk")[:HISTORY_SHOWN]
    ]


# --- NHS Talking Therapies outcomes -----------------------------------------------------


@dataclass(frozen=True)
class OccasionPair:
    day: dt.date
    pair: outcomes.Pair


@dataclass(frozen=True)
class Outcomes:
    first: OccasionPair | None
    latest: OccasionPair | None
    caseness_at_start: bool | None = None
    caseness_at_end: bool | None = None
    reliable_improvement: bool | None = None
    reliable_deterioration: bool | None = None
    recovered: bool | None = None
    reliably_recovered: bool | None = None

    @property
    def enough(self) -> bool:
        return self.first is not None and self.latest is not None and self.first != self.latest


def paired_occasions(responses: QuerySet[Response]) -> list[OccasionPair]:
    """Days with a complete PHQ-9 and a complete GAD-7, oldest first (the last
    of each on a day counts)."""
    by_day: dict[dt.date, dict[str, int]] = {}
    rows = (
        responses.filter(instrument__code__in=(PHQ9, GAD7), complete=True)
        .order_by("submitted_at", "pk")
        .values_list("instrument__code", "total", "submitted_at")
    )
    for code, total, at in rows:
        if total is not None:
            by_day.setdefault(timezone.localdate(at), {})[code] = total
    return [
        OccasionPair(day=day, pair=outcomes.Pair(phq9=totals[PHQ9], gad7=totals[GAD7]))
        for day, totals in sorted(by_day.items())
        if PHQ9 in totals and GAD7 in totals
    ]


def talking_therapies_outcomes(responses: QuerySet[Response]) -> Outcomes:
    occasions = paired_occasions(responses)
    if not occasions:
        return Outcomes(first=None, latest=None)
    first, latest = occasions[0], occasions[-1]
    if first == latest:
        return Outcomes(
            first=first, latest=latest, caseness_at_start=outcomes.at_caseness(first.pair)
        )
    return Outcomes(
        first=first,
        latest=latest,
        caseness_at_start=outcomes.at_caseness(first.pair),
        caseness_at_end=outcomes.at_caseness(latest.pair),
        reliable_improvement=outcomes.reliable_improvement(first.pair, latest.pair),
        reliable_deterioration=outcomes.reliable_deterioration(first.pair, latest.pair),
        recovered=outcomes.recovered(first.pair, latest.pair),
        reliably_recovered=outcomes.reliably_recovered(first.pair, latest.pair),
    )


def yes_no(value: bool | None, *, none: str = "Cannot say") -> str:
    if value is None:
        return none
    return "Yes" if value else "No"
