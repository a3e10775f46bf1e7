"""Modality guidance and staff guidance pages: service-wide configuration.

Nothing here is personal data except who changed or acknowledged what. The
guidance advises; nothing in Tandem uses it to block a decision the person and
their clinician make together.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.preferences.codes import ContactKind, Modality


class Level(models.TextChoices):
    RECOMMENDED = "recommended", "Recommended"
    SUITABLE = "suitable", "Suitable"
    CARE = "care", "Use with care"
    NOT_ADVISED = "not_advised", "Not advised"


REASON_MAX_LENGTH = 500
SOURCE_MAX_LENGTH = 200


class GuidanceCell(models.Model):
    """The service's advice for one kind of contact held in one modality."""

    kind = models.CharField(max_length=40, choices=ContactKind.choices)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    reason = models.CharField(max_length=REASON_MAX_LENGTH)
    source = models.CharField(max_length=SOURCE_MAX_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["kind", "modality"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "modality"], name="one_cell_per_kind_modality"),
            # Face to face must always stay an option the guidance can offer.
            models.CheckConstraint(
                condition=~models.Q(modality="face_to_face", level="not_advised"),
                name="face_to_face_never_not_advised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_modality_display()}: {self.level}"


class GuidanceCellVersion(models.Model):
    """Each state a cell has had, kept so anyone can see who changed what and when."""

    cell = models.ForeignKey(GuidanceCell, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    level = models.CharField(max_length=20, choices=Level.choices)
    reason = models.CharField(max_length=REASON_MAX_LENGTH)
    source = models.CharField(max_length=SOURCE_MAX_LENGTH, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["cell", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["cell", "version"], name="one_cell_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.cell} v{self.version}"


class GuidancePage(models.Model):
    """A short staff guidance page, about a modality, a kind of contact, or in general."""

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=40, choices=ContactKind.choices, blank=True)
    modality = models.CharField(max_length=20, choices=Modality.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "slug"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind"], condition=~models.Q(kind=""), name="one_page_per_kind"
            ),
            models.UniqueConstraint(
                fields=["modality"], condition=~models.Q(modality=""), name="one_page_per_modality"
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class PageVersion(models.Model):
    """One version of a page. Editing adds a version; versions are never changed."""

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=10_000)
    review_by = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["page", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["page", "number"], name="one_page_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.page.slug} v{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        """The body split on blank lines; templates escape each paragraph."""
        blocks = [" ".join(b.split()) for b in self.body.replace("\r\n", "\n").split("\n\n")]
        return [b for b in blocks if b]


class Acknowledgement(models.Model):
    """A member of staff saying 'I have read this version'."""

    version = models.ForeignKey(
        PageVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "user"], name="one_ack_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.version}"
