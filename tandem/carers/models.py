"""Carers and family: invitations, the history of what a person agreed to share,
and carers' views before an assessment or review.

What a carer may see lives on ``people.CarerLink`` (one switch per scope),
and the selectors check it on every request, so a change here takes effect on
the carer's next page. Personal data here is read only through
``tandem.carers.selectors`` and written only through the carers services
(``invitations``, ``consent``, ``staff_added``, ``from_carers``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Carer, CarerLink, ServiceUser, User

MAX_VIEW_TEXT = 2000
MAX_NOTE = 500


class InviteChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class CarerInvite(models.Model):
    """A single-use invitation for a carer to join and see what the person chose.

    Made by a service user for themself (``link`` empty: accepting it makes the
    link with ``scopes``), or by staff for a carer they added (``link`` set:
    accepting it only gives the carer an account, and the link's scopes as they
    stand at that moment apply). Only the SHA-256 of the token is stored.
    """

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="carer_invites"
    )
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="invites")
    link = models.ForeignKey(
        CarerLink, on_delete=models.CASCADE, null=True, blank=True, related_name="invites"
    )
    relationship = models.CharField(max_length=60)
    # Field names from CarerLink.SCOPES; checked by the service on the way in.
    scopes = models.JSONField(default=list)
    sent_by = models.CharField(max_length=10, choices=InviteChannel.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.carer} from {self.service_user}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def scope_labels(self) -> list[str]:
        return [gettext(label) for name, label in CarerLink.SCOPES.items() if name in self.scopes]


class ConsentChange(models.Model):
    """One change to what a carer may see, in words people can read later:
    who made it, when, and (for staff) on what say-so."""

    link = models.ForeignKey(CarerLink, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    what = models.CharField(max_length=300)
    note = models.CharField(max_length=MAX_NOTE, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.what


class CarerView(models.Model):
    """What a carer wants the team to know before an assessment or review."""

    link = models.ForeignKey(CarerLink, on_delete=models.CASCADE, related_name="views")
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="carer_views"
    )
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="views")
    about = models.CharField(max_length=200)
    what_noticed = models.TextField(max_length=MAX_VIEW_TEXT)
    worries = models.TextField(max_length=MAX_VIEW_TEXT, blank=True)
    what_helps = models.TextField(max_length=MAX_VIEW_TEXT, blank=True)
    # Why the worrying-words check asked the team to read the view sooner, a
    # line a reason, in words (never a score); empty when it did not (issue 19).
    flag = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-submitted_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["service_user", "-submitted_at"])]

    def __str__(self) -> str:
        return f"View from {self.carer} about {self.about}"
