"""Reads of a person's choices, always through the access module."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from tandem.access import scopes
from tandem.audit.models import AuditEvent
from tandem.people.models import ServiceUser, User
from tandem.preferences.codes import PREFERENCE_KINDS
from tandem.preferences.communication import Need, needs_from
from tandem.preferences.models import (
    AccessNeeds,
    ContactPreferences,
    DigitalAccessCheck,
    ModalityPreference,
    SharedDecision,
)
from tandem.preferences.times import ContactTimes


@dataclass
class Choices:
    """Everything a person has said about how they want their care, as it stands."""

    contact: ContactPreferences | None = None
    seen: dict[str, ModalityPreference] = field(default_factory=dict)
    access: AccessNeeds | None = None
    digital: DigitalAccessCheck | None = None
    person: ServiceUser | None = None

    @property
    def communication_needs(self) -> list[Need]:
        """The Accessible Information Standard's needs, flagged wherever staff contact them."""
        return needs_from(self.access, self.person) if self.person else []

    @property
    def other_needs(self) -> list[str]:
        """Access needs in words, without the communication needs flagged on their own."""
        return self.access.other_needs if self.access else []

    @property
    def flags(self) -> list[str]:
        return self.digital.flags if self.digital else []

    @property
    def seen_in_order(self) -> list[tuple[str, ModalityPreference | None]]:
        return [(kind, self.seen.get(kind)) for kind in PREFERENCE_KINDS]


class _ChoicesOnDemand(Choices):
    """A person's choices, each of the four parts read the first time it is asked
    for, then kept (issue 18): the slot search shows only the times to avoid, the
    person page everything but them, and each read was a query of its own. Made
    by ``choices_of(..., opened=True)`` only, so every part is read within the
    request that fetched the person through the access module."""

    def __init__(self, person: ServiceUser) -> None:
        self.person = person

    @functools.cached_property
    def contact(self) -> ContactPreferences | None:  # type: ignore[override]
        return ContactPreferences.objects.filter(service_user=self.person, is_current=True).first()

    @functools.cached_property
    def seen(self) -> dict[str, ModalityPreference]:  # type: ignore[override]
        return {
            p.kind: p
            for p in ModalityPreference.objects.filter(service_user=self.person, is_current=True)
        }

    @functools.cached_property
    def access(self) -> AccessNeeds | None:  # type: ignore[override]
        return AccessNeeds.objects.filter(service_user=self.person, is_current=True).first()

    @functools.cached_property
    def digital(self) -> DigitalAccessCheck | None:  # type: ignore[override]
        return DigitalAccessCheck.objects.filter(service_user=self.person, is_current=True).first()


def choices_of(user: User, *, person: ServiceUser, opened: bool = False) -> Choices:
    """The person's current choices, if ``user`` may see the person (else empty).

    ``opened``: the caller fetched ``person`` through the access module for this
    user in this request (``records.service_user_for``), so whether they may see
    the person was decided there and is not asked again (issue 18, ADR 0064);
    and each part is read only when the page first uses it (``_ChoicesOnDemand``)."""
    if opened:
        return _ChoicesOnDemand(person)
    if not scopes.service_users_visible_to(user).filter(pk=person.pk).exists():
        return Choices()
    # Every part read now, in the same order, by the same reads as on demand.
    parts = _ChoicesOnDemand(person)
    return Choices(
        contact=parts.contact,
        seen=parts.seen,
        access=parts.access,
        digital=parts.digital,
        person=person,
    )


def communication_needs_for(user: User, *, person: ServiceUser) -> list[Need]:
    """The person's communication needs, if ``user`` may see the person (else none)."""
    if not scopes.service_users_visible_to(user).filter(pk=person.pk).exists():
        return []
    access = AccessNeeds.objects.filter(service_user=person, is_current=True).first()
    return needs_from(access, person)


def contact_times_for(person: ServiceUser) -> ContactTimes | None:
    """The times the person asked us to keep to, or None if none are recorded.

    Not scoped: for services (the outbox, booking) acting for someone whose
    access was checked already, and for pages showing their own person."""
    prefs = ContactPreferences.objects.filter(service_user=person, is_current=True).first()
    if prefs is None or prefs.contact_times.is_empty:
        return None
    return prefs.contact_times


def decisions_about(
    user: User, *, person: ServiceUser, opened: bool = False
) -> list[SharedDecision]:
    """Shared decisions about the person, newest first (``opened`` as in ``choices_of``)."""
    if not opened and not scopes.service_users_visible_to(user).filter(pk=person.pk).exists():
        return []
    return list(
        SharedDecision.objects.filter(service_user=person).select_related("decided_by")[:100]
    )


CHOICE_TYPES = (
    "preferences.ContactPreferences",
    "preferences.ModalityPreference",
    "preferences.AccessNeeds",
    "preferences.DigitalAccessCheck",
    "preferences.SharedDecision",
)


def history_of(user: User, *, person: ServiceUser) -> list[AuditEvent]:
    """Who changed which of the person's choices, and when (newest first)."""
    if not scopes.service_users_visible_to(user).filter(pk=person.pk).exists():
        return []
    return list(
        AuditEvent.objects.filter(subject_id=person.pk, object_type__in=CHOICE_TYPES).order_by(
            "-at", "-id"
        )[:200]
    )
