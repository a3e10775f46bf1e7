"""The directory of local support (issue 25): services beyond the team that
people can be pointed to, with structured opening hours so 'open now' and
'open this evening' can be worked out in UK time.

An entry names no one who uses Tandem: it describes a service, so its public
pages can be shown to anyone without signing in (HAZ-227). Foreign keys to
people are string references, so nothing below this app imports it.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    CRISIS = "crisis", _("Crisis café or safe haven")
    VOLUNTARY = "voluntary", _("Voluntary sector group")
    CARERS = "carers", _("Carers' support")
    HOUSING = "housing", _("Housing")
    MONEY = "money", _("Debt and benefits advice")
    PEER = "peer", _("Peer support group")
    EMPLOYMENT = "employment", _("Employment support")
    EATING = "eating", _("Eating disorders")
    PERINATAL = "perinatal", _("Perinatal (pregnancy and after birth)")
    VETERANS = "veterans", _("Veterans")
    LGBTQ = "lgbtq", _("LGBTQ+")


class Route(models.TextChoices):
    SELF = "self", _("You can contact them yourself")
    REFERRAL = "referral", _("You need a referral")
    EITHER = "either", _("Either: contact them yourself or be referred")


class Entry(models.Model):
    name = models.CharField(max_length=120)
    need = models.CharField(max_length=20, choices=Need.choices)
    offers = models.TextField(max_length=1000, help_text="What it offers")
    for_whom = models.CharField(max_length=300)
    route = models.CharField(max_length=10, choices=Route.choices)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164")
    web = models.URLField(max_length=300, blank=True)
    address = models.TextField(max_length=300, blank=True)
    area = models.CharField(max_length=120, help_text="Area served, as people would say it")
    languages = models.CharField(max_length=200, blank=True)
    accessibility = models.CharField(max_length=300, blank=True)
    cost = models.CharField(max_length=120, blank=True)
    # The team whose manager keeps this entry; none means the administrator's alone.
    team = models.ForeignKey(
        "people.CareTeam", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    check_by = models.DateField(help_text="Hidden from the public after this day until checked")
    # Bumped by every change, so a save based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return self.name

    def is_overdue(self, today: dt.date) -> bool:
        return self.check_by < today


class OpeningTime(models.Model):
    """One opening on one weekday (Monday is 0). When ``closes_next_day`` the
    service stays open past midnight, until ``closes`` on the following day."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()
    opens = models.TimeField()
    closes = models.TimeField()
    closes_next_day = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["weekday", "opens"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["entry", "weekday"], name="directory_one_opening_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="directory_weekday_in_week"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_next_day=True) | models.Q(closes__gt=models.F("opens")),
                name="directory_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} day {self.weekday} {self.opens}-{self.closes}"


class EvidenceTier(models.TextChoices):
    """NICE evidence standards framework tiers, by what the tool does."""

    A = "A", "Tier A: system services (no direct benefit to the user)"
    B = "B", "Tier B: understanding and communicating"
    C = "C", "Tier C: preventing, managing, treating or diagnosing"


class Outcome(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_ASSESSED = "not_assessed", "Not assessed yet"


# The DTAC areas every tool is assessed in, as (field, label).
DTAC_AREAS = (
    ("clinical_safety", "Clinical safety (the manufacturer's DCB0129 evidence)"),
    ("data_protection", "Data protection"),
    ("technical_security", "Technical security"),
    ("interoperability", "Interoperability"),
    ("usability", "Usability and accessibility"),
)


def _outcome() -> models.CharField:
    return models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.NOT_ASSESSED)


class Tool(models.Model):
    """An app or website the service has assessed (or is assessing). Only a tool
    met in every DTAC area, with a NICE tier and a review date still ahead, may
    be recommended (HAZ-229)."""

    name = models.CharField(max_length=120)
    web = models.URLField(max_length=300)
    purpose = models.TextField(max_length=1000)
    manufacturer = models.CharField(max_length=120)
    platforms = models.CharField(max_length=200)
    languages = models.CharField(max_length=200, blank=True)
    cost = models.CharField(max_length=120)
    data_collected = models.TextField(max_length=1000)
    data_held = models.CharField(max_length=300, help_text="Where the data is held")
    tier = models.CharField(max_length=1, choices=EvidenceTier.choices, blank=True)
    clinical_safety = _outcome()
    dcb0129_evidence = models.TextField(max_length=1000, blank=True)
    data_protection = _outcome()
    technical_security = _outcome()
    interoperability = _outcome()
    usability = _outcome()
    notes = models.TextField(max_length=2000, blank=True)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review_by = models.DateField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def why_not_recommendable(self, today: dt.date) -> list[str]:
        """Every reason this tool cannot be recommended today; none means it can."""
        reasons = [
            f"{label}: {getattr(self, f'get_{name}_display')().lower()}"
            for name, label in DTAC_AREAS
            if getattr(self, name) != Outcome.MET
        ]
        if not self.tier:
            reasons.append("No NICE evidence standards tier")
        if self.review_by < today:
            reasons.append("Past its review date")
        return reasons
