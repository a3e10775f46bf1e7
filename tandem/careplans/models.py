"""Care plans, written together by a service user and their care coordinator.

A plan says what matters to the person and their goals, in their words; what
they, the team and others (a carer, the GP) will do, each with when; and the
date it will be looked at again. How the team keeps in touch and what to do if
things get worse are not copied in: the plan pages show the person's current
contact preferences, shared decisions and safety plan beside it, so a change
there can never leave a stale copy here (ADR 0041).

As the safety plan, each save is a new, unchanging version: who saved it,
when, and which parts changed. The person's answer to a version (they agree,
or they do not and why) and their comments on any version are kept with it.
There are no scores or ratings here, by design (NICE NG225).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tandem.people.models import ServiceUser
from tandem.web.dates import day
from tandem.web.versioned import VersionBase, WrittenPart

MAX_PART = 2000
MAX_WHEN = 200
MAX_REASON = 1000
MAX_COMMENT = 1000


@dataclass(frozen=True)
class Part(WrittenPart):
    # The field saying when, for the parts that are about doing something.
    when_key: str = ""
    when_label: str = ""

    @property
    def when_label_text(self) -> str:
        return gettext(self.when_label)


PARTS: tuple[Part, ...] = (
    Part(
        "what_matters",
        N_("What matters to me"),
        N_("In your own words: the people, places and things that matter most to you now."),
    ),
    Part(
        "goals",
        N_("My goals"),
        N_("What you want to be different, in your own words. One goal on each line."),
    ),
    Part(
        "i_will",
        N_("What I will do"),
        N_("The things you will do towards your goals. One thing on each line."),
        "i_will_when",
        N_("When I will do these"),
    ),
    Part(
        "team_will",
        N_("What my care team will do"),
        N_("What the care team has agreed to do, such as appointments, referrals or medicines."),
        "team_will_when",
        N_("When my care team will do these"),
    ),
    Part(
        "others_will",
        N_("What others will do"),
        N_("What a carer, family member, your GP or another service has agreed to do. Say who."),
        "others_will_when",
        N_("When others will do these"),
    ),
)
PART_KEYS = tuple(p.key for p in PARTS)
WHEN_KEYS = tuple(p.when_key for p in PARTS if p.when_key)
FIELD_KEYS = PART_KEYS + WHEN_KEYS
HEADINGS: dict[str, str] = {p.key: p.heading for p in PARTS} | {
    p.when_key: p.when_label for p in PARTS if p.when_key
}
REVIEW_HEADING = N_("Review date")


class CarePlan(models.Model):
    """One per service user. Its words live in its versions; the review date is
    kept here too (copied from the newest version) so reminders can find it."""

    service_user = models.OneToOneField(
        ServiceUser, on_delete=models.CASCADE, related_name="care_plan"
    )
    created_at = models.DateTimeField(default=timezone.now)
    review_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["review_on"])]

    def __str__(self) -> str:
        return f"Care plan for {self.service_user}"


class CarePlanVersion(VersionBase):
    """What the plan said after one save. Never changed once written."""

    NOUN = "care plan"
    FIELD_KEYS = FIELD_KEYS

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    what_matters = models.TextField(max_length=MAX_PART, blank=True)
    goals = models.TextField(max_length=MAX_PART, blank=True)
    i_will = models.TextField(max_length=MAX_PART, blank=True)
    i_will_when = models.CharField(max_length=MAX_WHEN, blank=True)
    team_will = models.TextField(max_length=MAX_PART, blank=True)
    team_will_when = models.CharField(max_length=MAX_WHEN, blank=True)
    others_will = models.TextField(max_length=MAX_PART, blank=True)
    others_will_when = models.CharField(max_length=MAX_WHEN, blank=True)
    review_on = models.DateField()
    # Keys from FIELD_KEYS (and 'review_on'), in plan order.
    changed = models.JSONField(default=list)
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # As they were at the time, so the history reads true after people move on.
    saved_by_name = models.CharField(max_length=200)
    saved_by_staff = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["plan", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_care_plan_version_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"

    @property
    def changed_headings(self) -> list[str]:
        return [
            REVIEW_HEADING if k == "review_on" else HEADINGS[k]
            for k in self.changed
            if k in HEADINGS or k == "review_on"
        ]

    @property
    def changed_heading_texts(self) -> list[str]:
        """The parts changed, in the language of the page."""
        return [gettext(heading) for heading in self.changed_headings]


class Agreement(models.Model):
    """The person's answer to one version: they agree, or they do not and why.

    One per version: a new version asks again, so agreement to an old plan is
    never read as agreement to a changed one (HAZ-231). Usually given by the
    person from their own account. For someone without an account, or who said
    so in the room, their care coordinator may record it on their behalf
    (``by_staff``, with the day they said it): shown as recorded by staff,
    never as the person's own click, and replaced if the person later answers
    for themselves (HAZ-273)."""

    version = models.OneToOneField(
        CarePlanVersion, on_delete=models.CASCADE, related_name="agreement"
    )
    agreed = models.BooleanField()
    reason = models.TextField(max_length=MAX_REASON, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_staff = models.BooleanField(default=False)
    # For an answer recorded by staff: the day the person said it, and who
    # recorded it as they were named then.
    said_on = models.DateField(null=True, blank=True)
    recorded_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(agreed=True) | ~models.Q(reason=""),
                name="care_plan_disagreement_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(by_staff=False) | models.Q(said_on__isnull=False),
                name="care_plan_staff_agreement_has_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{'Agreed' if self.agreed else 'Did not agree'}: {self.version}"

    @property
    def on_behalf(self) -> str:
        """Said wherever the answer is shown, so one recorded by staff is never
        taken for the person's own."""
        if not self.by_staff or self.said_on is None:
            return ""
        # The same words for the person, their carers and staff, each in the
        # language of their page.
        return gettext("Said in person on %(day)s, recorded by %(name)s (care team).") % {
            "day": day(self.said_on),
            "name": self.recorded_by_name,
        }


class Comment(models.Model):
    """Something the person said about a version, in their words."""

    version = models.ForeignKey(CarePlanVersion, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(max_length=MAX_COMMENT)
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.version}"
