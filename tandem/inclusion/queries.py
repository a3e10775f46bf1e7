"""Reads for digital inclusion, each scoped by ``tandem.access`` to the user asking.

Staff see items for people open to their teams (``scopes.caseload_of``);
a service user sees their own; managers' counts cover the teams they manage.
Getting one item by id returns None when it is missing or not the user's to
see, so views give the same 404 for both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import DateField, QuerySet, Value
from django.utils import timezone

from tandem.access import scopes
from tandem.inclusion.models import (
    DeviceLoan,
    HelpGiven,
    HelpRequest,
    HelpStatus,
    ModalityChangeRequest,
)
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.people.roles import Role


def _team_people(user: User) -> QuerySet[ServiceUser]:
    """People open to one of the user's teams (never the user's own record)."""
    if not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return ServiceUser.objects.none()
    return scopes.caseload_of(user)


def _own(user: User) -> QuerySet[ServiceUser]:
    return scopes.service_users_visible_to(user).filter(user=user)


# --- A service user's own items ---------------------------------------------------


def own_help_requests(user: User) -> list[HelpRequest]:
    return list(
        HelpRequest.objects.filter(service_user__in=_own(user))
        .prefetch_related("help")
        .order_by("-raised_at", "-pk")
    )


def own_loans(user: User) -> list[DeviceLoan]:
    return list(
        DeviceLoan.objects.filter(service_user__in=_own(user), returned_on__isnull=True).order_by(
            "return_due", "pk"
        )
    )


def own_change_requests(user: User) -> list[ModalityChangeRequest]:
    return list(
        ModalityChangeRequest.objects.filter(service_user__in=_own(user)).order_by(
            "-raised_at", "-pk"
        )
    )


# --- Staff queues -------------------------------------------------------------------


def help_queue(user: User) -> list[HelpRequest]:
    """Open requests from people open to the user's teams, oldest first."""
    return list(
        HelpRequest.objects.filter(service_user__in=_team_people(user))
        .exclude(status=HelpStatus.CLOSED)
        .select_related("service_user", "picked_up_by")
        .order_by("raised_at", "pk")
    )


def change_queue(user: User) -> list[ModalityChangeRequest]:
    """Change requests with no outcome yet, oldest first."""
    return list(
        ModalityChangeRequest.objects.filter(service_user__in=_team_people(user), outcome="")
        .select_related("service_user")
        .order_by("raised_at", "pk")
    )


def help_request_for(user: User, *, pk: int) -> HelpRequest | None:
    return (
        HelpRequest.objects.filter(pk=pk, service_user__in=_team_people(user))
        .select_related("service_user", "picked_up_by", "closed_by")
        .first()
    )


def help_given_on(help_request: HelpRequest) -> list[HelpGiven]:
    return list(help_request.help.select_related("recorded_by", "loan"))


def loan_for(user: User, *, pk: int) -> DeviceLoan | None:
    return DeviceLoan.objects.filter(pk=pk, service_user__in=_team_people(user)).first()


def change_request_for(user: User, *, pk: int) -> ModalityChangeRequest | None:
    return (
        ModalityChangeRequest.objects.filter(pk=pk, service_user__in=_team_people(user))
        .select_related("service_user", "raised_by", "decided_by")
        .first()
    )


# --- One person, for staff --------------------------------------------------------


@dataclass(frozen=True)
class LoanRow:
    loan: DeviceLoan
    overdue: bool


@dataclass(frozen=True)
class InclusionCounts:
    """What staff need to know about a person's digital inclusion, at a glance:
    how many open help requests, devices on loan (and of those, overdue) and
    open requests to change how they are seen."""

    open_help_requests: int = 0
    loans: int = 0
    overdue_loans: int = 0
    open_change_requests: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.open_help_requests or self.loans or self.open_change_requests)


def counts_for_person(
    user: User, *, service_user_id: int, treats: bool | None = None
) -> InclusionCounts:
    """Open help requests, devices on loan (with how many are overdue) and open
    change requests for one person, counted; empty if ``user`` is not staff in
    the person's teams.

    Does not audit: the calling page audits opening the person's record. Checks
    once, then reads by the person's id: the check repeated in each read cost
    more to build than the reads themselves (issue 18). ``treats`` is that check
    already made by the page, for this user and person, with the same rule
    (``people.change_serviceuser``: a clinician or manager in one of the
    person's teams); None makes it here. The three kinds are read in one query
    (a ``UNION ALL`` of each open row's kind and, for a loan, its due date),
    where each was a query of its own.
    """
    if treats is None:
        treats = _team_people(user).filter(pk=service_user_id).exists()
    if not treats:
        return InclusionCounts()
    no_date = Value(None, output_field=DateField())
    rows = (
        HelpRequest.objects.filter(service_user_id=service_user_id)
        .exclude(status=HelpStatus.CLOSED)
        .order_by()
        .values_list(Value("help"), no_date)
        .union(
            DeviceLoan.objects.filter(service_user_id=service_user_id, returned_on__isnull=True)
            .order_by()
            .values_list(Value("loan"), "return_due"),
            ModalityChangeRequest.objects.filter(service_user_id=service_user_id, outcome="")
            .order_by()
            .values_list(Value("change"), no_date),
            all=True,
        )
    )
    kinds = Counter(kind for kind, _ in rows)
    today = timezone.localdate()
    return InclusionCounts(
        open_help_requests=kinds["help"],
        loans=kinds["loan"],
        # As DeviceLoan.is_overdue: not returned (all of these) and due before today.
        overdue_loans=sum(1 for kind, due in rows if kind == "loan" and due < today),
        open_change_requests=kinds["change"],
    )


def person_history(
    user: User, *, service_user_id: int
) -> tuple[list[HelpRequest], list[LoanRow], list[ModalityChangeRequest]]:
    """Everything for one person, open and closed, for the staff inclusion page."""
    people = _team_people(user).filter(pk=service_user_id)
    today = timezone.localdate()
    return (
        list(HelpRequest.objects.filter(service_user__in=people).order_by("-raised_at", "-pk")),
        [
            LoanRow(loan=loan, overdue=loan.is_overdue(today))
            for loan in DeviceLoan.objects.filter(service_user__in=people).order_by(
                "-lent_on", "-pk"
            )
        ],
        list(
            ModalityChangeRequest.objects.filter(service_user__in=people).order_by(
                "-raised_at", "-pk"
            )
        ),
    )


# --- Managers ----------------------------------------------------------------------


@dataclass(frozen=True)
class TeamInclusion:
    team: CareTeam
    open_help: list[HelpRequest]
    loans: list[LoanRow]
    open_changes: list[ModalityChangeRequest]

    @property
    def people_with_open_help(self) -> int:
        return len({r.service_user_id for r in self.open_help})

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.loans if row.overdue)


def manager_overview(user: User) -> list[TeamInclusion]:
    today = timezone.localdate()
    result = []
    for team in scopes.managed_teams(user).order_by("name"):
        people = scopes.open_entries_in_teams(CareTeam.objects.filter(pk=team.pk)).values(
            "service_user_id"
        )
        result.append(
            TeamInclusion(
                team=team,
                open_help=list(
                    HelpRequest.objects.filter(service_user_id__in=people)
                    .exclude(status=HelpStatus.CLOSED)
                    .select_related("service_user")
                    .order_by("raised_at", "pk")
                ),
                loans=[
                    LoanRow(loan=loan, overdue=loan.is_overdue(today))
                    for loan in DeviceLoan.objects.filter(
                        service_user_id__in=people, returned_on__isnull=True
                    )
                    .select_related("service_user")
                    .order_by("return_due", "pk")
                ],
                open_changes=list(
                    ModalityChangeRequest.objects.filter(service_user_id__in=people, outcome="")
                    .select_related("service_user")
                    .order_by("raised_at", "pk")
                ),
            )
        )
    return result


def is_in_my_teams(user: User, *, service_user_id: int) -> bool:
    """Whether the person is open to one of the user's teams (not merely visible)."""
    return _team_people(user).filter(pk=service_user_id).exists()
