"""Raising an alert: the one way the system puts a signal in a team's queue.

Called by questionnaires (an answer that needs review), the diary (worrying
words in a note, sharing stopped) and the nightly sweep. The same cause
raises one open alert however often it is noticed.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tandem.alerts.models import Alert, AlertKind, AlertSettings, AlertState
from tandem.alerts.tuning import Thresholds
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.models import CareTeam, ServiceUser

# An answer that needs review is seen the same day: by the end of the day in
# the service's time, and never less than this long after it arrives.
SAME_DAY_AT_LEAST = dt.timedelta(hours=2)


class InvalidAlert(ValueError):
    """A caller asked for something no alert can be."""


def settings_for(team: CareTeam) -> AlertSettings:
    """The team's alert settings, made with the defaults the first time."""
    found, _ = AlertSettings.objects.get_or_create(team=team)
    return found


def thresholds_from(settings: AlertSettings) -> Thresholds:
    """The detector's settings from a team's alert settings."""
    return Thresholds(
        baseline_days=settings.baseline_days,
        change_threshold=float(settings.change_threshold),
        change_days=settings.change_days,
        missed_in_a_row=settings.missed_in_a_row,
    )


def respond_by_for(*, team: CareTeam, kind: str, raised_at: dt.datetime) -> dt.datetime:
    window = dt.timedelta(hours=settings_for(team).response_hours)
    if kind != AlertKind.ANSWER_NEEDS_REVIEW:
        return raised_at + window
    local = timezone.localtime(raised_at)
    end_of_day = local.replace(hour=23, minute=59, second=0, microsecond=0)
    return min(raised_at + window, max(end_of_day, raised_at + SAME_DAY_AT_LEAST))


def raise_alert(
    *,
    team: CareTeam,
    service_user: ServiceUser,
    kind: str,
    summary: str,
    reasons: list[str],
    about_key: str,
    # The questionnaire answer behind it (a measures.Response; the foreign key
    # is a string reference, so alerts, below measures, need not import it).
    response: models.Model | None = None,
    data_from: dt.date | None = None,
    data_to: dt.date | None = None,
) -> Alert:
    """Put an alert in ``team``'s queue, or return the person's open one for the same cause.

    Raised by the system, so the audit row has no actor. Runs in a savepoint,
    so losing a race to another worker leaves the caller's transaction usable.
    """
    if kind not in AlertKind.values:
        raise InvalidAlert(f"Unknown kind of alert: {kind!r}")
    if not reasons or not summary.strip():
        raise InvalidAlert("An alert needs a summary and at least one reason")
    if not about_key or len(about_key) > 100:
        raise InvalidAlert("about_key must be 1 to 100 characters")
    open_alerts = Alert.objects.filter(
        team=team, service_user=service_user, kind=kind, about_key=about_key
    ).exclude(state=AlertState.CLOSED)
    existing = open_alerts.first()
    if existing is not None:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                team=team,
                service_user=service_user,
                kind=kind,
                summary=summary[:300],
                reasons=[str(r)[:500] for r in reasons],
                about_key=about_key,
                # A measures.Response, typed here as a Model (see the parameter).
                response=response,  # type: ignore[misc]
                data_from=data_from,
                data_to=data_to,
                raised_at=now,
                respond_by=respond_by_for(team=team, kind=kind, raised_at=now),
            )
            record(
                actor=None,
                action=Action.CREATE,
                obj=alert,
                what=f"Raised an alert: {alert.get_kind_display()}"[:300],
            )
    except IntegrityError:
        found = open_alerts.first()
        if found is None:
            raise
        return found
    return alert
