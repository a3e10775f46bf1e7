"""Who may see whose safety plan.

- The service user: their own plan, always.
- Staff: the plans of people open to a team they work in (clinicians and
  managers), each read audited so the person sees it in 'who has looked at my
  record'.
- A carer: read-only, while their link to the person stands and includes 'see
  the safety plan'. Checked on every request, so a removed scope or a withdrawn
  link gives 404 on the next one. Each read is audited.
- A team's managers: that team's own crisis contacts.

Everyone else gets the same 404 as a plan that does not exist.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tandem.access import records, scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers import selectors as carers_access
from tandem.people.models import CareTeam, CrisisContact, ServiceUser, User
from tandem.people.roles import Role

# The signed-in service user, whose plan it is.
own_person = records.own_person


def person_for_staff(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person open to one of the user's teams, the read recorded as ``what``."""
    return carers_access.person_for_staff(user, pk=pk, what=what)


def person_for_carer(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person who lets this carer see their safety plan, the read recorded as ``what``."""
    link = carers_access.link_as_carer(user, service_user_id=pk)
    if not link.can_see_safety_plan:
        raise Http404(records.NOT_FOUND)
    person = link.service_user
    record(actor=user, action=Action.VIEW, obj=person, subject_id=person.pk, what=what)
    return person


def plans_shared_with_carer(user: User) -> list[ServiceUser]:
    """People whose standing link lets this carer see their safety plan."""
    return carers_access.people_sharing_with_carer(user, scope="can_see_safety_plan")


def managed_teams(user: User) -> QuerySet[CareTeam]:
    if Role.MANAGER not in user.roles:
        return CareTeam.objects.none()
    return scopes.managed_teams(user).order_by("name")


def managed_team(user: User, *, pk: int) -> CareTeam:
    found = managed_teams(user).filter(pk=pk).first()
    if found is None:
        raise Http404(records.NOT_FOUND)
    return found


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
