"""Safety plans, written together by a service user and their care team.

The plan follows the Stanley-Brown structure: six parts, in the order a person
works through them when things get difficult. Each save is a new, unchanging
version (who saved it, when, and which parts changed), so anyone can see how
the plan came to say what it says. The plan itself only holds what moves on:
when it was last reviewed and when it should be reviewed next.

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
from tandem.web.versioned import VersionBase, WrittenPart

# Longest text one part of the plan holds: enough for a page of notes, short
# enough that the plan still fits on one printed page in most cases.
MAX_SECTION = 1500
MAX_REVIEW_NOTE = 500


@dataclass(frozen=True)
class Section(WrittenPart):
    """One of the plan's six parts (as the care plan's ``Part``, with no 'when')."""


# The six parts, in the person's words. The keys are column names.
SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        N_("Signs that things are getting difficult"),
        N_("Thoughts, feelings, situations or things you do that tell you a crisis may be coming."),
    ),
    Section(
        "coping",
        N_("Things I can do on my own"),
        N_("Things that calm you or take your mind off things, without needing anyone else."),
    ),
    Section(
        "distractions",
        N_("People and places that take my mind off things"),
        N_("People to spend time with and places to go, even without talking about how you feel."),
    ),
    Section(
        "people_to_ask",
        N_("People I can ask for help"),
        N_("Family or friends you can tell you are struggling. Put their phone numbers."),
    ),
    Section(
        "professionals",
        N_("Professionals and services I can contact"),
        N_("Your care team, their out-of-hours line, your GP and others, with their numbers."),
    ),
    Section(
        "making_safer",
        N_("Making my situation safer"),
        N_(
            "Things that make it harder to act on thoughts of harming yourself, such as asking "
            "someone to look after medicines."
        ),
    ),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
HEADINGS = {s.key: s.heading for s in SECTIONS}


class SafetyPlan(models.Model):
    """One per service user. Its words live in its versions."""

    service_user = models.OneToOneField(
        ServiceUser, on_delete=models.CASCADE, related_name="safety_plan"
    )
    created_at = models.DateTimeField(default=timezone.now)
    next_review_on = models.DateField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes: ClassVar = [models.Index(fields=["next_review_on"])]

    def __str__(self) -> str:
        return f"Safety plan for {self.service_user}"


class PlanVersion(VersionBase):
    """What the plan said after one save. Never changed once written."""

    NOUN = "safety plan"
    FIELD_KEYS = SECTION_KEYS

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    warning_signs = models.TextField(max_length=MAX_SECTION, blank=True)
    coping = models.TextField(max_length=MAX_SECTION, blank=True)
    distractions = models.TextField(max_length=MAX_SECTION, blank=True)
    people_to_ask = models.TextField(max_length=MAX_SECTION, blank=True)
    professionals = models.TextField(max_length=MAX_SECTION, blank=True)
    making_safer = models.TextField(max_length=MAX_SECTION, blank=True)
    # Keys from SECTIONS, in plan order.
    changed_sections = models.JSONField(default=list)
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
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"

    @property
    def changed_headings(self) -> list[str]:
        return [HEADINGS[k] for k in self.changed_sections if k in HEADINGS]

    @property
    def changed_heading_texts(self) -> list[str]:
        """The parts changed, in the language of the page."""
        return [gettext(heading) for heading in self.changed_headings]


class PlanReview(models.Model):
    """A clinician and the person looked at the plan together and set the next date."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="reviews")
    version_number = models.PositiveIntegerField()
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by_name = models.CharField(max_length=200)
    next_review_on = models.DateField()
    note = models.TextField(max_length=MAX_REVIEW_NOTE, blank=True)

    class Meta:
        ordering: ClassVar = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.reviewed_at:%Y-%m-%d}"


class OutOfHoursLine(models.Model):
    """Marks a team's crisis contact as one of its out-of-hours lines.

    People ring these when the team's office is shut. A team that has one can
    only lose its last one by naming the line that replaces it (HAZ-149), so
    which contacts are out-of-hours lines is recorded, not guessed from words.
    Kept beside ``people.CrisisContact`` rather than in it: the service-wide
    contacts have no office hours of their own.
    """

    contact = models.OneToOneField(
        "people.CrisisContact",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="out_of_hours_line",
    )

    def __str__(self) -> str:
        return f"Out-of-hours line: {self.contact}"
