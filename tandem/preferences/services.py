"""Every write about a person's choices. Keyword-only, typed, audited, atomic.

A service user changes their own; staff change them for people open to their
teams (with the person, in a conversation). Each change adds a version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import ServiceUser, User
from tandem.preferences import communication
from tandem.preferences.codes import PREFERENCE_KINDS, ContactKind, Modality
from tandem.preferences.models import (
    AccessNeeds,
    ContactPreferences,
    DigitalAccessCheck,
    ModalityPreference,
    ReadingChoice,
    SharedDecision,
    Versioned,
)

V = TypeVar("V", bound=Versioned)


def may_change(actor: User, person: ServiceUser) -> bool:
    return actor.has_perm("people.change_own_contact_details", person) or actor.has_perm(
        "people.change_serviceuser", person
    )


def add_version(
    model: type[V],
    *,
    actor: User,
    person: ServiceUser,
    values: dict[str, Any],
    what: str,
    **key: Any,
) -> V:
    """Retire the current row (if any) and add ``values`` as the new current one."""
    if not may_change(actor, person):
        raise PermissionDenied("You cannot change this person's choices.")
    manager = model._default_manager
    manager.filter(service_user=person, is_current=True, **key).update(is_current=False)
    created = manager.create(service_user=person, recorded_by=actor, **key, **values)
    record(actor=actor, action=Action.UPDATE, obj=created, what=what)
    return created


@transaction.atomic
def save_contact_preferences(
    *, actor: User, person: ServiceUser, values: dict[str, Any]
) -> ContactPreferences:
    return add_version(
        ContactPreferences,
        actor=actor,
        person=person,
        values=values,
        what="Changed how they want to be contacted",
    )


@dataclass(frozen=True)
class KindPreference:
    preferred: str  # a Modality code, or "" for no preference
    not_wanted: tuple[str, ...]


@transaction.atomic
def save_modality_preferences(
    *, actor: User, person: ServiceUser, choices: dict[str, KindPreference]
) -> list[str]:
    """Save how the person wants to be seen; returns the kinds that changed."""
    current = {
        p.kind: p for p in ModalityPreference.objects.filter(service_user=person, is_current=True)
    }
    changed: list[str] = []
    for kind in PREFERENCE_KINDS:
        choice = choices[kind]
        if choice.preferred and choice.preferred in choice.not_wanted:
            raise InvalidInput(
                gettext("A way of being seen cannot be both preferred and not wanted."),
                field=f"not_wanted_{kind}",
            )
        unknown = {choice.preferred, *choice.not_wanted} - {"", *Modality.values}
        if unknown:
            raise InvalidInput(f"Unknown way of being seen: {', '.join(sorted(unknown))}")
        before = current.get(kind)
        if (
            before
            and before.preferred == choice.preferred
            and before.not_wanted == list(choice.not_wanted)
        ):
            continue
        add_version(
            ModalityPreference,
            actor=actor,
            person=person,
            values={"preferred": choice.preferred, "not_wanted": list(choice.not_wanted)},
            what=f"Changed how they prefer to be seen for: {ContactKind(kind).label.lower()}",
            kind=kind,
        )
        changed.append(str(kind))
    return changed


@transaction.atomic
def save_access_needs(*, actor: User, person: ServiceUser, values: dict[str, Any]) -> AccessNeeds:
    before = communication.current_needs_of(person)
    saved = add_version(
        AccessNeeds, actor=actor, person=person, values=values, what="Changed their access needs"
    )
    # Appointments already booked get what to arrange, or lose it (HAZ-346).
    communication.changed(person=person, actor=actor, before=before)
    return saved


@transaction.atomic
def save_reading_choice(*, actor: User, person: ServiceUser, easy_read: bool) -> ReadingChoice:
    """The person's choice of the easy-read or standard pages (ADR 0062)."""
    if not may_change(actor, person):
        raise PermissionDenied("You cannot change this person's choices.")
    choice, _ = ReadingChoice.objects.update_or_create(
        service_user=person,
        defaults={"easy_read": easy_read, "chosen_at": timezone.now(), "chosen_by": actor},
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=choice,
        what=f"Chose the {'easy-read' if easy_read else 'standard'} version of their pages",
    )
    return choice


@transaction.atomic
def save_digital_access_check(
    *, actor: User, person: ServiceUser, values: dict[str, Any]
) -> DigitalAccessCheck:
    return add_version(
        DigitalAccessCheck,
        actor=actor,
        person=person,
        values=values,
        what="Completed the digital access check",
    )


@dataclass(frozen=True)
class Decision:
    kind: str
    options_discussed: tuple[str, ...]
    person_preference: str
    took_part: str
    carer_took_part: bool
    decision: str
    reasons: str
    against_preference_reason: str


def not_wanted_for(person: ServiceUser, kind: str) -> list[str]:
    found = ModalityPreference.objects.filter(
        service_user=person, kind=kind, is_current=True
    ).first()
    return list(found.not_wanted) if found else []


@transaction.atomic
def record_shared_decision(
    *, actor: User, person: ServiceUser, decision: Decision, guidance_shown: dict[str, str]
) -> SharedDecision:
    """Record how care will be given, decided with the person.

    Face-to-face must be among the options discussed, the decision among the
    options, and choosing a way the person said they do not want needs a reason.
    """
    if not actor.has_perm("people.change_serviceuser", person):
        raise PermissionDenied("Only staff caring for this person can record a decision.")
    options = tuple(dict.fromkeys(decision.options_discussed))
    if Modality.FACE_TO_FACE not in options:
        raise InvalidInput(
            "Face to face must always be one of the options discussed.",
            field="options_discussed",
        )
    if decision.decision not in options:
        raise InvalidInput("The decision must be one of the options discussed.", field="decision")
    against = decision.decision in not_wanted_for(person, decision.kind)
    if against and not decision.against_preference_reason.strip():
        raise InvalidInput(
            "Say why a way the person does not want was chosen.",
            field="against_preference_reason",
        )
    made = SharedDecision.objects.create(
        service_user=person,
        kind=decision.kind,
        options_discussed=list(options),
        face_to_face_offered=True,
        person_preference=decision.person_preference,
        guidance_shown=guidance_shown,
        took_part=decision.took_part,
        carer_took_part=decision.carer_took_part,
        decision=decision.decision,
        reasons=decision.reasons,
        against_preference_reason=decision.against_preference_reason if against else "",
        decided_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=made,
        what=f"Recorded a shared decision: {ContactKind(decision.kind).label.lower()} by "
        f"{Modality(decision.decision).label.lower()}",
    )
    return made
