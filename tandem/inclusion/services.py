"""Every write for digital inclusion. Keyword-only, typed, atomic, audited.

Forms check input first and give the person a message; these checks repeat
the rules so no other caller can save something the forms would refuse.
Staff may act only for people open to one of their teams.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.access import scopes
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.inclusion.models import (
    MAX_FREE_TEXT,
    ChangeOutcome,
    DeviceLoan,
    DeviceType,
    HelpGiven,
    HelpKind,
    HelpRequest,
    HelpStatus,
    HelpTopic,
    ModalityChangeRequest,
)
from tandem.people.models import ServiceUser, User
from tandem.preferences.codes import Channel, ContactKind, Modality


@dataclass(frozen=True)
class LoanDetails:
    asset_tag: str
    device_type: str
    lent_on: dt.date
    return_due: dt.date


def _choice(value: str, choices: type, what: str, *, blank: bool = False) -> str:
    if blank and value == "":
        return value
    if value not in choices.values:  # type: ignore[attr-defined]
        raise InvalidInput(f"Unknown {what}: {value!r}")
    return value


def _text(value: str, what: str, *, limit: int = MAX_FREE_TEXT) -> str:
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    return value


def _require_treating(actor: User, service_user_id: int) -> None:
    """Staff act only for people open to one of their teams."""
    if not scopes.caseload_entries_of(actor).filter(service_user_id=service_user_id).exists():
        raise PermissionDenied("You can only act for people open to your teams.")


def _own_record(actor: User) -> ServiceUser:
    person = scopes.service_users_visible_to(actor).filter(user=actor).first()
    if person is None:
        raise PermissionDenied("You have no record.")
    return person


# --- Tech help ------------------------------------------------------------------


@transaction.atomic
def ask_for_help(*, actor: User, topic: str, details: str, contact_by: str) -> HelpRequest:
    """A service user asks their team for help with technology."""
    person = _own_record(actor)
    help_request = HelpRequest.objects.create(
        service_user=person,
        topic=_choice(topic, HelpTopic, "topic"),
        details=_text(details, "Details"),
        contact_by=_choice(contact_by, Channel, "contact method"),
        raised_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=help_request,
        what=f"Asked for tech help: {help_request.get_topic_display()}",
    )
    return help_request


def _locked_request(actor: User, help_request: HelpRequest) -> HelpRequest:
    _require_treating(actor, help_request.service_user_id)
    locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if not locked.is_open:
        raise InvalidInput("This help request is already closed")
    return locked


def _pick_up(locked: HelpRequest, actor: User) -> None:
    locked.status = HelpStatus.PICKED_UP
    locked.picked_up_by = actor
    locked.picked_up_at = timezone.now()
    locked.save(update_fields=["status", "picked_up_by", "picked_up_at"])


@transaction.atomic
def pick_up_help_request(*, actor: User, help_request: HelpRequest) -> HelpRequest:
    locked = _locked_request(actor, help_request)
    _pick_up(locked, actor)
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what="Picked up a tech help request",
    )
    return locked


@transaction.atomic
def record_help(
    *,
    actor: User,
    help_request: HelpRequest,
    kind: str,
    notes: str,
    data_amount: str = "",
    loan: LoanDetails | None = None,
) -> HelpGiven:
    """Record help given; a device loan needs its details, other help must have none."""
    locked = _locked_request(actor, help_request)
    kind = _choice(kind, HelpKind, "kind of help")
    notes = _text(notes, "Notes")
    data_amount = _text(data_amount, "Amount", limit=100)
    if (kind == HelpKind.DEVICE_LOAN) != (loan is not None):
        raise InvalidInput("A device loan, and only a device loan, needs the device's details")
    asset_tag = device_type = ""
    if loan is not None:
        if loan.return_due < loan.lent_on:
            raise InvalidInput("The return date is before the date the device was lent")
        asset_tag = _text(loan.asset_tag, "Asset tag", limit=40)
        if not asset_tag:
            raise InvalidInput("A device loan needs an asset tag")
        device_type = _choice(loan.device_type, DeviceType, "device type")
    given = HelpGiven.objects.create(
        help_request=locked, kind=kind, notes=notes, data_amount=data_amount, recorded_by=actor
    )
    what = f"Recorded tech help: {given.get_kind_display()}"
    if loan is not None:
        DeviceLoan.objects.create(
            service_user_id=locked.service_user_id,
            help_given=given,
            asset_tag=asset_tag,
            device_type=device_type,
            lent_on=loan.lent_on,
            return_due=loan.return_due,
            recorded_by=actor,
        )
        what += f" ({asset_tag}, due back {loan.return_due:%-d %B %Y})"
    if locked.status == HelpStatus.OPEN:
        _pick_up(locked, actor)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=given,
        subject_id=locked.service_user_id,
        what=what,
    )
    return given


@transaction.atomic
def close_help_request(*, actor: User, help_request: HelpRequest, outcome: str) -> HelpRequest:
    """Close a request with an outcome written for the service user to read."""
    locked = _locked_request(actor, help_request)
    outcome = _text(outcome, "Outcome")
    if not outcome:
        raise InvalidInput("A closed request needs an outcome")
    locked.status = HelpStatus.CLOSED
    locked.outcome = outcome
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what="Closed a tech help request",
    )
    return locked


@transaction.atomic
def mark_loan_returned(*, actor: User, loan: DeviceLoan, returned_on: dt.date) -> DeviceLoan:
    _require_treating(actor, loan.service_user_id)
    locked = DeviceLoan.objects.select_for_update().get(pk=loan.pk)
    if locked.returned_on is not None:
        raise InvalidInput("This device has already been returned")
    if returned_on < locked.lent_on:
        raise InvalidInput("The return date is before the date the device was lent")
    if returned_on > timezone.localdate():
        raise InvalidInput("The return date is in the future")
    locked.returned_on = returned_on
    locked.return_recorded_by = actor
    locked.save(update_fields=["returned_on", "return_recorded_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Device {locked.asset_tag} returned",
    )
    return locked


# --- Changes to how a person is seen ----------------------------------------------


@transaction.atomic
def ask_for_change(
    *,
    actor: User,
    service_user: ServiceUser,
    contact_kind: str,
    modality: str,
    reason: str,
) -> ModalityChangeRequest:
    """The person themselves, or staff in their team on their behalf, ask for a change."""
    if service_user.user_id != actor.pk:
        _require_treating(actor, service_user.pk)
    change = ModalityChangeRequest.objects.create(
        service_user=service_user,
        contact_kind=_choice(contact_kind, ContactKind, "kind of contact", blank=True),
        modality=_choice(modality, Modality, "way of being seen"),
        reason=_text(reason, "Reason"),
        raised_by=actor,
    )
    on_behalf = "" if service_user.user_id == actor.pk else " on their behalf"
    record(
        actor=actor,
        action=Action.CREATE,
        obj=change,
        what=(
            f"Asked{on_behalf} to change how they are seen ({change.applies_to}): "
            f"{change.get_modality_display()}"
        ),
    )
    return change


@transaction.atomic
def decide_change(
    *, actor: User, change: ModalityChangeRequest, outcome: str, reason: str
) -> ModalityChangeRequest:
    _require_treating(actor, change.service_user_id)
    locked = ModalityChangeRequest.objects.select_for_update().get(pk=change.pk)
    if not locked.is_open:
        raise InvalidInput("An outcome has already been recorded")
    outcome = _choice(outcome, ChangeOutcome, "outcome")
    reason = _text(reason, "Reason")
    if outcome == ChangeOutcome.NOT_AGREED and not reason:
        raise InvalidInput("A change that is not agreed needs a reason")
    locked.outcome = outcome
    locked.outcome_reason = reason
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["outcome", "outcome_reason", "decided_by", "decided_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Recorded outcome of a request to change how they are seen: "
        f"{locked.get_outcome_display()}",
    )
    return locked
