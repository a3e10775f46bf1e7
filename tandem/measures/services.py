"""Every write for questionnaires. Keyword-only, typed, atomic, audited.

- ``submit_response``: a person answers for themselves (from one of their
  schedules), or a member of their team fills one in with them in a session.
  Answers are scored by ``tandem.measures.scoring`` and refused whole if any
  is not one of the options; an answer that needs review raises one alert for
  the team (``tandem.alerts.raising.raise_alert``) in the same transaction.
- ``add_instrument`` / ``retire_instrument``: the service admin adds its own
  licensed questionnaires as data, and retires any no longer used.
- ``set_up_schedule`` / ``end_schedule``: staff ask a person to fill one in
  on agreed days.

Who may write is checked here as well as in the views.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.raising import raise_alert
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.diary.models import CheckInSchedule, Frequency, ScheduleKind
from tandem.errors import InvalidInput
from tandem.measures import instruments, outcomes, scoring
from tandem.measures.models import Instrument, Response
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.people.roles import Role

LICENCE_NOTE_MAX = 300
# A reliable deterioration (NHS Talking Therapies): the total rose by at least
# this much from the person's lowest in the last DETERIORATION_DAYS.
RELIABLE_RISE = {"phq9": outcomes.PHQ9_RELIABLE_CHANGE, "gad7": outcomes.GAD7_RELIABLE_CHANGE}
DETERIORATION_DAYS = 180
# The questions named in the reason: those whose answers rose most.
DETERIORATION_QUESTIONS = 3


class RefusedAnswers(InvalidInput):
    """Answers that cannot be scored: nothing was saved."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def is_staff_for(actor: User, person: ServiceUser, team: CareTeam) -> bool:
    """The actor works in ``team`` and the person is open to it."""
    if not actor.is_authenticated or not actor.roles & {Role.CLINICIAN, Role.MANAGER}:
        return False
    return (
        scopes.open_entries_in_teams(scopes.teams_of(actor).filter(pk=team.pk))
        .filter(service_user=person)
        .exists()
    )


def _is_self(actor: User, person: ServiceUser) -> bool:
    return (
        actor.is_authenticated
        and Role.SERVICE_USER in actor.roles
        and person.user_id is not None
        and person.user_id == actor.pk
    )


def _usable_instrument(instrument: Instrument) -> tuple[Instrument, instruments.Definition]:
    """The stored, unretired instrument with this code and version, never one made up."""
    stored = (
        Instrument.objects.filter(
            pk=instrument.pk,
            code=instrument.code,
            version=instrument.version,
            retired_at__isnull=True,
        ).first()
        if instrument.pk is not None
        else None
    )
    if stored is None:
        raise InvalidInput("This questionnaire is not in use. Nothing was saved.")
    try:
        definition = instruments.parse(stored.definition)
    except instruments.InvalidDefinition as exc:
        raise InvalidInput("This questionnaire cannot be scored. Nothing was saved.") from exc
    return stored, definition


def review_reasons(
    definition: instruments.Definition, answers: Mapping[str, int], keys: Iterable[str]
) -> list[str]:
    """A plain sentence for each answer that needs review, naming the question and the answer."""
    reasons = []
    for key in keys:
        item = definition.item(key)
        if item is None:
            continue
        reasons.append(
            f"{definition.short_title} question {item.number}, '{item.text}': "
            f"answered '{item.label_for(answers[key])}'."
        )
    return reasons


@transaction.atomic
def submit_response(
    *,
    actor: User,
    service_user: ServiceUser,
    instrument: Instrument,
    answers: Mapping[str, object],
    submission_key: uuid.UUID,
    team: CareTeam | None = None,
    schedule: CheckInSchedule | None = None,
) -> Response:
    """Save one completed questionnaire, or return the one already saved with
    this ``submission_key`` (a second press of 'Submit' saves nothing new).

    The person answers from one of their own schedules; staff answer with them
    for ``team``. Answers for another person's schedule, a retired or made-up
    instrument, or any answer that is not one of the options are refused and
    nothing is saved.
    """
    existing = Response.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.service_user_id != service_user.pk or existing.instrument_id != instrument.pk:
            raise InvalidInput("These answers cannot be saved. Nothing was saved.")
        return existing
    if schedule is not None:
        schedule = CheckInSchedule.objects.filter(pk=schedule.pk).select_related("team").first()
        if (
            schedule is None
            or schedule.service_user_id != service_user.pk
            or schedule.kind != ScheduleKind.QUESTIONNAIRE
            or schedule.ended_at is not None
            or schedule.instrument_id != instrument.pk
        ):
            raise PermissionDenied("That is not one of this person's questionnaires.")
        team = schedule.team
    if team is None:
        raise InvalidInput("Say which team asked for this questionnaire")
    if _is_self(actor, service_user):
        if schedule is None:
            raise PermissionDenied("Answer the questionnaires your care team asked for.")
    elif not is_staff_for(actor, service_user, team):
        raise PermissionDenied("Only the person and their care team can answer this.")
    stored, definition = _usable_instrument(instrument)
    result = scoring.score(definition, answers)
    if not result.accepted:
        raise RefusedAnswers(result.problems)
    if not result.answers:
        raise InvalidInput("Answer at least one question")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                service_user=service_user,
                team=team,
                instrument=stored,
                schedule=schedule,
                answers=result.answers,
                complete=result.complete,
                total=result.total,
                band=result.band,
                review_items=list(result.review_items),
                submitted_by=actor,
                submission_key=submission_key,
            )
    except IntegrityError:
        # The same form sent twice at once: the other request saved it.
        raced = Response.objects.filter(submission_key=submission_key).first()
        if raced is None or raced.service_user_id != service_user.pk:
            raise
        return raced
    by = "themselves" if _is_self(actor, service_user) else "with their care team"
    record(
        actor=actor,
        action=Action.CREATE,
        obj=response,
        what=f"Answered the {definition.short_title} ({by})",
    )
    if result.review_items:
        raise_alert(
            team=team,
            service_user=service_user,
            kind=AlertKind.ANSWER_NEEDS_REVIEW,
            about_key=f"response:{response.pk}",
            response=response,
            summary=f"{definition.short_title}: an answer needs review",
            reasons=review_reasons(definition, result.answers, result.review_items),
        )
    _raise_if_deteriorated(response, definition=definition, team=team)
    return response


def _raise_if_deteriorated(
    response: Response, *, definition: instruments.Definition, team: CareTeam
) -> None:
    """A reliable rise on PHQ-9 or GAD-7 from the person's lowest lately asks
    the team to look: the same kind of alert as a change in the diary, saying
    in words which answers changed and since when. Once for each lowest
    answer, whatever state that alert is in, so a high total answered every
    week does not raise one every week."""
    rise = RELIABLE_RISE.get(definition.code)
    if rise is None or not response.complete or response.total is None:
        return
    since = response.submitted_at - dt.timedelta(days=DETERIORATION_DAYS)
    lowest = (
        Response.objects.filter(
            service_user_id=response.service_user_id,
            instrument__code=definition.code,
            complete=True,
            submitted_at__gte=since,
            submitted_at__lt=response.submitted_at,
        )
        .order_by("total", "-submitted_at")
        .first()
    )
    if lowest is None or lowest.total is None or response.total - lowest.total < rise:
        return
    about_key = f"questionnaire:{definition.code}:{lowest.pk}"
    if Alert.objects.filter(
        service_user_id=response.service_user_id, team=team, about_key=about_key
    ).exists():
        return
    then = timezone.localdate(lowest.submitted_at)
    raise_alert(
        team=team,
        service_user=response.service_user,
        kind=AlertKind.CHANGE_FROM_USUAL,
        about_key=about_key,
        response=response,
        summary=f"{definition.short_title}: answers clearly worse than on {then:%-d %B}",
        reasons=deterioration_reasons(definition, now=response, then=lowest, rise=rise),
        data_from=then,
        data_to=timezone.localdate(response.submitted_at),
    )


def deterioration_reasons(
    definition: instruments.Definition, *, now: Response, then: Response, rise: int
) -> list[str]:
    """In words: how much worse, since when, and the questions that moved most."""
    assert now.total is not None and then.total is not None
    when = timezone.localdate(then.submitted_at)
    reasons = [
        f"{definition.short_title} answers add up to {now.total - then.total} points more than "
        f"on {when:%A %-d %B} ({then.total} then, {now.total} now). A rise of {rise} or more is "
        "more than answers usually vary by chance (a reliable deterioration, as NHS Talking "
        "Therapies define it). Talk it through with them before acting on it."
    ]
    moved = []
    for item in definition.scored_items:
        before, after = then.answers.get(item.key), now.answers.get(item.key)
        if before is not None and after is not None and after > before:
            moved.append((after - before, item.number, item, before, after))
    moved.sort(key=lambda m: (-m[0], m[1]))
    for _, _, item, before, after in moved[:DETERIORATION_QUESTIONS]:
        reasons.append(
            f"'{item.text}': '{item.label_for(after)}' now, '{item.label_for(before)}' then."
        )
    return reasons


def alert_for(response: Response) -> Alert | None:
    """The alert an answer raised, for saying when the team will look at it."""
    return (
        Alert.objects.filter(response=response, kind=AlertKind.ANSWER_NEEDS_REVIEW)
        .order_by("raised_at")
        .first()
    )


# --- Instruments (service admin) ---------------------------------------------------


def _require_admin(actor: User | None) -> None:
    """``None`` is the command line (``manage.py load_instrument``)."""
    if actor is not None and Role.ADMIN not in actor.roles:
        raise PermissionDenied("Only the service administrator can change questionnaires.")


@transaction.atomic
def add_instrument(
    *, actor: User | None, definition: Mapping[str, Any], licence_note: str
) -> Instrument:
    """Add a service's own questionnaire, checked; a change to one is a new version."""
    _require_admin(actor)
    licence_note = licence_note.strip()
    if not licence_note:
        raise InvalidInput(
            "Say who holds the licence for this questionnaire and that your service may use it"
        )
    if len(licence_note) > LICENCE_NOTE_MAX:
        raise InvalidInput(f"The licence note must be {LICENCE_NOTE_MAX} characters or fewer")
    parsed = instruments.parse(dict(definition))
    if Instrument.objects.filter(code=parsed.code, version=parsed.version).exists():
        latest = Instrument.objects.filter(code=parsed.code).order_by("-version").first()
        assert latest is not None
        raise InvalidInput(
            f"Version {parsed.version} of '{parsed.code}' already exists. A changed "
            f"questionnaire needs a new version number: {latest.version + 1} or more."
        )
    instrument = Instrument.objects.create(
        code=parsed.code,
        version=parsed.version,
        title=parsed.title,
        short_title=parsed.short_title,
        definition=dict(definition),
        builtin=False,
        licence_note=licence_note,
        added_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=instrument,
        what=f"Added the questionnaire {parsed.short_title} (version {parsed.version})",
    )
    return instrument


@transaction.atomic
def retire_instrument(*, actor: User, instrument: Instrument) -> Instrument:
    """Stop a questionnaire being asked; answers already given keep it."""
    _require_admin(actor)
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if locked.retired_at is not None:
        raise InvalidInput("This questionnaire is already retired")
    running = CheckInSchedule.objects.filter(instrument=locked, ended_at__isnull=True).count()
    if running:
        people = "person is" if running == 1 else "people are"
        raise InvalidInput(
            f"{running} {people} still asked to fill in the {locked.short_title}. "
            "Their care teams need to end those requests first."
        )
    locked.retired_at = timezone.now()
    locked.save(update_fields=["retired_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Retired the questionnaire {locked.short_title} (version {locked.version})",
    )
    return locked


# --- Schedules (staff) ------------------------------------------------------------------


def _weekdays_text(frequency: str, weekdays: Iterable[int]) -> str:
    if frequency == Frequency.DAILY:
        return ""
    days = sorted(set(weekdays))
    if not days:
        raise InvalidInput("Choose at least one day of the week")
    if any(d not in range(7) for d in days):
        raise InvalidInput("Choose days of the week from the list")
    return ",".join(str(d) for d in days)


@transaction.atomic
def set_up_schedule(
    *,
    actor: User,
    service_user: ServiceUser,
    team: CareTeam,
    instrument: Instrument,
    frequency: str,
    weekdays: Iterable[int] = (),
    remind_at: dt.time | None = None,
    starts_on: dt.date | None = None,
) -> CheckInSchedule:
    """Ask the person to fill in ``instrument`` daily or on chosen weekdays."""
    if not is_staff_for(actor, service_user, team):
        raise PermissionDenied("Only the person's care team can ask them to fill this in.")
    if frequency not in Frequency.values:
        raise InvalidInput("Choose how often")
    stored, definition = _usable_instrument(instrument)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        raise InvalidInput("The first day cannot be in the past")
    already = CheckInSchedule.objects.filter(
        service_user=service_user,
        kind=ScheduleKind.QUESTIONNAIRE,
        instrument__code=stored.code,
        ended_at__isnull=True,
    ).exists()
    if already:
        raise InvalidInput(
            f"{service_user.display_name} is already asked to fill in the "
            f"{definition.short_title}. End that request first to change it."
        )
    schedule = CheckInSchedule.objects.create(
        service_user=service_user,
        team=team,
        kind=ScheduleKind.QUESTIONNAIRE,
        instrument=stored,
        frequency=frequency,
        weekdays=_weekdays_text(frequency, weekdays),
        remind_at=remind_at,
        starts_on=starts_on,
        agreed_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=schedule,
        what=f"Asked them to fill in the {definition.short_title} "
        f"({schedule.get_frequency_display().lower()})",
    )
    return schedule


@transaction.atomic
def end_schedule(*, actor: User, schedule: CheckInSchedule) -> CheckInSchedule:
    locked = (
        CheckInSchedule.objects.select_for_update(of=("self",))
        .select_related("service_user", "instrument", "team")
        .get(pk=schedule.pk)
    )
    if locked.kind != ScheduleKind.QUESTIONNAIRE:
        raise InvalidInput("This is not a questionnaire")
    if not is_staff_for(actor, locked.service_user, locked.team):
        raise PermissionDenied("Only the person's care team can end this.")
    if locked.ended_at is not None:
        raise InvalidInput("This request has already ended")
    locked.ended_at = timezone.now()
    locked.ended_by = actor
    locked.save(update_fields=["ended_at", "ended_by"])
    assert locked.instrument is not None
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Stopped asking them to fill in the {locked.instrument.short_title}",
    )
    return locked
