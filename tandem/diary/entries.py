"""Filling in a day's diary: checking what it says, saving it once, and
noticing a worrying note. The person's own, and nobody else's.

The audit rows say what was done, never what the diary says: the person can
read them in 'Who has looked at my record'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.raising import raise_alert
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.diary.models import (
    NOTE_MAX,
    SIGN_RATING_MAX,
    DiaryEntry,
    DiaryPlan,
    SignRating,
    WarningSign,
)
from tandem.diary.queries import active_signs
from tandem.diary.services import is_own
from tandem.errors import InvalidInput
from tandem.people.models import ServiceUser, User
from tandem.warnings import detector
from tandem.warnings.free_text import check_text, explain, in_brief
from tandem.web.dates import day as say_day
from tandem.web.dates import recorded_day

# A person can fill in today or any of the last week: long enough to catch up
# after a bad few days, short enough that a day is still remembered.
DAYS_BACK = 7
MOOD_MAX = 10
ANXIETY_MAX = 10
SLEEP_MAX = Decimal(24)


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
        raise InvalidInput(
            gettext("You cannot fill in the diary for a day that has not happened yet")
        )
    if value < earliest_day(today):
        raise InvalidInput(
            gettext("You can fill in today or any of the last %(days)s days") % {"days": DAYS_BACK}
        )


def _check_values(plan: DiaryPlan, values: EntryValues, signs: dict[int, WarningSign]) -> str:
    # Whole sentences, one per thing tracked, in the writer's language.
    checks = (
        (
            values.mood,
            plan.track_mood,
            MOOD_MAX,
            N_("Mood is not on this diary"),
            N_("Mood must be a whole number from %(low)s to %(top)s"),
        ),
        (
            values.anxiety,
            plan.track_anxiety,
            ANXIETY_MAX,
            N_("Anxiety is not on this diary"),
            N_("Anxiety must be a whole number from %(low)s to %(top)s"),
        ),
    )
    for number, tracked, top, not_on, out_of_range in checks:
        if number is None:
            continue
        if not tracked:
            raise InvalidInput(gettext(not_on))
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= top:
            raise InvalidInput(gettext(out_of_range) % {"low": 0, "top": top})
    if values.sleep_hours is not None:
        if not plan.track_sleep:
            raise InvalidInput(gettext("Sleep is not on this diary"))
        try:
            sleep = Decimal(values.sleep_hours)
        except (InvalidOperation, TypeError) as exc:
            raise InvalidInput(
                gettext("Sleep must be a number of hours from %(low)s to %(top)s")
                % {"low": 0, "top": SLEEP_MAX}
            ) from exc
        if not Decimal(0) <= sleep <= SLEEP_MAX or (sleep * 2) % 1 != 0:
            raise InvalidInput(
                gettext("Sleep must be a number of hours from %(low)s to %(top)s, in half hours")
                % {"low": 0, "top": SLEEP_MAX}
            )
    if values.medication_taken is not None and not plan.track_medication:
        raise InvalidInput(gettext("Medication is not on this diary"))
    for sign_id, rating in values.ratings.items():
        if sign_id not in signs:
            raise InvalidInput(gettext("One of the warning signs is not on this diary"))
        if isinstance(rating, bool) or not isinstance(rating, int):
            raise InvalidInput(
                gettext("Rate each sign from %(low)s to %(top)s")
                % {"low": 0, "top": SIGN_RATING_MAX}
            )
        if not 0 <= rating <= SIGN_RATING_MAX:
            raise InvalidInput(
                gettext("Rate each sign from %(low)s to %(top)s")
                % {"low": 0, "top": SIGN_RATING_MAX}
            )
    note = values.note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            gettext("The note must be %(most)s characters or fewer") % {"most": f"{NOTE_MAX:,}"}
        )
    nothing = (
        values.mood is None
        and values.sleep_hours is None
        and values.anxiety is None
        and values.medication_taken is None
        and not values.ratings
        and not note
    )
    if nothing:
        raise InvalidInput(gettext("Fill in at least one thing, or write a note"))
    return note


def save_entry(
    *,
    actor: User,
    person: ServiceUser,
    day: dt.date,
    values: EntryValues,
    replacing: str,
    today: dt.date | None = None,
) -> Saved:
    """Save one day's diary (``_save_entry``), its note checked for worrying
    words first: both layers take tens of milliseconds, a long note more, and
    none of it needs the transaction's locks."""
    note = values.note.strip()
    plan = DiaryPlan.objects.filter(service_user=person).first()
    decision = (
        check_text(text=note, team_id=plan.team_id)
        if plan is not None and note and len(note) <= NOTE_MAX
        else None
    )
    with transaction.atomic():
        return _save_entry(
            actor=actor,
            person=person,
            day=day,
            values=values,
            replacing=replacing,
            today=today,
            decision=decision,
        )


def _save_entry(
    *,
    actor: User,
    person: ServiceUser,
    day: dt.date,
    values: EntryValues,
    replacing: str,
    today: dt.date | None,
    decision: detector.Decision | None,
) -> Saved:
    """Save one day's diary. Nothing is saved if anything is wrong.

    ``replacing`` is ``entry_version`` of the entry the person was shown for
    that day ('' for none). A save for a day that has an entry updates it
    (``Saved.updated`` says so) only if that is the entry they saw, or if what
    they wrote is the same (a second press of 'Save'); otherwise it raises
    ``AlreadyFilledIn`` and the page asks before replacing anything.

    A note the worrying-words check brings to attention (both layers and the
    language check, as for messages) raises one alert for the team when the
    diary is shared with them, and the entry keeps why, for the diary page;
    either way the caller shows the crisis contacts at once.
    """
    if not is_own(actor, person):
        raise PermissionDenied("Only the person can fill in their own diary.")
    today = today or timezone.localdate()
    check_day(day, today=today)
    plan = DiaryPlan.objects.filter(service_user=person).first()
    if plan is None:
        raise InvalidInput(gettext("Your diary has not been set up yet"))
    signs = {s.pk: s for s in active_signs(plan)}
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
        what=("Changed the diary for " if updated else "Filled in the diary for ")
        + recorded_day(day),
    )
    worrying, alert = False, None
    if note_changed:
        if note and decision is None:  # the plan was set up since the check
            decision = check_text(text=note, team_id=plan.team_id)
        flag = explain(decision) if note and decision is not None else []
        if flag != entry.note_flag:
            entry.note_flag = flag
            entry.save(update_fields=["note_flag"])
        if flag and decision is not None:
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
    return bool(note) and check_text(text=note, team_id=plan.team_id).flagged


def _note_alert(
    *, plan: DiaryPlan, person: ServiceUser, entry: DiaryEntry, decision: detector.Decision
) -> Alert:
    return raise_alert(
        team=plan.team,
        service_user=person,
        kind=AlertKind.WORRYING_WORDS,
        summary=f"Worrying words in {person.display_name}'s diary note",
        # Categories only, never the words: an alert's notice goes by email.
        # The words are on the diary page (``entry.note_flag``).
        reasons=[
            f"{person.display_name}'s diary note for {recorded_day(entry.day)}: "
            f"{in_brief(decision)}.",
            "Read the note on their diary page and decide what to do.",
        ],
        about_key=f"diary-note:{entry.pk}",
        data_from=entry.day,
        data_to=entry.day,
    )
