"""Reading questionnaires for a person the caller has already been allowed to see.

Views get the person (or their schedules and answers) from
``tandem.measures.selectors``, which checks and audits the read, and only then
call these to shape the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from tandem.diary.models import CheckInSchedule, Frequency
from tandem.diary.schedules import due_days
from tandem.measures import instruments, outcomes
from tandem.measures.models import Response
from tandem.people.models import ServiceUser
from tandem.translations.languages import ENGLISH
from tandem.web import charts
from tandem.web.dates import day as say_day
from tandem.web.dates import time_of_day

# Django's own names, so they read in the page's language.
WEEKDAY_NAMES = tuple(WEEKDAYS[d] for d in range(7))
PHQ9, GAD7 = "phq9", "gad7"
HISTORY_SHOWN = 200


def definition_of(response_or_instrument: Response | object) -> instruments.Definition:
    instrument = getattr(response_or_instrument, "instrument", response_or_instrument)
    return instruments.parse(instrument.definition)  # type: ignore[attr-defined]


def how_often(schedule: CheckInSchedule) -> str:
    """'Every day', or 'Every Monday and Thursday', with the reminder time if any."""
    if schedule.frequency == Frequency.DAILY:
        if schedule.remind_at is None:
            return _("Every day")
        return _("Every day, with a reminder at %(time)s") % {"time": clock(schedule.remind_at)}
    names = [str(WEEKDAY_NAMES[d]) for d in sorted(schedule.weekday_numbers)]
    joined = (
        names[0]
        if len(names) == 1
        else _("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}
    )
    if schedule.remind_at is None:
        return _("Every %(days)s") % {"days": joined}
    return _("Every %(days)s, with a reminder at %(time)s") % {
        "days": joined,
        "time": clock(schedule.remind_at),
    }


def clock(value: dt.time | dt.datetime) -> str:
    """'9am', '2:30pm'; a moment is shown in the service's time."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time()
    return time_of_day(value)


def by_when(respond_by: dt.datetime, *, now: dt.datetime | None = None) -> str:
    """'today, by 11:59pm', or 'by 1am tomorrow' for an answer sent late at night."""
    today = timezone.localdate(now or timezone.now())
    due_day = timezone.localdate(respond_by)
    if due_day == today:
        return _("today, by %(time)s") % {"time": clock(respond_by)}
    if due_day == today + dt.timedelta(days=1):
        return _("by %(time)s tomorrow") % {"time": clock(respond_by)}
    return _("by %(time)s on %(day)s") % {"time": clock(respond_by), "day": say_day(due_day)}


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
                answer=item.label_for(value) if value is not None else _("Not answered"),
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
        return _("Incomplete: not every question was answered, so there is no total")
    definition = definition_of(response)
    return _("%(total)s out of %(highest)s: %(band)s") % {
        "total": response.total,
        "highest": definition.highest_total,
        "band": response.band,
    }


def translation_active() -> bool:
    return (translation.get_language() or ENGLISH) != ENGLISH


def result_for_person(response: Response) -> Markup:
    """As ``result_words``; on a translated page the questionnaire's published
    band is marked as English, since a validated questionnaire's words are not
    translated by us (an English page reads exactly as ``result_words``)."""
    if not response.complete or response.total is None or not translation_active():
        return escape(result_words(response))
    definition = definition_of(response)
    return escape(_("%(total)s out of %(highest)s: %(band)s")) % {
        "total": response.total,
        "highest": definition.highest_total,
        "band": Markup('<span lang="en-GB">%s</span>') % response.band,
    }


@dataclass(frozen=True)
class HistoryRow:
    response: Response
    short_title: str
    result: str
    needs_review: bool
    # The result as the person's own pages show it (``result_for_person``).
    result_html: Markup


def history(responses: QuerySet[Response]) -> list[HistoryRow]:
    return [
        HistoryRow(
            response=r,
            short_title=r.instrument.short_title,
            result=result_words(r),
            needs_review=bool(r.review_items),
            result_html=result_for_person(r),
        )
        for r in responses.order_by("-submitted_at", "-pk")[:HISTORY_SHOWN]
    ]


# --- PHQ-9 and GAD-7 totals over time ----------------------------------------------------

CHARTED = (PHQ9, GAD7)
# The latest complete results drawn, enough to see a course of care; every
# result is still in the table of answers.
CHART_POINTS = 20


@dataclass(frozen=True)
class ScorePoint:
    response: Response
    day: dt.date
    total: int
    band: str


@dataclass(frozen=True)
class ScoreChart:
    """One questionnaire's totals as a chart, with the same figures as rows."""

    code: str
    short_title: str
    highest: int
    bands: tuple[instruments.Band, ...]
    # Oldest first, as drawn; the page's table lists them newest first.
    points: tuple[ScorePoint, ...]
    chart: Markup

    @property
    def newest_first(self) -> list[ScorePoint]:
        return list(reversed(self.points))


def range_words(band: instruments.Band) -> str:
    return f"{band.min} to {band.max}"


def bands_in_words(bands: tuple[instruments.Band, ...]) -> str:
    """'0 to 4 minimal depression, 5 to 9 mild depression, ...'"""
    return ", ".join(f"{range_words(b)} {b.label[:1].lower()}{b.label[1:]}" for b in bands)


def short_band_names(bands: tuple[instruments.Band, ...]) -> list[str]:
    """The band names without the word they all end in ('Mild', not 'Mild
    depression'), to fit beside a chart on a phone; the page says them whole."""
    words = [b.label.split() for b in bands]
    last = {w[-1].lower() for w in words if w}
    if len(last) == 1 and all(len(w) > 1 for w in words):
        return [" ".join(w[:-1]) for w in words]
    return [b.label for b in bands]


def _score_chart(code: str, latest: list[Response]) -> ScoreChart:
    definition = definition_of(latest[-1])
    points = tuple(
        ScorePoint(
            response=r,
            day=timezone.localdate(r.submitted_at),
            total=int(r.total or 0),
            band=r.band or definition.band_for(int(r.total or 0)),
        )
        for r in latest
    )
    totals = [p.total for p in points]
    first, last = points[0], points[-1]
    period = (
        f"from {say_day(first.day)} to {say_day(last.day)}"
        if len(points) > 1
        else f"on {say_day(first.day)}"
    )
    count = "1 result" if len(points) == 1 else f"{len(points)} results"
    description = (
        f"{definition.short_title} totals out of {definition.highest_total}, {count} {period}. "
        + (
            f"Lowest {min(totals)}, highest {max(totals)}, latest {last.total} ({last.band}). "
            if len(points) > 1
            else f"{last.total} ({last.band}). "
        )
        + f"The questionnaire's published bands: {bands_in_words(definition.bands)}."
    )
    names = short_band_names(definition.bands)
    chart = charts.line_chart(
        chart_id=f"chart-{code}",
        title=f"{definition.short_title} total over time",
        days=[p.day for p in points],
        values=[float(t) for t in totals],
        y_min=definition.lowest_total,
        y_max=definition.highest_total,
        ticks=[
            charts.Tick(v, str(v))
            for v in sorted({*(b.min for b in definition.bands), definition.highest_total})
        ],
        frame=charts.NARROW,
        bands=[charts.Band(b.min, b.max, n) for b, n in zip(definition.bands, names, strict=True)],
        description=description,
    )
    return ScoreChart(
        code=code,
        short_title=definition.short_title,
        highest=definition.highest_total,
        bands=definition.bands,
        points=points,
        chart=chart,
    )


def score_charts(responses: QuerySet[Response]) -> list[ScoreChart]:
    """PHQ-9 and GAD-7 totals over time, for those answered completely at least once.

    Each point is one complete result, in the order answered; an incomplete
    one has no total and is not drawn (it stays in the table of answers)."""
    found = []
    for code in CHARTED:
        latest = list(
            responses.filter(instrument__code=code, complete=True, total__isnull=False)
            .select_related("instrument")
            .order_by("-submitted_at", "-pk")[:CHART_POINTS]
        )
        if latest:
            latest.reverse()
            found.append(_score_chart(code, latest))
    return found


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
