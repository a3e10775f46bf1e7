"""Every write staff make to alerts. Keyword-only, typed, atomic, audited.

Alerts are raised only by ``tandem.alerts.raising.raise_alert`` and escalated
only by ``tandem.alerts.escalation``. Here a member of the team acknowledges
an alert, records what they did and closes it, and a team manager sets the
team's response window, duty clinician and detector thresholds.

Closing an alert nobody has acknowledged yet acknowledges it at the same
moment, by the same person (ADR 0018): recording what was done is the
strongest sign someone has seen it, and it must stop the escalation.
Each row is locked while it changes, so two people pressing the button at
once (or one person pressing it twice) change it once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.alerts import selectors
from tandem.alerts.models import (
    NOTE_MAX,
    Alert,
    AlertAction,
    AlertSettings,
    AlertState,
)
from tandem.alerts.raising import settings_for
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, StaffMember, TeamMembership, User
from tandem.web.dates import when
from tandem.worklist.services import settle_work_items

# What a manager may set (the form says the same in words).
RESPONSE_HOURS = (1, 72)
BASELINE_DAYS = (28, 180)
CHANGE_THRESHOLD = (Decimal("1.0"), Decimal("4.0"))
CHANGE_DAYS = (2, 14)
MISSED_IN_A_ROW = (0, 30)


class AlreadyDone(InvalidInput):
    """Someone (perhaps the same person, pressing twice) got there first."""


def _locked(actor: User, alert: Alert) -> Alert:
    locked = (
        selectors.alerts_visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=alert.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("This alert is not in your team's queue.")
    return locked


def _acknowledge(actor: User, locked: Alert, now: dt.datetime, *, closing: bool) -> None:
    locked.state = AlertState.ACKNOWLEDGED
    locked.acknowledged_at = now
    locked.acknowledged_by = actor
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what="Acknowledged an alert" + (" while closing it" if closing else ""),
    )
    # An escalation task for this alert is now in hand: close it so the duty
    # clinician and managers do not chase an alert someone is dealing with.
    settle_work_items(
        actor=actor,
        team=locked.team,
        about_keys=[f"alert:{locked.pk}:duty", f"alert:{locked.pk}:managers"],
        outcome=f"{actor} acknowledged the alert on {when(now)}.",
    )


@transaction.atomic
def acknowledge(*, actor: User, alert: Alert, now: dt.datetime | None = None) -> Alert:
    """Say 'I have seen this and it is being dealt with'. Stops the escalation."""
    locked = _locked(actor, alert)
    if locked.state == AlertState.CLOSED:
        raise AlreadyDone(
            f"This alert was closed by {locked.closed_by} on {when(locked.closed_at)}"
        )
    if locked.state == AlertState.ACKNOWLEDGED:
        raise AlreadyDone(
            f"This alert was already acknowledged by {locked.acknowledged_by} "
            f"on {when(locked.acknowledged_at)}"
        )
    _acknowledge(actor, locked, now or timezone.now(), closing=False)
    locked.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    return locked


def clean_note(action: str, note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"The note must be {NOTE_MAX:,} characters or fewer")
    if action == AlertAction.NO_ACTION and not note:
        raise InvalidInput("Say why no action was needed")
    return note


@transaction.atomic
def close(
    *, actor: User, alert: Alert, action: str, note: str, now: dt.datetime | None = None
) -> Alert:
    """Record what was done about an alert and close it, acknowledging it first
    if nobody has. A closed alert is read-only."""
    if action not in AlertAction.values:
        raise InvalidInput("Select what was done")
    note = clean_note(action, note)
    locked = _locked(actor, alert)
    if locked.state == AlertState.CLOSED:
        raise AlreadyDone(
            f"This alert was already closed by {locked.closed_by} on {when(locked.closed_at)}. "
            "What you entered has not been saved."
        )
    now = now or timezone.now()
    if locked.state == AlertState.OPEN:
        _acknowledge(actor, locked, now, closing=True)
    locked.state = AlertState.CLOSED
    locked.action = action
    locked.action_note = note
    locked.closed_at = now
    locked.closed_by = actor
    locked.save(
        update_fields=[
            "state",
            "acknowledged_at",
            "acknowledged_by",
            "action",
            "action_note",
            "closed_at",
            "closed_by",
        ]
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Closed an alert: {locked.get_action_display()}"[:300],
    )
    return locked


# --- Team settings ---------------------------------------------------------------------


def duty_clinician_choices(team: CareTeam) -> list[StaffMember]:
    """The team's clinicians, any of whom can be its duty clinician."""
    return list(
        StaffMember.objects.filter(
            memberships__team=team,
            memberships__role=TeamMembership.Role.CLINICIAN,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


Bounds = tuple[int, int] | tuple[Decimal, Decimal]


def _within(value: int | Decimal, bounds: Bounds) -> bool:
    low, high = bounds
    return low <= value <= high


def _name(staff: StaffMember | None) -> str:
    return str(staff.user) if staff is not None else "nobody"


@transaction.atomic
def save_settings(
    *,
    actor: User,
    team: CareTeam,
    response_hours: int,
    duty_clinician: StaffMember | None,
    baseline_days: int,
    change_threshold: Decimal,
    change_days: int,
    missed_in_a_row: int,
) -> AlertSettings:
    """A team manager sets how quickly alerts are answered, who is told first
    when nobody does, and how sensitive the detector is. The audit row says
    what changed, from what, to what. New values apply to alerts raised from
    now on; alerts already in the queue keep their response time."""
    if not selectors.settings_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("Only the team's managers can change this.")
    checks: list[tuple[int | Decimal, Bounds, str]] = [
        (response_hours, RESPONSE_HOURS, "The response window must be 1 to 72 hours"),
        (baseline_days, BASELINE_DAYS, "The baseline must be 28 to 180 days"),
        (change_threshold, CHANGE_THRESHOLD, "The size of change must be 1.0 to 4.0"),
        (change_days, CHANGE_DAYS, "The days in a row must be 2 to 14"),
        (missed_in_a_row, MISSED_IN_A_ROW, "Missed check-ins must be 0 to 30"),
    ]
    for value, bounds, message in checks:
        if not _within(value, bounds):
            raise InvalidInput(message)
    if change_threshold != change_threshold.quantize(Decimal("0.1")):
        raise InvalidInput("The size of change can have one number after the decimal point")
    if duty_clinician is not None and duty_clinician.pk not in {
        s.pk for s in duty_clinician_choices(team)
    }:
        raise InvalidInput("The duty clinician must be one of the team's clinicians")
    settings_for(team)  # made with the defaults if the team has none yet
    found = (
        AlertSettings.objects.select_for_update(of=("self",))
        .select_related("duty_clinician__user")
        .get(team=team)
    )
    wanted: dict[str, tuple[str, object, object, str, str]] = {
        "response_hours": (
            "response window",
            found.response_hours,
            response_hours,
            f"{found.response_hours} hours",
            f"{response_hours} hours",
        ),
        "duty_clinician": (
            "duty clinician",
            found.duty_clinician_id,
            duty_clinician.pk if duty_clinician else None,
            _name(found.duty_clinician),
            _name(duty_clinician),
        ),
        "baseline_days": (
            "baseline",
            found.baseline_days,
            baseline_days,
            f"{found.baseline_days} days",
            f"{baseline_days} days",
        ),
        "change_threshold": (
            "size of change",
            Decimal(found.change_threshold),
            change_threshold,
            str(found.change_threshold),
            str(change_threshold),
        ),
        "change_days": (
            "days in a row",
            found.change_days,
            change_days,
            str(found.change_days),
            str(change_days),
        ),
        "missed_in_a_row": (
            "missed check-ins in a row",
            found.missed_in_a_row,
            missed_in_a_row,
            str(found.missed_in_a_row),
            str(missed_in_a_row),
        ),
    }
    changes = [
        f"{label} from {shown_from} to {shown_to}"
        for label, old, new, shown_from, shown_to in wanted.values()
        if old != new
    ]
    if not changes:
        return found
    found.response_hours = response_hours
    found.duty_clinician = duty_clinician
    found.baseline_days = baseline_days
    found.change_threshold = change_threshold
    found.change_days = change_days
    found.missed_in_a_row = missed_in_a_row
    found.updated_by = actor
    found.updated_at = timezone.now()
    found.save()
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=found,
        what=f"Changed {team.name}'s alert settings: {'; '.join(changes)}"[:300],
    )
    return found
