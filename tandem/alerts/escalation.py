"""Escalation: an alert nobody acknowledges does not sit quietly in a queue.

Run by ``manage.py escalate_alerts`` every 15 minutes (cron). For each alert
still waiting to be acknowledged:

1. once its response time (``respond_by``) has passed, the team's duty
   clinician is told: a task for the team ('An alert is past its response
   time') and an email to the duty clinician;
2. once a further ``max(2 hours, half the alert's own window)`` has passed,
   the team's managers are told the same way (a task for managers and an
   email each).

A team with no duty clinician (or one who has left the team) goes straight
to step 2 at the response time, and the task says so. Each step is stamped
on the alert and audited; a step already stamped is never repeated, so
running the command twice, or two copies at once, tells nobody twice.

The emails say only that an alert is waiting, with a link: no name, no
reason, nothing clinical (``tandem.notify.templates.CLINICAL_WORDS``). They
are sent after the step commits; a failed send is logged and audited and
does not undo the task, which is the channel that cannot be lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.alerts.models import Alert, AlertSettings, AlertState
from tandem.alerts.raising import settings_for
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.models import StaffMember, TeamMembership, User
from tandem.web.dates import when
from tandem.web.links import full_url_for
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

log = logging.getLogger(__name__)

MANAGERS_AFTER_AT_LEAST = dt.timedelta(hours=2)
TASK_TITLE = "An alert is past its response time"
EMAIL_SUBJECT = "An alert in Tandem is waiting"


@dataclass(frozen=True)
class Email:
    alert_pk: int
    to: str
    who: str


@dataclass
class Run:
    """What one run did, for the command's output and for tests."""

    to_duty: list[int] = field(default_factory=list)
    to_managers: list[int] = field(default_factory=list)
    emails_sent: list[Email] = field(default_factory=list)
    emails_failed: list[Email] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Told the duty clinician about {len(self.to_duty)} alert(s) and the managers "
            f"about {len(self.to_managers)}; {len(self.emails_sent)} email(s) sent, "
            f"{len(self.emails_failed)} failed."
        )


def managers_due_at(alert: Alert) -> dt.datetime:
    """When an alert still waiting goes to the team's managers."""
    window = max(alert.respond_by - alert.raised_at, dt.timedelta(0))
    return alert.respond_by + max(MANAGERS_AFTER_AT_LEAST, window / 2)


def alert_link(alert: Alert) -> str:
    return full_url_for("alerts:alert", pk=alert.pk)


def email_body(link: str) -> str:
    return (
        "An alert in Tandem is waiting for someone to acknowledge it: "
        f"{link}\n\n"
        "Sign in to Tandem to see it. You are getting this email because nobody in the team "
        "has acknowledged it within the team's response time.\n\n"
        "Replies to this email are not read."
    )


def duty_clinician(found: AlertSettings) -> StaffMember | None:
    """The team's duty clinician, if set and still an active clinician in the team."""
    if found.duty_clinician_id is None:
        return None
    return (
        StaffMember.objects.filter(
            pk=found.duty_clinician_id,
            memberships__team_id=found.team_id,
            memberships__role=TeamMembership.Role.CLINICIAN,
            user__is_active=True,
        )
        .select_related("user")
        .first()
    )


def team_managers(team_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            staff__memberships__team_id=team_id,
            staff__memberships__role=TeamMembership.Role.MANAGER,
        ).order_by("full_name", "pk")
    )


def _reason(alert: Alert, told: str) -> str:
    return (
        f"Nobody has acknowledged the alert about {alert.service_user.display_name} raised "
        f"{when(alert.raised_at)}. It was due to be acknowledged by {when(alert.respond_by)}. "
        f"{told} Open the alert: {reverse('alerts:alert', kwargs={'pk': alert.pk})}"
    )


def _to_duty(alert: Alert, duty: StaffMember, now: dt.datetime) -> list[Email]:
    alert.escalated_to_duty_at = now
    raise_work_item(
        team=alert.team,
        kind=WorkKind.OTHER,
        title=TASK_TITLE,
        reason=_reason(alert, f"The duty clinician, {duty.user}, has been told."),
        service_user=alert.service_user,
        about_key=f"alert:{alert.pk}:duty",
    )
    record(
        actor=None,
        action=Action.UPDATE,
        obj=alert,
        what=f"Told the duty clinician, {duty.user}, that an alert is past its response time",
    )
    return [Email(alert.pk, duty.user.email, str(duty.user))] if duty.user.email else []


def _to_managers(alert: Alert, now: dt.datetime, *, no_duty: bool) -> list[Email]:
    alert.escalated_to_managers_at = now
    managers = team_managers(alert.team_id)
    if no_duty:
        told = "The team has no duty clinician set in Tandem, so the team's managers are told."
    else:
        told = "The duty clinician was told and nobody has acknowledged it since."
    if not managers:
        told += " The team has no manager in Tandem, so this task is for the whole team."
    raise_work_item(
        team=alert.team,
        kind=WorkKind.OTHER,
        title=TASK_TITLE,
        reason=_reason(alert, told),
        service_user=alert.service_user,
        about_key=f"alert:{alert.pk}:managers",
        for_managers=bool(managers),
    )
    names = ", ".join(str(m) for m in managers) or "nobody (the team has no manager)"
    record(
        actor=None,
        action=Action.UPDATE,
        obj=alert,
        what=(
            f"Told the team's managers ({names}) that an alert is past its response time"
            + (": no duty clinician set" if no_duty else "")
        )[:300],
    )
    return [Email(alert.pk, m.email, str(m)) for m in managers if m.email]


def escalate_one(pk: int, *, now: dt.datetime) -> tuple[list[str], list[Email]]:
    """Take one alert as far as it is due. Returns the steps taken and the
    emails to send once they are committed."""
    steps: list[str] = []
    emails: list[Email] = []
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("team", "service_user")
            .filter(pk=pk, state=AlertState.OPEN)
            .first()
        )
        if alert is None or alert.respond_by > now:
            return steps, emails
        duty = duty_clinician(settings_for(alert.team))
        told_nobody_yet = alert.escalated_to_duty_at is None
        if told_nobody_yet and alert.escalated_to_managers_at is None and duty is not None:
            emails += _to_duty(alert, duty, now)
            steps.append("duty")
        if alert.escalated_to_managers_at is None and (
            (told_nobody_yet and duty is None) or managers_due_at(alert) <= now
        ):
            emails += _to_managers(alert, now, no_duty=alert.escalated_to_duty_at is None)
            steps.append("managers")
        if steps:
            alert.save(update_fields=["escalated_to_duty_at", "escalated_to_managers_at"])
    return steps, emails


def send(email: Email) -> bool:
    alert = Alert.objects.only("pk", "service_user_id").get(pk=email.alert_pk)
    try:
        send_mail(
            EMAIL_SUBJECT,
            email_body(alert_link(alert)),
            settings.DEFAULT_FROM_EMAIL,
            [email.to],
            fail_silently=False,
        )
    except Exception:  # any backend failure: the task stands, the failure is recorded
        log.exception("Could not send the escalation email for alert %s", email.alert_pk)
        record(
            actor=None,
            action=Action.UPDATE,
            obj=alert,
            what=f"Could not email {email.who} about an alert past its response time"[:300],
        )
        return False
    return True


def due(now: dt.datetime) -> list[int]:
    """Alerts waiting past their response time with a step still to take."""
    waiting = Alert.objects.filter(
        state=AlertState.OPEN, respond_by__lte=now, escalated_to_managers_at__isnull=True
    ).only("pk", "raised_at", "respond_by", "escalated_to_duty_at")
    return [
        a.pk
        for a in waiting.order_by("respond_by", "pk").iterator()
        if a.escalated_to_duty_at is None or managers_due_at(a) <= now
    ]


def escalate_due(*, now: dt.datetime | None = None) -> Run:
    """Escalate every alert that is due at ``now`` (default: the present)."""
    now = now or timezone.now()
    run = Run()
    for pk in due(now):
        steps, emails = escalate_one(pk, now=now)
        if "duty" in steps:
            run.to_duty.append(pk)
        if "managers" in steps:
            run.to_managers.append(pk)
        for email in emails:
            (run.emails_sent if send(email) else run.emails_failed).append(email)
    return run
