"""Shared pieces of the access matrix: who the personas are and how a rule
says what each of them gets for one URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.personas import Personas

EVERYONE = (
    "anonymous",
    "clinician",
    "colleague",
    "outsider",
    "manager",
    "admin",
    "service_user",
    "other_service_user",
    "carer",
)
SIGNED_IN = EVERYONE[1:]
TEAM_A_STAFF = ("clinician", "colleague", "manager")
CLINICAL_STAFF = ("clinician", "colleague", "outsider", "manager")
SERVICE_USERS = ("service_user", "other_service_user")


@dataclass(frozen=True)
class Rule:
    """Who gets what for one URL. ``kwargs`` picks whose object is asked for."""

    allowed: dict[str, int]
    kwargs: Callable[[Personas], dict[str, int]] = lambda p: {}
    default: int | str = 404
    anonymous: int | str = "login"
    extra: dict[str, int | str] = field(default_factory=dict)

    def expected(self, persona: str) -> int | str:
        if persona in self.extra:
            return self.extra[persona]
        if persona == "anonymous":
            return self.anonymous
        return self.allowed.get(persona, self.default)


def only(personas: tuple[str, ...], status: int = 200) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def su_pk(p: Personas) -> dict[str, int]:
    return {"pk": p.su.pk}


def other_su_pk(p: Personas) -> dict[str, int]:
    return {"pk": p.other_su.pk}


PUBLIC = Rule(allowed=only(SIGNED_IN), anonymous=200)
