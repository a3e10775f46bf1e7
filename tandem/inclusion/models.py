"""Digital inclusion: tech help requests, the help given, device loans, and
requests to change how a person is seen.

Read only through ``tandem.inclusion.queries`` (built on ``tandem.access``);
written only through ``tandem.inclusion.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.people.models import ServiceUser, User
from tandem.preferences.codes import Channel, ContactKind, Modality

MAX_FREE_TEXT = 1000


class HelpTopic(models.TextChoices):
    VIDEO = "video", N_("Joining a video call")
    APP_DEVICE = "app_device", N_("Setting up the app or a device")
    ONLINE_DATA = "online_data", N_("Getting online or data")
    OTHER = "other", N_("Something else")


class HelpStatus(models.TextChoices):
    OPEN = "open", "Waiting for someone to pick it up"
    PICKED_UP = "picked_up", "Someone is helping"
    CLOSED = "closed", "Closed"


class HelpKind(models.TextChoices):
    DEVICE_LOAN = "device_loan", "Device lent"
    DATA_TOP_UP = "data_top_up", "Data top-up"
    PRACTICE_CALL = "practice_call", "Practice call"
    TRAINING = "training", "Training session"
    OTHER = "other", "Other help"


class DeviceType(models.TextChoices):
    TABLET = "tablet", N_("Tablet")
    SMARTPHONE = "smartphone", N_("Smartphone")
    LAPTOP = "laptop", N_("Laptop")
    MOBILE_WIFI = "mobile_wifi", N_("Mobile wifi or dongle")
    OTHER = "other", N_("Other device")


class ChangeOutcome(models.TextChoices):
    AGREED = "agreed", N_("Agreed")
    AGREED_IN_PART = "agreed_in_part", N_("Agreed in part")
    NOT_AGREED = "not_agreed", N_("Not agreed")


class HelpRequest(models.Model):
    """A service user asking for help with technology."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="help_requests"
    )
    topic = models.CharField(max_length=20, choices=HelpTopic.choices)
    details = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    contact_by = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=HelpStatus.choices, default=HelpStatus.OPEN)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    picked_up_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    picked_up_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=MAX_FREE_TEXT, blank=True, help_text="Shown to the service user"
    )

    class Meta:
        ordering: ClassVar = ["raised_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["status", "raised_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                name="closed_help_request_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Help request {self.pk} ({self.get_topic_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != HelpStatus.CLOSED


class HelpGiven(models.Model):
    """One piece of help recorded against a request."""

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="help")
    kind = models.CharField(max_length=20, choices=HelpKind.choices)
    notes = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    data_amount = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class DeviceLoan(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="device_loans"
    )
    help_given = models.OneToOneField(
        HelpGiven, on_delete=models.SET_NULL, null=True, blank=True, related_name="loan"
    )
    asset_tag = models.CharField(max_length=40)
    device_type = models.CharField(max_length=20, choices=DeviceType.choices)
    lent_on = models.DateField()
    return_due = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    return_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["return_due", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(return_due__gte=models.F("lent_on")),
                name="loan_due_not_before_lent",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gte=models.F("lent_on")),
                name="loan_returned_not_before_lent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_device_type_display()} {self.asset_tag}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.returned_on is None and self.return_due < today


class ModalityChangeRequest(models.Model):
    """A request to change how a person is seen, for their care in general
    (``contact_kind`` blank) or for one kind of contact."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="modality_change_requests"
    )
    contact_kind = models.CharField(max_length=30, choices=ContactKind.choices, blank=True)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    reason = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=ChangeOutcome.choices, blank=True)
    outcome_reason = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["raised_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(outcome="not_agreed") | ~models.Q(outcome_reason=""),
                name="not_agreed_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Change request {self.pk}"

    @property
    def applies_to(self) -> str:
        return self.get_contact_kind_display() if self.contact_kind else "Care in general"

    @property
    def applies_to_text(self) -> str:
        """``applies_to`` in the language of the page, for the person's own."""
        return gettext(self.applies_to) if self.contact_kind else gettext("Care in general")

    @property
    def is_open(self) -> bool:
        return not self.outcome
