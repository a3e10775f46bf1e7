"""Access matrix for the people, sign-in and web URLs."""

from __future__ import annotations

from tests.access.matrix_rules import (
    CLINICAL_STAFF,
    PUBLIC,
    SERVICE_USERS,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)

MATRIX: dict[str, Rule] = {
    # Signing in: the form itself is public; signed-in people are sent home.
    "signin:sign-in": Rule(allowed={}, default=302, anonymous=200),
    # Verified staff and non-staff have nothing to verify and are redirected.
    "signin:verify": Rule(allowed={}, default=302, anonymous=302),
    "signin:set-up": Rule(allowed={}, default=302, anonymous=302),
    "signin:sign-out": Rule(allowed={}, default=405, anonymous=405),
    "web:help": PUBLIC,
    "web:accessibility": PUBLIC,
    "web:privacy": PUBLIC,
    "web:healthz": PUBLIC,
    "people:home": Rule(allowed={}, default=302),
    "people:service-user-home": Rule(allowed=only(SERVICE_USERS)),
    "people:my-details": Rule(allowed=only(SERVICE_USERS)),
    "people:my-details-change": Rule(allowed=only(SERVICE_USERS)),
    "people:my-access-log": Rule(allowed=only(SERVICE_USERS)),
    "people:carer-home": Rule(allowed=only(("carer",))),
    # The carer is linked to the service user in team A and to nobody else.
    "people:carer-person": Rule(allowed=only(("carer",)), kwargs=su_pk),
    "people:caseload": Rule(allowed=only(CLINICAL_STAFF)),
    "people:register": Rule(allowed=only(CLINICAL_STAFF)),
    "people:person": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "people:person-change": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "people:manager-home": Rule(allowed=only(("manager",))),
    "people:admin-home": Rule(allowed=only(("admin",))),
    "people:crisis-contacts": Rule(allowed=only(("admin",))),
}

# Object URLs checked a second time against the other team's service user:
# nobody who reaches the first must reach this one unless they belong to team B.
OTHER_OBJECT: dict[str, Rule] = {
    "people:carer-person": Rule(allowed={}, kwargs=other_su_pk),
    "people:person": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "people:person-change": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
}
