"""Discharge from a team, all or nothing (HAZ-054).

Discharging closes the person's caseload entry, ends the contact agreed with
the team, cancels their future appointments with the team as cancelled by the
service (each cancellation tells the person, as any cancellation does),
closes their open referral, and posts a letter telling them how to come back.
It happens in one transaction: if any step fails, nothing has changed, so a
person is never left half-discharged with appointments nobody will keep.

``what_will_happen`` lists the same steps for the confirmation page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from tandem.access import scopes
from tandem.appointments import manage_services, services
from tandem.appointments.models import Appointment, ContactPlan, Referral, Status
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import services as notify
from tandem.notify.recipients import language_of
from tandem.people.bidi import in_order
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser, User
from tandem.web.links import full_url_for

CANCELLED_BECAUSE = "Discharged from the team"
LETTER_TEMPLATE = "discharge_letter"


@dataclass(frozen=True)
class WhatWillHappen:
    service_user: ServiceUser
    team: CareTeam
    entry: CaseloadEntry
    plans: list[ContactPlan]
    appointments: list[Appointment]
    referrals: list[Referral]


@dataclass(frozen=True)
class Discharged:
    service_user: ServiceUser
    team: CareTeam
    closed_on: dt.date
    plans_ended: int
    appointments_cancelled: int
    referrals_closed: int
    letter_channel: str  # '' when the person has no way to receive it (a task is raised)


def _entry(actor: User, service_user: ServiceUser, team: CareTeam) -> CaseloadEntry:
    entry = (
        scopes.caseload_entries_of(actor)
        .filter(service_user=service_user, team=team)
        .select_related("team", "service_user", "care_coordinator__user")
        .first()
    )
    if entry is None:
        raise PermissionDenied("You can only discharge people open to your teams.")
    return entry


def what_will_happen(*, actor: User, service_user: ServiceUser, team: CareTeam) -> WhatWillHappen:
    entry = _entry(actor, service_user, team)
    return WhatWillHappen(
        service_user=service_user,
        team=team,
        entry=entry,
        plans=list(
            ContactPlan.objects.filter(service_user=service_user, team=team, ended_on__isnull=True)
        ),
        appointments=list(
            Appointment.objects.filter(
                service_user=service_user,
                team=team,
                status=Status.BOOKED,
                starts_at__gt=timezone.now(),
            ).select_related("clinician__user", "appointment_type")
        ),
        referrals=list(
            Referral.objects.filter(service_user=service_user, team=team, closed_on__isnull=True)
        ),
    )


def how_to_come_back(team: CareTeam) -> str:
    """Plain words on returning, with the team's number but not its name,
    which can say what kind of care this was (HAZ-008). In the language active
    when it is called: the recipient's, when the letter is queued (ADR 0061)."""
    if team.phone:
        return gettext(
            "If you need us again, call us on %(phone)s and tell us you have been seen by "
            "us before. Your GP can also refer you back to us."
        ) % {"phone": in_order(team.phone)}
    return gettext(
        "If you need us again, call us and tell us you have been seen by us before. "
        "Your GP can also refer you back to us."
    )


def come_back_link() -> str:
    return full_url_for("people:service-user-home")


@transaction.atomic
def discharge(*, actor: User, service_user: ServiceUser, team: CareTeam) -> Discharged:
    """Discharge ``service_user`` from ``team``; every step or none."""
    today = timezone.localdate()
    entry = CaseloadEntry.objects.select_for_update().get(pk=_entry(actor, service_user, team).pk)
    if entry.closed_on is not None:
        raise services.InvalidInput("This person has already been discharged from the team")
    steps = what_will_happen(actor=actor, service_user=service_user, team=team)
    # Appointments first: cancelling needs the person still open to the team.
    for appointment in steps.appointments:
        services.cancel(
            actor=actor, appointment=appointment, by_person=False, reason=CANCELLED_BECAUSE
        )
    for plan in steps.plans:
        manage_services.end_contact_plan(actor=actor, plan=plan, on=today)
    closed = Referral.objects.filter(
        pk__in=[r.pk for r in steps.referrals], closed_on__isnull=True
    ).update(closed_on=today)
    # The letter's own words are read in its language when it is printed; the
    # line made here is written in that language now (ADR 0061).
    with translation.override(language_of(service_user)):
        come_back = how_to_come_back(team)
    letter = notify.queue_message(
        actor=actor,
        recipient=service_user,
        template=LETTER_TEMPLATE,
        personalisation={"link": come_back_link(), "how_to_come_back": come_back},
        about_key=f"discharge:{entry.pk}",
        idempotency_key=f"discharge:{entry.pk}:letter",
        channel="letter",
        team=team,
    )
    entry.closed_on = today
    entry.save(update_fields=["closed_on"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=entry,
        what=(
            f"Discharged from {team.name}: {len(steps.appointments)} appointments cancelled, "
            f"{len(steps.plans)} contact plans ended, {closed} referrals closed, "
            + ("letter queued" if letter else "no way to send the letter")
        )[:300],
    )
    return Discharged(
        service_user=service_user,
        team=team,
        closed_on=today,
        plans_ended=len(steps.plans),
        appointments_cancelled=len(steps.appointments),
        referrals_closed=closed,
        letter_channel=letter.channel if letter else "",
    )
