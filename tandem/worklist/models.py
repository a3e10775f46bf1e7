"""Work for a person to do: the one place where signals become tasks for humans.

A failed message nobody could receive, a planned contact that was not booked, a
caseload left without cover: each raises a work item for a team (or for its
managers) with the reason in plain words. Nothing here decides care; a person
reads the reason and records what they did.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import CareTeam, ServiceUser


class WorkKind(models.TextChoices):
    MESSAGE_FAILED = "message_failed", "A message could not be delivered"
    NO_CHANNEL = "no_channel", "No way to send a message"
    PLANNED_CONTACT_NOT_BOOKED = "planned_not_booked", "Planned contact not booked"
    PLANNED_CONTACT_NOT_HELD = "planned_not_held", "Planned contact not held"
    NO_RECENT_CONTACT = "no_recent_contact", "No contact for longer than the team's limit"
    CASELOAD_WITHOUT_COVER = "no_cover", "Caseload without cover"
    FACE_TO_FACE_REQUEST = "face_to_face_request", "Asked for a face-to-face appointment"
    # The Accessible Information Standard (DCB1605): needs met in every contact.
    ARRANGE_COMMUNICATION = "arrange_communication", "Arrange an interpreter or communicator"
    COPY_TO_CARER = "copy_to_carer", "Copy a letter to a carer or advocate"
    LETTER_FORMAT = "letter_format", "A letter needs another format"
    OTHER = "other", "Other"


class WorkItem(models.Model):
    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="work_items")
    kind = models.CharField(max_length=30, choices=WorkKind.choices)
    # Continuity alerts go to the team's managers; everything else to the team.
    for_managers = models.BooleanField(default=False)
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    reason = models.TextField(max_length=1000)
    # What the item is about, e.g. 'appointment:12', so the same cause raises
    # one open item however often it is noticed.
    about_key = models.CharField(max_length=100)
    raised_at = models.DateTimeField(default=timezone.now)
    # When the team promised the person an answer, for items raised by a
    # person's own request ('the team will contact you by ...'); kept as
    # promised, so changing the response time later does not move old promises.
    respond_by = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering: ClassVar = ["raised_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["team", "kind", "about_key"],
                condition=models.Q(done_at__isnull=True),
                name="one_open_work_item_per_cause",
            )
        ]
        indexes: ClassVar = [models.Index(fields=["team", "done_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.done_at is None
