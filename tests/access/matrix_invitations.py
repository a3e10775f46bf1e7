"""Access matrix for invitations and contact changes (tandem/invitations/urls.py).

- Staff pages answer staff in a team the person is open to, and nobody else.
- The letter-code page and a working invitation link answer anyone; a forged,
  used, expired or stopped link gives the same 'This link does not work' 404.
- 'Before you start' is for service users; contact changes are each person's
  own (service users and carers), and a pending change only its maker's.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.invitations import services
from tandem.invitations.models import ContactChange, Invitation
from tandem.people.models import ServiceUser, User
from tests.access.matrix_rules import (
    SERVICE_USERS,
    SIGNED_IN,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas


def _invite(actor: User, person: ServiceUser) -> services.Issued:
    return services.invite(actor=actor, person=person, channel="email", reason="A new phone")


def _token(issued: services.Issued) -> dict[str, str]:
    return {"token": issued.path.rstrip("/").rsplit("/", 1)[-1]}


def sams_invitation(p: Personas) -> dict[str, int]:
    return {"pk": _invite(p.clinician, p.su).invitation.pk}


def kits_invitation(p: Personas) -> dict[str, int]:
    return {"pk": _invite(p.outsider, p.other_su).invitation.pk}


def working_token(p: Personas) -> dict[str, str]:
    return _token(_invite(p.clinician, p.su))


def forged_token(p: Personas) -> dict[str, str]:
    return {"token": "0" * 64}


def used_token(p: Personas) -> dict[str, str]:
    issued = _invite(p.clinician, p.su)
    Invitation.objects.filter(pk=issued.invitation.pk).update(accepted_at=timezone.now())
    return _token(issued)


def expired_token(p: Personas) -> dict[str, str]:
    issued = _invite(p.clinician, p.su)
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return _token(issued)


def stopped_token(p: Personas) -> dict[str, str]:
    issued = _invite(p.clinician, p.su)
    services.stop(actor=p.clinician, invitation=issued.invitation)
    return _token(issued)


def _change(user: User) -> ContactChange:
    now = timezone.now()
    return ContactChange.objects.create(
        user=user,
        kind="email",
        new_value="new@example.org",
        code_hash="0" * 64,
        expires_at=now + dt.timedelta(minutes=15),
    )


def sams_change(p: Personas) -> dict[str, int]:
    return {"pk": _change(p.service_user).pk}


def kits_change(p: Personas) -> dict[str, int]:
    return {"pk": _change(p.other_service_user).pk}


def accepted_invitation(p: Personas) -> dict[str, int]:
    issued = _invite(p.clinician, p.su)
    Invitation.objects.filter(pk=issued.invitation.pk).update(accepted_at=timezone.now())
    return {"pk": issued.invitation.pk}


NOBODY: dict[str, int] = {}
ANYONE = Rule(allowed=only(SIGNED_IN), anonymous=200)

MATRIX: dict[str, Rule] = {
    "invitations:start": ANYONE,
    "invitations:join": Rule(allowed=only(SIGNED_IN), anonymous=200, kwargs=working_token),  # type: ignore[arg-type]
    "invitations:before-you-start": Rule(allowed=only(SERVICE_USERS)),
    "invitations:person": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "invitations:resend": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_invitation),
    "invitations:stop": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_invitation),
    "invitations:contact-change": Rule(allowed=only((*SERVICE_USERS, "carer"))),
    "invitations:contact-code": Rule(allowed=only(("service_user",)), kwargs=sams_change),
}

OTHER_OBJECT: dict[str, Rule] = {
    "invitations:join#forged": Rule(allowed=NOBODY, anonymous=404, kwargs=forged_token),  # type: ignore[arg-type]
    "invitations:join#used": Rule(allowed=NOBODY, anonymous=404, kwargs=used_token),  # type: ignore[arg-type]
    "invitations:join#expired": Rule(allowed=NOBODY, anonymous=404, kwargs=expired_token),  # type: ignore[arg-type]
    "invitations:join#stopped": Rule(allowed=NOBODY, anonymous=404, kwargs=stopped_token),  # type: ignore[arg-type]
    "invitations:person": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "invitations:resend": Rule(allowed=only(("outsider",)), kwargs=kits_invitation),
    "invitations:resend#accepted": Rule(allowed=NOBODY, kwargs=accepted_invitation),
    "invitations:stop": Rule(allowed=only(("outsider",)), kwargs=kits_invitation),
    "invitations:contact-code": Rule(allowed=only(("other_service_user",)), kwargs=kits_change),
}
