"""Access matrix for the preferences URLs: every URL named ``preferences:...`` must be here."""

from __future__ import annotations

from tests.access.matrix_rules import SERVICE_USERS, TEAM_A_STAFF, Rule, only
from tests.personas import Personas


def person(name: str = "") -> object:
    def kwargs(p: Personas) -> dict[str, object]:
        return {"pk": p.su.pk, **({"name": name} if name else {})}

    return kwargs


def other_person(name: str = "") -> object:
    def kwargs(p: Personas) -> dict[str, object]:
        return {"pk": p.other_su.pk, **({"name": name} if name else {})}

    return kwargs


MATRIX: dict[str, Rule] = {
    "preferences:mine": Rule(allowed=only(SERVICE_USERS)),
    "preferences:change": Rule(allowed=only(SERVICE_USERS), kwargs=lambda p: {"name": "seen"}),
    "preferences:history": Rule(allowed=only(SERVICE_USERS)),
    # Choosing easy read is a form post only (405 to a GET, for anyone); who
    # may post it is tested in tandem/preferences/tests/test_easy_read.py.
    "preferences:reading": Rule(allowed={}, default=405, anonymous=405),
    "preferences:person": Rule(allowed=only(TEAM_A_STAFF), kwargs=person()),
    "preferences:person-change": Rule(allowed=only(TEAM_A_STAFF), kwargs=person("digital")),
    "preferences:person-history": Rule(allowed=only(TEAM_A_STAFF), kwargs=person()),
    "preferences:decide": Rule(allowed=only(TEAM_A_STAFF), kwargs=person()),
}

# The other team's person: only the outsider (team B) may reach them.
OTHER_OBJECT: dict[str, Rule] = {
    "preferences:person": Rule(allowed=only(("outsider",)), kwargs=other_person()),
    "preferences:person-change": Rule(allowed=only(("outsider",)), kwargs=other_person("contact")),
    "preferences:person-history": Rule(allowed=only(("outsider",)), kwargs=other_person()),
    "preferences:decide": Rule(allowed=only(("outsider",)), kwargs=other_person()),
}
