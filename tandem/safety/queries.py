"""Reading a safety plan, for a person the caller has already been allowed to see.

Views get the person from ``tandem.safety.selectors`` (which checks and audits
the read) and only then call these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from tandem.people.crisis import details_of
from tandem.people.models import CarerLink, CareTeam, CaseloadEntry, CrisisContact, ServiceUser
from tandem.people.services import CrisisContactDetails, national_crisis_contacts
from tandem.people.validators import format_phone
from tandem.safety.models import (
    SECTIONS,
    OutOfHoursLine,
    PlanReview,
    PlanVersion,
    SafetyPlan,
    Section,
)
from tandem.web.versioned import ListedText

# How often a plan is reviewed unless the clinician chooses otherwise.
REVIEW_EVERY = dt.timedelta(days=91)


@dataclass(frozen=True)
class TeamNumbers:
    name: str
    phone: str
    out_of_hours_phone: str


@dataclass(frozen=True)
class PlanPart(ListedText):
    section: Section
    text: str


@dataclass
class PlanPage:
    """Everything a plan page or the PDF shows."""

    person: ServiceUser
    plan: SafetyPlan | None
    current: PlanVersion | None
    parts: list[PlanPart]
    teams: list[TeamNumbers]
    crisis_contacts: list[CrisisContactDetails]
    last_review: PlanReview | None
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def started(self) -> bool:
        return self.current is not None

    @property
    def next_review_on(self) -> dt.date | None:
        return self.plan.next_review_on if self.plan else None

    @property
    def review_overdue(self) -> bool:
        due = self.next_review_on
        return self.started and due is not None and due < self.today


def open_teams(person: ServiceUser) -> list[CareTeam]:
    return [
        entry.team
        for entry in CaseloadEntry.objects.filter(service_user=person, closed_on__isnull=True)
        .select_related("team")
        .order_by("opened_on", "pk")
    ]


def team_numbers(teams: list[CareTeam]) -> list[TeamNumbers]:
    return [
        TeamNumbers(t.name, t.phone, t.out_of_hours_phone)
        for t in teams
        if t.phone or t.out_of_hours_phone
    ]


def crisis_contacts_for_person(person: ServiceUser) -> list[CrisisContactDetails]:
    """The person's teams' own crisis contacts, then the service's (or the national
    ones), whoever is reading: staff and carers see what the person sees."""
    return crisis_contacts_for_teams(open_teams(person))


def crisis_contacts_for_teams(teams: list[CareTeam]) -> list[CrisisContactDetails]:
    # As tandem.people.crisis.crisis_contacts_for, which starts from the signed-in
    # user; here from the person whose plan it is, whoever is reading.
    rows = list(
        CrisisContact.objects.filter(Q(team__isnull=True) | Q(team__in=teams)).order_by(
            "position", "pk"
        )
    )
    team_contacts = [details_of(c) for c in rows if c.team_id is not None]
    service_contacts = [details_of(c) for c in rows if c.team_id is None]
    return team_contacts + (service_contacts or national_crisis_contacts())


def suggested_professionals(person: ServiceUser) -> str:
    """A starting point for 'Professionals and services': the team's numbers. The
    crisis lines are always shown beside the plan, so they are not copied in."""
    lines = []
    for team in team_numbers(open_teams(person)):
        if team.phone:
            lines.append(
                gettext("%(team)s (office hours): %(phone)s")
                % {"team": team.name, "phone": format_phone(team.phone)}
            )
        if team.out_of_hours_phone:
            lines.append(
                gettext("%(team)s out-of-hours line: %(phone)s")
                % {"team": team.name, "phone": format_phone(team.out_of_hours_phone)}
            )
    # Written into the person's own plan, so in their language (ADR 0061).
    lines.append(gettext("My GP:") + " ")
    return "\n".join(lines)


def plan_of(person: ServiceUser) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(service_user=person).first()


def current_version(person: ServiceUser) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__service_user=person).order_by("-number").first()


def plan_page(person: ServiceUser) -> PlanPage:
    plan = plan_of(person)
    current = current_version(person) if plan else None
    last_review = plan.reviews.first() if plan else None
    teams = open_teams(person)
    return PlanPage(
        person=person,
        plan=plan,
        current=current,
        parts=[PlanPart(s, current.text_of(s.key) if current else "") for s in SECTIONS],
        teams=team_numbers(teams),
        crisis_contacts=crisis_contacts_for_teams(teams),
        last_review=last_review,
    )


@dataclass(frozen=True)
class Change:
    section: Section
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    version: PlanVersion
    changes: list[Change]
    reviews: list[PlanReview]


def history(person: ServiceUser, *, limit: int = 100) -> list[HistoryEntry]:
    """Versions newest first, each with what its parts said before and after, and
    the reviews made while it was the current version."""
    versions = list(
        PlanVersion.objects.filter(plan__service_user=person).order_by("-number")[: limit + 1]
    )
    reviews = list(PlanReview.objects.filter(plan__service_user=person).order_by("-reviewed_at"))
    entries = []
    for i, version in enumerate(versions[:limit]):
        before = versions[i + 1] if i + 1 < len(versions) else None
        changes = [
            Change(s, before.text_of(s.key) if before else "", version.text_of(s.key))
            for s in SECTIONS
            if s.key in version.changed_sections
        ]
        entries.append(
            HistoryEntry(
                version,
                changes,
                [r for r in reviews if r.version_number == version.number],
            )
        )
    return entries


@dataclass(frozen=True)
class Reach:
    """Who sees a team's crisis lines: its open people under 'Need help now?'
    and on their safety plans, and their carers under 'Need help now?'."""

    people: int
    carers: int


def reach_of_team(team: CareTeam) -> Reach:
    """For a team the caller has already been allowed to manage."""
    people = CaseloadEntry.objects.filter(team=team, closed_on__isnull=True).values("service_user")
    carers = CarerLink.objects.filter(service_user__in=people, withdrawn_at__isnull=True).values(
        "carer"
    )
    return Reach(
        people=people.distinct().count(),
        carers=carers.distinct().count(),
    )


def reach_of_service() -> Reach:
    """Who sees the service-wide crisis lines: every person using the service
    (whoever is signed in sees them under 'Need help now?', and they are on
    every safety plan) and every carer still linked to one of them."""
    return Reach(
        people=ServiceUser.objects.count(),
        carers=CarerLink.objects.filter(withdrawn_at__isnull=True)
        .values("carer")
        .distinct()
        .count(),
    )


def out_of_hours_line_ids(contacts: list[CrisisContact]) -> set[int]:
    """Which of these crisis contacts are their team's out-of-hours lines."""
    return set(
        OutOfHoursLine.objects.filter(contact__in=contacts).values_list("contact_id", flat=True)
    )
