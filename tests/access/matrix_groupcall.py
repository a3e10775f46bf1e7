"""Access matrix for group video calls (tandem/groupcall/urls.py).

Sam is enrolled in team A's video group, which Dr Lee facilitates; Morgan
manages team A. The tests run without Janus configured, so the way in answers
with the join-by-phone page.

- The member's pages answer Sam only: the way in (200, the phone page), the
  check, waiting room and call (302: back to the way in until Sam is let in).
- The facilitator's page and panel answer the facilitator and the team's
  manager; a colleague in the same team who does not run the group gets 404.
- Opening, ending, admitting, removing, muting, the signal and marking it seen
  take POST only.
- The join link for a member without an account: a forged token is the one
  404 for everyone, signed in or not, as a one-to-one call's link is.
"""

from __future__ import annotations

from tandem.groupcall.tests.helpers import group_session
from tests.access.matrix_rules import Rule, only
from tests.personas import Personas

RUNS_IT = ("clinician", "manager")


def sams_session(p: Personas) -> dict[str, int]:
    session, _ = group_session(p)
    return {"session_id": session.pk}


def an_attendee(p: Personas) -> dict[str, int]:
    return {**sams_session(p), "attendee_id": 1}


def a_signal(p: Personas) -> dict[str, int]:
    return {**sams_session(p), "signal_id": 1}


def forged(p: Personas) -> dict[str, str]:
    return {"token": "not-a-real-token"}


def post_only(kwargs):  # type: ignore[no-untyped-def]
    return Rule(allowed={}, default=405, anonymous=405, kwargs=kwargs)


MATRIX: dict[str, Rule] = {
    "groupcall:join": Rule(allowed=only(("service_user",)), kwargs=sams_session),
    "groupcall:check": Rule(allowed=only(("service_user",), 302), kwargs=sams_session),
    "groupcall:waiting": Rule(allowed=only(("service_user",), 302), kwargs=sams_session),
    "groupcall:call": Rule(allowed=only(("service_user",), 302), kwargs=sams_session),
    "groupcall:signal": post_only(sams_session),
    "groupcall:person-link": Rule(allowed={}, anonymous=404, kwargs=forged),
    "groupcall:facilitate": Rule(allowed=only(RUNS_IT), kwargs=sams_session),
    "groupcall:panel": Rule(allowed=only(RUNS_IT, 204), kwargs=sams_session),
    "groupcall:open": post_only(sams_session),
    "groupcall:end": post_only(sams_session),
    "groupcall:admit": post_only(an_attendee),
    "groupcall:remove": post_only(an_attendee),
    "groupcall:mute": post_only(an_attendee),
    "groupcall:signal-seen": post_only(a_signal),
}


def kits_session(p: Personas) -> dict[str, int]:
    """Team B's video group, run by the outsider, with Kit enrolled."""
    import datetime as dt

    from django.utils import timezone

    from tandem.groups.models import Enrolment, GroupProgramme, GroupSession

    programme = GroupProgramme.objects.create(
        team=p.team_b, name="Sleep well", purpose="Sleep", capacity=8, way="video",
        lead=p.outsider.staff, created_by=p.outsider,
    )  # fmt: skip
    programme.facilitators.add(p.outsider.staff)
    starts_at = timezone.now() + dt.timedelta(minutes=5)
    session = GroupSession.objects.create(
        programme=programme, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1)
    )
    Enrolment.objects.create(
        programme=programme, service_user=p.other_su, state="enrolled", joins_by="video",
        enrolled_by=p.outsider,
    )  # fmt: skip
    return {"session_id": session.pk}


OTHER_OBJECT: dict[str, Rule] = {
    "groupcall:join#kit": Rule(allowed=only(("other_service_user",)), kwargs=kits_session),
    "groupcall:facilitate#kit": Rule(allowed=only(("outsider",)), kwargs=kits_session),
    "groupcall:call#kit": Rule(allowed=only(("other_service_user",), 302), kwargs=kits_session),
}
