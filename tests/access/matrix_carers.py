"""Access matrix for carers and family (tandem/carers/urls.py).

- The 'Carers and family' pages are the service user's own: only the person
  whose link or invitation it is reaches them; staff get 404 there.
- Staff pages answer staff in a team the person is open to, and nobody else.
- A carer reaches a page only for a scope they were given: Alex (Sam's carer)
  sees appointments and video only, so 'give your view' is 404 until Sam
  allows it, and 404 again the moment the link is withdrawn.
- The invitation page answers anyone holding a working link; a forged, used,
  expired or cancelled one gives the same 'This link does not work' 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.carers import invitations
from tandem.carers.models import CarerInvite
from tandem.people.models import Carer, CarerLink, ServiceUser, User
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


def _invite(actor: User) -> invitations.IssuedInvite:
    return invitations.invite_carer(
        actor=actor,
        details=invitations.CarerDetails(
            given_name="Jo", family_name="Rivers", email="jo.rivers@example.org", phone=""
        ),
        relationship="Friend",
        sent_by="email",
        chosen=["can_see_appointments"],
    )


def _token(issued: invitations.IssuedInvite) -> dict[str, str]:
    return {"token": issued.path.rstrip("/").rsplit("/", 1)[-1]}


def sams_invite(p: Personas) -> dict[str, int]:
    return {"pk": _invite(p.service_user).invite.pk}


def kits_invite(p: Personas) -> dict[str, int]:
    return {"pk": _invite(p.other_service_user).invite.pk}


def _cancelled(p: Personas) -> invitations.IssuedInvite:
    issued = _invite(p.service_user)
    CarerInvite.objects.filter(pk=issued.invite.pk).update(cancelled_at=timezone.now())
    return issued


def cancelled_invite(p: Personas) -> dict[str, int]:
    return {"pk": _cancelled(p).invite.pk}


def working_token(p: Personas) -> dict[str, str]:
    return _token(_invite(p.service_user))


def forged_token(p: Personas) -> dict[str, str]:
    return {"token": "0" * 64}


def used_token(p: Personas) -> dict[str, str]:
    issued = _invite(p.service_user)
    stranger = User.objects.create_user("jo.rivers@example.org", "a long enough passphrase")
    invitations.accept_invite(invite=issued.invite, user=stranger)
    return _token(issued)


def expired_token(p: Personas) -> dict[str, str]:
    issued = _invite(p.service_user)
    CarerInvite.objects.filter(pk=issued.invite.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return _token(issued)


def cancelled_token(p: Personas) -> dict[str, str]:
    return _token(_cancelled(p))


def sams_link(p: Personas) -> dict[str, int]:
    return {"pk": p.carer_link.pk}


def kits_link(p: Personas) -> dict[str, int]:
    return {"pk": link_for(p.other_su).pk}


def link_for(person: ServiceUser) -> CarerLink:
    carer = Carer.objects.create(given_name="Lee", family_name="Moreno", email="lee@example.org")
    return CarerLink.objects.create(
        service_user=person, carer=carer, relationship="Brother", can_give_views=True
    )


def withdrawn(p: Personas) -> CarerLink:
    p.carer_link.can_give_views = True
    p.carer_link.withdrawn_at = timezone.now()
    p.carer_link.save()
    return p.carer_link


def withdrawn_link(p: Personas) -> dict[str, int]:
    return {"pk": withdrawn(p).pk}


def withdrawn_person(p: Personas) -> dict[str, int]:
    return {"pk": withdrawn(p).service_user_id}


def views_granted(p: Personas) -> dict[str, int]:
    p.carer_link.can_give_views = True
    p.carer_link.save()
    return {"pk": p.su.pk}


def views_for_kit(p: Personas) -> dict[str, int]:
    # Kit lets some other carer give views; Alex is not that carer.
    link_for(p.other_su)
    return {"pk": p.other_su.pk}


SAM_ONLY = only(("service_user",))
NOBODY: dict[str, int] = {}
DEAD_LINK = Rule(allowed=NOBODY, anonymous=404, kwargs=forged_token)  # type: ignore[arg-type]

MATRIX: dict[str, Rule] = {
    "carers:mine": Rule(allowed=only(SERVICE_USERS)),
    "carers:invite": Rule(allowed=only(SERVICE_USERS)),
    "carers:invite-cancel": Rule(allowed=SAM_ONLY, kwargs=sams_invite),
    "carers:change": Rule(allowed=SAM_ONLY, kwargs=sams_link),
    "carers:withdraw": Rule(allowed=SAM_ONLY, kwargs=sams_link),
    "carers:accept": Rule(allowed=only(SIGNED_IN), anonymous=200, kwargs=working_token),  # type: ignore[arg-type]
    "carers:preferences": Rule(allowed=only(("carer",))),
    # Alex was not given 'give their view': nobody reaches it, Alex included.
    "carers:give-view": Rule(allowed=NOBODY, kwargs=su_pk),
    "carers:staff-add": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "carers:staff-change": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_link),
    "carers:staff-withdraw": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_link),
}

OTHER_OBJECT: dict[str, Rule] = {
    "carers:invite-cancel": Rule(allowed=only(("other_service_user",)), kwargs=kits_invite),
    "carers:invite-cancel#cancelled": Rule(allowed=NOBODY, kwargs=cancelled_invite),
    "carers:change": Rule(allowed=only(("other_service_user",)), kwargs=kits_link),
    "carers:change#withdrawn": Rule(allowed=NOBODY, kwargs=withdrawn_link),
    "carers:withdraw": Rule(allowed=only(("other_service_user",)), kwargs=kits_link),
    "carers:withdraw#withdrawn": Rule(allowed=NOBODY, kwargs=withdrawn_link),
    "carers:accept#forged": DEAD_LINK,
    "carers:accept#used": Rule(allowed=NOBODY, anonymous=404, kwargs=used_token),  # type: ignore[arg-type]
    "carers:accept#expired": Rule(allowed=NOBODY, anonymous=404, kwargs=expired_token),  # type: ignore[arg-type]
    "carers:accept#cancelled": Rule(allowed=NOBODY, anonymous=404, kwargs=cancelled_token),  # type: ignore[arg-type]
    # Once Sam allows it, only Alex reaches it; once withdrawn, nobody does.
    "carers:give-view#granted": Rule(allowed=only(("carer",)), kwargs=views_granted),
    "carers:give-view#withdrawn": Rule(allowed=NOBODY, kwargs=withdrawn_person),
    "carers:give-view": Rule(allowed=NOBODY, kwargs=views_for_kit),
    "people:carer-person#withdrawn": Rule(allowed=NOBODY, kwargs=withdrawn_person),
    "carers:staff-add": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "carers:staff-change": Rule(allowed=only(("outsider",)), kwargs=kits_link),
    "carers:staff-change#withdrawn": Rule(allowed=NOBODY, kwargs=withdrawn_link),
    "carers:staff-withdraw": Rule(allowed=only(("outsider",)), kwargs=kits_link),
    "carers:staff-withdraw#withdrawn": Rule(allowed=NOBODY, kwargs=withdrawn_link),
}
