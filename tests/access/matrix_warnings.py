"""Access matrix for worrying words: flags are for the staff of the team whose
inbox holds the message (never the writer, a carer or another team); the
phrase list is for team managers and the service admin.

Flags are made the way they are in use: Sam (or Kit) sends a message with
worrying words through the messaging services.
"""

from __future__ import annotations

from tandem.messaging import services as messaging
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.warnings.models import CustomPhrase, Flag
from tests.access.matrix_rules import TEAM_A_STAFF, Rule, only
from tests.personas import Personas


def _flag(actor: User, person: ServiceUser, team: CareTeam, body: str) -> dict[str, int]:
    thread = messaging.start_thread(
        actor=actor, service_user=person, team=team, subject="Tonight", body=body, files=[]
    )
    return {"pk": Flag.objects.get(thread=thread).pk}


def sam_flag_pk(p: Personas) -> dict[str, int]:
    return _flag(p.service_user, p.su, p.team_a, "I can't go on")


def kit_flag_pk(p: Personas) -> dict[str, int]:
    return _flag(p.other_service_user, p.other_su, p.team_b, "I want to die")


def _phrase(p: Personas, team: CareTeam | None) -> dict[str, int]:
    phrase = CustomPhrase.objects.create(
        team=team,
        words="the old quarry",
        category="suicide",
        reason="A local place",
        added_by=p.admin,
    )
    return {"pk": phrase.pk}


def team_a_phrase_pk(p: Personas) -> dict[str, int]:
    return _phrase(p, p.team_a)


def team_b_phrase_pk(p: Personas) -> dict[str, int]:
    return _phrase(p, p.team_b)


def everyones_phrase_pk(p: Personas) -> dict[str, int]:
    return _phrase(p, None)


MATRIX: dict[str, Rule] = {
    "warnings:record": Rule(allowed=only(TEAM_A_STAFF), kwargs=sam_flag_pk),
    "warnings:phrases": Rule(allowed=only(("manager", "admin"))),
    "warnings:add-phrase": Rule(allowed=only(("manager", "admin"))),
    "warnings:retire-phrase": Rule(allowed=only(("manager", "admin")), kwargs=team_a_phrase_pk),
}

OTHER_OBJECT: dict[str, Rule] = {
    "warnings:record": Rule(allowed=only(("outsider",)), kwargs=kit_flag_pk),
    # Team B has no manager among the personas: only the service admin.
    "warnings:retire-phrase": Rule(allowed=only(("admin",)), kwargs=team_b_phrase_pk),
    "warnings:retire-phrase#everyone": Rule(allowed=only(("admin",)), kwargs=everyones_phrase_pk),
}
