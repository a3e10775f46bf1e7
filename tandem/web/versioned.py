"""Plans written together, one unchanging version a save (ADR 0050).

The safety plan (``tandem.safety``) and the care plan (``tandem.careplans``)
are both written by a person and their care team, perhaps at the same time.
What keeps them honest is the same for both and lives here, once: who may
write, versions numbered one after the other under a lock, and a save made
from an older version refused with ``NewerVersion`` so nobody's words are
lost. Each app keeps its own models, checks and wording; the pages that go
with this are in ``tandem.web.versioned_pages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.web.forms import normalise_free_text


class SavedVersion(Protocol):
    """What every plan's version model has."""

    pk: Any
    number: int
    saved_at: Any
    saved_by_id: Any
    saved_by_name: str


@dataclass(frozen=True)
class WrittenPart:
    """One part of a plan: its key (a column name), heading and hint.

    In English, as audit lines, the FHIR API and staff read them; marked with
    ``N_`` where each app lists its parts, so `make messages` finds them, and
    read in the language of the page through the properties below."""

    key: str
    heading: str
    hint: str

    @property
    def heading_text(self) -> str:
        """The heading in the language of the page."""
        return gettext(self.heading)

    @property
    def hint_text(self) -> str:
        return gettext(self.hint)


class NewerVersion(Exception):
    """Someone saved the plan after the writer opened it."""

    def __init__(self, latest: Any) -> None:
        super().__init__(f"Version {latest.number} was saved in the meantime")
        self.latest = latest


def is_staff_for(actor: User, person: ServiceUser) -> bool:
    return bool(
        actor.roles & {Role.CLINICIAN, Role.MANAGER}
        and scopes.caseload_of(actor).filter(pk=person.pk).exists()
    )


def may_write(actor: User, person: ServiceUser) -> bool:
    own = Role.SERVICE_USER in actor.roles and person.user_id == actor.pk
    return own or is_staff_for(actor, person)


def check_writer(actor: User, person: ServiceUser) -> None:
    if not may_write(actor, person):
        raise PermissionDenied("Only the person and their care team can change this plan.")


def clean(value: str | None) -> str:
    """As stored and compared: a browser's CRLF or trailing spaces are not a change."""
    return normalise_free_text(value).strip()


def record_saved(
    *, actor: User, person: ServiceUser, version: Any, headings: Iterable[str]
) -> None:
    """Audit a new version of a plan (a ``VersionBase`` model), naming the parts it changed."""
    record(
        actor=actor,
        action=Action.CREATE,
        obj=version,
        subject_id=person.pk,
        what=(
            f"Saved version {version.number} of the {version.NOUN}, changing: "
            + ", ".join(headings)
        ),
    )


class ListedText:
    """A plan part as its pages show it: ``text``, and ``lines``, each line of it
    that says something, trimmed."""

    text: str

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def check_known(given: dict[str, str], known: tuple[str, ...]) -> dict[str, str]:
    """Every known part, cleaned; an unknown one is refused rather than dropped."""
    unknown = set(given) - set(known)
    if unknown:
        raise InvalidInput(f"Unknown parts of the plan: {sorted(unknown)}")
    return {key: clean(given.get(key)) for key in known}


def lock_newest(
    plan_model: type[models.Model], *, person: ServiceUser, based_on: int
) -> tuple[Any, Any]:
    """The person's plan, locked, and its newest version (None for a new plan).

    ``based_on`` is the version number the writer started from (0 for a new
    plan). If someone saved since, NewerVersion says who, so two people
    writing together never lose each other's words.
    """
    manager: Any = plan_model._default_manager
    manager.get_or_create(service_user=person)
    # Locked, so two saves at once are numbered one after the other.
    plan = manager.select_for_update().get(service_user=person)
    latest = plan.versions.order_by("-number").first()
    if based_on != (latest.number if latest else 0):
        if latest is None:
            raise InvalidInput("There is no such version of this plan")
        raise NewerVersion(latest)
    return plan, latest


def changed_keys(cleaned: dict[str, str], latest: Any, keys: tuple[str, ...]) -> list[str]:
    """The parts whose words differ from the newest version's, in plan order.

    Stored text is cleaned too before comparing: versions written before the
    normaliser may hold CRLF or trailing spaces nobody can see."""
    return [key for key in keys if cleaned[key] != (clean(latest.text_of(key)) if latest else "")]


def saved_by(actor: User, person: ServiceUser) -> dict[str, Any]:
    """Who saved a version, as they were named then, and whether as staff."""
    return {
        "saved_by": actor,
        "saved_by_name": actor.full_name or str(actor),
        "saved_by_staff": is_staff_for(actor, person) and person.user_id != actor.pk,
    }


class VersionBase(models.Model):
    """What a plan said after one save. Never changed once written.

    Only behaviour: each app declares its own fields, so its tables and
    migrations stay its own."""

    # The plan's name, for the refusal to change a saved version.
    NOUN = "plan"
    FIELD_KEYS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"A saved version of a {self.NOUN} is never changed")
        super().save(*args, **kwargs)

    def text_of(self, key: str) -> str:
        if key not in self.FIELD_KEYS:
            raise KeyError(key)
        value: str = getattr(self, key)
        return value
