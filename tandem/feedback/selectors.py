"""Reads for feedback, each scoped to the person asking (ADR 0025).

Answers are read only as a queryset for Insights to count, for the teams a
manager manages; nothing here returns an answer with its equity groups to a
page, and nothing can return the person behind an anonymous one.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from tandem.access import records, scopes
from tandem.feedback.models import Answer, FeedbackRequest, YouSaidWeDid
from tandem.people.crisis import details_of
from tandem.people.models import CareTeam, CaseloadEntry, CrisisContact, User
from tandem.people.roles import Role
from tandem.people.services import CrisisContactDetails, national_crisis_contacts

# How long a note stays on people's home pages, and how many show at once.
NOTES_SHOWN_FOR = dt.timedelta(days=183)
NOTES_SHOWN = 3


def managed_teams(user: User) -> list[CareTeam]:
    if not (user.is_authenticated and user.is_active and Role.MANAGER in user.roles):
        return []
    return list(scopes.managed_teams(user).order_by("name"))


def answers_for(
    user: User, *, team_ids: list[int], first: dt.date, last: dt.date
) -> QuerySet[Answer]:
    """Answers for the teams ``user`` manages among ``team_ids``, contacts from
    ``first`` to ``last`` (by month)."""
    allowed = [t.pk for t in managed_teams(user) if t.pk in team_ids]
    return Answer.objects.filter(
        team_id__in=allowed, month__gte=first.replace(day=1), month__lte=last
    )


def paper_form_for(user: User, *, reference: str) -> FeedbackRequest | None:
    """The request a paper form's reference names, for a member of its team; None
    when there is none or it is another team's (the page says the same for both)."""
    if not reference:
        return None
    return (
        FeedbackRequest.objects.filter(team__in=scopes.teams_of(user), paper_reference=reference)
        .select_related("team")
        .first()
    )


def paper_form(user: User, *, reference: str) -> FeedbackRequest:
    """As ``paper_form_for``, or the single 404."""
    return records.fetch_one(
        FeedbackRequest.objects.filter(team__in=scopes.teams_of(user)).select_related("team"),
        actor=user,
        paper_reference=reference,
    )


def notes_of_managed_teams(user: User) -> list[YouSaidWeDid]:
    teams = managed_teams(user)
    return list(
        YouSaidWeDid.objects.filter(team__in=teams, withdrawn_at__isnull=True).select_related(
            "team"
        )
    )


def managed_note(user: User, *, pk: int) -> YouSaidWeDid:
    """One note of a team ``user`` manages, or the same 404 as a missing one."""
    return records.fetch_one(
        YouSaidWeDid.objects.filter(team__in=scopes.managed_teams(user), withdrawn_at__isnull=True),
        actor=user,
        what="",
        pk=pk,
    )


def notes_for_home(user: User, *, now: dt.datetime) -> list[YouSaidWeDid]:
    """What a service user or carer sees on their home page: the latest notes of
    the teams they (or the person they care for) are open to."""
    people = scopes.service_users_visible_to(user)
    if not (user.roles & {Role.SERVICE_USER, Role.CARER}):
        return []
    teams = CaseloadEntry.objects.filter(service_user__in=people, closed_on__isnull=True).values(
        "team_id"
    )
    return list(
        YouSaidWeDid.objects.filter(
            team_id__in=teams,
            withdrawn_at__isnull=True,
            published_at__gte=now - NOTES_SHOWN_FOR,
        ).select_related("team")[:NOTES_SHOWN]
    )


def crisis_contacts_for_team(team_id: int) -> list[CrisisContactDetails]:
    """The crisis contacts for a team, then the service's, for a page shown to
    someone not signed in (an anonymous feedback giver, HAZ-235)."""
    rows = list(
        CrisisContact.objects.filter(Q(team__isnull=True) | Q(team_id=team_id)).order_by(
            "position", "pk"
        )
    )
    team_contacts = [details_of(c) for c in rows if c.team_id is not None]
    service_contacts = [details_of(c) for c in rows if c.team_id is None]
    return team_contacts + (service_contacts or national_crisis_contacts())
