"""Access matrix for video consultations (tandem/consult/urls.py).

- 'Your video appointments' and the phone number page are the signed-in
  service user's own.
- The pages on the way into a call (join, check, waiting room, call) answer
  the person whose appointment it is and staff in its team; everyone else gets
  404 for Sam's call, and only Kit and the outsider's team reach Kit's. Join
  and the waiting room send each person on to their next step (302).
- Staff pages (safety check, invite, switch to phone) answer team A's staff.
- The video waiting room answers any clinician or manager, listing only their
  own teams' calls.
- An invitation link answers anyone: a forged one says it does not work. So
  does a forged reminder join link, with the same 404 as a locked one.
- A phone appointment's safety check page answers the appointment's team.
- The signal agreed with a person answers staff in the person's teams.
- Admitting, removing, the sound check and call quality take POST only.
"""

from __future__ import annotations

from tandem.consult.tests.helpers import video_appointment
from tests.access.matrix_rules import (
    CLINICAL_STAFF,
    SIGNED_IN,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas


def sams_call(p: Personas) -> dict[str, int]:
    return {"pk": video_appointment(p).pk}


def kits_call(p: Personas) -> dict[str, int]:
    return {"pk": video_appointment(p, person=p.other_su).pk}


def forged(p: Personas) -> dict[str, str]:
    return {"token": "not-a-real-invitation"}


def a_participant(p: Personas) -> dict[str, int]:
    from tandem.consult import admitting

    appointment = video_appointment(p)
    return {"pk": admitting.own_participant(actor=p.service_user, appointment=appointment).pk}


def sams_phone_call(p: Personas) -> dict[str, int]:
    return {"pk": video_appointment(p, modality="phone").pk}


def kits_phone_call(p: Personas) -> dict[str, int]:
    return {"pk": video_appointment(p, person=p.other_su, modality="phone").pk}


POST_ONLY = Rule(allowed={}, default=405, anonymous=405, kwargs=sams_call)
SAMS_AND_TEAM = {**only(("service_user",)), **only(TEAM_A_STAFF)}

MATRIX: dict[str, Rule] = {
    "consult:mine": Rule(allowed=only(("service_user", "other_service_user"))),
    "consult:join": Rule(allowed=only(("service_user", *TEAM_A_STAFF), 302), kwargs=sams_call),
    "consult:check": Rule(allowed=SAMS_AND_TEAM, kwargs=sams_call),
    "consult:fallback": Rule(allowed=only(("service_user",)), kwargs=sams_call),
    # Sam has not confirmed a number yet, so is sent back; staff go to the call.
    "consult:waiting": Rule(allowed=only(("service_user", *TEAM_A_STAFF), 302), kwargs=sams_call),
    "consult:call": Rule(
        allowed={**only(("service_user",), 302), **only(TEAM_A_STAFF)}, kwargs=sams_call
    ),
    "consult:sound-check": POST_ONLY,
    "consult:quality": POST_ONLY,
    "consult:invite-link": Rule(allowed=only(SIGNED_IN), anonymous=200, kwargs=forged),
    "consult:waiting-room": Rule(allowed=only(CLINICAL_STAFF)),
    "consult:admit": Rule(kwargs=a_participant, allowed={}, default=405, anonymous=405),
    "consult:safety-check": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_call),
    "consult:switch-to-phone": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_call),
    "consult:invite": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_call),
    "consult:remove": Rule(kwargs=a_participant, allowed={}, default=405, anonymous=405),
    "consult:person-link": Rule(allowed={}, anonymous=404, kwargs=forged),
    "consult:phone-call": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_phone_call),
    "consult:agree-signal": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
}

OTHER_OBJECT: dict[str, Rule] = {
    "consult:join#kit": Rule(
        allowed=only(("other_service_user", "outsider"), 302), kwargs=kits_call
    ),
    "consult:call#kit": Rule(
        allowed={**only(("other_service_user",), 302), **only(("outsider",))}, kwargs=kits_call
    ),
    "consult:safety-check#kit": Rule(allowed=only(("outsider",)), kwargs=kits_call),
    "consult:fallback#kit": Rule(allowed=only(("other_service_user",)), kwargs=kits_call),
    "consult:phone-call#kit": Rule(allowed=only(("outsider",)), kwargs=kits_phone_call),
    "consult:agree-signal#kit": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    # A video appointment is not a phone call, even for its own team.
    "consult:phone-call#video": Rule(allowed={}, kwargs=sams_call),
}
