"""Access matrix for support recommended to a person: every ``support:...`` URL.

The person's own page and pack are theirs alone; staff in a team the person is
open to see and add recommendations; a carer sees them only while their link
stands with 'See support recommended to me' on. Everyone else, and a person
outside the asker's teams, gets the same 404 as a missing one.
"""

from __future__ import annotations

from django.utils import timezone

from tests.access.matrix_rules import SERVICE_USERS, TEAM_A_STAFF, Rule, only, other_su_pk
from tests.personas import Personas

NOBODY: dict[str, int] = {}


def sam(p: Personas) -> dict[str, int]:
    return {"pk": p.su.pk}


def shared_with_alex(p: Personas) -> dict[str, int]:
    p.carer_link.can_see_support = True
    p.carer_link.save()
    return sam(p)


def shared_then_withdrawn(p: Personas) -> dict[str, int]:
    kwargs = shared_with_alex(p)
    p.carer_link.withdrawn_at = timezone.now()
    p.carer_link.save()
    return kwargs


OWN = Rule(allowed=only(SERVICE_USERS))

MATRIX: dict[str, Rule] = {
    "support:mine": OWN,
    "support:pack-pdf": OWN,
    # Asking for the pack by post is a POST alone.
    "support:post-pack": Rule(allowed={}, default=405, anonymous=405),
    # The switch is off until the person turns it on.
    "support:carer": Rule(allowed=NOBODY, kwargs=sam),
    "support:staff-person": Rule(allowed=only(TEAM_A_STAFF), kwargs=sam),
}
OTHER_OBJECT: dict[str, Rule] = {
    "support:carer#shared": Rule(allowed=only(("carer",)), kwargs=shared_with_alex),
    "support:carer#withdrawn": Rule(allowed=NOBODY, kwargs=shared_then_withdrawn),
    "support:carer#other": Rule(allowed=NOBODY, kwargs=other_su_pk),
    "support:staff-person#other": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
}
