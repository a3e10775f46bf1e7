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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tandem.access import scopes
from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.raising import raise_alert
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.diary.models import (
    NOTE_MAX,
    SIGN_MAX,
    SIGN_RATING_MAX,
    CheckInSchedule,
    DiaryEntry,
    DiaryPlan,
    Frequency,
    ScheduleKind,
    SignRating,
    WarningSign,
)
from tandem.diary.queries import describe_schedule, open_diary_schedule
from tandem.errors import InvalidInput
from tandem.measures.models import Response
from tandem.notify import recipients
from tandem.notify.models import Message
from tandem.notify.services import queue_message
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tandem.people.roles import Role
from tandem.warnings import detector
from tandem.warnings.queries import custom_phrases_for
from tandem.web.dates import day as say_day
from tandem.web.links import full_url_for

# A person can fill in today or any of the last week: long enough to catch up
# after a bad few days, short enough that a day is still remembered.
DAYS_BACK = 7
MOST_SIGNS = 10
MOOD_MAX = 10
ANXIETY_MAX = 10
SLEEP_MAX = Decimal(24)


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


def _changed(plan: DiaryPlan) -> None:
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])


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


def _active_signs(plan: DiaryPlan) -> list[WarningSign]:
    return list(plan.signs.filter(retired_at__isnull=True).order_by("position", "pk"))


def _check_not_there(active: Iterable[WarningSign], words: str) -> None:
    if any(s.words.casefold() == words.casefold() for s in active):
        raise InvalidInput("That sign is already on the diary")


@transaction.atomic
def add_sign(*, actor: User, person: ServiceUser, words: str) -> WarningSign:
    plan = _plan_for_writing(actor, person)
    cleaned = _clean_words(words)
    active = _active_signs(plan)
    if len(active) >= MOST_SIGNS:
        raise InvalidInput(f"A diary holds up to {MOST_SIGNS} signs. Retire one to add another.")
    _check_not_there(active, cleaned)
    position = max((s.position for s in plan.signs.all()), default=0) + 1
    sign = WarningSign.objects.create(plan=plan, words=cleaned, position=position, added_by=actor)
    _changed(plan)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=sign,
        subject_id=person.pk,
        what="Added an early warning sign to the diary",
    )
    return sign


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
    _check_not_there([s for s in _active_signs(plan) if s.pk != old.pk], cleaned)
    now = timezone.now()
    old.retired_at = now
    old.save(update_fields=["retired_at"])
    sign = WarningSign.objects.create(
        plan=plan, words=cleaned, position=old.position, added_by=actor, added_at=now
    )
    _changed(plan)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=sign,
        subject_id=person.pk,
        what="Reworded an early warning sign on the diary",
    )
    return sign


@transaction.atomic
def retire_sign(*, actor: User, person: ServiceUser, sign_id: int) -> WarningSign:
    """Take a sign off the diary. Its past ratings stay, shown with its words."""
    plan = _plan_for_writing(actor, person)
    sign = _active_sign(plan, sign_id)
    sign.retired_at = timezone.now()
    sign.save(update_fields=["retired_at"])
    _changed(plan)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=sign,
        subject_id=person.pk,
        what="Took an early warning sign off the diary",
    )
    return sign


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
    _changed(plan)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=schedule,
        subject_id=person.pk,
        what=f"Set the diary schedule: {describe_schedule(schedule)}",
    )
    return schedule


# --- Diary entries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryValues:
    """What one day's diary says. None: not filled in."""

    mood: int | None = None
    sleep_hours: Decimal | None = None
    anxiety: int | None = None
    medication_taken: bool | None = None
    # {sign id: rating 0-4}
    ratings: dict[int, int] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Saved:
    entry: DiaryEntry
    updated: bool
    # The note has words that suggest the person may need help urgently.
    worrying: bool
    # Raised for the team when the diary is shared with them.
    alert: Alert | None


class AlreadyFilledIn(Exception):
    """The day already has an entry the person was not shown, and saving would
    replace it with something different. Nothing was saved: ask them first."""

    def __init__(self, entry: DiaryEntry) -> None:
        super().__init__(f"The diary for {say_day(entry.day)} is already filled in")
        self.entry = entry


def entry_version(entry: DiaryEntry | None) -> str:
    """Which saving of a day's entry a page showed: '' when there was none.

    The page sends it back with the form, so a save replaces only the entry the
    person saw (issue 16: choosing another day and saving silently replaced
    what was written for that day)."""
    return "" if entry is None else f"{entry.pk}:{entry.updated_at.isoformat()}"


def earliest_day(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=DAYS_BACK)


def check_day(value: dt.date, *, today: dt.date) -> None:
    if value > today:
        raise InvalidInput("You cannot fill in the diary for a day that has not happened yet")
    if value < earliest_day(today):
        raise InvalidInput(f"You can fill in today or any of the last {DAYS_BACK} days")


def _check_values(plan: DiaryPlan, values: EntryValues, signs: dict[int, WarningSign]) -> str:
    checks = (
        ("Mood", values.mood, plan.track_mood, MOOD_MAX),
        ("Anxiety", values.anxiety, plan.track_anxiety, ANXIETY_MAX),
    )
    for label, number, tracked, top in checks:
        if number is None:
            continue
        if not tracked:
            raise InvalidInput(f"{label} is not on this diary")
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= top:
            raise InvalidInput(f"{label} must be a whole number from 0 to {top}")
    if values.sleep_hours is not None:
        if not plan.track_sleep:
            raise InvalidInput("Sleep is not on this diary")
        try:
            sleep = Decimal(values.sleep_hours)
        except (InvalidOperation, TypeError) as exc:
            raise InvalidInput("Sleep must be a number of hours from 0 to 24") from exc
        if not Decimal(0) <= sleep <= SLEEP_MAX or (sleep * 2) % 1 != 0:
            raise InvalidInput("Sleep must be a number of hours from 0 to 24, in half hours")
    if values.medication_taken is not None and not plan.track_medication:
        raise InvalidInput("Medication is not on this diary")
    for sign_id, rating in values.ratings.items():
        if sign_id not in signs:
            raise InvalidInput("One of the warning signs is not on this diary")
        if isinstance(rating, bool) or not isinstance(rating, int):
            raise InvalidInput("Rate each sign from 0 to 4")
        if not 0 <= rating <= SIGN_RATING_MAX:
            raise InvalidInput(f"Rate each sign from 0 to {SIGN_RATING_MAX}")
    note = values.note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"The note must be {NOTE_MAX:,} characters or fewer")
    nothing = (
        values.mood is None
        and values.sleep_hours is None
        and values.anxiety is None
        and values.medication_taken is None
        and not values.ratings
        and not note
    )
    if nothing:
        raise InvalidInput("Fill in at least one thing, or write a note")
    return note


@transaction.atomic
def save_entry(
    *,
    actor: User,
    person: ServiceUser,
    day: dt.date,
    values: EntryValues,
    replacing: str,
    today: dt.date | None = None,
) -> Saved:
    """Save one day's diary. Nothing is saved if anything is wrong.

    ``replacing`` is ``entry_version`` of the entry the person was shown for
    that day ('' for none). A save for a day that has an entry updates it
    (``Saved.updated`` says so) only if that is the entry they saw, or if what
    they wrote is the same (a second press of 'Save'); otherwise it raises
    ``AlreadyFilledIn`` and the page asks before replacing anything.

    A note with worrying words raises one alert for the team when the diary is
    shared with them; either way the caller shows the crisis contacts at once.
    """
    if not is_own(actor, person):
        raise PermissionDenied("Only the person can fill in their own diary.")
    today = today or timezone.localdate()
    check_day(day, today=today)
    plan = DiaryPlan.objects.filter(service_user=person).first()
    if plan is None:
        raise InvalidInput("Your diary has not been set up yet")
    signs = {s.pk: s for s in _active_signs(plan)}
    note = _check_values(plan, values, signs)
    sleep = (
        None if values.sleep_hours is None else Decimal(values.sleep_hours).quantize(Decimal("0.1"))
    )
    fields = {
        "mood": values.mood,
        "sleep_hours": sleep,
        "anxiety": values.anxiety,
        "medication_taken": values.medication_taken,
        "note": note,
    }
    now = timezone.now()
    entry = DiaryEntry.objects.select_for_update().filter(service_user=person, day=day).first()
    updated = entry is not None
    note_changed = True
    if entry is None:
        try:
            with transaction.atomic():
                entry = DiaryEntry.objects.create(
                    service_user=person,
                    day=day,
                    submitted_by=actor,
                    submitted_at=now,
                    updated_at=now,
                    **fields,
                )
        except IntegrityError:
            # The same day saved at the same moment (a double press): update it.
            entry = DiaryEntry.objects.select_for_update().get(service_user=person, day=day)
            updated = True
    if updated and entry_version(entry) != replacing and not _same(entry, fields, values, signs):
        raise AlreadyFilledIn(entry)
    if updated:
        note_changed = entry.note != note
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.updated_at = now
        entry.save(update_fields=[*fields, "updated_at"])
        # The entry says what the form said: ratings left empty are removed.
        # Ratings of signs retired since are kept, with their words.
        entry.sign_ratings.filter(sign__in=list(signs)).exclude(
            sign__in=list(values.ratings)
        ).delete()
    for sign_id, rating in values.ratings.items():
        SignRating.objects.update_or_create(
            entry=entry, sign_id=sign_id, defaults={"rating": rating}
        )
    record(
        actor=actor,
        action=Action.UPDATE if updated else Action.CREATE,
        obj=entry,
        subject_id=person.pk,
        what=("Changed the diary for " if updated else "Filled in the diary for ") + say_day(day),
    )
    worrying, alert = False, None
    if note and note_changed:
        decision = detector.check(note, extra=custom_phrases_for(plan.team_id))
        if decision.flagged:
            worrying = True
            if plan.share_with_team:
                alert = _note_alert(plan=plan, person=person, entry=entry, decision=decision)
    return Saved(entry=entry, updated=updated, worrying=worrying, alert=alert)


def values_of(entry: DiaryEntry) -> EntryValues:
    """What a saved entry says, as the form would send it."""
    return EntryValues(
        mood=entry.mood,
        sleep_hours=entry.sleep_hours,
        anxiety=entry.anxiety,
        medication_taken=entry.medication_taken,
        ratings={r.sign_id: r.rating for r in entry.sign_ratings.all()},
        note=entry.note,
    )


def _same(
    entry: DiaryEntry,
    fields: Mapping[str, object],
    values: EntryValues,
    signs: dict[int, WarningSign],
) -> bool:
    """Whether saving ``fields`` and ``values.ratings`` would leave ``entry`` as it is."""
    if any(getattr(entry, name) != value for name, value in fields.items()):
        return False
    ratings = {r.sign_id: r.rating for r in entry.sign_ratings.all() if r.sign_id in signs}
    return ratings == values.ratings


def note_is_worrying(plan: DiaryPlan, note: str) -> bool:
    """Whether a note not yet saved has words that suggest the person may need
    help now: the page that asks before replacing an entry shows help at once,
    as a saved note would (HAZ-152)."""
    note = note.strip()
    return bool(note) and detector.check(note, extra=custom_phrases_for(plan.team_id)).flagged


def _note_alert(
    *, plan: DiaryPlan, person: ServiceUser, entry: DiaryEntry, decision: detector.Decision
) -> Alert:
    about = ", ".join(c.label.lower() for c in decision.categories)
    return raise_alert(
        team=plan.team,
        service_user=person,
        kind=AlertKind.WORRYING_WORDS,
        summary=f"Worrying words in {person.display_name}'s diary note",
        reasons=[
            f"{person.display_name}'s diary note for {say_day(entry.day)} has words that may "
            f"be about {about}.",
            "Read the note on their diary page and decide what to do.",
        ],
        about_key=f"diary-note:{entry.pk}",
        data_from=entry.day,
        data_to=entry.day,
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
        raise InvalidInput("Your diary has not been set up yet")
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


# --- Reminders -----------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    queued: int = 0
    # Due a reminder, but there is no agreed way to reach them.
    unreachable: int = 0


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
    questionnaire_done = Response.objects.filter(
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
