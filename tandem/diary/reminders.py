"""Reminding people to check in: a diary day or a questionnaire their care team
agreed with them, sent by text or email at the time they chose, at most once a
day, and never once it is done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tandem.diary.models import CheckInSchedule, DiaryEntry, ScheduleKind
from tandem.notify import recipients
from tandem.notify.models import Message
from tandem.notify.services import queue_message
from tandem.people.models import CaseloadEntry
from tandem.web.links import full_url_for


@dataclass
class ReminderRun:
    queued: int = 0
    # Due a reminder, but there is no agreed way to reach them.
    unreachable: int = 0


def _answers() -> type[models.Model]:
    """Questionnaire answers (measures.Response), reached through the schedule's
    'responses' relation: measures sits above the diary and is not imported."""
    return cast(type[models.Model], CheckInSchedule._meta.get_field("responses").related_model)


def reminder_key(schedule: CheckInSchedule, day: dt.date) -> str:
    return f"check-in:{schedule.pk}:{day.isoformat()}"


def check_in_link(schedule: CheckInSchedule) -> str:
    if schedule.kind == ScheduleKind.DIARY:
        return full_url_for("diary:entry")
    return full_url_for("measures:mine")


def reminders_due(now: dt.datetime) -> list[CheckInSchedule]:
    """Open schedules whose reminder time has passed today (service time), due
    today, not yet answered today and not yet reminded today, for people still
    open to a team."""
    local = timezone.localtime(now)
    today = local.date()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=1)
    diary_done = DiaryEntry.objects.filter(service_user=OuterRef("service_user"), day=today)
    questionnaire_done = _answers()._default_manager.filter(
        Q(schedule=OuterRef("pk"))
        | Q(service_user=OuterRef("service_user"), instrument=OuterRef("instrument")),
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    still_open = CaseloadEntry.objects.filter(
        service_user=OuterRef("service_user"), closed_on__isnull=True
    )
    candidates = list(
        CheckInSchedule.objects.filter(
            Exists(still_open),
            ended_at__isnull=True,
            remind_at__isnull=False,
            remind_at__lte=local.time(),
            starts_on__lte=today,
        )
        .exclude(Q(kind=ScheduleKind.DIARY) & Exists(diary_done))
        .exclude(Q(kind=ScheduleKind.QUESTIONNAIRE) & Exists(questionnaire_done))
        .select_related("service_user")
        .order_by("pk")
    )
    due = [s for s in candidates if today.weekday() in s.weekday_numbers]
    sent = set(
        Message.objects.filter(
            idempotency_key__in=[reminder_key(s, today) for s in due]
        ).values_list("idempotency_key", flat=True)
    )
    return [s for s in due if reminder_key(s, today) not in sent]


def send_check_in_reminders(*, now: dt.datetime | None = None) -> ReminderRun:
    """Queue today's check-in reminders that are due and not yet queued.

    Safe to run as often as wanted (every 15 minutes from cron): each schedule
    gets at most one reminder a day (its idempotency key). A person with no
    agreed way to be reached is counted and skipped quietly, so the job does
    not raise the same task every 15 minutes; the diary settings page tells
    the person and their team that reminders cannot be sent.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    run = ReminderRun()
    for schedule in reminders_due(now):
        person = schedule.service_user
        found, _why = recipients.routes(person)
        if not found:
            run.unreachable += 1
            continue
        message = queue_message(
            actor=None,
            recipient=person,
            template="check_in_reminder",
            personalisation={"link": check_in_link(schedule)},
            about_key=f"check-in:{schedule.pk}",
            idempotency_key=reminder_key(schedule, today),
            team=schedule.team,
        )
        if message is not None:
            run.queued += 1
    return run
