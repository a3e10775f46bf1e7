"""Early-warning alerts: signals that reach a human, with the reason in plain words.

An ``Alert`` is raised by a questionnaire answer that needs review (PHQ-9
item 9 above 0), by the deterioration detector comparing a person's diary
with their own usual, by missed check-ins or by worrying words in a diary
note. It never acts on its own and carries no score, level or colour
(NICE NG225): only the kind and the reasons, each a sentence a person can
check against the data it links to.

Each alert must be acknowledged within the team's response window; if no one
does, it is escalated to the team's duty clinician and then to its managers.
Staff record what they did (``AlertAction``) and close it. Every step is
audited and kept on the alert.

Read through ``tandem.alerts.selectors``; written only through
``tandem.alerts.services``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.people.models import CareTeam, ServiceUser, StaffMember, User

NOTE_MAX = 1000


class AlertKind(models.TextChoices):
    ANSWER_NEEDS_REVIEW = "answer_review", "An answer that needs review"
    CHANGE_FROM_USUAL = "change", "A change from their usual"
    MISSED_CHECK_INS = "missed", "Check-ins missed"
    WORRYING_WORDS = "words", "Worrying words in a diary note"
    STOPPED_SHARING = "stopped_sharing", "Stopped sharing their diary"


class AlertState(models.TextChoices):
    OPEN = "open", "Waiting for someone to acknowledge it"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CLOSED = "closed", "Closed"


class AlertAction(models.TextChoices):
    CALLED = "called", "Called the person"
    EARLIER_APPOINTMENT = "earlier_appointment", "Offered an earlier appointment"
    SAFETY_PLAN_REVIEW = "safety_plan_review", "Reviewed their safety plan with them"
    DUTY_OR_CRISIS = "duty_or_crisis", "Passed to the duty or crisis team"
    NO_ACTION = "no_action", "No action needed (say why)"


class Alert(models.Model):
    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="alerts")
    service_user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    # One line for lists, then each reason as a plain sentence.
    summary = models.CharField(max_length=300)
    reasons = models.JSONField(default=list)
    # What raised it, e.g. 'response:12' or 'change:sleep:2026-11-20', so the
    # same cause raises one open alert for a person however often the sweep
    # runs. Unique with the person, so two people's changes never share one.
    about_key = models.CharField(max_length=100)
    response = models.ForeignKey(
        "measures.Response", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    # The days of data the reasons rest on, for the link to the diary.
    data_from = models.DateField(null=True, blank=True)
    data_to = models.DateField(null=True, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField()
    state = models.CharField(max_length=20, choices=AlertState.choices, default=AlertState.OPEN)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalated_to_duty_at = models.DateTimeField(null=True, blank=True)
    escalated_to_managers_at = models.DateTimeField(null=True, blank=True)
    action = models.CharField(max_length=30, choices=AlertAction.choices, blank=True)
    action_note = models.TextField(max_length=NOTE_MAX, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["respond_by", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["team", "service_user", "kind", "about_key"],
                condition=~Q(state="closed"),
                name="one_open_alert_per_cause",
            ),
            models.CheckConstraint(
                condition=Q(state="open", acknowledged_at__isnull=True, closed_at__isnull=True)
                | Q(state="acknowledged", acknowledged_at__isnull=False, closed_at__isnull=True)
                | (
                    Q(state="closed", acknowledged_at__isnull=False, closed_at__isnull=False)
                    & ~Q(action="")
                ),
                name="alert_state_matches_its_times",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["team", "state", "respond_by"], name="alert_queue"),
            models.Index(fields=["service_user", "raised_at"], name="alert_person"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.state != AlertState.CLOSED


class AlertSettings(models.Model):
    """A team's response window, duty clinician and the detector's thresholds.

    Set by the team's managers. Defaults are the ones measured in
    docs/early-warning.md; a team tunes them after replaying its own history
    with ``manage.py replay_series``.
    """

    team = models.OneToOneField(CareTeam, on_delete=models.CASCADE, related_name="alert_settings")
    response_hours = models.PositiveSmallIntegerField(default=24)
    duty_clinician = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Deterioration detector (tandem/alerts/detector.py).
    baseline_days = models.PositiveSmallIntegerField(default=28)
    # How many of the person's usual spread (standard deviations) a smoothed
    # value must move before it counts, and for how many days in a row.
    change_threshold = models.DecimalField(max_digits=3, decimal_places=1, default=2.0)
    change_days = models.PositiveSmallIntegerField(default=3)
    # Missed check-ins in a row that raise an alert; 0 turns it off.
    missed_in_a_row = models.PositiveSmallIntegerField(default=5)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Alert settings for {self.team}"
