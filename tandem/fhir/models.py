"""API clients and bulk exports (issue 21, ADR 0036 and 0037).

An ``ApiClient`` is a system a trust connects (its electronic patient record,
an integration engine, an analytics platform). It wraps a django-oauth-toolkit
``Application`` (client-credentials grant; the secret is hashed when saved, so
it is shown once) and says what the client may reach: the teams whose people
it sees, the resource types, and whether it may write. Each client has its own
account (``actor``), with no role and no password, so the audit log names the
client as the actor of every read and write and the person sees it under
'Who has looked at my record'.

A ``BulkExport`` is one FHIR Bulk Data ``$export`` job; its NDJSON files are
``ExportFile`` rows, emptied when they expire.

Read only through ``tandem.fhir.queries``; written only through
``tandem.fhir.services`` and ``tandem.fhir.exporting``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import CareTeam

# The resource types the API serves, in the order the CapabilityStatement lists them.
RESOURCE_TYPES = (
    "Patient",
    "Appointment",
    "Encounter",
    "QuestionnaireResponse",
    "Observation",
    "CarePlan",
    "RelatedPerson",
    "Consent",
    "Communication",
)
# What a bulk export can write: every type the API serves (``_type`` narrows it
# to those asked for; the client's scopes must cover each one).
EXPORT_TYPES = RESOURCE_TYPES
WRITABLE_TYPES = ("Patient",)


class ApiClient(models.Model):
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="tandem_client"
    )
    actor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    name = models.CharField(max_length=120)
    owner = models.CharField(
        max_length=200, help_text="The organisation and the person answerable for this client"
    )
    teams = models.ManyToManyField(CareTeam, related_name="api_clients")
    resource_types = models.JSONField(default=list)
    can_write = models.BooleanField(default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def scopes(self) -> list[str]:
        """The SMART-style scopes this client may be given."""
        found = [f"system/{kind}.read" for kind in self.resource_types]
        if set(self.resource_types) >= set(RESOURCE_TYPES):
            found.append("system/*.read")
        if self.can_write:
            found += [
                f"system/{kind}.write" for kind in WRITABLE_TYPES if kind in self.resource_types
            ]
        return found


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    RUNNING = "running", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class BulkExport(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="exports")
    # A Group (team) export; blank for the whole of the client's teams.
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, null=True, blank=True)
    types = models.JSONField(default=list)
    since = models.DateTimeField(null=True, blank=True)
    request_url = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default="pending")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    # The transaction time of the export: data changed after it is not in the files.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Export {self.pk} for {self.client_id}"


class ExportFile(models.Model):
    export = models.ForeignKey(BulkExport, on_delete=models.CASCADE, related_name="files")
    resource_type = models.CharField(max_length=40)
    part = models.PositiveIntegerField(default=1)
    count = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True)

    class Meta:
        ordering: ClassVar = ["resource_type", "part"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["export", "resource_type", "part"], name="fhir_export_file_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_type} part {self.part} of export {self.export_id}"
