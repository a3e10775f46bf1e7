"""Access matrix for staff accounts: every URL named ``staffing:...`` must be here.

The administrator's pages are for the service administrator alone; an
invitation link works for whoever holds it, signed in or not, and an unknown
one is the same 404 for everyone.
"""

from __future__ import annotations

from tandem.people.models import CaseloadEntry, StaffMember
from tandem.staffing import services
from tandem.staffing.models import StaffInvitation
from tandem.staffing.selectors import handover_key
from tandem.web.tokens import digest
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item
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


def handover_pk(p: Personas) -> dict[str, int]:
    """Sam's place in team A, waiting for a new care coordinator."""
    raise_work_item(
        team=p.team_a,
        kind=WorkKind.CASELOAD_WITHOUT_COVER,
        for_managers=True,
        service_user=p.su,
        about_key=handover_key(p.su.pk),
        title="Hand over: Sam needs a new care coordinator",
        reason="Their care coordinator left.",
    )
    return {"pk": CaseloadEntry.objects.get(service_user=p.su, team=p.team_a).pk}


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
    # The team's manager, while the person waits for a new care coordinator.
    "staffing:hand-over": Rule(allowed=only(("manager",)), kwargs=handover_pk),
}

OTHER_OBJECT: dict[str, Rule] = {
    "staffing:join#unknown": Rule(allowed={}, anonymous=404, kwargs=lambda p: {"token": "0" * 64}),
    "staffing:member#missing": Rule(allowed={}, kwargs=lambda p: {"pk": 999999}),
    # No open hand-over task: the same 404 as a missing place, even for the manager.
    "staffing:hand-over#no-task": Rule(
        allowed={},
        kwargs=lambda p: {"pk": CaseloadEntry.objects.get(service_user=p.su, team=p.team_a).pk},
    ),
}
