"""Reading a care plan, for a person the caller has already been allowed to see.

Views get the person from ``tandem.careplans.selectors`` (which checks and
audits the read) and only then call these. How the team keeps in touch and
what to do if things get worse are read live from the person's preferences,
shared decisions and safety plan, never copied into the plan (ADR 0041).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tandem.careplans.models import PARTS, Agreement, CarePlan, CarePlanVersion, Comment, Part
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser
from tandem.people.services import CrisisContactDetails
from tandem.preferences.models import ContactPreferences, SharedDecision
from tandem.safety.queries import TeamNumbers, crisis_contacts_for_teams, open_teams, team_numbers
from tandem.safety.queries import current_version as current_safety_plan
from tandem.web.dates import day
from tandem.web.versioned import ListedText

# Unless the writers choose otherwise, a plan is looked at again in six months.
REVIEW_EVERY = dt.timedelta(days=182)
# The shared decisions shown beside the plan: the newest for each kind of contact.
DECISIONS_SHOWN = 20


@dataclass(frozen=True)
class PlanPart(ListedText):
    part: Part
    text: str
    when: str


@dataclass
class PlanPage:
    """Everything a plan page or the PDF shows."""

    person: ServiceUser
    plan: CarePlan | None
    current: CarePlanVersion | None
    parts: list[PlanPart]
    agreement: Agreement | None
    comments: list[Comment]
    contact: ContactPreferences | None
    decisions: list[SharedDecision]
    has_safety_plan: bool
    teams: list[TeamNumbers]
    coordinators: list[str]
    crisis_contacts: list[CrisisContactDetails]
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def started(self) -> bool:
        return self.current is not None

    @property
    def review_overdue(self) -> bool:
        return self.current is not None and self.current.review_on < self.today


def open_entries(person: ServiceUser) -> list[CaseloadEntry]:
    return list(
        CaseloadEntry.objects.filter(service_user=person, closed_on__isnull=True)
        .select_related("team", "care_coordinator__user")
        .order_by("opened_on", "pk")
    )


def reminder_targets(person: ServiceUser) -> list[tuple[CareTeam, str]]:
    """The teams whose task lists hear about the plan: those where the person has
    a care coordinator (named), or every open team if none has one yet."""
    entries = open_entries(person)
    coordinated = [e for e in entries if e.care_coordinator_id is not None]
    return [
        (e.team, e.care_coordinator.user.full_name if e.care_coordinator else "")
        for e in coordinated or entries
    ]


def coordinator_teams(person: ServiceUser) -> list[CareTeam]:
    return [team for team, _ in reminder_targets(person)]


def current_version(person: ServiceUser) -> CarePlanVersion | None:
    return CarePlanVersion.objects.filter(plan__service_user=person).order_by("-number").first()


def latest_decisions(person: ServiceUser) -> list[SharedDecision]:
    """The newest shared decision for each kind of contact, as they stand."""
    newest: dict[str, SharedDecision] = {}
    for decision in SharedDecision.objects.filter(service_user=person).order_by(
        "-decided_at", "-pk"
    )[:DECISIONS_SHOWN]:
        newest.setdefault(decision.kind, decision)
    return list(newest.values())


def plan_page(person: ServiceUser) -> PlanPage:
    plan = CarePlan.objects.filter(service_user=person).first()
    current = current_version(person) if plan else None
    teams = open_teams(person)
    return PlanPage(
        person=person,
        plan=plan,
        current=current,
        parts=[
            PlanPart(
                p,
                current.text_of(p.key) if current else "",
                current.text_of(p.when_key) if current and p.when_key else "",
            )
            for p in PARTS
        ],
        agreement=Agreement.objects.filter(version=current).first() if current else None,
        comments=list(Comment.objects.filter(version=current)) if current else [],
        contact=ContactPreferences.objects.filter(service_user=person, is_current=True).first(),
        decisions=latest_decisions(person),
        has_safety_plan=current_safety_plan(person) is not None,
        teams=team_numbers(teams),
        coordinators=[
            e.care_coordinator.user.full_name for e in open_entries(person) if e.care_coordinator
        ],
        crisis_contacts=crisis_contacts_for_teams(teams),
    )


@dataclass(frozen=True)
class Change:
    heading: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    version: CarePlanVersion
    changes: list[Change]
    agreement: Agreement | None
    comments: list[Comment]


def _shown(version: CarePlanVersion | None, key: str) -> str:
    if version is None:
        return ""
    if key == "review_on":
        return day(version.review_on)
    return version.text_of(key)


def history(person: ServiceUser, *, limit: int = 100) -> list[HistoryEntry]:
    """Versions newest first, each with what changed, the person's answer and comments."""
    versions = list(
        CarePlanVersion.objects.filter(plan__service_user=person)
        .select_related("agreement")
        .prefetch_related("comments")
        .order_by("-number")[: limit + 1]
    )
    entries = []
    for i, version in enumerate(versions[:limit]):
        before = versions[i + 1] if i + 1 < len(versions) else None
        headings = dict(zip(version.changed, version.changed_heading_texts, strict=False))
        entries.append(
            HistoryEntry(
                version,
                [
                    Change(headings[key], _shown(before, key), _shown(version, key))
                    for key in version.changed
                    if key in headings
                ],
                getattr(version, "agreement", None),
                list(version.comments.all()),
            )
        )
    return entries


@dataclass(frozen=True)
class OverdueReview:
    person: ServiceUser
    review_on: dt.date
    coordinator: str


def overdue_reviews(teams: list[CareTeam], *, limit: int = 50) -> list[OverdueReview]:
    """People open to ``teams`` (already scoped to the caller) whose care plan is
    past its review date, the longest overdue first."""
    today = timezone.localdate()
    entries = (
        CaseloadEntry.objects.filter(
            team__in=teams,
            closed_on__isnull=True,
            service_user__care_plan__review_on__lt=today,
        )
        .select_related("service_user__care_plan", "care_coordinator__user")
        .order_by("service_user__care_plan__review_on", "pk")
    )
    found: dict[int, OverdueReview] = {}
    for entry in entries[: limit * 2]:
        person = entry.service_user
        review_on = person.care_plan.review_on
        assert review_on is not None
        coordinator = entry.care_coordinator.user.full_name if entry.care_coordinator else ""
        found.setdefault(person.pk, OverdueReview(person, review_on, coordinator))
    return list(found.values())[:limit]
