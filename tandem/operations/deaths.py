"""Recording the date a service user died, for retention (ADR 0057): the
record's period after death (8 years) can end it sooner than its period after
last contact.

Only staff who treat the person (the ``people.change_serviceuser`` rule) may
record, correct or remove it. A correction and a removal need a reason, kept
on the audit row: a death recorded against the wrong person must be undone
plainly, and its history kept (HAZ-323).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.operations.models import RecordedDeath
from tandem.people.models import ServiceUser, User

REASON_MAX = 500


def recorded_for(service_user: ServiceUser) -> RecordedDeath | None:
    """The date of death recorded for a person already opened through the access module."""
    return RecordedDeath.objects.filter(service_user=service_user).first()


@dataclass(frozen=True)
class OnPersonPage:
    recorded: RecordedDeath | None


def on_person_page(
    user: User, person: ServiceUser, treats: bool | None = None
) -> OnPersonPage | None:
    """For the person page (already opened, and audited, by the people app);
    None for anyone who may not record a death for this person, so nothing shows.

    ``treats``: the page's own answer to ``people.change_serviceuser`` for this
    user and person, so the rule is not asked twice in one view; None asks."""
    if treats is None:
        treats = user.has_perm("people.change_serviceuser", person)
    if not treats:
        return None
    return OnPersonPage(recorded=recorded_for(person))


def _check(actor: User, service_user: ServiceUser) -> None:
    if not actor.has_perm("people.change_serviceuser", service_user):
        raise PermissionDenied("Only staff who treat this person can record a date of death.")


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Enter why you are correcting the date of death", field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"The reason must be {REASON_MAX} characters or fewer", field="reason")
    return reason


def record_date_of_death(
    *, actor: User, service_user: ServiceUser, died_on: date, reason: str = ""
) -> RecordedDeath:
    """Record the date a person died, or correct it (with a reason), audited."""
    _check(actor, service_user)
    if died_on > timezone.localdate():
        raise InvalidInput("The date of death must be today or in the past", field="died_on")
    if died_on < service_user.date_of_birth:
        raise InvalidInput(
            "The date of death must be on or after their date of birth", field="died_on"
        )
    with transaction.atomic():
        before = RecordedDeath.objects.select_for_update().filter(service_user=service_user).first()
        why = _reason(reason) if before else ""
        death, _ = RecordedDeath.objects.update_or_create(
            service_user=service_user,
            defaults={"died_on": died_on, "recorded_by": actor, "recorded_at": timezone.now()},
        )
        what = (
            f"Date of death corrected from {before.died_on:%Y-%m-%d} to {died_on:%Y-%m-%d}: {why}"
            if before
            else f"Date of death recorded as {died_on:%Y-%m-%d}"
        )
        record(
            actor=actor,
            action=Action.UPDATE if before else Action.CREATE,
            obj=death,
            what=what,
        )
    return death


def remove_date_of_death(*, actor: User, service_user: ServiceUser, reason: str) -> None:
    """Take away a date of death recorded in error (the wrong person, or they have
    not died), with a reason, audited. Retention counts from last contact again."""
    _check(actor, service_user)
    why = _reason(reason)
    with transaction.atomic():
        death = RecordedDeath.objects.select_for_update().filter(service_user=service_user).first()
        if death is None:
            raise InvalidInput("No date of death is recorded for this person")
        record(
            actor=actor,
            action=Action.DELETE,
            obj=death,
            what=f"Date of death {death.died_on:%Y-%m-%d} removed: {why}",
        )
        death.delete()
