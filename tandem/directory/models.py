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


class Need(models.TextChoices):
    CRISIS = "crisis", "Crisis café or safe haven"
    VOLUNTARY = "voluntary", "Voluntary sector group"
    CARERS = "carers", "Carers' support"
    HOUSING = "housing", "Housing"
    MONEY = "money", "Debt and benefits advice"
    PEER = "peer", "Peer support group"
    EMPLOYMENT = "employment", "Employment support"
    EATING = "eating", "Eating disorders"
    PERINATAL = "perinatal", "Perinatal (pregnancy and after birth)"
    VETERANS = "veterans", "Veterans"
    LGBTQ = "lgbtq", "LGBTQ+"


class Route(models.TextChoices):
    SELF = "self", "You can contact them yourself"
    REFERRAL = "referral", "You need a referral"
    EITHER = "either", "Either: contact them yourself or be referred"


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
