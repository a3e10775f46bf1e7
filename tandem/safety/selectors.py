"""Who may see whose safety plan (moved here from tandem.access.safety, issue 23).

- The service user: their own plan, always.
- Staff: the plans of people open to a team they work in (clinicians and
  managers), each read audited so the person sees it in 'who has looked at my
  record'.
- A carer: read-only, while their link to the person stands and includes 'see
  the safety plan'. Checked on every request, so a removed scope or a withdrawn
  link gives 404 on the next one. Each read is audited.
- A team's managers: that team's own crisis contacts.

Everyone else gets the same 404 as a plan that does not exist.

``person_for_staff``, ``person_through_carer_link`` and ``people_sharing_with_carer``
reach a person through the care team or a carer's switch; the diary's and the
questionnaires' selectors use them too (safety sits below both), so that rule is
written once among these apps. Built only on tandem.access's scopes, as safety
and carers are siblings and may not import each other.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tandem.access import records, scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import found_or_404
from tandem.people.models import CarerLink, CareTeam, CrisisContact, ServiceUser, User
from tandem.people.roles import Role

TEAM_STAFF = frozenset({Role.CLINICIAN, Role.MANAGER})

# The signed-in service user, whose plan it is.
own_person = records.own_person


# A person open to one of the user's teams, for its clinicians and managers, the
# read recorded as ``what``: the one rule in the access module.
person_for_staff = records.person_on_caseload


def person_through_carer_link(user: User, *, pk: int, switch: str, what: str) -> ServiceUser:
    """A person whose standing link to this carer has ``switch`` (a CarerLink field
    such as 'can_see_safety_plan') on, the read recorded as ``what``."""
    if switch not in CarerLink.SCOPES:
        raise ValueError(f"Unknown carer switch: {switch!r}")
    if Role.CARER not in user.roles:
        raise Http404(records.NOT_FOUND)
    link = found_or_404(
        scopes.carer_links_visible_to(user)
        .filter(carer__user=user, service_user_id=pk, **{switch: True})
        .first()
    )
    person = link.service_user
    record(actor=user, action=Action.VIEW, obj=person, what=what)
    return person


def people_sharing_with_carer(user: User | None, *, switch: str) -> list[ServiceUser]:
    """People whose standing link gives this carer ``switch`` (a CarerLink field)."""
    if switch not in CarerLink.SCOPES:
        raise ValueError(f"Unknown carer switch: {switch!r}")
    if user is None or not user.is_authenticated or Role.CARER not in user.roles:
        return []
    links = CarerLink.objects.filter(
        carer__user=user, withdrawn_at__isnull=True, **{switch: True}
    ).select_related("service_user")
    return [link.service_user for link in links]


def person_for_carer(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person who lets this carer see their safety plan, the read recorded as ``what``."""
    return person_through_carer_link(user, pk=pk, switch="can_see_safety_plan", what=what)


def plans_shared_with_carer(user: User | None) -> list[ServiceUser]:
    """People whose standing link lets this carer see their safety plan."""
    return people_sharing_with_carer(user, switch="can_see_safety_plan")


def help_now_plans(user: User | None) -> dict[str, Any]:
    """For the 'Need help now?' page: the person's own safety plan, and the plans
    people chose to share with this carer, the next thing to reach for after the
    crisis numbers (registered in SafetyConfig.ready)."""
    return {
        "own_plan": user is not None and Role.SERVICE_USER in user.roles,
        "shared_plans": plans_shared_with_carer(user),
    }


def managed_teams(user: User) -> QuerySet[CareTeam]:
    if Role.MANAGER not in user.roles:
        return CareTeam.objects.none()
    return scopes.managed_teams(user).order_by("name")


def managed_team(user: User, *, pk: int) -> CareTeam:
    return found_or_404(managed_teams(user).filter(pk=pk).first())


def managed_teams_with_crisis_contacts(user: User) -> list[tuple[CareTeam, list[CrisisContact]]]:
    """Each team the user manages with its own crisis contacts, in one go for the list."""
    ordered = CrisisContact.objects.order_by("position", "pk")
    teams = managed_teams(user).prefetch_related(Prefetch("crisis_contacts", queryset=ordered))
    return [(team, list(team.crisis_contacts.all())) for team in teams]


def team_crisis_contacts(user: User, *, team: CareTeam) -> list[CrisisContact]:
    """A managed team's own crisis contacts, in the order people see them."""
    if not managed_teams(user).filter(pk=team.pk).exists():
        return []
    return list(CrisisContact.objects.filter(team=team).order_by("position", "pk"))
