"""Who may see whose care plan.

- The service user: their own plan, always.
- Staff: the plans of people open to a team they work in (clinicians and
  managers), each read audited so the person sees it in 'who has looked at my
  record'.
- A carer: read-only, while their link to the person stands and includes 'see
  the care plan'. Checked on every request, so a removed scope or a withdrawn
  link gives 404 on the next one. Each read is audited.

Everyone else gets the same 404 as a plan that does not exist. The rules are
the safety plan's, written once in ``tandem.safety.selectors``.
"""

from __future__ import annotations

from tandem.careplans.models import CarePlanVersion
from tandem.errors import found_or_404
from tandem.people.models import ServiceUser, User
from tandem.safety import selectors as safety_selectors

CARER_SWITCH = "can_see_care_plan"

own_person = safety_selectors.own_person
person_for_staff = safety_selectors.person_for_staff


def person_for_carer(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person who lets this carer see their care plan, the read recorded as ``what``."""
    return safety_selectors.person_through_carer_link(user, pk=pk, switch=CARER_SWITCH, what=what)


def own_version(user: User, *, number: int) -> CarePlanVersion:
    """A version of the signed-in service user's own plan; 404 if they have none
    with that number."""
    person = own_person(user)
    return found_or_404(
        CarePlanVersion.objects.filter(plan__service_user=person, number=number).first()
    )
