"""Reads for the people pages, each built on the access module's scopes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet, Subquery

from tandem.access import scopes
from tandem.people.models import (
    CarerLink,
    CareTeam,
    CaseloadEntry,
    CaseloadVersion,
    CrisisContact,
    Organisation,
    ServiceUser,
    StaffMember,
    User,
)

# Only bounds the memory of counts no version will ask for again.
CASELOAD_COUNT_SECONDS = 600


@dataclass(frozen=True)
class TeamSummary:
    team: CareTeam
    open_people: int
    without_coordinator: int
    coordinators: list[tuple[str, int]]


def manager_overview(user: User) -> list[TeamSummary]:
    summaries = []
    for team in scopes.managed_teams(user).order_by("name"):
        entries = scopes.open_entries_in_teams(CareTeam.objects.filter(pk=team.pk))
        totals = entries.aggregate(
            people=Count("pk"), unallocated=Count("pk", filter=Q(care_coordinator__isnull=True))
        )
        per_coordinator = (
            entries.filter(care_coordinator__isnull=False)
            .values("care_coordinator__user__full_name")
            .annotate(n=Count("pk"))
            .order_by("-n", "care_coordinator__user__full_name")
        )
        summaries.append(
            TeamSummary(
                team=team,
                open_people=totals["people"],
                without_coordinator=totals["unallocated"],
                coordinators=[
                    (r["care_coordinator__user__full_name"], r["n"]) for r in per_coordinator
                ],
            )
        )
    return summaries


class CountedPaginator(Paginator):
    """A paginator whose total comes from a cheaper query than the page's own."""

    def __init__(
        self, object_list: QuerySet[ServiceUser], per_page: int, *, total: Callable[[], int]
    ) -> None:
        super().__init__(object_list, per_page)
        self._total = total

    @cached_property
    def count(self) -> int:
        return self._total()


def caseload_count(user: User, *, mine_only: bool) -> int:
    """How many people are on the caseload: exact, and counted afresh only after a
    caseload write or a change of the user's teams.

    Counting distinct people over a large team's open entries costs tens of
    milliseconds on every view (issue 18), so on PostgreSQL the count is cached
    under the caseload version, which a trigger sets in the writing transaction
    (CaseloadVersion). The version is read before counting: a count cached under
    a version can only be newer than it, never older.
    """

    def count() -> int:
        # Counting entries reads one index; counting people would join 40,000 rows.
        # Built only when counted: most views find the count cached (issue 18).
        entries = scopes.caseload_entries_of(user, coordinated_only=mine_only)
        return entries.values("service_user_id").distinct().count()

    if connection.vendor != "postgresql":
        return count()
    # The user's teams and the version in one query.
    current = Subquery(CaseloadVersion.objects.filter(pk=1).values("version"))
    found = list(scopes.teams_of(user).annotate(version=current).values_list("pk", "version"))
    if not found:
        return 0
    if found[0][1] is None:  # the row is gone (a test database flushed): count every time
        return count()
    teams = ",".join(str(pk) for pk, _ in sorted(found))
    scope = f"mine-{user.pk}" if mine_only else "team"
    key = f"caseload-count:{found[0][1]}:{scope}:{teams}"
    cached = cache.get_or_set(key, count, timeout=CASELOAD_COUNT_SECONDS)
    return count() if cached is None else int(cached)


class EntryShown(NamedTuple):
    """What the caseload shows of one open entry: its team's name and its
    coordinator's (None when nobody is allocated)."""

    team: str
    coordinator: str | None


@dataclass(frozen=True)
class CaseloadRow:
    person: ServiceUser
    entries: list[EntryShown]


# What the caseload shows of each person: a page of fifty people read with every
# column cost more to build and fill than the page's other reads (issue 18).
CASELOAD_PERSON_FIELDS = (
    "given_name",
    "preferred_name",
    "family_name",
    "nhs_number",
    "date_of_birth",
)


def caseload_page(
    user: User, *, mine_only: bool, page: str | None, per_page: int
) -> Page[CaseloadRow]:
    """One page of the caseload: each person once, with their open entries in the user's teams."""
    people = CountedPaginator(
        scopes.caseload_of(user, coordinated_only=mine_only).only(*CASELOAD_PERSON_FIELDS),
        per_page,
        total=lambda: caseload_count(user, mine_only=mine_only),
    )
    found = people.get_page(page)
    ids = [p.pk for p in found.object_list]
    entries: dict[int, list[EntryShown]] = {pk: [] for pk in ids}
    # Only the two names the page shows, not an entry, team, staff and user row each.
    for person_id, team, coordinator in (
        scopes.open_entries_in_teams(scopes.teams_of(user))
        .filter(service_user_id__in=ids)
        .order_by("team__name")
        .values_list("service_user_id", "team__name", "care_coordinator__user__full_name")
    ):
        entries[person_id].append(EntryShown(team=team, coordinator=coordinator))
    rows = [CaseloadRow(person=p, entries=entries[p.pk]) for p in found.object_list]
    # The page keeps its paginator (counts, page numbers); only the rows change type.
    return Page(rows, found.number, people)


def registration_choices(
    user: User,
) -> tuple[list[tuple[int, str]], list[tuple[int, str, set[int]]]]:
    """Teams the user can add people to, and who can coordinate care in each."""
    teams = list(scopes.teams_of(user).order_by("name").values_list("pk", "name"))
    team_ids = [pk for pk, _ in teams]
    coordinators: dict[int, tuple[str, set[int]]] = {}
    staff = StaffMember.objects.filter(memberships__team_id__in=team_ids).values_list(
        "pk", "user__full_name", "memberships__team_id"
    )
    for pk, name, team_id in staff:
        if team_id in team_ids:
            coordinators.setdefault(pk, (name, set()))[1].add(team_id)
    ordered = sorted(coordinators.items(), key=lambda item: item[1][0])
    return teams, [(pk, name, ids) for pk, (name, ids) in ordered]


def staff_member_in(user: User, *, pk: int | None) -> StaffMember | None:
    if pk is None:
        return None
    return scopes.staff_visible_to(user).filter(pk=pk).first()


def team_of(user: User, *, pk: int) -> CareTeam | None:
    return scopes.teams_of(user).filter(pk=pk).first()


def links_for_carer(user: User) -> list[CarerLink]:
    return list(
        scopes.carer_links_visible_to(user)
        .filter(carer__user=user)
        .order_by("service_user__family_name", "service_user__given_name")
    )


# The two reads below take a person the page has just fetched through
# tandem.access for the same user (``records.service_user_for`` or
# ``own_service_user``), so what the user may see is decided there, once. Each
# used to repeat that check as nested subqueries of its own: about 2 ms of
# query building a read on the person page (issue 18, ADR 0064).


def carers_of(person: ServiceUser) -> list[CarerLink]:
    """The person's standing carer links. ``person`` comes from tandem.access: anyone
    who may see a person (themselves, or staff in their teams) sees all of these."""
    return list(
        CarerLink.objects.filter(service_user=person, withdrawn_at__isnull=True)
        # The record page shows who recorded each carer's consent.
        .select_related("carer", "service_user", "consent_recorded_by")
        .order_by("carer__family_name")
    )


def open_teams_of_person(person: ServiceUser) -> list[CaseloadEntry]:
    """The teams caring for a person (from tandem.access), with their coordinators."""
    return list(
        CaseloadEntry.objects.filter(service_user=person, closed_on__isnull=True)
        .select_related("team", "care_coordinator__user")
        .order_by("team__name")
    )


def service_teams(user: User) -> list[tuple[CareTeam, int, int]]:
    """For a service administrator: each team with its staff and open caseload counts."""
    if not user.has_perm("people.configure_service"):
        return []
    rows = CareTeam.objects.annotate(
        staff_count=Count("memberships", distinct=True),
        open_count=Count(
            "caseload_entries", filter=Q(caseload_entries__closed_on__isnull=True), distinct=True
        ),
    ).order_by("name")
    return [(t, t.staff_count, t.open_count) for t in rows]


def organisation_for_admin(user: User) -> Organisation | None:
    if not user.has_perm("people.configure_service"):
        return None
    return Organisation.objects.order_by("pk").first()


def service_crisis_contacts(user: User) -> list[CrisisContact]:
    organisation = organisation_for_admin(user)
    if organisation is None:
        return []
    return list(CrisisContact.objects.filter(organisation=organisation, team__isnull=True))
