"""Who may see whose diary (moved here from tandem.access.diary, issue 23).

- The service user: their own diary, always (their own reads are not audited).
- Staff (clinicians and managers) in a team the person is open to: the diary
  only while the person shares it with their care team. When they do not,
  staff get a page that says so and nothing from the diary. Every read is
  audited, so the person sees it in 'Who has looked at my record'.
- A carer: read-only, while their link to the person stands and includes
  'See my diary'. Checked on every request, so a switch turned off or a
  withdrawn link gives 404 on the next one. Each read is audited.

Everyone else gets the same 404 as a diary that does not exist.
"""

from __future__ import annotations

from tandem.access import records, scopes
from tandem.diary.models import DiaryPlan
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.people.roles import Role
from tandem.safety import selectors as safety_selectors

# The signed-in service user, whose diary it is.
own_person = records.own_person

# A person open to one of the user's teams, the read recorded as ``what``.
# Whether the diary itself may be shown is ``shared_with_team``'s answer.
person_for_staff = safety_selectors.person_for_staff


def shared_with_team(person: ServiceUser) -> bool:
    """Whether the person shares their diary with their care team.

    Called only for a person the caller already reached through
    ``person_for_staff``. No plan means no diary to share.
    """
    return DiaryPlan.objects.filter(service_user=person, share_with_team=True).exists()


def person_for_carer(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person who lets this carer see their diary, the read recorded as ``what``."""
    return safety_selectors.person_through_carer_link(
        user, pk=pk, switch="can_see_diary", what=what
    )


def diaries_shared_with_carer(user: User) -> list[ServiceUser]:
    """People whose standing link lets this carer see their diary (for a home page)."""
    return safety_selectors.people_sharing_with_carer(user, switch="can_see_diary")


def own_carer_links(user: User) -> list[CarerLink]:
    """The signed-in service user's standing carer links, for the sharing page."""
    if Role.SERVICE_USER not in user.roles:
        return []
    return list(
        scopes.carer_links_visible_to(user)
        .filter(service_user__user=user)
        .select_related("carer")
        .order_by("carer__family_name", "carer__given_name", "pk")
    )
