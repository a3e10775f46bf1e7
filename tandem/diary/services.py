"""Every write to diaries and check-in schedules. Keyword-only, typed, atomic, audited.

Who may write is checked here as well as in the views:

- the plan (what is tracked, whether a rise in mood is watched for) is set
  up by staff in a team the person is open to, with the person;
- warning signs and the diary schedule (and its reminder) are changed by the
  person or by that staff;
- diary entries and the choice to share with the care team are the
  person's own, and nobody else's.

The audit rows say what was done, never what the diary says: the person can
read them in 'Who has looked at my record'.

Filling in a day's diary is in ``tandem.diary.entries``; check-in reminders
are in ``tandem.diary.reminders``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.access import scopes
from tandem.alerts.models import AlertKind
from tandem.alerts.raising import raise_alert
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.diary.models import (
    SIGN_MAX,
    CheckInSchedule,
    DiaryPlan,
    Frequency,
    ScheduleKind,
    WarningSign,
)
from tandem.diary.queries import active_signs, describe_schedule, open_diary_schedule
from tandem.errors import InvalidInput
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tandem.people.roles import Role
from tandem.web.dates import day as say_day

T = TypeVar("T", WarningSign, CheckInSchedule)

MOST_SIGNS = 10


# --- Who may write -------------------------------------------------------------------------------


def is_staff_for(actor: User, person: ServiceUser) -> bool:
    return bool(
        actor.roles & {Role.CLINICIAN, Role.MANAGER}
        and scopes.caseload_of(actor).filter(pk=person.pk).exists()
    )


def is_own(actor: User, person: ServiceUser) -> bool:
    return Role.SERVICE_USER in actor.roles and person.user_id == actor.pk


def _plan_for_writing(actor: User, person: ServiceUser) -> DiaryPlan:
    """The person's plan, locked, for the person or their care team (while shared)."""
    own = is_own(actor, person)
    if not own and not is_staff_for(actor, person):
        raise PermissionDenied("Only the person and their care team can change this diary.")
    plan = DiaryPlan.objects.select_for_update().filter(service_user=person).first()
    if plan is None:
        raise InvalidInput("The diary has not been set up yet")
    if not own and not plan.share_with_team:
        raise PermissionDenied("The person does not share their diary with the team.")
    return plan


def _changed(
    plan: DiaryPlan, *, actor: User, person: ServiceUser, action: Action, obj: T, what: str
) -> T:
    """Mark the plan changed and audit the change to ``obj``, its sign or schedule."""
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])
    record(actor=actor, action=action, obj=obj, subject_id=person.pk, what=what)
    return obj


# --- Setting up together -------------------------------------------------------------------------

TRACKED = {
    "track_mood": "mood",
    "track_sleep": "sleep",
    "track_anxiety": "anxiety",
    "track_medication": "medication",
}


@transaction.atomic
def set_up_plan(
    *,
    actor: User,
    person: ServiceUser,
    track_mood: bool,
    track_sleep: bool,
    track_anxiety: bool,
    track_medication: bool,
    watch_high_mood: bool,
) -> DiaryPlan:
    """Agree with the person what their diary tracks; make the plan the first time.

    Staff only: the plan is set up together at a contact. The diary is shared
    with the staff member's team that the person is open to.
    """
    if not is_staff_for(actor, person):
        raise PermissionDenied("Only the person's care team can set up their diary.")
    chosen = {
        "track_mood": track_mood,
        "track_sleep": track_sleep,
        "track_anxiety": track_anxiety,
        "track_medication": track_medication,
    }
    if not any(chosen.values()):
        raise InvalidInput("Choose at least one thing to track")
    if watch_high_mood and not track_mood:
        raise InvalidInput("Track mood to watch for a rise in mood")
    plan = DiaryPlan.objects.select_for_update().filter(service_user=person).first()
    if plan is not None:
        if not plan.share_with_team:
            raise PermissionDenied("The person does not share their diary with the team.")
        before = {name: getattr(plan, name) for name in [*chosen, "watch_high_mood"]}
        for name, value in {**chosen, "watch_high_mood": watch_high_mood}.items():
            setattr(plan, name, value)
        after = {name: getattr(plan, name) for name in before}
        if after == before:
            return plan
        plan.updated_at = timezone.now()
        plan.save()
        what = "Changed what the diary tracks: " + tracking_words(plan)
    else:
        entry = (
            CaseloadEntry.objects.filter(
                service_user=person, closed_on__isnull=True, team__in=scopes.teams_of(actor)
            )
            .order_by("opened_on", "pk")
            .first()
        )
        assert entry is not None  # is_staff_for said the person is open to one
        plan = DiaryPlan.objects.create(
            service_user=person,
            team=entry.team,
            watch_high_mood=watch_high_mood,
            set_up_by=actor,
            **chosen,
        )
        what = "Set up the diary, tracking: " + tracking_words(plan)
    record(actor=actor, action=Action.UPDATE, obj=plan, subject_id=person.pk, what=what)
    return plan


def tracking_words(plan: DiaryPlan) -> str:
    words = [word for name, word in TRACKED.items() if getattr(plan, name)]
    text = ", ".join(words)
    if plan.watch_high_mood:
        text += " (watching for a rise in mood too)"
    return text


# --- Warning signs -------------------------------------------------------------------------------


def _clean_words(words: str) -> str:
    cleaned = " ".join(words.split())
    if not cleaned:
        raise InvalidInput("Enter the sign, in the person's own words")
    if len(cleaned) > SIGN_MAX:
        raise InvalidInput(f"A sign must be {SIGN_MAX} characters or fewer")
    return cleaned


def _check_not_there(active: Iterable[WarningSign], words: str) -> None:
    if any(s.words.casefold() == words.casefold() for s in active):
        raise InvalidInput("That sign is already on the diary")


@transaction.atomic
def add_sign(*, actor: User, person: ServiceUser, words: str) -> WarningSign:
    plan = _plan_for_writing(actor, person)
    cleaned = _clean_words(words)
    active = active_signs(plan)
    if len(active) >= MOST_SIGNS:
        raise InvalidInput(f"A diary holds up to {MOST_SIGNS} signs. Retire one to add another.")
    _check_not_there(active, cleaned)
    position = max((s.position for s in plan.signs.all()), default=0) + 1
    sign = WarningSign.objects.create(plan=plan, words=cleaned, position=position, added_by=actor)
    return _changed(
        plan,
        actor=actor,
        person=person,
        action=Action.CREATE,
        obj=sign,
        what="Added an early warning sign to the diary",
    )


def _active_sign(plan: DiaryPlan, sign_id: int) -> WarningSign:
    sign = plan.signs.filter(pk=sign_id, retired_at__isnull=True).first()
    if sign is None:
        raise InvalidInput("That sign is not on this diary")
    return sign


@transaction.atomic
def reword_sign(*, actor: User, person: ServiceUser, sign_id: int, words: str) -> WarningSign:
    """Say a sign in new words: the old one is retired (its ratings kept with its
    words) and the new one takes its place."""
    plan = _plan_for_writing(actor, person)
    old = _active_sign(plan, sign_id)
    cleaned = _clean_words(words)
    if cleaned == old.words:
        return old
    _check_not_there([s for s in active_signs(plan) if s.pk != old.pk], cleaned)
    now = timezone.now()
    old.retired_at = now
    old.save(update_fields=["retired_at"])
    sign = WarningSign.objects.create(
        plan=plan, words=cleaned, position=old.position, added_by=actor, added_at=now
    )
    return _changed(
        plan,
        actor=actor,
        person=person,
        action=Action.UPDATE,
        obj=sign,
        what="Reworded an early warning sign on the diary",
    )


@transaction.atomic
def retire_sign(*, actor: User, person: ServiceUser, sign_id: int) -> WarningSign:
    """Take a sign off the diary. Its past ratings stay, shown with its words."""
    plan = _plan_for_writing(actor, person)
    sign = _active_sign(plan, sign_id)
    sign.retired_at = timezone.now()
    sign.save(update_fields=["retired_at"])
    return _changed(
        plan,
        actor=actor,
        person=person,
        action=Action.UPDATE,
        obj=sign,
        what="Took an early warning sign off the diary",
    )


# --- The diary schedule --------------------------------------------------------------------------


def weekdays_text(weekdays: Iterable[int]) -> str:
    return ",".join(str(d) for d in sorted(set(weekdays)))


@transaction.atomic
def set_schedule(
    *,
    actor: User,
    person: ServiceUser,
    frequency: str,
    weekdays: Iterable[int] = (),
    remind_at: dt.time | None,
) -> CheckInSchedule:
    """Agree when the diary is filled in, and when (if at all) to remind.

    A changed schedule ends the old one today and starts the new one today, so
    missed days are always counted against what was agreed at the time.
    """
    plan = _plan_for_writing(actor, person)
    if frequency not in Frequency.values:
        raise InvalidInput("Choose how often to fill in the diary")
    days = sorted(set(weekdays))
    if any(d not in range(7) for d in days):
        raise InvalidInput("Choose days of the week from the list")
    if frequency == Frequency.WEEKLY and not days:
        raise InvalidInput("Choose at least one day of the week")
    text = weekdays_text(days) if frequency == Frequency.WEEKLY else ""
    current = open_diary_schedule(person)
    if (
        current is not None
        and current.frequency == frequency
        and current.weekdays == text
        and current.remind_at == remind_at
    ):
        return current
    now = timezone.now()
    today = timezone.localdate(now)
    if current is not None:
        current.ended_at = now
        current.ended_by = actor
        current.save(update_fields=["ended_at", "ended_by"])
    schedule = CheckInSchedule.objects.create(
        service_user=person,
        team=plan.team,
        kind=ScheduleKind.DIARY,
        frequency=frequency,
        weekdays=text,
        remind_at=remind_at,
        starts_on=today,
        agreed_by=actor,
        agreed_at=now,
    )
    return _changed(
        plan,
        actor=actor,
        person=person,
        action=Action.UPDATE,
        obj=schedule,
        what=f"Set the diary schedule: {describe_schedule(schedule)}",
    )


# --- Sharing -------------------------------------------------------------------------------------


@transaction.atomic
def set_sharing(*, actor: User, person: ServiceUser, share: bool) -> bool:
    """The person's choice to share their diary with their care team.

    Turning it off raises one alert for the team saying only that they stopped
    (never anything in the diary), so nobody mistakes silence for 'all well'.
    Returns whether anything changed.
    """
    if not is_own(actor, person):
        raise PermissionDenied("Only the person can choose who sees their diary.")
    plan = DiaryPlan.objects.select_for_update().filter(service_user=person).first()
    if plan is None:
        raise InvalidInput(gettext("Your diary has not been set up yet"))
    if plan.share_with_team == share:
        return False
    plan.share_with_team = share
    plan.updated_at = timezone.now()
    plan.save(update_fields=["share_with_team", "updated_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=plan,
        subject_id=person.pk,
        what="Shared the diary with the care team"
        if share
        else "Stopped sharing the diary with the care team",
    )
    if not share:
        today = timezone.localdate()
        raise_alert(
            team=plan.team,
            service_user=person,
            kind=AlertKind.STOPPED_SHARING,
            summary=f"{person.display_name} stopped sharing their diary",
            reasons=[
                f"{person.display_name} stopped sharing their diary with the team on "
                f"{say_day(today)}. Nothing from the diary is shown. Talk about it at the "
                "next contact."
            ],
            about_key=f"stopped-sharing:{plan.pk}:{today.isoformat()}",
        )
    return True
