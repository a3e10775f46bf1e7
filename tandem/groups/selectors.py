"""Reads for group programmes, each scoped to the user asking (ADR 0025, ADR 0053).

Staff see the programmes of their teams; facilitators and the team's managers
run them (register, cancel a session). A service user sees only their own
current enrolment, and of the other members only what ``display_name`` gives.
Getting one item by id goes through ``tandem.access.records.fetch_one``: the
same 404 for missing and not yours.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access import scopes
from tandem.access.records import NOT_FOUND, fetch_one
from tandem.groups.models import (
    Enrolment,
    EnrolmentState,
    GroupProgramme,
    GroupSession,
)
from tandem.people.models import ServiceUser, StaffMember, User
from tandem.people.roles import Role


def programmes_visible_to(user: User) -> QuerySet[GroupProgramme]:
    """Programmes of the teams the member of staff works in."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return GroupProgramme.objects.none()
    return GroupProgramme.objects.filter(team__in=scopes.teams_of(user))


def programmes_run_by(user: User) -> QuerySet[GroupProgramme]:
    """Programmes the user facilitates, or that belong to a team they manage."""
    if not user.is_authenticated or not hasattr(user, "staff"):
        return GroupProgramme.objects.none()
    return (
        programmes_visible_to(user)
        .filter(Q(facilitators=user.staff) | Q(team__in=scopes.managed_teams(user)))
        .distinct()
    )


def programme_for(*, user: User, programme_id: int) -> GroupProgramme:
    return fetch_one(programmes_visible_to(user), actor=user, pk=programme_id)


def programme_run_by(*, user: User, programme_id: int) -> GroupProgramme:
    return fetch_one(programmes_run_by(user), actor=user, pk=programme_id)


def session_for_facilitator(*, user: User, session_id: int) -> GroupSession:
    """A session of a programme the user facilitates or whose team they manage."""
    return fetch_one(
        GroupSession.objects.filter(programme__in=programmes_run_by(user)).select_related(
            "programme", "site", "room"
        ),
        actor=user,
        pk=session_id,
    )


def enrolment_for_session(*, user: User, session_id: int) -> Enrolment:
    """The signed-in service user's current place in that session's programme."""
    if not user.is_authenticated or Role.SERVICE_USER not in user.roles:
        raise Http404(NOT_FOUND)
    return fetch_one(
        Enrolment.objects.filter(
            service_user__user=user,
            state=EnrolmentState.ENROLLED,
            programme__sessions__pk=session_id,
        ).select_related("programme", "service_user"),
        actor=user,
    )


def members_of(*, session: GroupSession) -> list[Enrolment]:
    """The enrolled members (not those waiting or who left), in the order they joined."""
    return list(
        Enrolment.objects.filter(programme_id=session.programme_id, state=EnrolmentState.ENROLLED)
        .select_related("service_user")
        .order_by("enrolled_at", "pk")
    )


def display_name(*, enrolment: Enrolment) -> str:
    """What other members see: the first name (or the name the person goes by),
    the full name only if the person chose to show it."""
    person = enrolment.service_user
    first = person.preferred_name or person.given_name
    if enrolment.show_full_name:
        return f"{first} {person.family_name}"
    return first


def people_to_enrol(*, user: User, programme: GroupProgramme) -> QuerySet[ServiceUser]:
    """People open to the programme's team whom the user may enrol."""
    return (
        scopes.caseload_of(user)
        .filter(caseload_entries__team=programme.team, caseload_entries__closed_on__isnull=True)
        .distinct()
    )


def facilitators_for(*, user: User) -> QuerySet[StaffMember]:
    """Staff of the teams the user manages, who may facilitate their groups."""
    return (
        StaffMember.objects.filter(memberships__team__in=scopes.managed_teams(user))
        .distinct()
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def enrolments_of(*, programme: GroupProgramme) -> list[Enrolment]:
    """Members and the waiting list (in the order they were added), for staff."""
    return list(
        programme.enrolments.exclude(state=EnrolmentState.LEFT)
        .select_related("service_user")
        .order_by("enrolled_at", "pk")
    )


def enrolment_for_staff(*, user: User, enrolment_id: int) -> Enrolment:
    return fetch_one(
        Enrolment.objects.filter(programme__in=programmes_visible_to(user)).select_related(
            "programme", "service_user"
        ),
        actor=user,
        what="Opened a place in a group",
        pk=enrolment_id,
    )


def call_can_open(*, session: GroupSession, now: dt.datetime) -> bool:
    """Whether the facilitators' way into a session's group call is offered:
    a booked video session on the day it happens, not yet over and with no
    register taken (the register is what closes a session)."""
    return (
        session.programme.meets_by_video
        and session.is_booked
        and session.register_taken_at is None
        and timezone.localdate(session.starts_at) <= timezone.localdate(now)
        and session.ends_at > now
    )
