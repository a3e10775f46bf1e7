"""Access matrix for staff accounts: every URL named ``staffing:...`` must be here.

The administrator's pages are for the service administrator alone; an
invitation link works for whoever holds it, signed in or not, and an unknown
one is the same 404 for everyone.
"""

from __future__ import annotations

from tandem.people.models import StaffMember
from tandem.staffing import services
from tandem.staffing.models import StaffInvitation
from tandem.web.tokens import digest
from tests.access.matrix_rules import SIGNED_IN, Rule, only
from tests.personas import Personas

ADMIN = Rule(allowed=only(("admin",)))


def clinician_pk(p: Personas) -> dict[str, int]:
    return {"pk": p.clinician.staff.pk}


def new_member_token(p: Personas) -> dict[str, str]:
    staff: StaffMember = services.add_staff(
        actor=p.admin,
        full_name="Matrix Member",
        email="matrix.member@example.org",
        professional_role="social_worker",
        teams=[p.team_a],
        is_manager=False,
    )
    # The raw token is only in the email; the matrix gives the invitation one it knows.
    token = "a" * 64
    StaffInvitation.objects.filter(staff=staff).update(token_hash=digest(token))
    return {"token": token}


MATRIX: dict[str, Rule] = {
    "staffing:index": ADMIN,
    "staffing:add": ADMIN,
    "staffing:member": Rule(allowed=only(("admin",)), kwargs=clinician_pk),
    # A POST-only button: GET is 405 for everyone, before anything is looked up.
    "staffing:resend": Rule(allowed={}, default=405, anonymous=405, kwargs=clinician_pk),
    "staffing:teams": Rule(allowed=only(("admin",)), kwargs=clinician_pk),
    "staffing:reset-authenticator": Rule(allowed=only(("admin",)), kwargs=clinician_pk),
    "staffing:end-account": Rule(allowed=only(("admin",)), kwargs=clinician_pk),
    "staffing:join": Rule(allowed=only(SIGNED_IN), anonymous=200, kwargs=new_member_token),
}

OTHER_OBJECT: dict[str, Rule] = {
    "staffing:join#unknown": Rule(allowed={}, anonymous=404, kwargs=lambda p: {"token": "0" * 64}),
    "staffing:member#missing": Rule(allowed={}, kwargs=lambda p: {"pk": 999999}),
}
