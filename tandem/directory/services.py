"""Keeping the directory: adding, changing and checking entries.

Typed, keyword-only, one transaction each, audited (tandem.audit.services.record).
Only the service administrator, or a team manager for their own teams' entries,
may call them (PermissionDenied otherwise, which reaches them as the single 404).
Bad input raises tandem.errors.InvalidInput and saves nothing: the entry and
its opening times are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from tandem.access.rules import is_service_admin
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.directory.models import (
    DTAC_AREAS,
    Entry,
    EvidenceTier,
    Need,
    OpeningTime,
    Outcome,
    Route,
    Tool,
)
from tandem.directory.selectors import may_keep, may_keep_directory, teams_kept_by, today
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, User
from tandem.people.validators import normalise_phone

# The longest an entry may go unchecked: a closed crisis café listed as open
# is the hazard this guards (HAZ-226).
LONGEST_BETWEEN_CHECKS = dt.timedelta(days=366)
STALE_VERSION = (
    "Someone else changed this entry while you were editing it. "
    "Your changes have not been saved: look at the entry again and make them once more"
)


@dataclass(frozen=True)
class Details:
    """What an entry says, as a person keeping it typed it."""

    name: str
    need: str
    offers: str
    for_whom: str
    route: str
    phone: str
    web: str
    address: str
    area: str
    languages: str
    accessibility: str
    cost: str


@dataclass(frozen=True)
class Hours:
    weekday: int
    opens: dt.time
    closes: dt.time
    closes_next_day: bool = False


def _clean(details: Details) -> Details:
    """Checked again here, below the form, so no caller can save a phone number
    or web address that is not one (a crisis line people cannot ring)."""
    if not details.name.strip():
        raise InvalidInput("Enter the name of the service", field="name")
    if details.need not in Need.values:
        raise InvalidInput("Select the kind of support", field="need")
    if details.route not in Route.values:
        raise InvalidInput("Select how people get in", field="route")
    if not details.area.strip():
        raise InvalidInput("Enter the area the service covers", field="area")
    phone = ""
    if details.phone.strip():
        try:
            phone = normalise_phone(details.phone)
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0], field="phone") from exc
    web = details.web.strip()
    if web:
        try:
            URLValidator(schemes=["http", "https"])(web)
        except ValidationError as exc:
            raise InvalidInput(
                "Enter a web address, like https://www.example.org", field="web"
            ) from exc
    if not phone and not web and not details.address.strip():
        raise InvalidInput("Enter at least one way to reach the service", field="phone")
    return Details(**{**asdict(details), "phone": phone, "web": web})


def _check_hours(hours: list[Hours]) -> None:
    days = [h.weekday for h in hours]
    if len(days) != len(set(days)) or any(not 0 <= d <= 6 for d in days):
        raise InvalidInput("Give each day's opening once")
    for h in hours:
        if not h.closes_next_day and h.closes <= h.opens:
            raise InvalidInput(
                "The closing time must be after the opening time. If it closes after "
                "midnight, tick 'Closes after midnight'",
                field=f"closes_{h.weekday}",
            )
        if h.closes_next_day and h.closes > h.opens:
            raise InvalidInput(
                "A closing time after midnight must be earlier than the opening time",
                field=f"closes_{h.weekday}",
            )


def _check_date(check_by: dt.date, *, field: str = "check_by") -> None:
    if check_by <= today():
        raise InvalidInput("The date to check it again must be in the future", field=field)
    if check_by > today() + LONGEST_BETWEEN_CHECKS:
        raise InvalidInput("The date to check it again must be within a year", field=field)


def _check_team(actor: User, team: CareTeam | None) -> None:
    if team is None:
        # An entry no team keeps is the administrator's alone.
        if not is_service_admin(actor):
            raise InvalidInput("Select the team that keeps this entry", field="team")
    elif not teams_kept_by(actor).filter(pk=team.pk).exists():
        raise InvalidInput("Select one of your teams", field="team")


def _write_hours(entry: Entry, hours: list[Hours]) -> None:
    entry.hours.all().delete()
    OpeningTime.objects.bulk_create(OpeningTime(entry=entry, **asdict(h)) for h in hours)


@transaction.atomic
def add_entry(
    *,
    actor: User,
    details: Details,
    hours: list[Hours],
    team: CareTeam | None,
    check_by: dt.date,
) -> Entry:
    if not may_keep_directory(actor):
        raise PermissionDenied("Only the service administrator or a team manager keeps entries.")
    clean = _clean(details)
    _check_hours(hours)
    _check_team(actor, team)
    _check_date(check_by)
    entry = Entry.objects.create(
        **asdict(clean), team=team, checked_on=today(), checked_by=actor, check_by=check_by
    )
    _write_hours(entry, hours)
    record(
        actor=actor, action=Action.CREATE, obj=entry, what=f"Added '{entry.name}' to the directory"
    )
    return entry


@transaction.atomic
def change_entry(
    *,
    actor: User,
    entry: Entry,
    version: int,
    details: Details,
    hours: list[Hours],
    team: CareTeam | None,
) -> Entry:
    """Change what an entry says. ``version`` is the one the editor started from:
    if anyone saved since, nothing is saved (two people editing at once)."""
    if not may_keep(actor, entry):
        raise PermissionDenied("Not an entry you keep.")
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != version:
        raise InvalidInput(STALE_VERSION)
    clean = _clean(details)
    _check_hours(hours)
    _check_team(actor, team)
    for name, value in asdict(clean).items():
        setattr(locked, name, value)
    locked.team = team
    locked.version += 1
    locked.save()
    _write_hours(locked, hours)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Changed '{locked.name}' in the directory",
    )
    return locked


@transaction.atomic
def mark_checked(*, actor: User, entry: Entry, version: int, check_by: dt.date) -> Entry:
    """Record that ``actor`` checked the entry is still right today, and when to
    check it next; an overdue entry shows to the public again."""
    if not may_keep(actor, entry):
        raise PermissionDenied("Not an entry you keep.")
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    if locked.version != version:
        raise InvalidInput(STALE_VERSION)
    _check_date(check_by)
    locked.checked_on = today()
    locked.checked_by = actor
    locked.check_by = check_by
    locked.version += 1
    locked.save(update_fields=["checked_on", "checked_by", "check_by", "version"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Checked '{locked.name}' in the directory; next check by {check_by:%d/%m/%Y}",
    )
    return locked


@dataclass(frozen=True)
class ToolAssessment:
    """A digital tool and its assessment, as the administrator recorded it."""

    name: str
    web: str
    purpose: str
    manufacturer: str
    platforms: str
    languages: str
    cost: str
    data_collected: str
    data_held: str
    tier: str
    clinical_safety: str
    dcb0129_evidence: str
    data_protection: str
    technical_security: str
    interoperability: str
    usability: str
    notes: str


def _clean_tool(assessment: ToolAssessment) -> None:
    try:
        URLValidator(schemes=["http", "https"])(assessment.web)
    except ValidationError as exc:
        raise InvalidInput(
            "Enter a web address, like https://www.example.org", field="web"
        ) from exc
    for name, _label in DTAC_AREAS:
        if getattr(assessment, name) not in Outcome.values:
            raise InvalidInput("Select an outcome", field=name)
    if assessment.tier not in ("", *EvidenceTier.values):
        raise InvalidInput("Select a tier from the list", field="tier")
    if assessment.clinical_safety == Outcome.MET and not assessment.dcb0129_evidence.strip():
        # 'Met' with nothing to show for it is how an unsafe tool gets through (HAZ-229).
        raise InvalidInput(
            "Describe the manufacturer's DCB0129 evidence, or do not mark clinical safety as met",
            field="dcb0129_evidence",
        )


@transaction.atomic
def save_tool(
    *,
    actor: User,
    tool: Tool | None,
    version: int | None,
    assessment: ToolAssessment,
    review_by: dt.date,
) -> Tool:
    """Add a tool (``tool`` None) or record a new assessment of one. Saving is
    assessing: the actor and today are recorded as who assessed it and when."""
    if not is_service_admin(actor):
        raise PermissionDenied("Only the service administrator keeps the library of tools.")
    _clean_tool(assessment)
    _check_date(review_by, field="review_by")
    values = {**asdict(assessment), "assessed_on": today(), "assessed_by": actor}
    if tool is None:
        saved = Tool.objects.create(**values, review_by=review_by)
        action, said = Action.CREATE, "Added"
    else:
        saved = Tool.objects.select_for_update().get(pk=tool.pk)
        if saved.version != version:
            raise InvalidInput(STALE_VERSION.replace("entry", "tool"))
        for name, value in values.items():
            setattr(saved, name, value)
        saved.review_by = review_by
        saved.version += 1
        saved.save()
        action, said = Action.UPDATE, "Assessed"
    record(
        actor=actor, action=action, obj=saved, what=f"{said} '{saved.name}' in the library of tools"
    )
    return saved
