"""Who may see whose recommended support (ADR 0043).

- The service user: their own recommendations and support pack, always.
- Staff (clinicians and managers) in a team the person is open to: every read
  audited, through ``tandem.safety.selectors.person_for_staff``.
- A carer: read-only, while their link stands and includes 'See support
  recommended to me' (``can_see_support``). They see what was recommended,
  never the clinician's note, which was written to the person.

Everyone else gets the same 404 as a person who does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.access.rules import is_staff_member
from tandem.directory import selectors as directory
from tandem.directory.models import Entry, Tool
from tandem.people.models import ServiceUser, User
from tandem.safety import selectors as safety_selectors
from tandem.support.models import Recommendation

CARER_SWITCH = "can_see_support"

own_person = safety_selectors.own_person
person_for_staff = safety_selectors.person_for_staff


def person_for_carer(user: User, *, pk: int, what: str) -> ServiceUser:
    return safety_selectors.person_through_carer_link(user, pk=pk, switch=CARER_SWITCH, what=what)


def recommendations_of(person: ServiceUser) -> QuerySet[Recommendation]:
    """For a person the caller has already been allowed to see."""
    return Recommendation.objects.filter(service_user=person).select_related(
        "entry", "tool", "recommended_by"
    )


def entries_to_recommend(user: User) -> list[Entry]:
    """Entries not past their check date (HAZ-226): the public view's rule."""
    if not is_staff_member(user):
        return []
    return list(directory.public_entries().order_by("name", "pk"))


def tools_to_recommend(user: User) -> list[Tool]:
    """Tools met in every DTAC area, with a tier, not past review (HAZ-229)."""
    return directory.recommendable_tools(user)
