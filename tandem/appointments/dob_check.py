"""The date-of-birth check behind links for people without an account (the
single-use links to change an appointment, and video join links): one way to
compare, count wrong dates and audit, so both kinds of link behave alike.

Kept apart from ``links.py`` so ``tandem.consult.join_links`` can use it without
importing the appointment services (which import the notices that make join
links)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from tandem.appointments.models import Appointment
from tandem.audit.models import Action
from tandem.audit.services import record


class CheckedLink(Protocol):
    """A link row with an appointment and a count of wrong dates, already locked."""

    failed_checks: int
    appointment: Appointment

    def save(self, *, update_fields: list[str]) -> None: ...


def check(*, link: CheckedLink, date_of_birth: dt.date, limit: int, what: str) -> bool:
    """True if the date matches the person's; a wrong one is counted on ``link``.
    ``what`` names the link in the audit trail ('a single-use appointment link')."""
    person = link.appointment.service_user
    if person.date_of_birth == date_of_birth:
        record(
            actor=None,
            action=Action.VIEW,
            obj=link.appointment,
            what=f"Date of birth confirmed on {what}",
        )
        return True
    link.failed_checks += 1
    link.save(update_fields=["failed_checks"])
    record(
        actor=None,
        action=Action.UPDATE,
        obj=link,  # type: ignore[arg-type]
        subject_id=person.pk,
        what=f"Wrong date of birth on {what} ({link.failed_checks} of {limit})"
        + ("; the link no longer works" if link.failed_checks >= limit else ""),
    )
    return False
