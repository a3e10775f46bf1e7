"""Access matrix for the diary (tandem/diary/urls.py).

- 'Your diary' pages are the signed-in service user's own. Sam's sign pages
  answer Sam only: Kit asking for Sam's sign gets 404.
- Staff pages answer staff in a team the person is open to (clinicians and
  the manager), and nobody else: the outsider gets 404 for Sam, and only the
  outsider reaches Kit's. When Sam stops sharing, the staff page still
  answers, saying so with nothing from the diary (tested in the app's tests).
- A carer reads the diary only while their link stands with 'See my diary':
  Alex was not given it, so 404, until Sam allows it; withdrawn, 404 again.
"""

from __future__ import annotations

from django.utils import timezone

from tandem.diary import services
from tandem.diary.tests.helpers import set_up_diary, signs_of
from tests.access.matrix_rules import SERVICE_USERS, TEAM_A_STAFF, Rule, only
from tests.personas import Personas


def both_diaries(p: Personas) -> dict[str, int]:
    set_up_diary(p.clinician, p.su)
    set_up_diary(p.outsider, p.other_su, signs=("Not opening the post",))
    return {}


def sams_sign(p: Personas) -> dict[str, int]:
    both_diaries(p)
    return {"sign": signs_of(p.su.diary_plan)[0].pk}


def sams_diary(p: Personas) -> dict[str, int]:
    set_up_diary(p.clinician, p.su)
    return {"pk": p.su.pk}


def sams_pk_and_sign(p: Personas) -> dict[str, int]:
    plan = set_up_diary(p.clinician, p.su)
    return {"pk": p.su.pk, "sign": signs_of(plan)[0].pk}


def kits_diary(p: Personas) -> dict[str, int]:
    set_up_diary(p.outsider, p.other_su)
    return {"pk": p.other_su.pk}


def kits_pk_and_sign(p: Personas) -> dict[str, int]:
    plan = set_up_diary(p.outsider, p.other_su)
    return {"pk": p.other_su.pk, "sign": signs_of(plan)[0].pk}


def sams_pk_with_kits_sign(p: Personas) -> dict[str, int]:
    set_up_diary(p.clinician, p.su)
    kits = set_up_diary(p.outsider, p.other_su, signs=("Not opening the post",))
    return {"pk": p.su.pk, "sign": signs_of(kits)[0].pk}


def not_shared(p: Personas) -> dict[str, int]:
    kwargs = sams_diary(p)
    services.set_sharing(actor=p.service_user, person=p.su, share=False)
    return kwargs


def shared_with_alex(p: Personas) -> dict[str, int]:
    p.carer_link.can_see_diary = True
    p.carer_link.save()
    return sams_diary(p)


def shared_then_withdrawn(p: Personas) -> dict[str, int]:
    kwargs = shared_with_alex(p)
    p.carer_link.withdrawn_at = timezone.now()
    p.carer_link.save()
    return kwargs


OWN = Rule(allowed=only(SERVICE_USERS), kwargs=both_diaries)
NOBODY: dict[str, int] = {}
TEAM_A = Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_diary)

MATRIX: dict[str, Rule] = {
    "diary:mine": Rule(allowed=only(SERVICE_USERS)),
    "diary:entry": OWN,
    "diary:trends": OWN,
    "diary:sharing": OWN,
    "diary:settings": OWN,
    "diary:add-sign": OWN,
    "diary:schedule": OWN,
    "diary:reword-sign": Rule(allowed=only(("service_user",)), kwargs=sams_sign),
    "diary:retire-sign": Rule(allowed=only(("service_user",)), kwargs=sams_sign),
    # Alex was not given 'See my diary'.
    "diary:carer-person": Rule(allowed=NOBODY, kwargs=sams_diary),
    "diary:staff-person": TEAM_A,
    "diary:staff-set-up": TEAM_A,
    "diary:staff-add-sign": TEAM_A,
    "diary:staff-schedule": TEAM_A,
    "diary:staff-reword-sign": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_pk_and_sign),
    "diary:staff-retire-sign": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_pk_and_sign),
}

OTHER_OBJECT: dict[str, Rule] = {
    "diary:carer-person#shared": Rule(allowed=only(("carer",)), kwargs=shared_with_alex),
    "diary:carer-person#withdrawn": Rule(allowed=NOBODY, kwargs=shared_then_withdrawn),
    "diary:carer-person": Rule(allowed=NOBODY, kwargs=kits_diary),
    "diary:staff-person": Rule(allowed=only(("outsider",)), kwargs=kits_diary),
    "diary:staff-set-up": Rule(allowed=only(("outsider",)), kwargs=kits_diary),
    "diary:staff-add-sign": Rule(allowed=only(("outsider",)), kwargs=kits_diary),
    "diary:staff-schedule": Rule(allowed=only(("outsider",)), kwargs=kits_diary),
    "diary:staff-reword-sign": Rule(allowed=only(("outsider",)), kwargs=kits_pk_and_sign),
    "diary:staff-retire-sign": Rule(allowed=only(("outsider",)), kwargs=kits_pk_and_sign),
    # Kit's sign asked for under Sam: nobody.
    "diary:staff-reword-sign#mixed": Rule(allowed=NOBODY, kwargs=sams_pk_with_kits_sign),
    "diary:staff-retire-sign#mixed": Rule(allowed=NOBODY, kwargs=sams_pk_with_kits_sign),
    # Not shared: the page says so (200); changing signs goes back to it (302).
    "diary:staff-person#not-shared": Rule(allowed=only(TEAM_A_STAFF), kwargs=not_shared),
    "diary:staff-set-up#not-shared": Rule(allowed=only(TEAM_A_STAFF), kwargs=not_shared),
    "diary:staff-add-sign#not-shared": Rule(allowed=only(TEAM_A_STAFF, 302), kwargs=not_shared),
    "diary:staff-schedule#not-shared": Rule(allowed=only(TEAM_A_STAFF, 302), kwargs=not_shared),
    # No diary yet: staff can set one up; the person's own pages go to the diary home.
    "diary:staff-person#no-diary": Rule(
        allowed=only(TEAM_A_STAFF), kwargs=lambda p: {"pk": p.su.pk}
    ),
    "diary:staff-set-up#no-diary": Rule(
        allowed=only(TEAM_A_STAFF), kwargs=lambda p: {"pk": p.su.pk}
    ),
    "diary:entry#no-diary": Rule(allowed=only(SERVICE_USERS, 302)),
}
