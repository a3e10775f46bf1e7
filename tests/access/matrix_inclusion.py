"""Access matrix for the inclusion URLs: every URL named ``inclusion:...`` must be here.

Object URLs point at objects made here for the persona who owns them: the
service user in team A (MATRIX) and the one in team B (OTHER_OBJECT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tandem.inclusion.models import DeviceLoan, HelpRequest, ModalityChangeRequest
from tandem.people.models import ServiceUser
from tests.access.matrix_rules import (
    CLINICAL_STAFF,
    SERVICE_USERS,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas


def help_request_of(person: ServiceUser) -> HelpRequest:
    return HelpRequest.objects.create(
        service_user=person, topic="video", contact_by="phone", raised_by=person.user
    )


def loan_of(person: ServiceUser) -> DeviceLoan:
    today = dt.date.today()
    return DeviceLoan.objects.create(
        service_user=person,
        asset_tag="SYN-0001",
        device_type="tablet",
        lent_on=today,
        return_due=today + dt.timedelta(days=28),
        recorded_by=person.user,
    )


def change_of(person: ServiceUser) -> ModalityChangeRequest:
    return ModalityChangeRequest.objects.create(
        service_user=person, modality="face_to_face", raised_by=person.user
    )


Kwargs = Callable[[Personas], dict[str, int]]


def pk_of(make: Callable[[ServiceUser], object], *, other: bool = False) -> Kwargs:
    def kwargs(p: Personas) -> dict[str, int]:
        made = make(p.other_su if other else p.su)
        return {"pk": made.pk}  # type: ignore[attr-defined]

    return kwargs


SU_ONLY = Rule(allowed=only(SERVICE_USERS))
TEAM_A = only(TEAM_A_STAFF)
TEAM_B = only(("outsider",))

MATRIX: dict[str, Rule] = {
    "inclusion:my-help": SU_ONLY,
    "inclusion:ask-for-help": SU_ONLY,
    "inclusion:my-changes": SU_ONLY,
    "inclusion:ask-for-change": SU_ONLY,
    "inclusion:queue": Rule(allowed=only(CLINICAL_STAFF)),
    "inclusion:help-request": Rule(allowed=TEAM_A, kwargs=pk_of(help_request_of)),
    "inclusion:help-record": Rule(allowed=TEAM_A, kwargs=pk_of(help_request_of)),
    "inclusion:help-close": Rule(allowed=TEAM_A, kwargs=pk_of(help_request_of)),
    "inclusion:person": Rule(allowed=TEAM_A, kwargs=su_pk),
    "inclusion:person-ask-for-change": Rule(allowed=TEAM_A, kwargs=su_pk),
    "inclusion:loan-return": Rule(allowed=TEAM_A, kwargs=pk_of(loan_of)),
    "inclusion:change-request": Rule(allowed=TEAM_A, kwargs=pk_of(change_of)),
    "inclusion:manager": Rule(allowed=only(("manager",))),
}

# Object URLs checked again against the other team's service user's objects.
OTHER_OBJECT: dict[str, Rule] = {
    "inclusion:help-request": Rule(allowed=TEAM_B, kwargs=pk_of(help_request_of, other=True)),
    "inclusion:help-record": Rule(allowed=TEAM_B, kwargs=pk_of(help_request_of, other=True)),
    "inclusion:help-close": Rule(allowed=TEAM_B, kwargs=pk_of(help_request_of, other=True)),
    "inclusion:person": Rule(allowed=TEAM_B, kwargs=other_su_pk),
    "inclusion:person-ask-for-change": Rule(allowed=TEAM_B, kwargs=other_su_pk),
    "inclusion:loan-return": Rule(allowed=TEAM_B, kwargs=pk_of(loan_of, other=True)),
    "inclusion:change-request": Rule(allowed=TEAM_B, kwargs=pk_of(change_of, other=True)),
}
